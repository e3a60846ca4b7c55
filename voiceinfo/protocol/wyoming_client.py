"""Hearing and speaking with Wyoming services on another machine (`--asr-uri`, `--tts-uri`), for a
small kiosk that leans on a stronger one.

Hearing: each utterance is kept in memory while it is spoken and sent whole when it ends (the
protocol's transcribe, audio-start, audio-chunk..., audio-stop). Speaking: each piece of a reply is
asked for (synthesize) and its audio brought to the local voice's rate, speed and volume. While a
service cannot be reached the local engine stands in, and the service is tried again every
RETRY_AFTER seconds; the first thing heard or said after each switch carries a notice for the listener.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from wyoming.asr import Transcribe
from wyoming.asr import Transcript as WyomingTranscript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize

from voiceinfo.audio import SAMPLE_RATE
from voiceinfo.events import Transcript
from voiceinfo.hearing.recogniser import Recogniser
from voiceinfo.protocol import mono, pcm_format_problem, tcp_address
from voiceinfo.speaking.synthesiser import Audio, SentenceBySentence
from voiceinfo.speaking.tempo import stretched
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding import prompts

log = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds on the local engine before the service is tried again
CONNECT_TIMEOUT = 2.0
REPLY_TIMEOUT = 15.0  # for the transcript or the audio, once asked
_CHUNK = SAMPLE_RATE // 10 * 2  # bytes: 0.1 s of 16-bit audio an audio-chunk
# A speech service's own speed, taken as the words a minute voices speak at when left alone
# (espeak-ng's default 175, Piper's about 185): the local speed setting is kept relative to it.
SERVICE_WPM = 175.0
MAX_SPEECH_SECONDS = 120.0  # a piece is a sentence: more audio than this is not kept


class RemoteUnavailable(Exception):
    """The service could not be reached, or did not answer in time."""


@dataclass
class _Service:
    """A Wyoming service, and whether it is worth asking: while it answers, and again every
    RETRY_AFTER seconds once it has not."""

    uri: str
    what: str  # for the log: "recogniser", "voice"
    clock: Callable[[], float]
    answering: bool = True
    retry_at: float = 0.0

    @property
    def worth_asking(self) -> bool:
        return self.answering or self.clock() >= self.retry_at

    def failed(self, err: RemoteUnavailable) -> bool:
        """Note a failure; True when it was answering until now."""
        log.warning("the Wyoming %s at %s cannot be reached: %s", self.what, self.uri, err)
        lost, self.answering, self.retry_at = self.answering, False, self.clock() + RETRY_AFTER
        return lost

    def answered(self) -> bool:
        """Note an answer; True when it had not been answering."""
        back, self.answering = not self.answering, True
        if back:
            log.warning("the Wyoming %s at %s answers again", self.what, self.uri)
        return back

    def exchange(self, events: list[Event], reply: Callable[[Event], bool]) -> list[Event]:
        """Send the events and read what comes back until reply(event) is true; RemoteUnavailable
        when it cannot be reached, answers with an error, or takes too long."""
        return asyncio.run(self._exchange(events, reply))

    async def _exchange(self, events: list[Event], reply: Callable[[Event], bool]) -> list[Event]:
        host, port = tcp_address(self.uri)
        try:
            client = AsyncTcpClient(host, port)
            await asyncio.wait_for(client.connect(), CONNECT_TIMEOUT)
        except (OSError, asyncio.TimeoutError) as err:
            raise RemoteUnavailable(f"cannot connect ({err or 'timed out'})") from err
        try:
            for event in events:
                await client.write_event(event)
            got: list[Event] = []
            async with asyncio.timeout(REPLY_TIMEOUT):
                while (event := await client.read_event()) is not None:
                    if event.type == "error":
                        raise RemoteUnavailable(f"it answered with an error: {event.data.get('text')}")
                    got.append(event)
                    if reply(event):
                        return got
            raise RemoteUnavailable("it closed the connection before it had answered")
        except (OSError, asyncio.TimeoutError, KeyError, ValueError) as err:
            raise RemoteUnavailable(f"{type(err).__name__}: {err}") from err
        finally:
            await client.disconnect()


def describe(uri: str) -> Info | None:
    """What the service at uri offers, or None when it cannot be reached now."""
    try:
        *_, info = _Service(uri, "service", time.monotonic).exchange([Describe().event()],
                                                                      lambda event: Info.is_type(event.type))
    except RemoteUnavailable:
        return None
    return Info.from_event(info)


class RemoteRecogniser:
    """A Recogniser that asks a Wyoming service, and its local one when it cannot."""

    def __init__(self, uri: str, local: Recogniser, clock: Callable[[], float] = time.monotonic) -> None:
        tcp_address(uri)  # ValueError now, not at the first question
        self._service = _Service(uri, "recogniser", clock)
        self._local = local
        self._audio = bytearray()
        self._heard_locally = False  # the last utterance was heard by the local recogniser
        self.description = f"the Wyoming service at {uri} ({local.description} while it cannot be reached)"
        self.spoken_name = "a speech recogniser on another machine"

    def start(self) -> None:
        self._audio = bytearray()
        if not self._service.worth_asking:
            self._local.start()

    def accept(self, pcm: bytes) -> Transcript | None:
        self._audio += pcm
        return None if self._service.worth_asking else self._local.accept(pcm)

    def finish(self) -> Transcript:
        if self._service.worth_asking:
            try:
                text = self._transcribe(bytes(self._audio))
            except RemoteUnavailable as err:
                lost = self._service.failed(err)
                heard = self._hear_locally()
                return Transcript(heard.text, heard.confidence, alternatives=heard.alternatives,
                                  notice=prompts.REMOTE_LOST if lost else "")
            back, self._heard_locally = self._service.answered(), False
            # The service gives no confidence: its transcript is taken as heard.
            return Transcript(text, 1.0, notice=prompts.REMOTE_BACK if back else "")
        self._heard_locally = True
        return self._local.finish()

    def _hear_locally(self) -> Transcript:
        """The utterance kept, heard by the local recogniser."""
        self._heard_locally = True
        self._local.start()
        for at in range(0, len(self._audio), _CHUNK):
            self._local.accept(bytes(self._audio[at:at + _CHUNK]))
        return self._local.finish()

    def _transcribe(self, audio: bytes) -> str:
        chunks = [AudioChunk(rate=SAMPLE_RATE, width=2, channels=1, audio=audio[at:at + _CHUNK]).event()
                  for at in range(0, len(audio), _CHUNK)]
        events = [Transcribe(language="en").event(), AudioStart(rate=SAMPLE_RATE, width=2, channels=1).event(),
                  *chunks, AudioStop().event()]
        *_, last = self._service.exchange(events, lambda event: WyomingTranscript.is_type(event.type))
        return WyomingTranscript.from_event(last).text

    def resume(self) -> None:
        if self._heard_locally:
            self._local.resume()
        # else: the audio is still kept, and the whole utterance is sent again at finish()

    def hear_again(self) -> Transcript | None:
        return self._local.hear_again() if self._heard_locally else None

    def new_speaker(self) -> None:
        self._local.new_speaker()


class RemoteSynthesiser(SentenceBySentence):
    """A synthesiser that asks a Wyoming service for each piece (in its own default voice), and
    the local voice when it cannot. The audio is brought to the local voice's rate (the speaker
    was opened at it), its speed (relative to SERVICE_WPM) and its volume."""

    def __init__(self, uri: str, local: SentenceBySentence, clock: Callable[[], float] = time.monotonic) -> None:
        tcp_address(uri)
        self._service = _Service(uri, "voice", clock)
        self._local = local
        self.voice, self.rate = local.voice, local.rate
        self.notice, self.why = local.notice, local.why
        self._switched = ""  # a notice to say before the next piece: the service lost, or back

    def set_voice(self, voice: Voice) -> None:
        self._local.set_voice(voice)
        self.voice = voice

    def synthesise(self, text: str) -> Audio:
        if self._service.worth_asking:
            try:
                audio = self._asked(text)
            except RemoteUnavailable as err:
                if self._service.failed(err):
                    self._switched = prompts.REMOTE_VOICE_LOST
            else:
                if self._service.answered():
                    self._switched = prompts.REMOTE_VOICE_BACK
                return audio
        return self._local.synthesise(text)

    def _asked(self, text: str) -> Audio:
        got = self._service.exchange([Synthesize(text=text).event()], lambda event: AudioStop.is_type(event.type))
        start = next((AudioStart.from_event(e) for e in got if AudioStart.is_type(e.type)), None)
        if start is None:
            raise RemoteUnavailable("it sent audio without an audio-start")
        if problem := pcm_format_problem(start.rate, start.width, start.channels):
            raise RemoteUnavailable(problem)
        pcm = b"".join(e.payload or b"" for e in got if AudioChunk.is_type(e.type))
        if len(pcm) > MAX_SPEECH_SECONDS * start.rate * start.width * start.channels:
            raise RemoteUnavailable(f"it sent more than {MAX_SPEECH_SECONDS:g} s of audio for one sentence")
        samples = mono(pcm, start.width, start.channels)
        if start.rate != self.rate:
            import soxr

            samples = soxr.resample(samples, start.rate, self.rate)
        made = np.clip(np.round(samples * 32767 * self.voice.volume), -32768, 32767).astype(np.int16)
        return Audio(stretched(made, self.rate, SERVICE_WPM / self.voice.rate), self.rate)

    def sentence_audio(self, text: str) -> Iterator[tuple[str, Audio]]:
        for sentence, audio in super().sentence_audio(text):
            if self._switched:  # the service was lost or came back while this piece was made
                notice, self._switched = self._switched, ""
                yield notice, self._made(notice)
            yield sentence, audio
