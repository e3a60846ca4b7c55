"""The embedded default engine: pocketsphinx with the en-us model its wheel ships.

Works on a fresh install with no download. Its language model is a trigram model
trained on the content's phrasings (asr-notes: about 92% in-set and 64% on paraphrases,
against 33% for the bundled general model), with a dictionary cut down to those words.
Words the CMU dictionary lacks take their pronunciation from the content's
`sounds_like` entries; phrasings with a word that has neither are left out and reported.
Both files are cached under ~/.cache/voiceinfo, keyed by their content (in a temporary
folder for this run when that cannot be written, as on a read-only kiosk).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pocketsphinx
from pocketsphinx.lm import ArpaBoLM

from voiceinfo.content import Monograph
from voiceinfo.lexicon import pronunciations
from voiceinfo.phrasings import phrasings
from voiceinfo.recogniser import Transcript

# Share of probability held back for unseen word sequences (asr-notes: 0.1 worked best).
_DISCOUNT = 0.1


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "voiceinfo"


class SphinxRecogniser:
    """pocketsphinx constrained to what the content generates."""

    def __init__(self, monograph: Monograph, open_vocabulary: bool = False) -> None:
        model = Path(pocketsphinx.get_model_path()) / "en-us"
        self.missing_words: set[str] = set()
        if open_vocabulary:  # the general model and dictionary that the wheel ships
            self._decoder = pocketsphinx.Decoder(hmm=str(model / "en-us"), lm=str(model / "en-us.lm.bin"),
                                                 dict=str(model / "cmudict-en-us.dict"), loglevel="FATAL")
            self.description = "pocketsphinx en-us (built in), open vocabulary"
            return
        prons = dict(pronunciations())
        for word, sounds in monograph.sounds_like:
            parts = [prons.get(w, (None,))[0] for w in sounds.split()]
            if all(parts):
                prons[word] = (" ".join(parts),)
        corpus = []
        for phrase in phrasings(monograph):
            unknown = [w for w in phrase.split() if w not in prons]
            self.missing_words.update(unknown)
            if not unknown:
                corpus.append(phrase)
        vocabulary = sorted({w for p in corpus for w in p.split()})
        dictionary = "".join(f"{w}{f'({i})' if i > 1 else ''} {p}\n"
                             for w in vocabulary for i, p in enumerate(prons[w], 1))
        lm_path, dict_path = self._cached_model("\n".join(corpus), dictionary)
        self._decoder = pocketsphinx.Decoder(hmm=str(model / "en-us"), lm=str(lm_path), dict=str(dict_path),
                                             loglevel="FATAL")
        if not lm_path.is_relative_to(_cache_dir()):  # a one-run folder: the decoder has read it
            shutil.rmtree(lm_path.parent, ignore_errors=True)
        self.description = (f"pocketsphinx en-us (built in), language model of {len(corpus)} "
                            f"phrasings from {monograph.path.name}")

    @staticmethod
    def _cached_model(corpus: str, dictionary: str) -> tuple[Path, Path]:
        key = hashlib.sha256((corpus + "\0" + dictionary).encode()).hexdigest()[:16]
        try:
            folder = _cache_dir() / f"sphinx-{key}"
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            folder = Path(tempfile.mkdtemp(prefix="voiceinfo-sphinx-"))
        lm_path, dict_path = folder / "phrasings.lm", folder / "phrasings.dict"
        if not (lm_path.exists() and dict_path.exists()):
            model = ArpaBoLM(text=corpus, add_start=True, discount_mass=_DISCOUNT)
            model.compute()
            # Written under temporary names and renamed, so a crash never leaves half a model.
            partial_lm, partial_dict = (p.with_name(p.name + ".partial") for p in (lm_path, dict_path))
            model.write_file(str(partial_lm))
            partial_dict.write_text(dictionary, encoding="utf-8")
            partial_lm.replace(lm_path)
            partial_dict.replace(dict_path)
        return lm_path, dict_path

    def start(self) -> None:
        self._decoder.start_utt()

    def accept(self, pcm: bytes) -> Transcript | None:
        self._decoder.process_raw(pcm, False, False)
        hyp = self._decoder.hyp()
        return Transcript(hyp.hypstr, 0.0, final=False) if hyp and hyp.hypstr else None

    def finish(self) -> Transcript:
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        if hyp is None or not hyp.hypstr:
            return Transcript("", 0.0)
        # In language-model mode this posterior is close to 1 for almost every utterance;
        # a useful confidence (n-best margin) is still to be built.
        confidence = self._decoder.get_logmath().exp(hyp.prob)
        return Transcript(hyp.hypstr, min(1.0, max(0.0, confidence)))
