"""Fit the sentence model's adapter (voiceinfo/understanding/meaning_adapter.npz): low-rank
additions to all-MiniLM-L6-v2's weights (LoRA) so that a question lies nearest to the phrasings
of the part it asks about, among the monograph's phrasebook; then, on the adapted vectors, a
small network that tells a report of an emergency from everything else (the learnt signal).

Trained on the tuning side only: the phrasebook's own texts (each against the rest) and the
questions of people_questions.tsv, questions.tsv and the off-topic, uncovered and urgent sets.
The held-out sets are never read. Needs PyTorch, which voiceinfo itself does not (it runs the
model with numpy):

    python3 -m venv /tmp/tune && /tmp/tune/bin/pip install torch==2.13.0 .
    /tmp/tune/bin/python tools/tune_meaning.py voiceinfo/understanding/meaning_adapter.npz
    /tmp/tune/bin/python tools/tune_meaning.py /tmp/trial.npz --val people

Each fit also writes the phrasebook's vectors beside the adapter (OUT with .vectors.npz), which a
first start reads rather than embeds; --vectors-only writes them alone, after phrasings change.

--val SET leaves one tuning set out and prints how many of its questions the nearest phrasing
answers after each pass: how the settings were chosen (docs/answering.md).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from harness.question_set import (  # noqa: E402
    OFF_TOPIC,
    PEOPLE,
    QUESTIONS,
    UNCOVERED,
    URGENT,
    read_cases,
    read_people,
)
from voiceinfo.understanding.content import DEFAULT_CONTENT, Monograph, load  # noqa: E402
from voiceinfo.understanding.emergencies import TAKEN, emergency_phrases  # noqa: E402
from voiceinfo.understanding.meaning import (  # noqa: E402
    _HEADS,
    _MAX_TOKENS,
    Phrasebook,
    SentenceEncoder,
    _load_weights,
    _model_zip,
)
from voiceinfo.understanding.phrasebook import DECLINED, _texts  # noqa: E402
from voiceinfo.understanding.phrasebook import URGENT as URGENT_LABEL  # noqa: E402
from voiceinfo.understanding.phrasings import urgent_phrasings  # noqa: E402
from voiceinfo.understanding.templates import expand  # noqa: E402
from voiceinfo.understanding.word_runs import reports  # noqa: E402
from voiceinfo.understanding.wording import words  # noqa: E402

_BATCH = 32
# Ordinary things said about tablets taken and signs, as the signal of an emergency's counterweight:
# "she took her tablets an hour ago" and "can stopping it cause seizures" tell of none.
_NOT_URGENT = (
    "(i|he|she|my (wife|husband|son|mum|dad)) (took|had|started|missed|forgot) (my|his|her) "
    "(tablets|dose|baclofen|first tablet) (this morning|yesterday|an hour ago|today|last night)",
    "(does|can|will|could) (baclofen|it|stopping it|stopping baclofen) (cause|make you|give you|lead to) "
    "(seizures|hallucinations|fits|drowsiness|confusion|breathing problems|sleepiness)",
    "what (happens|should (i|he|she) do) if (i|he|she) (stop|stops|run out|runs out|miss|misses|forget|forgets) "
    "[(my|his|her) (tablets|dose|baclofen)]",
    "(i|he|she|my (wife|husband|son|mum|dad)) (missed|forgot|skipped|has missed|keeps missing|keeps forgetting) "
    "(a|one|two|a couple of|some|my|his|her|a few) (dose|doses|tablet|tablets) "
    "[(this week|yesterday|today|last night)]",
    "(i|he|she|my (wife|husband|son|mum|dad)) (ran|has run|have run) out of (my|his|her) (tablets|baclofen) "
    "[what should (i|he|she) do]",
    "(i|he|she|ive|hes|shes) (take|takes|have taken|has taken|taken|took) (my|his|her) (tablets|baclofen|dose) "
    "(once|twice|three times) a day [for (a month|a week|years)]",
    "(i|he|she) (swallowed|took) (it|the tablet|my tablet|them|some water|a glass of water) "
    "(with water|with some water|whole|with my breakfast|with food|with it|afterwards)",
    "(my|his|her) (wife|husband|son|mum|dad) (is|gets|feels|seems) [a bit|quite|rather] "
    "(drowsy|sleepy|tired|confused|dizzy|weak) (since starting|on|since he started|since she started) baclofen",
)
_SAMPLED = 300  # of each kind of generated example for the signal
_SIGNAL_HIDDEN = 64
_SIGNAL_STEPS = 500
_SIGNAL_DECAY = 1e-4


class _LowRank(torch.nn.Module):
    """x @ w + b, plus a trained (x @ a) @ b of rank r."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int) -> None:
        super().__init__()
        self.weight = torch.tensor(np.asarray(weight, dtype=np.float32))  # (in, out), frozen
        self.bias = torch.tensor(np.asarray(bias, dtype=np.float32))
        self.a = torch.nn.Parameter(torch.randn(self.weight.shape[0], rank) * 0.01)
        self.b = torch.nn.Parameter(torch.zeros(rank, self.weight.shape[1]))  # starts as the model itself

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x @ self.weight + self.bias + (x @ self.a) @ self.b


class _Encoder(torch.nn.Module):
    """The forward pass of meaning.SentenceEncoder, in torch so that it can be trained."""

    def __init__(self, rank: int) -> None:
        super().__init__()
        weights = _load_weights(_model_zip(), None)

        def w(name: str) -> torch.Tensor:
            return torch.tensor(np.asarray(weights[name], dtype=np.float32))

        def low_rank(name: str) -> _LowRank:
            return _LowRank(weights[name + ".weight"].T, weights[name + ".bias"], rank)

        self.words = w("embeddings.word_embeddings.weight")
        self.positions = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = torch.nn.ModuleList()
        self.norms = []
        for i in range(6):
            p = f"encoder.layer.{i}."
            a = p + "attention."
            qkv = _LowRank(np.concatenate([weights[f"{a}self.{n}.weight"] for n in ("query", "key", "value")]).T,
                           np.concatenate([weights[f"{a}self.{n}.bias"] for n in ("query", "key", "value")]), rank)
            self.layers.append(torch.nn.ModuleDict({"qkv": qkv, "out": low_rank(a + "output.dense"),
                                                    "up": low_rank(p + "intermediate.dense"),
                                                    "down": low_rank(p + "output.dense")}))
            self.norms.append(((w(a + "output.LayerNorm.weight"), w(a + "output.LayerNorm.bias")),
                               (w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias"))))
        with zipfile.ZipFile(_model_zip()) as z:
            self.tokenizer = Tokenizer.from_str(z.read("tokenizer.json").decode("utf-8"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(_MAX_TOKENS)

    def forward(self, texts: list[str]) -> torch.Tensor:
        encodings = self.tokenizer.encode_batch(texts)
        length = max(len(e.ids) for e in encodings)
        ids = torch.zeros(len(texts), length, dtype=torch.long)
        mask = torch.zeros(len(texts), length)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)] = torch.tensor(e.ids)
            mask[row, :len(e.ids)] = 1.0
        x = F.layer_norm(self.words[ids] + self.positions[:length] + self.token_type, (384,), *self.norm, 1e-12)
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        n, head = len(texts), 384 // _HEADS
        for layer, (norm1, norm2) in zip(self.layers, self.norms):
            q, k, v = (t.reshape(n, length, _HEADS, head).transpose(1, 2) for t in layer["qkv"](x).split(384, -1))
            attended = torch.softmax(q @ k.transpose(-1, -2) / head ** 0.5 + blocked, -1) @ v
            x = F.layer_norm(x + layer["out"](attended.transpose(1, 2).reshape(n, length, 384)), (384,), *norm1, 1e-12)
            h = layer["up"](x)
            h = 0.5 * h * (1.0 + torch.tanh(0.7978845608 * (h + 0.044715 * h ** 3)))
            x = F.layer_norm(x + layer["down"](h), (384,), *norm2, 1e-12)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return F.normalize(pooled, dim=-1)

    def embed(self, texts: list[str]) -> torch.Tensor:
        with torch.no_grad():
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            out = torch.zeros(len(texts), 384)
            for at in range(0, len(order), 64):
                batch = order[at:at + 64]
                out[batch] = self([texts[i] for i in batch])
        return out

    def adapter(self) -> dict[str, np.ndarray]:
        """As meaning.SentenceEncoder reads it: "{layer}.{product}.a" and ".b"."""
        return {f"{i}.{name}.{side}": getattr(product, side).detach().numpy()
                for i, layer in enumerate(self.layers) for name, product in layer.items() for side in ("a", "b")}


def _tuning_sets(drug: str) -> dict[str, list[tuple[str, str]]]:
    """Each tuning set's questions with the label of what answers them: one part, declined, or
    urgent. Questions of two parts are left out, and reports of tablets taken (emergencies.TAKEN):
    learnt as near the signs of an emergency, they drew "she took her tablets an hour ago" there
    too; such reports are found by their words."""
    taken = reports(drug, TAKEN)

    def label(question: str, expected: str | None, urgent: bool) -> str | None:
        if urgent:
            return None if taken.among(words(question)) else URGENT_LABEL
        return expected or DECLINED

    sets = {"people": [(c.question, label(c.question, c.expected[0] if c.expected else None, c.urgent))
                       for c in read_people(PEOPLE) if len(c.expected) <= 1]}
    for name, path in (("questions", QUESTIONS), ("off-topic", OFF_TOPIC), ("uncovered", UNCOVERED),
                       ("urgent", URGENT)):
        sets[name] = [(c.question, label(c.question, c.expected, c.urgent)) for c in read_cases(path)]
    return {name: [(q, label) for q, label in cases if label is not None] for name, cases in sets.items()}


def _urgency_examples(monograph: Monograph, book: dict[str, str]) -> tuple[list[str], list[bool]]:
    """Sentences that tell of an emergency and sentences that do not, for the learnt signal: the
    phrasebook's, generated reports and ordinary sayings, and the tuning sets' questions."""
    def some(texts: list[str]) -> list[str]:
        return random.sample(texts, min(_SAMPLED, len(texts)))

    told = [t for t, label in book.items() if label == URGENT_LABEL]
    told += some(emergency_phrases(monograph.drug, TAKEN)) + some(urgent_phrasings(monograph))
    other = [t for t, label in book.items() if label != URGENT_LABEL]
    other += [s for template in _NOT_URGENT for s in some(expand(template))]
    for case in [*read_people(PEOPLE), *(c for path in (QUESTIONS, OFF_TOPIC, UNCOVERED, URGENT)
                                         for c in read_cases(path))]:
        (told if case.urgent else other).append(case.question)
    told, other = list(dict.fromkeys(told)), list(dict.fromkeys(other))
    return told + other, [True] * len(told) + [False] * len(other)


def _fit_urgency(model: _Encoder, texts: list[str], urgent: list[bool]) -> dict[str, np.ndarray]:
    """A small network (one hidden layer) from a sentence's vector to whether it tells of an
    emergency, the two kinds weighed equally; as meaning.SentenceEncoder reads it ("urgency.*")."""
    x, y = model.embed(texts), torch.tensor(urgent, dtype=torch.float32)
    weight = torch.where(y > 0, (1 - y).sum() / y.sum(), torch.tensor(1.0))
    hidden, out = torch.nn.Linear(384, _SIGNAL_HIDDEN), torch.nn.Linear(_SIGNAL_HIDDEN, 1)
    parameters = [*hidden.parameters(), *out.parameters()]
    optimiser = torch.optim.Adam(parameters, lr=1e-2)
    for _ in range(_SIGNAL_STEPS):
        z = out(torch.tanh(hidden(x)))[:, 0]
        loss = (F.binary_cross_entropy_with_logits(z, y, reduction="none") * weight).mean() \
            + _SIGNAL_DECAY / 2 * sum((p ** 2).sum() for p in parameters)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    with torch.no_grad():
        said = (out(torch.tanh(hidden(x)))[:, 0] > 0).tolist()
    print(f"signal of an emergency: {sum(s and u for s, u in zip(said, urgent))}/{sum(urgent)} told, "
          f"{sum(s and not u for s, u in zip(said, urgent))}/{len(urgent) - sum(urgent)} others taken for one")
    return {name: value.detach().numpy() for name, value in (
        ("urgency.w1", hidden.weight.T), ("urgency.b1", hidden.bias), ("urgency.w2", out.weight[0]),
        ("urgency.b2", out.bias))}


def ship_vectors(adapter: Path, monograph: Monograph) -> None:
    """The monograph's phrasebook embedded as voiceinfo embeds it (numpy, this adapter), kept
    beside the adapter: what a first start reads instead of embedding (phrasebook.SHIPPED)."""
    encoder = SentenceEncoder(_model_zip(), None, adapter)
    out = adapter.with_suffix(".vectors.npz")
    Phrasebook.cached(encoder, "", lambda: _texts(monograph), None).ship(out)
    print("written", out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the adapter (.npz)")
    parser.add_argument("--val", help="a tuning set to leave out and report: people, questions, ...")
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--rate", type=float, default=1e-3, help="AdamW's learning rate")
    parser.add_argument("--sharpness", type=float, default=20.0, help="similarities are scaled by it")
    parser.add_argument("--own", type=int, default=600, help="phrasebook texts asked again in each pass")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--vectors-only", action="store_true",
                        help="only embed the phrasebook again with the adapter at OUT (after phrasings change)")
    args = parser.parse_args()
    if args.vectors_only:
        ship_vectors(args.out, load(DEFAULT_CONTENT))
        return
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    monograph = load(DEFAULT_CONTENT)
    book = _texts(monograph)
    texts, labels = list(book), list(book.values())
    label_ids = {label: i for i, label in enumerate(sorted(set(labels)))}
    of = torch.tensor([label_ids[label] for label in labels])
    sets = _tuning_sets(monograph.drug)
    train = [case for name, cases in sets.items() if name != args.val for case in cases]
    val = sets.get(args.val, [])
    model = _Encoder(args.rank)
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.rate,
                                  weight_decay=0.01)

    def right(bank: torch.Tensor) -> str:
        nearest = (model.embed([q for q, _ in val]) @ bank.T).argmax(1).tolist()
        return f"{sum(labels[i] == label for i, (_, label) in zip(nearest, val))}/{len(val)} of {args.val}"

    bank = model.embed(texts)  # the phrasebook, embedded again after each pass
    print("before:", right(bank) if val else "", flush=True)
    for n in range(args.passes):
        started = time.monotonic()
        # (text, label, its own place in the phrasebook, which it must not find)
        asked = [(q, label, -1) for q, label in train] + \
            [(texts[i], labels[i], i) for i in random.sample(range(len(texts)), args.own)]
        random.shuffle(asked)
        total = 0.0
        for at in range(0, len(asked), _BATCH):
            batch = asked[at:at + _BATCH]
            logits = args.sharpness * model([q for q, _, _ in batch]) @ bank.T
            wanted = of[None, :] == torch.tensor([label_ids[label] for _, label, _ in batch])[:, None]
            for row, (_, _, own) in enumerate(batch):
                if own >= 0:
                    logits[row, own] = -1e4
                    wanted[row, own] = False
            # The chance that the nearest phrasing is one of the right part's.
            log_p = torch.log_softmax(logits, -1)
            loss = -torch.logsumexp(log_p.masked_fill(~wanted, -1e4), -1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        bank = model.embed(texts)
        print(f"pass {n + 1}: loss {total:.1f}, {time.monotonic() - started:.0f} s",
              right(bank) if val else "", flush=True)
    np.savez_compressed(args.out, **model.adapter(), **_fit_urgency(model, *_urgency_examples(monograph, book)))
    print("written", args.out)
    ship_vectors(args.out, monograph)


if __name__ == "__main__":
    main()
