"""voiceinfo as a Wyoming service (`voiceinfo serve`): answers, transcripts and speech for Home
Assistant's Assist and its voice satellites, or for a kiosk that leans on a stronger machine.

One asyncio server, one handler per connection, each independent:
- describe -> info: the programs asr (the engine in use), tts (the voices installed) and
  handle (answers from the monograph);
- transcript -> handled: the reply the loop would say, its place kept per conversation id
  (context.conversation_id) so that "tell me more" and "next" work, forgotten when idle;
- transcribe, audio-start, audio-chunk..., audio-stop -> transcript, at any rate, width and
  channel count (resampled as `ask --audio` does);
- synthesize -> audio-start, an audio-chunk per piece as it is made, audio-stop.
A malformed or unexpected event gets an error event; the server never dies of a client's
mistake. Recognising and synthesising run in worker threads, so one client's speech does
not hold up another's answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import numpy as np
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event, async_write_event
from wyoming.handle import Handled
from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    Describe,
    HandleModel,
    HandleProgram,
    Info,
    TtsProgram,
    TtsVoice,
)
from wyoming.ping import Ping, Pong
from wyoming.server import AsyncEventHandler
from wyoming.tts import Synthesize

from voiceinfo.audio.recordings import for_recogniser
from voiceinfo.conversation.dialogue import Dialogue, SpeechBounds
from voiceinfo.hearing.recogniser import Recogniser, transcribe_speech
from voiceinfo.protocol import mono, pcm_format_problem
from voiceinfo.protocol.announce import Announcement, AnnouncementFailed
from voiceinfo.speaking.synthesiser import SentenceBySentence
from voiceinfo.speaking.voice import Voice
from voiceinfo.speaking.voices import VoiceListing
from voiceinfo.understanding.answering import Answerer

log = logging.getLogger(__name__)

_ATTRIBUTION = Attribution(name="voiceinfo", url="https://github.com/voiceinfo")
_LANGUAGES = ["en"]
# A question is short: more audio than this is refused, not kept in memory.
MAX_AUDIO_SECONDS = 60.0
_CHUNK_SECONDS = 1.0  # audio-chunk size when speaking
# An event's data and payload: more than any real one, less than would hurt the server.
_MAX_DATA, _MAX_PAYLOAD = 1 << 20, 16 << 20


class ClientError(Exception):
    """Something a client sent that cannot be taken; its message goes back in an error event."""


@dataclass
class _Conversation:
    dialogue: Dialogue
    used: float


@dataclass
class Services:
    """What every connection shares: the content, the engines, the conversations under way."""

    answerer: Answerer
    recognisers: list[Recogniser]  # a pool: a recogniser hears one utterance at a time
    open_voice: Callable[[Voice], SentenceBySentence]
    voices: list[VoiceListing]
    voice: Voice = Voice()
    bounds: SpeechBounds = field(default_factory=SpeechBounds)
    forget_after: float = 300.0  # seconds a conversation's place is kept after its last turn
    clock: Callable[[], float] = time.monotonic
    _conversations: dict[str, _Conversation] = field(default_factory=dict)
    _idle: asyncio.Queue[Recogniser] | None = None
    _synthesisers: dict[str, SentenceBySentence] = field(default_factory=dict)
    _speaking: asyncio.Lock = field(default_factory=asyncio.Lock)  # the engines are process-wide

    def info(self) -> Info:
        engine = self.recognisers[0].description
        asr = AsrProgram(name="voiceinfo", attribution=_ATTRIBUTION, installed=True, version=None,
                         description=f"voiceinfo's recogniser: {engine}",
                         models=[AsrModel(name=engine, attribution=_ATTRIBUTION, installed=True,
                                          description=engine, version=None, languages=_LANGUAGES)])
        tts = TtsProgram(name="voiceinfo", attribution=_ATTRIBUTION, installed=True, version=None,
                         description="voiceinfo's voices",
                         voices=[TtsVoice(name=v.name, attribution=_ATTRIBUTION, installed=True, version=None,
                                          description=f"{v.engine} {v.name} ({v.quality})",
                                          languages=[v.language]) for v in self.voices],
                         supports_synthesize_streaming=False)
        drug = self.answerer.monograph.drug
        handle = HandleProgram(name="voiceinfo", attribution=_ATTRIBUTION, installed=True, version=None,
                               description=f"spoken answers about {drug}",
                               models=[HandleModel(name=drug, attribution=_ATTRIBUTION, installed=True,
                                                   description=f"answers from the {drug} monograph",
                                                   version=None, languages=_LANGUAGES)])
        return Info(asr=[asr], tts=[tts], handle=[handle])

    # -- handle ---------------------------------------------------------------------

    def reply(self, text: str, conversation_id: str | None) -> str:
        """What the loop would say to text, in that conversation (none: a conversation of one turn)."""
        now = self.clock()
        for key in [k for k, c in self._conversations.items() if now - c.used > self.forget_after]:
            del self._conversations[key]
        conversation = self._conversations.get(conversation_id) if conversation_id else None
        if conversation is None:
            conversation = _Conversation(Dialogue(self.answerer, self.bounds, can_end=False), now)
            if conversation_id:
                self._conversations[conversation_id] = conversation
        conversation.used = now
        return conversation.dialogue.hear(text).text

    # -- asr ------------------------------------------------------------------------

    async def transcribe(self, samples: np.ndarray) -> str:
        """16 kHz int16 samples heard by a recogniser of the pool, in a worker thread."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            for recogniser in self.recognisers:
                self._idle.put_nowait(recogniser)
        recogniser = await self._idle.get()
        try:
            recogniser.new_speaker()  # each request may be another person's
            return (await asyncio.to_thread(transcribe_speech, recogniser, samples)).text
        finally:
            self._idle.put_nowait(recogniser)

    # -- tts ------------------------------------------------------------------------

    def synthesiser(self, name: str | None) -> SentenceBySentence:
        """The voice asked for (by name), else the server's; ClientError for one not installed."""
        name = name or self.voice.name
        if name not in self._synthesisers:
            try:
                self._synthesisers[name] = self.open_voice(Voice(name, self.voice.rate, self.voice.volume))
            except ValueError as err:  # UnknownVoice
                raise ClientError(str(err)) from err
        return self._synthesisers[name]

    async def speech(self, synthesiser: SentenceBySentence, text: str) -> AsyncIterator[bytes]:
        """text's audio piece by piece (16-bit mono at the synthesiser's rate), each made in a
        worker thread while the last is sent."""
        async with self._speaking:
            pieces = synthesiser.sentence_audio(text)
            while (made := await asyncio.to_thread(next, pieces, None)) is not None:
                yield made[1].samples.astype("<i2").tobytes()


def _samples(audio: bytes, rate: int, width: int, channels: int) -> np.ndarray:
    """Raw PCM of any width and channel count, as the 16 kHz int16 a recogniser takes."""
    if problem := pcm_format_problem(rate, width, channels):
        raise ClientError(problem)
    return for_recogniser(mono(audio, width, channels), rate)


@dataclass
class _Heard:
    """An utterance arriving: its format, and its bytes so far."""

    rate: int = 16000
    width: int = 2
    channels: int = 1
    audio: bytearray = field(default_factory=bytearray)

    @property
    def seconds(self) -> float:
        return len(self.audio) / (self.rate * self.width * self.channels)


class Connection(AsyncEventHandler):
    """One client's connection. Events are read here (not by the library's reader) so that a
    malformed one is answered with an error rather than silently ending the connection."""

    def __init__(self, services: Services, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        super().__init__(reader, writer)
        self._services = services
        self._heard: _Heard | None = None  # between transcribe and audio-stop

    async def run(self) -> None:
        try:
            while True:
                try:
                    event = await _read_event(self.reader)
                except ClientError as err:
                    await self._error(str(err), "malformed")
                    break  # where the next event starts is unknown: close
                if event is None:
                    break
                try:
                    await self.handle_event(event)
                except ClientError as err:
                    await self._error(str(err), "refused")
        except (ConnectionError, asyncio.IncompleteReadError):
            log.debug("a client went away mid-event")
        except Exception:  # a bug: this client gets an error; the server and the others go on
            log.exception("a Wyoming connection failed")
            await self._error("voiceinfo failed to handle that; see its log", "internal")
        finally:
            self.writer.close()

    async def _error(self, text: str, code: str) -> None:
        try:
            await async_write_event(Error(text=text, code=code).event(), self.writer)
        except (ConnectionError, RuntimeError):
            pass  # the client has gone: nobody to tell

    async def handle_event(self, event: Event) -> bool:
        services = self._services
        if Describe.is_type(event.type):
            await self.write_event(services.info().event())
        elif Ping.is_type(event.type):
            await self.write_event(Pong(text=Ping.from_event(event).text).event())
        elif Transcript.is_type(event.type):
            await self._handle(event)
        elif Transcribe.is_type(event.type):
            self._heard = _Heard()
        elif AudioStart.is_type(event.type) and self._heard is not None:
            start = AudioStart.from_event(event)
            self._heard = _Heard(start.rate, start.width, start.channels)
        elif AudioChunk.is_type(event.type) and self._heard is not None:
            self._heard.audio += event.payload or b""
            if self._heard.seconds > MAX_AUDIO_SECONDS:
                self._heard = None
                raise ClientError(f"more than {MAX_AUDIO_SECONDS:.0f} seconds of audio: a question is shorter")
        elif AudioStop.is_type(event.type) and self._heard is not None:
            heard, self._heard = self._heard, None
            samples = _samples(bytes(heard.audio), heard.rate, heard.width, heard.channels)
            text = await services.transcribe(samples)
            await self.write_event(Transcript(text=text, language="en").event())
        elif Synthesize.is_type(event.type):
            await self._speak(Synthesize.from_event(event))
        elif event.type in ("audio-start", "audio-chunk", "audio-stop"):
            raise ClientError(f"{event.type} without transcribe first")
        else:
            raise ClientError(f"voiceinfo does not take '{event.type}' events")
        return True

    async def _handle(self, event: Event) -> None:
        text = event.data.get("text")
        if not isinstance(text, str):
            raise ClientError("a transcript needs its text")
        context = event.data.get("context") if isinstance(event.data.get("context"), dict) else {}
        conversation_id = context.get("conversation_id")
        conversation_id = str(conversation_id) if conversation_id else None
        reply = self._services.reply(text, conversation_id)
        await self.write_event(Handled(text=reply, context={"conversation_id": conversation_id}
                                       if conversation_id else None).event())

    async def _speak(self, request: Synthesize) -> None:
        synthesiser = self._services.synthesiser(request.voice.name if request.voice else None)
        rate = synthesiser.rate
        step = int(rate * _CHUNK_SECONDS) * 2
        await self.write_event(AudioStart(rate=rate, width=2, channels=1).event())
        async for samples in self._services.speech(synthesiser, request.text):
            for at in range(0, len(samples), step):
                await self.write_event(AudioChunk(rate=rate, width=2, channels=1, audio=samples[at:at + step]).event())
        await self.write_event(AudioStop().event())


async def _read_event(reader: asyncio.StreamReader) -> Event | None:
    """The next event; None at the end of the stream; ClientError for one that is not an event."""
    try:
        line = await reader.readline()
    except ValueError as err:  # a line longer than the stream's limit
        raise ClientError(f"not a Wyoming event: {err}") from err
    if not line:
        return None
    try:
        header = json.loads(line)
        kind = header["type"]
        data = header.get("data") or {}
        data_length = int(header.get("data_length") or 0)
        payload_length = int(header.get("payload_length") or 0)
        if not isinstance(kind, str) or not isinstance(data, dict) or not 0 <= data_length <= _MAX_DATA \
                or not 0 <= payload_length <= _MAX_PAYLOAD:
            raise TypeError("bad field types or sizes")
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise ClientError(f"not a Wyoming event ({type(err).__name__}: {err}): a JSON line with a "
                          "'type' was expected") from err
    if data_length:
        try:
            data = {**data, **json.loads(await reader.readexactly(data_length))}
        except (ValueError, TypeError) as err:
            raise ClientError(f"the event's data is not a JSON object ({err})") from err
    payload = await reader.readexactly(payload_length) if payload_length else None
    return Event(type=kind, data=data, payload=payload)


async def _beat(alive: Callable[[], None]) -> None:
    """Say the event loop is alive each second (systemd's watchdog): a hung loop answers nobody."""
    while True:
        alive()
        await asyncio.sleep(1.0)


async def serve(services: Services, host: str, port: int, ready: Callable[[str], None],
                alive: Callable[[], None] = lambda: None, announcement: Announcement | None = None) -> None:
    """Serve until cancelled; ready is told the address once it listens (and is announced, if it
    is to be), alive every second after."""
    server = await asyncio.start_server(lambda r, w: Connection(services, r, w).run(), host, port,
                                        limit=_MAX_DATA)
    loop = asyncio.get_running_loop()
    for stop in (signal.SIGTERM, signal.SIGINT):  # systemctl stop, Ctrl+C: close, and return
        loop.add_signal_handler(stop, server.close)
    async with server:
        if announcement is not None:
            try:
                await announcement.start(server.sockets[0].getsockname()[1])
            except AnnouncementFailed as err:  # it still serves whoever is given its address
                log.warning("voiceinfo serve: not announced on the network: %s", err)
        ready(", ".join(f"tcp://{s.getsockname()[0]}:{s.getsockname()[1]}" for s in server.sockets))
        heartbeat = asyncio.create_task(_beat(alive))
        try:
            await server.serve_forever()
        except asyncio.CancelledError:  # closed by a signal
            pass
        heartbeat.cancel()
        if announcement is not None:
            await announcement.stop()
