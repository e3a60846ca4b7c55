"""Text to speech samples: the interface every voice has, and espeak-ng's voices through
pyttsx3's espeak-ng binding (Piper's neural voices: piper.py).

pyttsx3's own playback returns before the sound is heard and hides errors, and its
save-to-file path runs espeak-ng asynchronously: about one process in ten got a clipped
first sentence and an empty second one. So voiceinfo drives the same binding
(`pyttsx3.drivers._espeak`) in espeak-ng's synchronous retrieval mode, collects the
samples in memory (no file is written), and plays them itself, sentence by sentence.
"""

from __future__ import annotations

import ctypes
import threading
import wave
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from voiceinfo.errors import VoiceinfoError
from voiceinfo.speaking.voice import ESPEAK_VOICE, UnknownVoice, Voice
from voiceinfo.understanding.speech_text import for_the_ear, respelled, sentences


class SpeechUnavailable(VoiceinfoError):
    """The speech engine could not be started (espeak-ng missing or broken)."""

    problem = "speech"


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit samples and their rate."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def write_wav(path: str, chunks: Iterable[Audio]) -> float:
    """Write audio chunks (one rate) to a mono 16-bit WAV; return its length in seconds."""
    parts = list(chunks)
    rate = parts[0].rate if parts else 16000
    samples = np.concatenate([p.samples for p in parts]) if parts else np.zeros(0, np.int16)
    with open(path, "wb") as file, wave.open(file, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return len(samples) / rate


# A first sentence this long is said in two, split at its first comma: the part before it is
# ready sooner (docs/measurements.md, "Piper's voice").
_SPLIT_FROM_WORDS = 12


def spoken_pieces(text: str) -> list[str]:
    """The pieces text is said in, in order: its sentences, the first perhaps split in two."""
    pieces = sentences(for_the_ear(text))
    if pieces and len(pieces[0].split()) >= _SPLIT_FROM_WORDS:
        head, comma, tail = pieces[0].partition(", ")
        if comma and len(head.split()) >= 3 and tail:
            pieces[:1] = [f"{head},", tail]
    return pieces


class SentenceBySentence:
    """What every synthesiser gives the loop: each piece's audio (a sentence, or the start of a
    long first one) as soon as it is made, and a reply's first piece made ahead (prepare) while
    the loop waits to be sure that the speaker has finished."""

    voice: Voice
    rate: int  # samples a second of the Audio it makes
    notice: str = ""  # to say first: it stands in for the voice chosen, which could not be loaded
    why: str = ""  # for the screen or the log: which voice it stands in for, and why
    say_as: tuple[tuple[str, str], ...] = ()  # the content's respellings of words voices get wrong
    _ahead: tuple[str, Voice, Future[Audio]] | None = None
    _worker: ThreadPoolExecutor | None = None
    _lock = threading.Lock()  # one synthesis at a time: espeak-ng is process-wide

    def synthesise(self, text: str) -> Audio:
        raise NotImplementedError

    def set_voice(self, voice: Voice) -> None:
        raise NotImplementedError

    def _made(self, sentence: str) -> Audio:
        with self._lock:
            return self.synthesise(respelled(sentence, self.say_as))

    def prepare(self, text: str) -> None:
        """Start making the first piece of text in the background, for sentence_audio to use
        if that is what it is asked to say next with this voice."""
        first = next(iter(spoken_pieces(text)), "")
        if not first or (self._ahead and self._ahead[:2] == (first, self.voice)):
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="synthesis")
        self._ahead = (first, self.voice, self._worker.submit(self._made, first))

    def sentence_audio(self, text: str) -> Iterator[tuple[str, Audio]]:
        """Each piece and its audio in turn: the caller plays one while the next is made."""
        ahead, self._ahead = self._ahead, None
        for sentence in spoken_pieces(text):
            if ahead is not None and ahead[:2] == (sentence, self.voice):
                yield sentence, ahead[2].result()
            else:
                yield sentence, self._made(sentence)
            ahead = None

    def speak_sentences(self, text: str) -> Iterator[Audio]:
        return (audio for _, audio in self.sentence_audio(text))


class Synthesiser(SentenceBySentence):
    """espeak-ng's voices, made by rule. espeak-ng is process-wide: create one per process."""

    def __init__(self, voice: Voice = Voice(ESPEAK_VOICE)) -> None:
        try:
            from pyttsx3.drivers import _espeak
        except Exception as err:  # the binding raises plain errors when libespeak-ng is absent
            raise SpeechUnavailable(f"the espeak-ng library could not be loaded: {err}") from err
        self._espeak = _espeak
        self.rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 500)
        if self.rate <= 0:
            raise SpeechUnavailable("espeak-ng could not start (is espeak-ng-data installed?)")
        self._chunks: list[bytes] = []
        _espeak.SetSynthCallback(self._collect)
        self.voice = voice
        self.set_voice(voice)

    def _collect(self, wav: ctypes.POINTER(ctypes.c_short), count: int, _events: object) -> int:
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def set_voice(self, voice: Voice) -> None:
        # espeak-ng answers "OK" even for a voice it does not have, so check the list first.
        voices = [v.identifier.decode() for v in self._espeak.ListVoices() if v.identifier]
        if voice.name.split("+", 1)[0].lower() not in {v.lower() for v in voices} \
                or self._espeak.SetVoiceByName(voice.name.encode()) != 0:
            raise UnknownVoice(f"no voice named '{voice.name}'; English voices: "
                               + ", ".join(self.english_voices()) + " (a variant such as +f3 may follow), "
                               "and Piper's (voiceinfo voices lists them)")
        self._espeak.SetParameter(self._espeak.RATE, voice.rate, 0)
        self._espeak.SetParameter(self._espeak.VOLUME, round(voice.volume * 100), 0)
        self.voice = voice

    def synthesise(self, text: str) -> Audio:
        self._chunks = []
        result = self._espeak.Synth(text, flags=self._espeak.CHARS_UTF8 | self._espeak.ENDPAUSE)
        if result != 0:
            raise SpeechUnavailable(f"espeak-ng could not synthesise (error {result})")
        samples = np.frombuffer(b"".join(self._chunks), dtype=np.int16).copy()
        return Audio(samples, self.rate)

    def english_voices(self) -> list[str]:
        return sorted(v.identifier.decode() for v in self._espeak.ListVoices()
                      if v.identifier and "/en" in v.identifier.decode())
