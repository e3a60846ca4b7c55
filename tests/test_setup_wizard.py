"""The set-up wizard's questions, answered by a script (its sound steps are test_setup_and_doctor's)."""

from __future__ import annotations

import io
import socket

import pytest

from voiceinfo.caregiver.setup import Abandoned, Wizard
from voiceinfo.config import Config


def scripted(*answers: str) -> Wizard:
    replies = iter(answers)

    def answer(_prompt: str) -> str:
        try:
            return next(replies)
        except StopIteration:
            raise EOFError from None  # out of answers: the wizard would be asking for ever

    return Wizard(Config(), answer=answer, out=io.StringIO())


def test_a_minimum_above_the_present_maximum_is_taken_with_its_new_maximum() -> None:
    """Checked one by one, a slowest speed of 300 was refused while the fastest was still 220."""
    wizard = scripted("300", "300", "400")
    wizard.settings("voice", ("rate", "Starting speed?"), ("min_rate", "Slowest?"), ("max_rate", "Fastest?"))
    voice = wizard.config.voice
    assert (voice.rate, voice.min_rate, voice.max_rate) == (300, 300, 400)


def test_bounds_that_do_not_fit_are_asked_again_with_the_reason() -> None:
    wizard = scripted("0.9", "0.5", "0.4", "abc", "0.5", "0.6", "0.9")
    wizard.settings("voice", ("volume", "Volume?"), ("min_volume", "Quietest?"), ("max_volume", "Loudest?"))
    voice = wizard.config.voice
    assert (voice.volume, voice.min_volume, voice.max_volume) == (0.5, 0.6, 0.9)
    said = wizard.out.getvalue()
    assert "min_volume (0.5) is above voice.max_volume (0.4)" in said and "'abc' is not a number" in said


def test_running_out_of_answers_abandons_rather_than_asking_for_ever() -> None:
    wizard = scripted("500")  # out of range, asked again, and no more answers
    with pytest.raises(Abandoned):
        wizard.settings("voice", ("min_rate", "Slowest?"))


def test_a_helping_machine_is_checked_and_kept_even_when_it_does_not_answer_yet() -> None:
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        uri = f"tcp://127.0.0.1:{closed.getsockname()[1]}"
    wizard = scripted("http://192.168.1.20", uri, "yes", "no")
    wizard._helper()
    assert (wizard.config.content.asr_uri, wizard.config.voice.tts_uri) == (uri, "")
    said = wizard.out.getvalue()
    assert "'http://192.168.1.20' is not a Wyoming address" in said and "It does not answer now" in said


def test_none_means_no_helping_machine() -> None:
    wizard = scripted("none")
    wizard.config = Config().updated(content={"asr_uri": "tcp://10.0.0.2:10700"}, voice={"tts_uri": "tcp://10.0.0.2:10700"})
    wizard._helper()
    assert (wizard.config.content.asr_uri, wizard.config.voice.tts_uri) == ("", "")
