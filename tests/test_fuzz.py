"""Property-based fuzzing of what reads the outside world (content, recordings, settings) and
of the dialogue, on a fixed budget so that CI runs the same examples every time. A failure
hypothesis finds is kept below as an @example, so it stays a regression test."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from voiceinfo.audio.recordings import AudioFileError, read_wav
from voiceinfo.config import Config, ConfigError, dumps
from voiceinfo.config import load as load_config
from voiceinfo.conversation.dialogue import Dialogue, SpeechBounds
from voiceinfo.conversation.kiosk_session import KioskSession
from voiceinfo.events import Transcript, Utterance
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import DEFAULT_CONTENT, ContentError, Monograph
from voiceinfo.understanding.content import load as load_content
from voiceinfo.understanding.lexicon import default_lexicon

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

# The budget: the same examples on every run (derandomize), no timing-based failures.
BUDGET = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SHIPPED = DEFAULT_CONTENT.read_text(encoding="utf-8")
YAML_BITS = [":", "-", "[", "]", "{", "}", "&a", "*a", "!!python/object", "'", '"', "#", "\n", "  ",
             "{name}", "{0}", "{", "(", "|", "\t", "\x00", "\ufeff", "no", "~", "? ", ">", "|-"]


@st.composite
def mutated(draw: st.DrawFn, text: str, bits: list[str]) -> str:
    """text with a few random cuts, insertions and duplicated lines."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "cut", "repeat"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(bits) | st.text(max_size=8)) + text[at:]
        elif edit == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)):]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at) + 1 or len(text)
            text = text[:end] + text[start:end] * draw(st.integers(1, 3)) + text[end:]
    return text


@BUDGET
@given(mutated(SHIPPED, YAML_BITS))
@example(SHIPPED.replace("not about {name}.", "not about {name} {0} {."))  # passed the check, then IndexError
@example("[" * 20_000)  # RecursionError
def test_any_content_file_loads_or_is_a_content_error_and_what_loads_answers(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("content") / "drug.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        monograph = load_content(path)
    except ContentError:
        return
    # Words alone: each content that loads would have its phrasings embedded (seconds);
    # tests/test_meaning.py covers the sentence model.
    answerer = Answerer(monograph, default_lexicon(), meaning=False)
    for question in ("can I take it with aspirin", "side effects", "my son swallowed my tablets", "zz"):
        assert answerer.answer(question).text


def _wav(rate: int, channels: int, bits: int, data: bytes, fmt: int = 1, size: int | None = None) -> bytes:
    block = channels * bits // 8
    chunk = struct.pack("<HHIIHH", fmt, channels, rate, rate * block % 2**32, block, bits)
    return (b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<I", 16) + chunk
            + b"data" + struct.pack("<I", len(data) if size is None else size) + data)


@BUDGET
@given(rate=st.sampled_from([0, 1, 8000, 16000, 44100, 48000, 96000, 2**31]),
       channels=st.integers(0, 9), bits=st.sampled_from([0, 8, 16, 24, 32, 33]),
       fmt=st.sampled_from([1, 3, 0xFFFE, 0, 7]), data=st.binary(max_size=4000),
       size=st.none() | st.integers(0, 2**32 - 1), cut=st.integers(0, 100))
@example(rate=16000, channels=1, bits=16, fmt=1, data=b"", size=2_000_000_000, cut=0)
def test_any_wav_is_read_or_refused_in_words(tmp_path_factory, rate: int, channels: int, bits: int, fmt: int,
                                             data: bytes, size: int | None, cut: int) -> None:
    body = _wav(rate, channels, bits, data, fmt, size)
    path = tmp_path_factory.mktemp("wav") / "question.wav"
    path.write_bytes(body[:len(body) - cut] if cut < len(body) else body)
    try:
        samples = read_wav(path)
    except AudioFileError as err:
        assert str(err)
        return
    assert samples.dtype == np.int16 and len(samples) > 0


@BUDGET
@given(mutated(dumps(Config()), ["=", "[", "]", '"', "'", "\n", "-1", "1e999", "nan", "true", "[voice]",
                                 "rate", "\x00", "\\", "{}", "inf", '"""']))
@example('[voice]\nmin_rate = 300\nmax_rate = 200\n')
def test_any_settings_file_loads_or_is_a_config_error(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        config = load_config(path)
    except ConfigError as err:
        assert str(err)
        return
    voice = config.voice
    assert voice.min_rate <= voice.rate <= voice.max_rate and voice.min_volume <= voice.volume <= voice.max_volume


@pytest.fixture(scope="module")
def shipped() -> Monograph:
    return load_content(DEFAULT_CONTENT)


SAID = ["next", "previous", "more", "repeat", "slower", "faster", "louder", "quieter", "stop", "pause",
        "continue", "help", "goodbye", "exit", "yes", "no", "start over", "where am I", "how many are there",
        "read all the side effects", "what are the side effects", "can I drink alcohol", "open the settings",
        "my son swallowed my tablets", "what about aspirin", "", "uh", "hello helper", "the first one"]
UTTERANCE = st.tuples(st.sampled_from(SAID) | st.text(max_size=30), st.floats(0, 1),
                      st.lists(st.sampled_from(SAID), max_size=4).map(tuple))


@BUDGET
@given(steps=st.lists(st.one_of(UTTERANCE, st.just("silence"), st.just("interrupted")), max_size=25),
       kiosk=st.booleans())
def test_any_sequence_of_utterances_stays_in_bounds_and_a_locked_kiosk_never_ends(
        shipped: Monograph, steps: list, kiosk: bool) -> None:
    bounds = SpeechBounds(min_rate=120, max_rate=180, min_volume=0.5, max_volume=0.8)
    dialogue = Dialogue(Answerer(shipped, default_lexicon(), meaning=False), bounds, 150, 0.7,  # as above
                        can_end=not kiosk)
    conversation = KioskSession(dialogue, Config().kiosk, 10.0) if kiosk else dialogue
    last = None
    for step in steps:
        if step == "silence":
            reply = conversation.no_input()
        elif step == "interrupted":
            if last is not None:
                conversation.interrupted(last, len(last.parts) // 2)
            continue
        else:
            text, confidence, alternatives = step
            reading = conversation.interpret(Utterance(Transcript(text, confidence, alternatives=alternatives)))
            if reading.hear_again:
                reading = conversation.interpret_again(reading, Transcript(text, confidence))
            reply = conversation.respond(reading)
        if reply is None:
            continue
        last = reply
        assert bounds.min_rate <= reply.rate <= bounds.max_rate
        assert bounds.min_volume <= reply.volume <= bounds.max_volume
        assert not (kiosk and reply.end)
        if reply.end:
            break
