"""The built-in engine's language model is built once and rebuilt when what it comes from changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.understanding.content import DEFAULT_CONTENT, load

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


def test_the_model_is_built_once_and_again_for_changed_content(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    SphinxRecogniser(load(DEFAULT_CONTENT))
    [built] = (tmp_path / "cache" / "voiceinfo").iterdir()
    first_build = (built / "info.json").stat().st_mtime_ns

    SphinxRecogniser(load(DEFAULT_CONTENT))
    assert (built / "info.json").stat().st_mtime_ns == first_build
    assert not list(built.glob("*.partial"))

    edited = tmp_path / "edited.yaml"
    shutil.copy(DEFAULT_CONTENT, edited)
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited by a caregiver\n", encoding="utf-8")
    SphinxRecogniser(load(edited))
    assert len(list((tmp_path / "cache" / "voiceinfo").iterdir())) == 2


def test_an_unwritable_cache_builds_for_this_run_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    recogniser = SphinxRecogniser(load(DEFAULT_CONTENT))
    assert "language model of" in recogniser.description
    assert (tmp_path / "cache").is_file()
