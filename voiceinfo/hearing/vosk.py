"""The primary engine: Vosk, whenever a Vosk model folder is available.

Constrained to the domain by default: the grammar is the content's phrasings and the
voice commands (plus `[unk]` where the model has it), so Vosk only hears what voiceinfo
can answer. Vosk silently drops grammar words its model lacks, so every word is looked
up first and the missing ones are reported. Open vocabulary is kept for `--open`.
One KaldiRecognizer, reset between utterances: building one compiles the grammar, which
is slow for a large one. (A reused recognizer keeps counting word times; voiceinfo does
not use them.)
"""

from __future__ import annotations

import json
from pathlib import Path

from voiceinfo.audio import SAMPLE_RATE
from voiceinfo.errors import VoiceinfoError
from voiceinfo.events import Transcript

# What a usable Vosk model folder holds; HCLG.fst for static graphs, HCLr+Gr for lookahead.
_REQUIRED = ("am/final.mdl", "conf/model.conf")
_GRAPHS = (("graph/HCLG.fst",), ("graph/HCLr.fst", "graph/Gr.fst"))


class ModelError(VoiceinfoError):
    """A model folder that cannot be used; the message names what is wrong or missing."""

    problem = "speech model"


def check_model_folder(path: Path) -> None:
    """Raise ModelError unless path looks like a complete Vosk model."""
    if not path.is_dir():
        raise ModelError(f"no model folder at {path}")
    missing = [p for p in _REQUIRED if not (path / p).is_file()]
    if not any(all((path / p).is_file() for p in graph) for graph in _GRAPHS):
        missing.append("graph/HCLG.fst (or graph/HCLr.fst with graph/Gr.fst)")
    if missing:
        raise ModelError(f"the model at {path} is incomplete: missing {', '.join(missing)}")


class VoskRecogniser:
    """Vosk over one model folder; phrases=None means open vocabulary."""

    def __init__(self, model_path: Path, phrases: list[str] | None = None) -> None:
        check_model_folder(model_path)
        import vosk

        vosk.SetLogLevel(-1)
        try:
            self.model = vosk.Model(str(model_path))
        except Exception as err:  # vosk raises a bare Exception when Kaldi cannot load
            raise ModelError(f"the model at {model_path} could not be loaded ({err}); "
                             "it may be damaged: download it again") from err
        self.missing_words: set[str] = set()
        grammar: tuple[str, ...] = ()
        mode = "open vocabulary"
        if phrases is not None:
            vocabulary = {w for phrase in phrases for w in phrase.split()}
            self.missing_words = {w for w in vocabulary if self.model.vosk_model_find_word(w) < 0}
            usable = [p for p in phrases if self.missing_words.isdisjoint(p.split())]
            if not usable:
                raise ModelError(f"the model at {model_path} knows none of the words voiceinfo "
                                 "listens for; is it a model for the content's language?")
            if self.model.vosk_model_find_word("[unk]") >= 0:
                usable.append("[unk]")
            # ensure_ascii=False: Vosk does not decode \u escapes and would drop every such word.
            grammar = (json.dumps(usable, ensure_ascii=False),)
            mode = f"grammar of {len(usable)} phrasings"
        self.description = f"Vosk, model {model_path.name}, {mode}"
        self.spoken_name = f"the Vosk speech model {model_path.name}"
        self._texts: list[str] = []
        self._confidences: list[float] = []
        self._utterance: list[bytes] = []  # kept in memory only, until the next starts: for resume
        self._recognizer = vosk.KaldiRecognizer(self.model, SAMPLE_RATE, *grammar)
        self._recognizer.SetWords(True)

    def start(self) -> None:
        self._recognizer.Reset()
        self._texts, self._confidences, self._utterance = [], [], []

    def _keep(self, result: str) -> None:
        data = json.loads(result)
        words = [w for w in data.get("result", []) if w.get("word") != "[unk]"]
        if words:
            self._texts.append(" ".join(w["word"] for w in words))
            self._confidences.extend(w["conf"] for w in words)

    def accept(self, pcm: bytes) -> Transcript | None:
        self._utterance.append(pcm)
        if self._recognizer.AcceptWaveform(pcm):  # True at each pause in the stream
            self._keep(self._recognizer.Result())
        partial = json.loads(self._recognizer.PartialResult()).get("partial", "")
        text = " ".join([*self._texts, partial]).strip()
        return Transcript(text, 0.0, final=False) if text else None

    def finish(self) -> Transcript:
        self._keep(self._recognizer.FinalResult())
        confidence = sum(self._confidences) / len(self._confidences) if self._confidences else 0.0
        return Transcript(" ".join(self._texts), confidence)

    def resume(self) -> None:
        """Heard again from its start: the final result has dropped what Vosk had decoded."""
        chunks = self._utterance
        self.start()
        for pcm in chunks:
            self.accept(pcm)

    def hear_again(self) -> None:
        """No other way to hear it: every utterance is heard afresh already (new_speaker)."""

    def new_speaker(self) -> None:
        """Nothing to forget: Vosk's final result drops the feature pipeline (its speaker
        adaptation with it), so every utterance is heard afresh."""
