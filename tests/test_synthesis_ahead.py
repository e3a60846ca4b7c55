"""The reply's first sentence made ahead (SentenceBySentence.prepare), used only when it is
what is said next, in the same voice."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np

from voiceinfo.speaking.synthesiser import Audio, SentenceBySentence, spoken_pieces
from voiceinfo.speaking.voice import Voice


class Counting(SentenceBySentence):
    """A synthesiser that records what it was asked to make, and in which thread."""

    def __init__(self) -> None:
        self.voice, self.rate, self.made = Voice("test", 160), 16000, []

    def set_voice(self, voice: Voice) -> None:
        self.voice = voice

    def synthesise(self, text: str) -> Audio:
        self.made.append((text, threading.current_thread().name))
        return Audio(np.full(len(text), self.voice.rate, np.int16), self.rate)


def test_a_prepared_first_sentence_is_made_once_ahead_and_used() -> None:
    synth = Counting()
    synth.prepare("Baclofen relaxes muscles. It is taken by mouth.")
    said = [sentence for sentence, _ in synth.sentence_audio("Baclofen relaxes muscles. It is taken by mouth.")]
    assert said == ["Baclofen relaxes muscles.", "It is taken by mouth."]
    assert [text for text, _ in synth.made] == said
    assert synth.made[0][1].startswith("synthesis") and not synth.made[1][1].startswith("synthesis")


def test_what_was_prepared_is_not_used_for_another_reply_or_voice() -> None:
    synth = Counting()
    synth.prepare("Yes. Go on.")
    list(synth.sentence_audio("No. Stop."))
    synth.prepare("Yes. Go on.")
    synth.set_voice(replace(synth.voice, rate=120))
    audio = [a for _, a in synth.sentence_audio("Yes. Go on.")]
    assert all(a.samples[0] == 120 for a in audio)  # made afresh at the new rate
    list(synth.sentence_audio("Yes. Go on."))  # nothing prepared is left over for a later reply
    assert synth.made.count(("Yes.", "MainThread")) == 2


def test_the_contents_respellings_reach_the_voice_and_not_the_captions() -> None:
    synth = Counting()
    synth.say_as = (("lioresal", "lie-oressal"),)
    assert [s for s, _ in synth.sentence_audio("Lioresal is a brand.")] == ["Lioresal is a brand."]
    assert synth.made[0][0] == "lie-oressal is a brand."


def test_a_long_first_sentence_is_said_in_two_at_its_first_comma() -> None:
    long = ("The most common are drowsiness, dizziness, weakness, tiredness, confusion, headache and "
            "trouble sleeping. Say more to hear more.")
    assert spoken_pieces(long) == ["The most common are drowsiness,",
                                   "dizziness, weakness, tiredness, confusion, headache and trouble sleeping.",
                                   "Say more to hear more."]
    short = "Yes, it can make you sleepy. Say more to hear more."
    assert spoken_pieces(short) == ["Yes, it can make you sleepy.", "Say more to hear more."]
