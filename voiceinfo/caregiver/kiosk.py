"""`voiceinfo kiosk`: the live loop from the config, kept running with nobody at the keyboard.

A microphone or speaker missing at boot, unplugged mid-run, or a sound server not yet
started: it prints and (when a speaker works) says a notice once, retries with a short
backoff, and resumes when the device is back; the backoff is capped at 2 s so that it
resumes within about 2 s of the device's return. An error in one turn is logged and the
loop goes on. Anything that cannot get better by waiting (content, model, voice) is
fatal: it exits non-zero and systemd starts it again. Either way it says so aloud
(out_of_order), and it tells systemd when it listens and that its loop is alive.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from voiceinfo.audio.echo_cancel import EchoCancel, EchoCancelUnavailable
from voiceinfo.audio.microphone import Microphone
from voiceinfo.audio.playback import (
    AudioUnavailable,
    check_speaker,
    play,
    rescan_devices,
)
from voiceinfo.audio.speaker_process import restart_speaker_process
from voiceinfo.caregiver.kiosk_log import KioskLog
from voiceinfo.caregiver.sd_notify import Notifier
from voiceinfo.config import Config
from voiceinfo.conversation.kiosk_session import KioskSession
from voiceinfo.events import TurnTiming
from voiceinfo.loop.assembly import Parts, build, device
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.live import LiveLoop
from voiceinfo.loop.out_of_order import SENTENCE, OutOfOrder
from voiceinfo.speaking.voice import UnknownVoice, Voice
from voiceinfo.speaking.voices import open_synthesiser

# Errors this close together mean the process itself is in a bad state: better to exit and
# let systemd start a fresh one than to log the same error for ever.
TOO_MANY_ERRORS = 5
ERROR_WINDOW = 60.0  # seconds


class TooManyErrors(RuntimeError):
    """Turns keep failing: the kiosk exits so that systemd starts it afresh."""


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait between attempts: 0.5, 1, 2, 2, 2, ..."""

    first: float = 0.5
    factor: float = 2.0
    longest: float = 2.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(delay * self.factor, self.longest)


def say_out_of_order(config: Config, throttle: OutOfOrder, out: TextIO = sys.stdout) -> None:
    """Print the out-of-order sentence, and say it when due, with whatever voice and speaker
    still work: it is said when something else has failed."""
    print(f"Notice: {SENTENCE}", file=out, flush=True)
    if not throttle.due():
        return
    voice = config.voice
    try:
        try:
            synthesiser = open_synthesiser(Voice(voice.name, voice.rate, voice.volume))
        except UnknownVoice:
            synthesiser = open_synthesiser(Voice())
        play(synthesiser.speak_sentences(SENTENCE), device(config.audio.output_device))
    except Exception as err:  # no voice or no speaker: the printed notice is all there is
        print(f"(Not spoken: {err})", file=out, flush=True)


class Kiosk:
    def __init__(self, config: Config, log: KioskLog, out: TextIO = sys.stdout,
                 throttle: OutOfOrder | None = None, watchdog: Notifier | None = None) -> None:
        self.config = config
        self._log = log
        self._out = out
        self._throttle = throttle or OutOfOrder()
        self._watchdog = watchdog or Notifier()
        self._errors: deque[float] = deque(maxlen=TOO_MANY_ERRORS)
        self._echo = EchoCancel() if config.audio.echo_cancel else None

    def _print(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def run(self) -> int:
        """Run until killed; raises what build() raises for settings that cannot work."""
        try:
            return self._run()
        finally:
            if self._echo:
                self._echo.close()

    def _run(self) -> int:
        kiosk = self.config.kiosk
        self._log.event("start", wake=kiosk.wake)
        parts = build(self.config, wake_phrase=kiosk.wake_phrase.lower() if kiosk.wake else "", kiosk=True)
        for notice in parts.notices:
            self._print(notice)
        session = KioskSession(parts.dialogue, kiosk, parts.settings.reprompt_after)
        captions = Captions(out=self._out, words=kiosk.log_words)
        greet = True
        while True:
            microphone = self._devices(parts)
            loop = LiveLoop(session, parts.listeners, parts.synthesiser, microphone,
                            device(self.config.audio.output_device), parts.settings, captions,
                            on_turn=self._turn, on_error=self._error, watchdog=self._watchdog,
                            out_of_order=self._throttle)
            try:
                return loop.run(greet)
            except AudioUnavailable as err:
                self._log.event("device lost", reason=str(err))
                self._print(f"Lost the microphone or speaker: {err}.")
            finally:
                microphone.close()
            greet = False

    def _open(self, rate: int) -> tuple[Microphone | None, str]:
        """The microphone, if it and the speaker both work; else None and what is wrong."""
        audio = self.config.audio
        if self._echo:  # again at each attempt: a restarted sound server has lost it
            try:
                self._echo.ensure()
            except EchoCancelUnavailable as err:
                self._echo = None
                self._log.event("no echo cancellation", reason=str(err))
                self._print(f"Carrying on without echo cancellation: {err}.")
        try:
            microphone = Microphone(device(audio.input_device))
        except AudioUnavailable as err:
            return None, f"microphone: {err}"
        try:
            check_speaker(device(audio.output_device), rate)
        except AudioUnavailable as err:
            microphone.close()
            return None, f"speaker: {err}"
        return microphone, ""

    def _devices(self, parts: Parts) -> Microphone:
        """The microphone, once it and the speaker both work; retries until they do."""
        missing_since = None
        delays = Backoff().delays()
        while True:
            microphone, problem = self._open(parts.synthesiser.rate)
            if microphone is not None:
                break
            self._watchdog.ready()  # up and doing its job: waiting for its devices is no hang
            if missing_since is None:
                missing_since = time.monotonic()
                self._watchdog.status(f"waiting for the {problem}")
                self._log.event("device missing", reason=problem)
                self._print(f"Waiting for the {problem}")
                device_name = problem.split(":")[0]
                self._notice(parts, f"The {device_name} is not working. I'll keep trying.")
            time.sleep(next(delays))
            rescan_devices()
            restart_speaker_process()
        if missing_since is not None:
            waited = time.monotonic() - missing_since
            self._log.event("device back", after_s=round(waited, 1))
            self._notice(parts, "I'm back. Ask me a question whenever you're ready.")
        return microphone

    def _notice(self, parts: Parts, text: str) -> None:
        """Print a notice, and say it if a speaker works (at its configured volume)."""
        self._print(f"Notice: {text}")
        try:
            play(parts.synthesiser.speak_sentences(text), device(self.config.audio.output_device))
        except AudioUnavailable:
            pass

    def _turn(self, timing: TurnTiming) -> None:
        self._log.turn(timing)
        self._print(f"Turn: {timing.section or 'no topic'}, {timing.beyond_silence * 1000:.0f} ms "
                    "beyond the silence.")

    def _error(self, err: Exception) -> None:
        self._log.error(err)
        self._errors.append(time.monotonic())
        if len(self._errors) == TOO_MANY_ERRORS and self._errors[-1] - self._errors[0] < ERROR_WINDOW:
            raise TooManyErrors(f"{TOO_MANY_ERRORS} turns failed within {ERROR_WINDOW:.0f} s; "
                                f"the last: {type(err).__name__}: {err}") from err
        self._print(f"An error in this turn, carrying on: {type(err).__name__}: {err}")
