"""Shared fixtures: the shipped monograph, an answerer, a virtual sound server."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the harness, shared with bench/

from harness.virtual_audio import VirtualAudio, start_virtual_audio  # noqa: E402
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser  # noqa: E402
from voiceinfo.understanding.answering import Answerer  # noqa: E402
from voiceinfo.understanding.content import DEFAULT_CONTENT, Monograph, load  # noqa: E402
from voiceinfo.understanding.lexicon import default_lexicon  # noqa: E402


def pytest_sessionstart(session: pytest.Session) -> None:
    """Make the shipped monograph's phrasebook once, before test workers and the programs they
    start all need it at once (a few seconds with the shipped vectors; then kept in the cache)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        Answerer(load(DEFAULT_CONTENT), default_lexicon()).answer("my legs feel weaker since I started")


# Live audio through the virtual sound server: what needs PulseAudio and runs in real time.
_AUDIO_FIXTURES = {"virtual_audio", "own_audio"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that use a real sound server "audio", so that `-m "not audio"` runs the rest."""
    for item in items:
        if _AUDIO_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("audio"):
            item.add_marker(pytest.mark.audio)


@pytest.fixture(scope="session")
def monograph() -> Monograph:
    return load(DEFAULT_CONTENT)


@pytest.fixture(scope="session")
def answerer(monograph: Monograph) -> Answerer:
    return Answerer(monograph, default_lexicon())


@pytest.fixture(scope="module")
def listener(monograph: Monograph) -> SphinxRecogniser:
    """Hears the program's answers: a recogniser that knows what the content says."""
    return SphinxRecogniser(monograph, purpose="barge-in")


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[VirtualAudio]:
    audio = start_virtual_audio()
    yield audio
    audio.stop()
