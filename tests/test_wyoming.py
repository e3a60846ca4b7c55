"""`voiceinfo serve` over the real Wyoming protocol, talked to with the wyoming library's own
client, as Home Assistant's Wyoming integration talks to a service."""

from __future__ import annotations

import asyncio
import io
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize, SynthesizeVoice
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from harness.spoken_audio import spoken
from harness.systemd import systemd_would_run
from harness.wyoming_service import free_port, served
from voiceinfo.caregiver.doctor import checks
from voiceinfo.caregiver.setup import Wizard
from voiceinfo.config import Config, save
from voiceinfo.protocol.announce import SERVICE_TYPE
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # a server with the real engines


@pytest.fixture(scope="module")
def notify(tmp_path_factory: pytest.TempPathFactory) -> Iterator[socket.socket]:
    """systemd's notify socket, as the service's unit gives it one."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(tmp_path_factory.mktemp("systemd") / "notify"))
        sock.settimeout(10)
        yield sock


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory, notify: socket.socket) -> Iterator[int]:
    """The service started as systemd starts the unit `voiceinfo serve install` writes: its command
    line, environment and umask, with a notify socket and a watchdog of 2 s. The same user's
    home and cache; no settings file, as on a machine where `voiceinfo setup` was never run."""
    user = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/"),
            "XDG_CONFIG_HOME": str(tmp_path_factory.mktemp("config"))}
    user |= {"XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]} if "XDG_CACHE_HOME" in os.environ else {}
    port = free_port()
    unit = subprocess.run([sys.executable, "-m", "voiceinfo", "serve", "install", "--print", "--uri",
                           f"tcp://127.0.0.1:{port}", "--zeroconf", announced_as(port)],
                          env=user, capture_output=True, text=True, check=True).stdout
    command, env, umask = systemd_would_run(unit)
    env |= user | {"NOTIFY_SOCKET": notify.getsockname(), "WATCHDOG_USEC": "2000000"}
    with served(port=port, command=command, env=env, umask=umask):
        yield port


def announced_as(port: int) -> str:
    return f"voiceinfo-test-{port}"  # each worker's server its own name


def test_it_is_announced_on_the_network_as_home_assistant_looks_for_it(port: int) -> None:
    async def look() -> AsyncServiceInfo | None:
        async with AsyncZeroconf() as zeroconf:
            return await zeroconf.async_get_service_info(SERVICE_TYPE, f"{announced_as(port)}.{SERVICE_TYPE}", 3000)

    found = asyncio.run(look())
    assert found is not None and found.port == port


def test_the_installed_unit_starts_it_and_tells_systemd_when_it_listens(port: int, notify: socket.socket) -> None:
    assert notify.recv(100) == b"READY=1"
    assert [notify.recv(100) for _ in range(2)] == [b"WATCHDOG=1"] * 2  # its heartbeat, each second


async def _exchange(port: int, *events: Event, until: str, past_errors: bool = False) -> list[Event]:
    """Send the events, then read until an event of type `until` (or an error, unless past_errors)."""
    async with AsyncTcpClient("127.0.0.1", port) as client:
        client.read_timeout = 60
        for event in events:
            await client.write_event(event)
        got = []
        while (event := await client.read_event()) is not None:
            got.append(event)
            if event.type == until or (event.type == "error" and not past_errors):
                break
        return got


def exchange(port: int, *events: Event, until: str, past_errors: bool = False) -> list[Event]:
    return asyncio.run(_exchange(port, *events, until=until, past_errors=past_errors))


def handled(port: int, text: str, conversation: str | None = None) -> str:
    context = {"conversation_id": conversation} if conversation else None
    [reply] = exchange(port, Transcript(text=text, context=context).event(), until="handled")
    assert reply.type == "handled", reply
    return reply.data["text"]


def test_describe_offers_a_recogniser_the_voices_and_answers(port: int) -> None:
    [event] = exchange(port, Describe().event(), until="info",
                             past_errors=True)
    info = Info.from_event(event)
    assert info.asr[0].models[0].languages == ["en"] and "pocketsphinx" in info.asr[0].models[0].name
    assert "piper/joe" in [v.name for v in info.tts[0].voices]
    assert [m.name for m in info.handle[0].models] == ["baclofen"]


def test_questions_are_answered_declined_or_met_with_the_emergency_line(port: int, monograph: Monograph) -> None:
    alcohol = next(item for section in monograph.sections for item in section.items if item.id == "alcohol")
    assert handled(port, "can I drink alcohol with it").startswith(alcohol.say[:40])
    assert handled(port, "what about grapefruit juice").startswith("I don't have that information")
    assert handled(port, "what are the side effects of ibuprofen").startswith("I only have information about baclofen")
    assert handled(port, "my son swallowed some of my tablets").startswith(monograph.urgent_say)


def test_a_conversation_id_keeps_the_place_for_more_and_next(port: int, monograph: Monograph) -> None:
    side_effects = monograph.section("side-effects")
    assert handled(port, "what are the side effects", "kitchen").startswith(side_effects.say[:40])
    assert handled(port, "go to the next one", "kitchen") == side_effects.items[0].say
    assert handled(port, "go to the next one", "hallway") != side_effects.items[0].say  # its own place
    assert handled(port, "go to the next one", "kitchen") == side_effects.items[1].say


@pytest.mark.parametrize("rate, width, channels", [(16000, 2, 1), (44100, 2, 2), (8000, 1, 1)])
def test_speech_is_transcribed_at_any_rate_width_and_channel_count(port: int, rate: int, width: int,
                                                                   channels: int) -> None:
    said = spoken(Synthesiser(Voice("gmw/en-us", 150)), "can i drink alcohol with it").astype(np.float64)
    at_rate = np.interp(np.arange(0, len(said), 16000 / rate), np.arange(len(said)), said)
    pcm = (at_rate / 256 + 128).astype(np.uint8) if width == 1 else at_rate.astype("<i2")
    audio = np.repeat(pcm, channels).tobytes()
    step = rate * width * channels // 10
    events = [Transcribe(language="en").event(), AudioStart(rate=rate, width=width, channels=channels).event(),
              *(AudioChunk(rate=rate, width=width, channels=channels, audio=audio[at:at + step]).event()
                for at in range(0, len(audio), step)),
              AudioStop().event()]
    [reply] = exchange(port, *events, until="transcript")
    assert reply.data["text"] == "can i drink alcohol with it"


def test_speech_is_synthesised_and_streamed(port: int) -> None:
    events = exchange(port, Synthesize(text="Baclofen relaxes muscles. It is taken by mouth.",
                                       voice=SynthesizeVoice(name="gmw/en-us")).event(), until="audio-stop")
    assert events[0].type == "audio-start" and events[-1].type == "audio-stop"
    chunks = [AudioChunk.from_event(e) for e in events[1:-1]]
    assert chunks and all(c.rate == 22050 and c.width == 2 for c in chunks)
    assert sum(len(c.audio) for c in chunks) / 2 / 22050 > 2.0
    [error] = exchange(port, Synthesize(text="Hello.", voice=SynthesizeVoice(name="piper/nobody")).event(),
                       until="error")
    assert error.type == "error" and "piper/nobody" in error.data["text"]


async def _raw(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    got = await asyncio.wait_for(reader.read(), 30)  # until the server closes
    writer.close()
    return got


def test_a_malformed_event_gets_an_error_and_the_server_goes_on(port: int) -> None:
    got = asyncio.run(_raw(port, b"this is not json\n"))
    assert b'"type": "error"' in got and b"not a Wyoming event" in got
    got = asyncio.run(_raw(port, b'{"type": "transcript", "data_length": 99999999999}\n'))
    assert b'"type": "error"' in got
    [error, info] = exchange(port, Event(type="fly-me-to-the-moon"), Describe().event(), until="info",
                             past_errors=True)
    assert error.type == "error" and "fly-me-to-the-moon" in error.data["text"]
    assert info.type == "info"  # the same connection goes on after an unexpected event
    assert handled(port, "does it make you sleepy")


def test_a_client_gone_mid_stream_does_not_harm_the_others(port: int) -> None:
    async def gone() -> None:
        async with AsyncTcpClient("127.0.0.1", port) as client:
            await client.write_event(Transcribe().event())
            await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
            await client.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=bytes(3200)).event())
        # and one that leaves halfway through an event's payload
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b'{"type": "audio-chunk", "payload_length": 1000}\nabc')
        await writer.drain()
        writer.close()

    asyncio.run(gone())
    assert handled(port, "can I drive")


def test_twenty_clients_at_once_are_all_answered(port: int, monograph: Monograph) -> None:
    questions = ["can I drive", "does it make you sleepy", "can I drink alcohol with it", "what is baclofen"] * 5

    async def all_at_once() -> list[list[Event]]:
        return await asyncio.gather(*(_exchange(port, Transcript(text=q).event(), until="handled") for q in questions))

    replies = asyncio.run(all_at_once())
    assert [r[0].type for r in replies] == ["handled"] * 20
    assert len({r[0].data["text"] for r in replies}) == 4


def test_the_set_up_wizard_finds_what_a_served_voiceinfo_offers(port: int) -> None:
    answers = iter([f"tcp://127.0.0.1:{port}", "yes", "yes"])
    wizard = Wizard(Config(), answer=lambda _prompt: next(answers), out=io.StringIO())
    wizard._helper()
    assert "It answers, and offers speech recognition and voices." in wizard.out.getvalue()
    assert wizard.config.content.asr_uri == wizard.config.voice.tts_uri == f"tcp://127.0.0.1:{port}"


def test_doctor_checks_the_helping_machine(port: int, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    save(Config().updated(content={"asr_uri": f"tcp://127.0.0.1:{port}"}, voice={"tts_uri": f"tcp://127.0.0.1:{free_port()}"}),
         config)
    results = [check for check in checks(config) if check.name == "helping machine"]
    assert [(check.ok, check.detail.split(" ", 1)[1]) for check in results] == [
        (True, "offers speech recognition"), (False, "does not answer; this machine stands in")]
