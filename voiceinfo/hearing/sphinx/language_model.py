"""The built-in engine's language model: a trigram model of the content's phrasings.

Trained on the phrasings generated from the content (understanding/phrasings.py), with a
dictionary cut down to their words. Words the CMU dictionary lacks take their pronunciation
from `sounds_like` entries (the content's, and other_medicines.txt's); phrasings with a word
that has neither are left out and reported. Words also get their British pronunciation
(accents.py). Building takes a few seconds, so the model is cached under ~/.cache/voiceinfo,
keyed by everything it is built from; where the cache cannot be written (a read-only kiosk),
it is built in a temporary folder for one run.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pocketsphinx
from pocketsphinx.lm import ArpaBoLM

from voiceinfo.hearing.sphinx import accents as accents_module
from voiceinfo.hearing.sphinx.accents import with_british
from voiceinfo.paths import user_dir
from voiceinfo.understanding import commands as commands_module
from voiceinfo.understanding import content as content_module
from voiceinfo.understanding import emergencies as emergencies_module
from voiceinfo.understanding import lexicon as lexicon_module
from voiceinfo.understanding import phrasings as phrasings_module
from voiceinfo.understanding import prompts as prompts_module
from voiceinfo.understanding import speech_text as speech_text_module
from voiceinfo.understanding import templates as templates_module
from voiceinfo.understanding import wording as wording_module
from voiceinfo.understanding.commands import barge_in_phrasings, command_phrasings
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.lexicon import (
    OTHER_MEDICINES,
    default_lexicon,
    pronunciations,
)
from voiceinfo.understanding.phrasings import phrasings, spoken_phrasings

MODEL = Path(pocketsphinx.get_model_path()) / "en-us"  # the acoustic model and dictionaries the wheel ships

# Share of probability held back for unseen word sequences (asr-notes: 0.1 worked best).
_DISCOUNT = 0.1
# What each recogniser listens for: questions and commands; or its own sentences and the
# barge-in commands (while voiceinfo speaks, and while a kiosk waits for its wake phrase,
# so that its own voice is heard as itself). extra: phrases weighted like the commands.
Purpose = Literal["questions", "barge-in"]


# One-word commands ("next") stand alone among 100,000 questions; repeating them in the
# training text lifts them: spoken commands heard right, 24 -> 34 of 60 (3 voices).
_COMMAND_WEIGHT = 30


def _corpus(monograph: Monograph, purpose: Purpose, extra: tuple[str, ...]) -> list[str]:
    if purpose == "barge-in":
        return spoken_phrasings(monograph) + (barge_in_phrasings() + list(extra)) * (_COMMAND_WEIGHT - 1)
    return phrasings(monograph, default_lexicon().other_medicines) \
        + (command_phrasings(monograph) + list(extra)) * (_COMMAND_WEIGHT - 1)


def _model_key(monograph: Monograph, purpose: Purpose, extra: tuple[str, ...]) -> str:
    modules = (phrasings_module, commands_module, templates_module, wording_module, speech_text_module,
               lexicon_module, accents_module, content_module, emergencies_module, prompts_module)
    sources = (monograph.path, OTHER_MEDICINES, Path(__file__), *(Path(m.__file__) for m in modules))
    digest = hashlib.sha256(f"{purpose} {extra} {importlib.metadata.version('pocketsphinx')}".encode())
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _build(monograph: Monograph, purpose: Purpose, extra: tuple[str, ...], folder: Path) -> None:
    """Write phrasings.lm, phrasings.dict and info.json into folder, each in one step."""
    prons = dict(pronunciations())
    lexicon = default_lexicon()
    for word, sounds in (*monograph.sounds_like, *lexicon.medicine_sounds):
        parts = [prons.get(w, (None,))[0] for w in sounds.split()]
        if all(parts):
            prons[word] = (" ".join(parts),)
    corpus, missing = [], set()
    for phrase in _corpus(monograph, purpose, extra):
        unknown = {w for w in phrase.split() if w not in prons}
        missing |= unknown
        if not unknown:
            corpus.append(phrase)
    vocabulary = sorted({w for p in corpus for w in p.split()})
    dictionary = "".join(f"{w}{f'({i})' if i > 1 else ''} {p}\n"
                         for w in vocabulary for i, p in enumerate(with_british(prons[w]), 1))
    model = ArpaBoLM(text="\n".join(corpus), add_start=True, discount_mass=_DISCOUNT)
    model.compute()
    info = json.dumps({"phrasings": len(corpus), "missing_words": sorted(missing)})
    # Written under temporary names and renamed, info last: a crash never leaves half a model.
    for name, write in (("phrasings.lm", model.write_file),
                        ("phrasings.dict", lambda p: Path(p).write_text(dictionary, encoding="utf-8")),
                        ("info.json", lambda p: Path(p).write_text(info, encoding="utf-8"))):
        partial = folder / f"{name}.{os.getpid()}.partial"  # two first runs may build at once
        write(str(partial))
        partial.replace(folder / name)


@dataclass(frozen=True)
class LanguageModel:
    lm: Path
    dictionary: Path
    phrasings: int
    missing_words: frozenset[str]  # words of phrasings left out, with no pronunciation
    folder: Path

    def release(self) -> None:
        """Once a decoder has read it: a one-run folder is removed, the cache's is kept."""
        if not self.folder.is_relative_to(user_dir("cache")):
            shutil.rmtree(self.folder, ignore_errors=True)


def language_model(monograph: Monograph, purpose: Purpose, extra: tuple[str, ...] = ()) -> LanguageModel:
    """The cached model for what a recogniser listens for, built first when missing."""
    try:
        folder = user_dir("cache") / f"sphinx-{_model_key(monograph, purpose, extra)}"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="voiceinfo-sphinx-"))
    if not (folder / "info.json").exists():
        _build(monograph, purpose, extra, folder)
    info = json.loads((folder / "info.json").read_text(encoding="utf-8"))
    return LanguageModel(folder / "phrasings.lm", folder / "phrasings.dict", info["phrasings"],
                         frozenset(info["missing_words"]), folder)
