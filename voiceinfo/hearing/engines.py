"""Choosing the recogniser: Vosk when a model is available, else the embedded default.

Where a Vosk model is looked for, in order: `--model PATH`, the VOICEINFO_MODEL
environment variable, then each folder under `models/`. A model named explicitly must
work (its problem is an error to fix); a broken folder found under `models/` is reported
and passed over, so a kiosk keeps listening with the embedded engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from voiceinfo.hearing.recogniser import Recogniser
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.hearing.vosk import ModelError, VoskRecogniser, check_model_folder
from voiceinfo.paths import MODELS_DIR
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.phrasings import phrasings

MODEL_VARIABLE = "VOICEINFO_MODEL"


@dataclass
class Choice:
    recogniser: Recogniser
    notices: list[str] = field(default_factory=list)


def _explicit_model(model: Path | None) -> Path | None:
    if model is not None:
        return model
    from_env = os.environ.get(MODEL_VARIABLE)
    return Path(from_env) if from_env else None


def _found_models(models_dir: Path, notices: list[str]) -> list[Path]:
    found = []
    for folder in sorted(p for p in models_dir.glob("*") if p.is_dir() and not p.name.startswith(".")):
        if any(folder.glob("*.onnx")):  # a Piper voice, downloaded beside the models
            continue
        try:
            check_model_folder(folder)
            found.append(folder)
        except ModelError as err:
            notices.append(f"Skipping {folder}: {err}")
    return found


def choose_recogniser(monograph: Monograph, model: Path | None = None, open_vocabulary: bool = False,
                      models_dir: Path = MODELS_DIR, extra: tuple[str, ...] = ()) -> Choice:
    """The best available recogniser; raises ModelError for an explicitly named bad model.
    extra: phrases to hear besides the content and commands (a kiosk's wake phrase)."""
    notices: list[str] = []
    explicit = _explicit_model(model)
    candidates = [explicit] if explicit else _found_models(models_dir, notices)
    # Generating the phrasings takes a second or two: only for a Vosk grammar.
    phrases = None if open_vocabulary or not candidates else phrasings(monograph) + list(extra)
    for path in candidates:
        try:
            recogniser: Recogniser = VoskRecogniser(path, phrases)
        except ModelError as err:
            if explicit:
                raise
            notices.append(f"Skipping {path}: {err}")
            continue
        if recogniser.missing_words:
            notices.append("The model lacks these words, so phrasings with them are left out: "
                           + ", ".join(sorted(recogniser.missing_words)))
        return Choice(recogniser, notices)
    return Choice(SphinxRecogniser(monograph, open_vocabulary=open_vocabulary, extra=extra), notices)
