"""`voiceinfo setup`: a caregiver's step-by-step set-up, spoken and printed, answered by keyboard.

Every step is printed and, once a speaker works, said aloud, so a caregiver with low
vision can follow it too. Enter keeps the value shown in brackets (the current config's,
or the standard one). Nothing is written until the last step is confirmed, and then
in one step (config.save), so an abandoned or failed set-up leaves the last good config
exactly as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

import numpy as np

from voiceinfo.audio.playback import AudioUnavailable, play, sounddevice
from voiceinfo.audio.segmenter import PATIENCE, SAMPLE_RATE
from voiceinfo.audio.speech_level import level_report
from voiceinfo.config import Config, ConfigError, VoiceSettings
from voiceinfo.loop.assembly import device
from voiceinfo.speaking.piper import installed
from voiceinfo.speaking.synthesiser import SentenceBySentence, SpeechUnavailable
from voiceinfo.speaking.voice import UnknownVoice, Voice
from voiceinfo.speaking.voices import open_synthesiser

# espeak-ng's voices offered beside Piper's (a name typed may be any other of its voices).
ESPEAK_VOICES = ("gmw/en-us", "gmw/en-GB-x-rp", "gmw/en-us+f3", "gmw/en")


class Abandoned(Exception):
    """The caregiver stopped the set-up (end of input, or Ctrl-C)."""


def _devices(kind: str) -> list[tuple[str, str]]:
    """(label, setting) for each device that can record (kind "input") or play ("output")."""
    try:
        found = sounddevice().query_devices()
    except AudioUnavailable:
        return []
    return [(f"{d['name']}", str(d["index"])) for d in found if d[f"max_{kind}_channels"] > 0]


@dataclass
class Wizard:
    config: Config
    answer: Callable[[str], str] = input
    out: TextIO = sys.stdout
    _synth: SentenceBySentence | None = field(default=None, init=False)

    # -- talking to the caregiver -------------------------------------------------------

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)
        try:
            voice = self.config.voice
            if self._synth is None:
                self._synth = open_synthesiser(Voice(voice.name, voice.rate, voice.volume))
            play(self._synth.speak_sentences(text), device(self.config.audio.output_device))
        except (AudioUnavailable, SpeechUnavailable, UnknownVoice):
            pass  # printed is enough; the speaker step says what is wrong with sound

    def ask(self, question: str, default: str) -> str:
        self.say(question)
        try:
            reply = self.answer(f"[{default}] > ").strip()
        except (EOFError, KeyboardInterrupt):
            raise Abandoned from None
        return reply or default

    def yes(self, question: str, default: bool = True) -> bool:
        while True:
            reply = self.ask(f"{question} Yes or no?", "yes" if default else "no").lower()
            if reply in ("y", "yes", "n", "no"):
                return reply.startswith("y")
            self.say("Please type yes or no.")

    def choose(self, question: str, options: list[tuple[str, str]], current: str,
               free: bool = False) -> str:
        """One of options by its number, Enter for the current one, or (free) any text."""
        lines = [f"  {n}. {label}" for n, (label, _) in enumerate(options, 1)]
        print("\n".join(lines), file=self.out, flush=True)
        values = [value for _, value in options]
        default = str(values.index(current) + 1) if current in values else current
        while True:
            reply = self.ask(question, default)
            if reply.isdigit() and 1 <= int(reply) <= len(options):
                return values[int(reply) - 1]
            if reply == current or (free and not reply.isdigit()):
                return reply
            self.say(f"Please type a number from 1 to {len(options)}.")

    def settings(self, section: str, *questions: tuple[str, str]) -> None:
        """Values for settings that are checked together (a minimum and its maximum): each is
        asked, then all are checked at once, and asked again if they do not fit. Checked one by
        one, a minimum above the present maximum was refused before the maximum could be raised."""
        while True:
            values = {key: self._value(question, section, key) for key, question in questions}
            try:
                self.config = self.config.updated(**{section: values})
                return
            except ConfigError as err:
                self.say(f"That will not do: {err}")

    def _value(self, question: str, section: str, key: str) -> Any:
        current = getattr(getattr(self.config, section), key)
        while True:
            reply = self.ask(question, str(current))
            try:
                return type(current)(reply)
            except ValueError:
                self.say(f"That will not do: {reply!r} is not a {'whole ' if isinstance(current, int) else ''}number.")

    # -- the steps ------------------------------------------------------------------------

    def run(self) -> Config:
        self.say("Setting up voiceinfo. I will print and say each step. "
                 "Press Enter to keep the value in brackets.")
        self._speaker()
        self._microphone()
        self._echo()
        self._voice()
        self._patience()
        self._kiosk()
        self._helper()
        return self.config

    def _speaker(self) -> None:
        while True:
            options = [("the system's default speaker", ""), *_devices("output")]
            chosen = self.choose("Step 1: which speaker? Type its number.", options,
                                 self.config.audio.output_device)
            self.config = self.config.updated(audio={"output_device": chosen})
            self.say("This is the speaker test. If you can hear me, the speaker works.")
            if self.yes("Did you hear the test sentence?"):
                return

    def _microphone(self) -> None:
        from voiceinfo.audio.microphone import Microphone

        options = [("the system's default microphone", ""), *_devices("input")]
        chosen = self.choose("Step 2: which microphone? Type its number.", options,
                             self.config.audio.input_device)
        self.config = self.config.updated(audio={"input_device": chosen})
        while self.yes("Shall we test how loud the microphone hears you?"):
            self.say("After you press Enter, say a sentence at your normal loudness, for three seconds.")
            self.ask("Press Enter when ready.", "")
            try:
                microphone = Microphone(device(chosen))
                try:
                    frames = [microphone.read() for _ in range(round(3 * SAMPLE_RATE / 512))]
                finally:
                    microphone.close()
            except AudioUnavailable as err:
                self.say(f"I could not record: {err}.")
                continue
            samples = np.frombuffer(b"".join(f for f in frames if f), np.int16)
            report = level_report(samples)
            advice = {"too quiet": "Move the microphone closer, or turn its level up.",
                      "too loud": "Move the microphone further away, or turn its level down.",
                      "good": "That is right for listening."}[report]
            self.say(f"The level was {report}. {advice}")
            if report == "good":
                return

    def _echo(self) -> None:
        cancel = self.yes("Is the speaker in the same room as the microphone? Then the sound server "
                          "can take my own voice out of what the microphone hears, so that 'stop' "
                          "is heard while I speak.", self.config.audio.echo_cancel)
        self.config = self.config.updated(audio={"echo_cancel": cancel})

    def _voice(self) -> None:
        voice = self.config.voice
        options = [(f"{v.name} (natural)", v.name) for v in installed()] + [
            (f"{name} (by rule, lighter)", name) for name in ESPEAK_VOICES]
        while True:
            name = self.choose("Step 3: which voice? Type its number, or a voice name.", options,
                               voice.name, free=True)
            try:
                self._synth = open_synthesiser(Voice(name, voice.rate, voice.volume))
                if self._synth.why:
                    self.say(self._synth.why)
            except UnknownVoice as err:
                self.say(str(err))
                continue
            except SpeechUnavailable:
                pass  # nothing can speak: keep the name; 'voiceinfo doctor' will say why
            self.config = self.config.updated(voice={"name": name})
            self.say("This is how this voice sounds.")
            if self.yes("Keep this voice?"):
                break
        self.settings("voice", ("rate", "Step 4: Starting speed, in words a minute?"),
                      ("min_rate", "Step 4: Slowest it may go when asked to slow down?"),
                      ("max_rate", "Step 4: Fastest it may go when asked to speed up?"))
        self.settings("voice", ("volume", "Step 4: Starting volume, from 0 to 1?"),
                      ("min_volume", "Step 4: Quietest it may go, from 0 to 1?"),
                      ("max_volume", "Step 4: Loudest it may go, from 0 to 1?"))
        self._keep_voice_in_bounds()

    def _keep_voice_in_bounds(self) -> None:
        v: VoiceSettings = self.config.voice
        self.config = self.config.updated(voice={
            "rate": min(max(v.rate, v.min_rate), v.max_rate),
            "volume": min(max(v.volume, v.min_volume), v.max_volume)})

    def _patience(self) -> None:
        options = [(f"{name}: a pause of {seconds} seconds ends a sentence", str(seconds))
                   for name, seconds in PATIENCE.items()]
        chosen = self.choose("Step 5: how long a pause ends a sentence? People who speak slowly "
                             "or pause for breath need the patient or very patient setting.",
                             options, str(self.config.listening.end_silence))
        self.config = self.config.updated(listening={"end_silence": float(chosen)})

    def _kiosk(self) -> None:
        wake = self.yes("Step 6: should it wait for a wake phrase before each conversation? "
                        "Choose no if it is only used by one person.", self.config.kiosk.wake)
        self.config = self.config.updated(kiosk={"wake": wake})
        if wake:
            self.settings("kiosk", ("wake_phrase", "Which wake phrase? Two or three common words."))
        greeting = self.ask("Step 7: what should it say when it starts? Type a greeting, or press "
                            "Enter for the standard one.", self.config.kiosk.greeting or "standard")
        self.config = self.config.updated(kiosk={"greeting": "" if greeting == "standard" else greeting})

    def _helper(self) -> None:
        from voiceinfo.protocol import tcp_address
        from voiceinfo.protocol.wyoming_client import describe

        hears, speaks = self.config.content.asr_uri, self.config.voice.tts_uri
        while True:
            uri = self.ask("Step 8: can another machine help this one hear and speak? If one runs "
                           "'voiceinfo serve' (or another Wyoming service), type its address, like "
                           "tcp://192.168.1.20:10700. Type none for no.", hears or speaks or "none")
            if uri.lower() == "none":
                self.config = self.config.updated(content={"asr_uri": ""}, voice={"tts_uri": ""})
                return
            try:
                tcp_address(uri)
                break
            except ValueError as err:
                self.say(f"That will not do: {err}.")
        info = describe(uri)
        if info is None:
            self.say("It does not answer now. I will keep its address: until it answers, this machine "
                     "hears and speaks by itself.")
        else:
            self.say("It answers, and offers " + (" and ".join(
                what for what, offered in (("speech recognition", info.asr), ("voices", info.tts)) if offered)
                or "neither speech recognition nor voices") + ".")
        hear = (info is None or bool(info.asr)) and self.yes("Should it hear the questions?", hears == uri or not hears)
        speak = (info is None or bool(info.tts)) and self.yes("Should it speak the answers, in its own voice?",
                                                               speaks == uri)
        self.config = self.config.updated(content={"asr_uri": uri if hear else ""},
                                          voice={"tts_uri": uri if speak else ""})
