"""A kiosk that leans on another machine's recogniser (--asr-uri): it hears through a served
voiceinfo over the real Wyoming protocol, carries on with its own recogniser while that server
is gone, says so, and goes back to it when it returns (in process: the kiosk's test would wait
RETRY_AFTER more in real time)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_kiosk_live import SETTINGS, kiosk

from harness.spoken_audio import spoken
from harness.virtual_audio import VirtualAudio
from harness.wyoming_service import free_port, served
from voiceinfo.hearing.recogniser import transcribe_speech
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.protocol.wyoming_client import RETRY_AFTER, RemoteRecogniser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.prompts import REMOTE_BACK, REMOTE_LOST

pytestmark = pytest.mark.slow  # a served voiceinfo with the real engines

QUESTION = "can i drink alcohol with it"
# A question with a short answer (each turn is heard out in real time), and a server that
# starts quickly (it speaks for nobody here).
ASKED, ANSWER = "what strength are the tablets", "Baclofen tablets come in 10 milligram"
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


@pytest.mark.audio
def test_a_kiosk_hears_through_a_served_voiceinfo_and_survives_its_loss(virtual_audio: VirtualAudio,
                                                                         tmp_path: Path) -> None:
    port = free_port()
    config = SETTINGS.updated(content={"asr_uri": f"tcp://127.0.0.1:{port}"}, listening={"reprompt_after": 60})
    with kiosk(virtual_audio, tmp_path, config) as session:
        with served(*LIGHT, port=port):
            said, _ = session.turn(ASKED)
            assert said.startswith(ANSWER), session.last_heard
        said, _ = session.turn(ASKED)  # the server has gone (its return: the test above)
        assert said.startswith(REMOTE_LOST) and ANSWER in said, session.last_heard
