"""Building the live loop's parts from the settings, in one place for the plain loop and the kiosk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voiceinfo.audio.segmenter import Endpointing
from voiceinfo.config import Config
from voiceinfo.conversation.dialogue import Dialogue, SpeechBounds
from voiceinfo.hearing.engines import choose_recogniser
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.loop.live import Listeners, LoopSettings
from voiceinfo.protocol.wyoming_client import RemoteRecogniser, RemoteSynthesiser
from voiceinfo.speaking.synthesiser import SentenceBySentence
from voiceinfo.speaking.voice import Voice
from voiceinfo.speaking.voices import open_synthesiser
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import DEFAULT_CONTENT, Monograph, load
from voiceinfo.understanding.lexicon import default_lexicon


def device(value: str) -> int | str | None:
    """A device setting: "" is the system's default, digits a PortAudio number, else a name."""
    return None if not value else int(value) if value.isdigit() else value


def content_file(config: Config) -> Path:
    return Path(config.content.file) if config.content.file else DEFAULT_CONTENT


def model_folder(config: Config) -> Path | None:
    return Path(config.content.model) if config.content.model else None


@dataclass
class Parts:
    monograph: Monograph
    dialogue: Dialogue
    listeners: Listeners
    notices: list[str]  # about the models passed over, and a voice that could not be loaded
    synthesiser: SentenceBySentence
    settings: LoopSettings


def build(config: Config, open_vocabulary: bool = False, wake_phrase: str = "",
          kiosk: bool = False) -> Parts:
    """Everything but the audio devices (kiosk: a dialogue that cannot be ended). Raises
    ContentError, ModelError, UnknownVoice or SpeechUnavailable for a setting that cannot work.

    A wake phrase is listened for with a small model of the program's own sentences and
    the phrase: it heard espeak-ng's "hello helper" 7 times in 9, the full question model
    once in 9 (3 voices, clean and noisy), and its own voice is heard as its own words."""
    monograph = load(content_file(config))
    voice = config.voice
    bounds = SpeechBounds(min_rate=voice.min_rate, max_rate=voice.max_rate,
                          min_volume=voice.min_volume, max_volume=voice.max_volume)
    answerer = Answerer(monograph, default_lexicon())
    answerer.prepare()  # at start, not in the first person's turn: up to 20 s the first time
    dialogue = Dialogue(answerer, bounds, voice.rate, voice.volume, can_end=not kiosk)  # a kiosk never ends
    extra = (wake_phrase,) if wake_phrase else ()
    choice = choose_recogniser(monograph, model_folder(config), open_vocabulary, extra=extra)
    questions = choice.recogniser
    if config.content.asr_uri:  # another machine hears the questions; this one, while it cannot
        questions = RemoteRecogniser(config.content.asr_uri, questions)
    listening = config.listening
    # One model of its own voice serves both: barge-in while it speaks, the wake phrase while
    # it listens, never at the same time.
    own_voice = SphinxRecogniser(monograph, purpose="barge-in", extra=extra) \
        if listening.barge_in or wake_phrase else None
    barge_in = own_voice if listening.barge_in else None
    wake = own_voice if wake_phrase else None
    synthesiser = open_synthesiser(Voice(voice.name, dialogue.rate, dialogue.volume))
    if voice.tts_uri:  # another machine speaks; this one, while it cannot
        synthesiser = RemoteSynthesiser(voice.tts_uri, synthesiser)
    synthesiser.say_as = monograph.say_as
    settings = LoopSettings(Endpointing(listening.end_silence), listening.reprompt_after,
                            listening.earcons)
    notices = choice.notices + [synthesiser.why] * bool(synthesiser.why)
    return Parts(monograph, dialogue, Listeners(questions, barge_in, wake), notices, synthesiser, settings)
