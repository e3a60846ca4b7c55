"""The embedded default engine: pocketsphinx with the en-us model its wheel ships.

Works on a fresh install with no download, listening for what the content generates
(language_model.py). Each utterance is heard as it is said, and also sped up by a second
decoder for slow speakers; a first utterance, or one in a new voice, is heard again by its
own mean (normalisation.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

import numpy as np
import pocketsphinx

from voiceinfo.audio.pitch import median_pitch
from voiceinfo.audio.segmenter import SAMPLE_RATE
from voiceinfo.events import Transcript
from voiceinfo.hearing.sphinx.language_model import MODEL, Purpose, language_model
from voiceinfo.hearing.sphinx.normalisation import (
    NO_WARP,
    as_cmn,
    blended,
    cepstra,
    own_mean,
    voice_warp,
)
from voiceinfo.hearing.sphinx.speaking_rate import SpeedUp
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.prompts import BUILT_IN_ENGINE

# Wider beams than the defaults: on the spoken question set, en-us+f3 voice, 68.6% -> 73.3%
# (en-us 83.8% -> 84.8%). Scoring 16 Gaussians per frame instead of 4: paraphrases said clean
# at 140 wpm by 3 voices, 72.2% -> 75.9% (32: no better). Without the second (flat lexicon)
# pass, which runs only once speech has ended and took 96 ms there (p50, 16 Gaussians), the
# figure is the same, and its n-best tell right from wrong a little better.
_DECODER_SETTINGS = {"beam": 1e-80, "wbeam": 1e-60, "pbeam": 1e-80, "topn": 16, "fwdflat": False}
# Every utterance is also heard sped up, by a second decoder, as it is said; when its words
# came slower than _SLOW_BELOW phones a second, that hearing is the one used. Phones a second
# over the recognised words, median (10th-90th percentile) of espeak-ng paraphrases: 8.8
# (7.3-10.6) at 110 words a minute, 10.7 (9.1-12.2) at 140, 13.3 (11.8-15.2) at 180.
# bench/round_trip.py, paraphrases right: at 110 wpm 70.2% -> 72.5%, at 140 and 180 75.8%
# -> 76.0%. Hearing it again only once it had ended took up to 240 ms more after it.
_SLOW_BELOW = 9.75
_FASTER = 1.27
# How many n-best transcripts to give as alternatives, for Answerer.confidence: see
# understanding.CONFIRM_BELOW for how well ten of them tell right answers from wrong.
_N_BEST = 10


def _says_something(decoder: pocketsphinx.Decoder) -> bool:
    hyp = decoder.hyp()
    return hyp is not None and bool(hyp.hypstr)


def _decoders(sped_up: bool, **settings: object) -> tuple[pocketsphinx.Decoder, pocketsphinx.Decoder | None]:
    """The decoder, and one that hears the same speech sped up: for questions with the content's
    model, where it was measured; not for barge-in, whose commands are short and must be
    heard at once, nor for the open vocabulary, whose general model would take 100 MB more."""
    settings = {**settings, "warp_type": "piecewise_linear", "warp_params": NO_WARP}
    return pocketsphinx.Decoder(**settings), pocketsphinx.Decoder(**settings) if sped_up else None


@dataclass(frozen=True)
class _Start:
    """How an utterance started, to go back to for resume()."""

    first_pending: bool
    warp: str
    means: dict[pocketsphinx.Decoder, str]  # each decoder's running mean, as it gave it


class SphinxRecogniser:
    """pocketsphinx constrained to what the content generates."""

    def __init__(self, monograph: Monograph, open_vocabulary: bool = False,
                 purpose: Purpose = "questions", extra: tuple[str, ...] = ()) -> None:
        """extra: phrases to hear besides the content and commands (a kiosk's wake phrase)."""
        self.missing_words: set[str] = set()
        self._purpose = purpose
        self._stream = SpeedUp(_FASTER)
        # The last utterance, kept in memory only, until the next starts: to hear it again.
        self._utterance: list[bytes] = []
        self._first_pending = True  # the next utterance with words is heard as a first one
        self._decoding = False  # between start() (or resume()) and finish()
        self._heard_afresh = False  # the last one was
        self._follows_voice = purpose == "questions"  # warps for higher voices: see _voice_warp
        self._warp = NO_WARP
        # Where each decoder's running mean started for the speech it has decoded since, as it gave it.
        self._window_starts: dict[pocketsphinx.Decoder, str] = {}
        self._start = _Start(True, NO_WARP, {})
        self.spoken_name = BUILT_IN_ENGINE
        if open_vocabulary:  # the general model and dictionary that the wheel ships
            self._decoder, self._faster = _decoders(False, hmm=str(MODEL / "en-us"), lm=str(MODEL / "en-us.lm.bin"),
                                                    dict=str(MODEL / "cmudict-en-us.dict"), loglevel="FATAL")
            self.description = "pocketsphinx en-us (built in), open vocabulary"
        else:
            model = language_model(monograph, purpose, extra)
            self.missing_words = set(model.missing_words)
            self._decoder, self._faster = _decoders(purpose != "barge-in", hmm=str(MODEL / "en-us"),
                                                    lm=str(model.lm), dict=str(model.dictionary),
                                                    loglevel="FATAL", **_DECODER_SETTINGS)
            model.release()
            self.description = (f"pocketsphinx en-us (built in), language model of {model.phrasings} "
                                f"{'sentences' if purpose == 'barge-in' else 'phrasings'} "
                                f"from {monograph.path.name}")
        # The model's mean before any speech.
        self._initial_mean = cepstra(self._decoder.get_cmn(False))
        # What an utterance's own mean is blended with, under each decoder's warp: the model's,
        # moved as far as warping moved the mean of the utterance that changed the warp. Blended
        # with the model's own instead, the female voice's 301 questions, each to a new
        # recogniser, were answered right 221 times, against 227 (and 220 with no warp).
        self._priors = {decoder: self._initial_mean for decoder in (self._decoder, self._faster) if decoder}

    def start(self) -> None:
        if self._decoding:  # an utterance never finished (cut off by an error): drop it
            self._decoder.end_utt()
            if self._faster is not None:
                self._faster.end_utt()
            self._decoding = False
        self._restart_windows()
        self._start = _Start(self._first_pending, self._warp, dict(self._window_starts))
        self._start_decoding()

    def _start_decoding(self) -> None:
        self._utterance, self._decoding = [], True
        self._decoder.start_utt()
        if self._faster is not None:
            self._stream = SpeedUp(_FASTER)
            self._faster.start_utt()

    def accept(self, pcm: bytes) -> Transcript | None:
        if not self._decoding:  # pocketsphinx would take it without a word, ever more slowly
            raise RuntimeError("speech given to the recogniser after finish(), without resume()")
        self._utterance.append(pcm)
        self._decoder.process_raw(pcm, False, False)
        if self._faster is not None:
            self._hear_faster(self._stream.feed(np.frombuffer(pcm, np.int16)))
        hyp = self._decoder.hyp()
        return Transcript(hyp.hypstr, 0.0, final=False) if hyp and hyp.hypstr else None

    def _hear_faster(self, samples: np.ndarray) -> None:
        if len(samples):  # a chunk shorter than a window may complete none
            self._faster.process_raw(samples.tobytes(), False, False)

    def finish(self) -> Transcript:
        """The best transcript, with its n-best list as alternatives. pocketsphinx's own
        posterior is close to 1 for almost every utterance, so the confidence is left at 1;
        whether the n-best would be answered alike is the useful measure (Answerer.confidence).

        The first utterance with words is heard again at once (_decode_afresh). The model
        normalises each utterance by its cepstral mean. Streamed, pocketsphinx takes that mean
        from the utterances before, moving it part of the way towards each new one; for the
        first it has only a rough default (40,3,-1,0,...). So a recording given to `ask
        --audio` (a new recogniser each time), or the first question after start, was heard
        far worse. The 301 questions of tests/questions.tsv and held_out_questions.tsv said by
        espeak-ng at 140 words a minute, each to a new recogniser, answered right: en-us 66.4%
        streamed, 86.0% heard again (one that had heard the others before, streamed: 83.7%);
        en-us+f3 57.1 and 73.1% (71.8%). That costs about a sixth of a second per second of
        speech, once (250 to 800 ms for 2 to 4.2 s).

        An utterance in a voice higher or lower than the warp in use (_voice_warp) is decoded
        again under the warp that fits it, and heard as a first one: about twice that cost.
        """
        self._decoder.end_utt()
        self._decoding = False
        if self._faster is not None:
            self._hear_faster(self._stream.flush())
            self._faster.end_utt()
        warp = self._voice_warp()
        if warp != self._warp:
            self._rewarp(warp)
        self._heard_afresh = (self._first_pending or warp != self._start.warp) and _says_something(self._decoder)
        decoder = self._decode_afresh() if self._heard_afresh else self._hearing()
        if _says_something(decoder):  # else (silence or noise) the first utterance is still to come
            self._first_pending = False
        return self._transcript(decoder)

    def resume(self) -> None:
        """Decode the utterance again from its start, with the warp and running means it started
        with (about a sixth of a second per second of it, while the speaker goes on)."""
        chunks, self._first_pending = self._utterance, self._start.first_pending
        self._set_warp(self._start.warp)
        for decoder, mean in self._start.means.items():
            decoder.set_cmn(mean)
        self._window_starts = dict(self._start.means)
        self._start_decoding()
        for pcm in chunks:
            self.accept(pcm)

    def hear_again(self) -> Transcript | None:
        """The last utterance heard once more as a first one (_decode_afresh), for when the
        dialogue is unsure of it: the running mean may have been learnt from another voice, or
        have moved too little for this one. None when it was heard so already. It costs about
        a sixth of a second per second of speech."""
        if self._heard_afresh or not self._utterance:
            return None
        return self._transcript(self._decode_afresh())

    def _transcript(self, decoder: pocketsphinx.Decoder) -> Transcript:
        if not _says_something(decoder):
            return Transcript("", 0.0)
        hyp = decoder.hyp()
        if self._purpose == "barge-in":  # a command or not: nothing to confirm, no time to lose
            return Transcript(hyp.hypstr, 1.0)
        # The n-best search yields None where a path ends in nothing but silence and fillers.
        n_best = tuple(h.hypstr for h in islice(decoder.nbest(), _N_BEST) if h and h.hypstr)
        return Transcript(hyp.hypstr, 1.0, alternatives=n_best)

    def new_speaker(self) -> None:
        """Hear the next utterance with speech as a new recogniser would (_decode_afresh),
        not through the running mean learnt from the last person's voice. A kiosk, after its
        idle timeout: after 4 questions in another espeak-ng voice, the next person's first
        question was answered right 47 times in 60, against 43 (bench/new_person.py)."""
        self._first_pending = True

    def _restart_windows(self) -> None:
        """Restart each decoder's running mean from where it is, as _CMN_WINDOW frames of it (as a
        new decoder starts from the model's), so that the utterance to come's own mean follows
        from it. Carried on, the last person's mean served the next person's later questions
        better than the model's (bench/new_person.py)."""
        for decoder in (self._decoder, self._faster):
            if decoder is not None:
                mean = decoder.get_cmn(True)
                decoder.set_cmn(mean)
                self._window_starts[decoder] = mean

    def _voice_warp(self) -> str:
        """The warp for the voice of the last utterance. Only for questions: the barge-in
        recogniser hears voiceinfo's own voice, and must be quick."""
        if not self._follows_voice:
            return self._warp
        pitch = median_pitch(np.frombuffer(b"".join(self._utterance), np.int16), SAMPLE_RATE)
        return voice_warp(pitch, self._warp)

    def _set_warp(self, warp: str) -> None:
        """Rebuild each decoder's feature extraction with warp (instant); it starts from the
        model's mean again."""
        if warp != self._warp:
            for decoder in (self._decoder, self._faster):
                if decoder is not None:
                    decoder.config["warp_params"] = warp
                    decoder.reinit_feat()
            self._warp = warp

    def _rewarp(self, warp: str) -> None:
        """Hear the last utterance under warp from the model's mean, so that its own mean
        under it follows (_decode_by_own_mean), and go on under it. Learn how far the warp
        moves a mean (_priors)."""
        pcm = b"".join(self._utterance)
        speech = {d: pcm if d is self._decoder else self._sped_up(pcm) for d in self._priors}
        before = {d: self._own_mean(d, len(speech[d])) for d in self._priors}
        self._set_warp(warp)
        for decoder in self._priors:
            decoder.set_cmn(as_cmn(self._initial_mean))
            self._window_starts[decoder] = decoder.get_cmn(False)
            decoder.start_utt()
            decoder.process_raw(speech[decoder], False, False)
            decoder.end_utt()
            shift = self._own_mean(decoder, len(speech[decoder])) - before[decoder]
            self._priors[decoder] = self._initial_mean + shift if warp != NO_WARP else self._initial_mean

    def _decode_afresh(self) -> pocketsphinx.Decoder:
        """Decode the last utterance again, normalised by its own mean blended with the model's
        (_PRIOR_FRAMES); the decoder to believe. The sped-up hearing is decoded again only
        when it is the one to believe."""
        pcm = b"".join(self._utterance)
        self._decode_by_own_mean(self._decoder, pcm)
        if self._hearing() is self._faster:
            self._decode_by_own_mean(self._faster, self._sped_up(pcm))
        return self._hearing()

    @staticmethod
    def _sped_up(pcm: bytes) -> bytes:
        stream = SpeedUp(_FASTER)
        samples = np.frombuffer(pcm, np.int16)
        return np.concatenate([stream.feed(samples), stream.flush()]).tobytes()

    def _decode_by_own_mean(self, decoder: pocketsphinx.Decoder, pcm: bytes) -> None:
        """Decode pcm, the utterance decoder has heard since _restart_windows, normalised by
        its own mean blended with the model's (_PRIOR_FRAMES, _priors); then leave the running
        mean as streaming had left it: one short utterance's mean, carried on, was worse for the
        next ones."""
        running = decoder.get_cmn(True)
        decoder.set_cmn(blended(self._priors[decoder], self._own_mean(decoder, len(pcm)), len(pcm)))
        decoder.start_utt()
        decoder.process_raw(pcm, False, False)  # streamed: normalised by the mean just set
        decoder.end_utt()
        decoder.set_cmn(running)

    def _own_mean(self, decoder: pocketsphinx.Decoder, size: int) -> np.ndarray:
        """The mean of the size bytes of speech decoder has heard since its window started."""
        return own_mean(self._window_starts[decoder], decoder.get_cmn(True), size)

    def _hearing(self) -> pocketsphinx.Decoder:
        """The decoder to believe: the one that heard it sped up when the words came slowly."""
        slow = self._faster is not None and 0 < self._phones_a_second() < _SLOW_BELOW
        return self._faster if slow else self._decoder

    def _phones_a_second(self) -> float:
        """How fast the words just heard were said; 0 when no word was."""
        phones = frames = 0
        for segment in self._decoder.seg():
            pronunciation = None if segment.word.startswith(("<", "[")) else self._decoder.lookup_word(segment.word)
            if pronunciation:
                phones += len(pronunciation.split())
                frames += segment.end_frame - segment.start_frame + 1
        return phones / frames * 100 if frames else 0.0  # 100 frames a second
