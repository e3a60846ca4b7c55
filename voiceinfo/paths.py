"""Where voiceinfo keeps things (the XDG folders), and how to name its command in what it prints."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Literal

_XDG = {"config": ("XDG_CONFIG_HOME", ".config"), "cache": ("XDG_CACHE_HOME", ".cache"),
        "state": ("XDG_STATE_HOME", ".local/state"), "data": ("XDG_DATA_HOME", ".local/share")}


Kind = Literal["config", "cache", "state", "data"]


def xdg_home(kind: Kind) -> Path:
    """This user's base folder of that kind, e.g. ~/.cache."""
    variable, default = _XDG[kind]
    return Path(os.environ.get(variable) or Path.home() / default)


def user_dir(kind: Kind) -> Path:
    """voiceinfo's own folder of that kind, e.g. ~/.cache/voiceinfo."""
    return xdg_home(kind) / "voiceinfo"


def _models_dir() -> Path:
    """The checkout's models/ folder; for an installed package, the user's data folder."""
    checkout = Path(__file__).resolve().parents[1] / "models"
    if (checkout / "README.md").is_file():
        return checkout
    return user_dir("data") / "models"


# Speech models and voices the user downloaded (`voiceinfo models download`).
MODELS_DIR = _models_dir()


def _program() -> str:
    """The command that runs this voiceinfo as a user would type it: "voiceinfo" when that is on
    PATH, else its full path (a fresh checkout's .venv/bin/voiceinfo is not on PATH)."""
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    on_path = shutil.which("voiceinfo")
    if script is not None and script.name == "voiceinfo":
        return "voiceinfo" if on_path and Path(on_path).resolve() == script else shlex.quote(str(script))
    if on_path:
        return "voiceinfo"
    return f"{shlex.quote(sys.executable)} -m voiceinfo"


PROGRAM = _program()
# What to put before a command that needs root: nothing for root, who may have no sudo.
AS_ROOT = "" if os.geteuid() == 0 else "sudo "
