"""A plain `pip install .` (not editable) answers from any folder: the monograph goes with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds

REPO = Path(__file__).resolve().parent.parent


def test_an_installed_wheel_answers_from_any_folder(tmp_path: Path) -> None:
    """Once, the monograph was looked for beside the package, and an installed voiceinfo had none."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(tmp_path)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("voiceinfo-*.whl")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The wheel's package comes first on the path; the dependencies are this environment's.
    result = subprocess.run([sys.executable, "-m", "voiceinfo", "ask", "--no-speak", "what are the side effects"],
                            cwd=elsewhere, env={"PYTHONPATH": str(site), "HOME": str(tmp_path)},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Baclofen can cause side effects")
    located = subprocess.run([sys.executable, "-c",
                              "import voiceinfo.understanding.content as c; print(c.DEFAULT_CONTENT)"],
                             cwd=elsewhere, env={"PYTHONPATH": str(site)}, capture_output=True, text=True)
    assert located.stdout.startswith(str(site))
