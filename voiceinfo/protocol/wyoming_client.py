"""Hearing with a Wyoming speech-to-text service on another machine (`--asr-uri`), for a small
kiosk that leans on a stronger one.

Each utterance is kept in memory while it is spoken and sent whole when it ends (the protocol's
transcribe, audio-start, audio-chunk..., audio-stop). While the service cannot be reached the
local recogniser hears instead, from the same audio, and the service is tried again every
RETRY_AFTER seconds; the first transcript after each switch carries a notice for the listener.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from wyoming.asr import Transcribe
from wyoming.asr import Transcript as WyomingTranscript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient

from voiceinfo.audio import SAMPLE_RATE
from voiceinfo.events import Transcript
from voiceinfo.hearing.recogniser import Recogniser
from voiceinfo.protocol import tcp_address
from voiceinfo.understanding import prompts

log = logging.getLogger(__name__)

RETRY_AFTER = 10.0  # seconds on the local recogniser before the service is tried again
CONNECT_TIMEOUT = 2.0
REPLY_TIMEOUT = 15.0  # for the transcript, once the audio is sent
_CHUNK = SAMPLE_RATE // 10 * 2  # bytes: 0.1 s of 16-bit audio an audio-chunk


class RemoteUnavailable(Exception):
    """The service could not be reached, or did not answer in time."""


class RemoteRecogniser:
    """A Recogniser that asks a Wyoming service, and its local one when it cannot."""

    def __init__(self, uri: str, local: Recogniser, clock: Callable[[], float] = time.monotonic) -> None:
        self._host, self._port = tcp_address(uri)
        self._uri, self._local, self._clock = uri, local, clock
        self._audio = bytearray()
        self._remote = True  # the service answered last time (or has not been tried)
        self._retry_at = 0.0
        self._heard_locally = False  # the last utterance was heard by the local recogniser
        self.description = f"the Wyoming service at {uri} ({local.description} while it cannot be reached)"
        self.spoken_name = "a speech recogniser on another machine"

    @property
    def _asking_remote(self) -> bool:
        return self._remote or self._clock() >= self._retry_at

    def start(self) -> None:
        self._audio = bytearray()
        if not self._asking_remote:
            self._local.start()

    def accept(self, pcm: bytes) -> Transcript | None:
        self._audio += pcm
        return None if self._asking_remote else self._local.accept(pcm)

    def finish(self) -> Transcript:
        if self._asking_remote:
            try:
                text = asyncio.run(self._transcribe(bytes(self._audio)))
            except RemoteUnavailable as err:
                log.warning("the Wyoming recogniser at %s cannot be reached: %s", self._uri, err)
                lost, self._remote, self._retry_at = self._remote, False, self._clock() + RETRY_AFTER
                heard = self._hear_locally()
                return Transcript(heard.text, heard.confidence, alternatives=heard.alternatives,
                                  notice=prompts.REMOTE_LOST if lost else "")
            back, self._remote, self._heard_locally = not self._remote, True, False
            if back:
                log.warning("the Wyoming recogniser at %s answers again", self._uri)
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

    async def _transcribe(self, audio: bytes) -> str:
        try:
            client = AsyncTcpClient(self._host, self._port)
            await asyncio.wait_for(client.connect(), CONNECT_TIMEOUT)
        except (OSError, asyncio.TimeoutError) as err:
            raise RemoteUnavailable(f"cannot connect ({err or 'timed out'})") from err
        try:
            await client.write_event(Transcribe(language="en").event())
            await client.write_event(AudioStart(rate=SAMPLE_RATE, width=2, channels=1).event())
            for at in range(0, len(audio), _CHUNK):
                await client.write_event(AudioChunk(rate=SAMPLE_RATE, width=2, channels=1,
                                                    audio=audio[at:at + _CHUNK]).event())
            await client.write_event(AudioStop().event())
            async with asyncio.timeout(REPLY_TIMEOUT):
                while (event := await client.read_event()) is not None:
                    if WyomingTranscript.is_type(event.type):
                        return WyomingTranscript.from_event(event).text
                    if event.type == "error":
                        raise RemoteUnavailable(f"it answered with an error: {event.data.get('text')}")
            raise RemoteUnavailable("it closed the connection without a transcript")
        except (OSError, asyncio.TimeoutError, KeyError) as err:
            raise RemoteUnavailable(f"{type(err).__name__}: {err}") from err
        finally:
            await client.disconnect()

    def resume(self) -> None:
        if self._heard_locally:
            self._local.resume()
        # else: the audio is still kept, and the whole utterance is sent again at finish()

    def hear_again(self) -> Transcript | None:
        return self._local.hear_again() if self._heard_locally else None

    def new_speaker(self) -> None:
        self._local.new_speaker()
