"""A unit's [Service] read as systemd reads it, so that tests run its command line as systemd would."""

from __future__ import annotations

import shlex


def systemd_would_run(unit: str) -> tuple[list[str], dict[str, str], int]:
    """The command line, environment and umask of a unit's [Service]: ExecStart split on unquoted
    spaces, double quotes and backslash escapes undone, "%%" and "$$" read as "%" and "$"."""
    service = unit.split("[Service]\n", 1)[1].split("\n[", 1)[0]
    settings = [line.split("=", 1) for line in service.splitlines() if "=" in line and not line.startswith("#")]
    env = dict(value.split("=", 1) for key, value in settings if key == "Environment")
    (command,) = [value for key, value in settings if key == "ExecStart"]
    (umask,) = [int(value, 8) for key, value in settings if key == "UMask"]
    return [word.replace("%%", "%").replace("$$", "$") for word in shlex.split(command)], env, umask
