"""A kiosk that leans on another machine's recogniser (--asr-uri) and voice (--tts-uri): it hears
and speaks through a served voiceinfo over the real Wyoming protocol, carries on with its own
engines while that server is gone, says so, and goes back to it when it returns (in process: the
kiosk's test would wait RETRY_AFTER more in real time)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_kiosk_live import LIGHT as LIGHT_KIOSK
from test_kiosk_live import kiosk

from harness.spoken_audio import spoken
from harness.virtual_audio import VirtualAudio
from harness.wyoming_service import free_port, served
from voiceinfo.audio.recordings import for_recogniser
from voiceinfo.hearing.recogniser import transcribe_speech
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.protocol.wyoming_client import RETRY_AFTER, RemoteRecogniser, RemoteSynthesiser
from voiceinfo.speaking.synthesiser import Audio, SentenceBySentence, Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.prompts import REMOTE_BACK, REMOTE_LOST, REMOTE_VOICE_BACK, REMOTE_VOICE_LOST

pytestmark = pytest.mark.slow  # a served voiceinfo with the real engines

QUESTION = "can i drink alcohol with it"
# A question with a short answer (each turn is heard out in real time) that the built-in engine
# hears alike in every guess ("what strength are the tablets" was heard as "what to any start the
# tablets" in half of them, and confirmed first), and a server that starts quickly (it speaks for
# nobody here).
ASKED, ANSWER = "who wrote this", "This information was last reviewed in July 2019"
LIGHT = ("--voice", "gmw/en-us")


def test_it_hears_through_the_service_then_by_itself_then_through_the_service_again(monograph: Monograph) -> None:
    port, now = free_port(), [0.0]
    remote = RemoteRecogniser(f"tcp://127.0.0.1:{port}", SphinxRecogniser(monograph), clock=lambda: now[0])
    said = spoken(Synthesiser(Voice("gmw/en-us", 150)), QUESTION)
    with served(port=port):
        heard = transcribe_speech(remote, said)
        assert (heard.text, heard.notice, remote.hear_again()) == (QUESTION, "", None)  # the service heard it
    lost = transcribe_speech(remote, said)
    assert (lost.text, lost.notice) == (QUESTION, REMOTE_LOST)  # its own recogniser heard it
    assert transcribe_speech(remote, said).notice == ""  # said once
    with served(port=port):
        assert transcribe_speech(remote, said).notice == ""  # not asked again before RETRY_AFTER
        now[0] += RETRY_AFTER
        back = transcribe_speech(remote, said)
        assert (back.text, back.notice) == (QUESTION, REMOTE_BACK)


class Silent(SentenceBySentence):
    """The local voice, as a fake: silence a second a piece, at a rate no speech service uses."""

    rate = 11025

    def __init__(self) -> None:
        self.voice = Voice("gmw/en-us", 160)

    def set_voice(self, voice: Voice) -> None:
        self.voice = voice

    def synthesise(self, text: str) -> Audio:
        return Audio(np.zeros(self.rate, np.int16), self.rate)


def heard(recogniser: SphinxRecogniser, audio: Audio) -> str:
    return transcribe_speech(recogniser, for_recogniser(audio.samples / 32768, audio.rate)).text


def test_it_speaks_through_the_service_at_its_own_rate_speed_and_volume_then_by_itself(monograph: Monograph) -> None:
    port, now, recogniser = free_port(), [0.0], SphinxRecogniser(monograph)
    remote = RemoteSynthesiser(f"tcp://127.0.0.1:{port}", Silent(), clock=lambda: now[0])
    with served(*LIGHT, port=port):
        [(said, audio)] = list(remote.sentence_audio("Can I drink alcohol with it?"))
        assert audio.rate == Silent.rate and heard(recogniser, audio) == QUESTION
        remote.set_voice(Voice("gmw/en-us", 100, volume=0.5))  # "slower", "quieter": done here
        [(_, slower)] = list(remote.sentence_audio("Can I drink alcohol with it?"))
        assert slower.seconds > audio.seconds * 1.4 and heard(recogniser, slower) == QUESTION
        assert np.abs(slower.samples).max() < np.abs(audio.samples).max() * 0.6
    lost = list(remote.sentence_audio("Can I drink alcohol with it?"))
    assert [text for text, _ in lost] == [REMOTE_VOICE_LOST, "Can I drink alcohol with it?"]
    assert not any(audio.samples.any() for _, audio in lost)  # the local voice spoke both
    with served(*LIGHT, port=port):
        assert len(list(remote.sentence_audio("Next."))) == 1  # not asked again before RETRY_AFTER
        now[0] += RETRY_AFTER
        back = list(remote.sentence_audio("Next."))
        assert [text for text, _ in back] == [REMOTE_VOICE_BACK, "Next."] and back[1][1].samples.any()


@pytest.mark.audio
def test_a_kiosk_hears_through_a_served_voiceinfo_and_survives_its_loss(virtual_audio: VirtualAudio,
                                                                         tmp_path: Path) -> None:
    port = free_port()
    config = LIGHT_KIOSK.updated(content={"asr_uri": f"tcp://127.0.0.1:{port}"}, listening={"reprompt_after": 60})
    with kiosk(virtual_audio, tmp_path, config) as session:
        with served(*LIGHT, port=port):
            said, _ = session.ask(ASKED)
            assert said.startswith(ANSWER), session.last_heard
        said, _ = session.turn(ASKED)  # the server has gone (its return: the test above)
        assert said.startswith(REMOTE_LOST), session.last_heard
        if "Did you ask about" in said:  # unsure of what it heard by itself (once in a CI run): confirmed
            said, _ = session.turn("yes", "gmw/en-us")
        assert ANSWER in said, session.last_heard
