"""`voiceinfo kiosk install`: a systemd unit that starts the kiosk at boot and restarts it.

Two ways, as systemd has two managers:
- user: a unit in the user's own systemd, which starts after their sound server
  (PulseAudio or PipeWire) and so has its XDG_RUNTIME_DIR already; with "linger" on it
  starts at boot without anyone logging in.
- system: a unit in /etc/systemd/system that runs as that user, pointed at the user's
  sound server through XDG_RUNTIME_DIR (again with linger on, so that server exists). Never
  as root: the kiosk runs from a virtual environment its user can write to.

Type=notify with a watchdog: the kiosk says when it listens and keeps saying its loop is
alive (sd_notify.py); a hung loop is restarted. The sandbox is what a sound client that
talks to nothing but the local sound server can live with: no network address families,
a private /tmp, files it makes readable by its user only, a memory ceiling. Filesystem
namespaces need root's manager, so a user unit gets only the options that work without.
"""

from __future__ import annotations

import getpass
import pwd
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from voiceinfo.paths import AS_ROOT, PROGRAM, xdg_home

Mode = Literal["user", "system"]
UNIT_NAME = "voiceinfo-kiosk.service"
SYSTEM_UNITS = Path("/etc/systemd/system")


def user_units() -> Path:
    return xdg_home("config") / "systemd" / "user"


def _quoted(path: Path | str) -> str:
    """A path as systemd reads one in a command line: in double quotes, escaped."""
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


def executable() -> Path:
    """The voiceinfo command of this installation (the virtual environment's)."""
    return Path(sys.executable).parent / "voiceinfo"


@dataclass(frozen=True)
class Unit:
    mode: Mode
    config: Path
    command: Path
    user: str
    uid: int
    home: Path

    @property
    def path(self) -> Path:
        return (user_units() if self.mode == "user" else SYSTEM_UNITS) / UNIT_NAME

    def text(self) -> str:
        after = "pulseaudio.service pipewire-pulse.service"
        account = sandbox = ""
        if self.mode == "system":
            after = f"sound.target user@{self.uid}.service"
            account = (f"User={self.user}\n"
                       f"Environment=XDG_RUNTIME_DIR=/run/user/{self.uid}\n")
            sandbox = ("PrivateTmp=yes\n"
                       "ProtectSystem=full\n"
                       "ProtectHome=read-only\n"
                       f"ReadWritePaths=-{self.home}/.local/state -{self.home}/.cache\n"
                       "ProtectKernelTunables=yes\n"
                       "ProtectControlGroups=yes\n"
                       "IPAddressDeny=any\n")
        wanted_by = "default.target" if self.mode == "user" else "multi-user.target"
        return (
            "[Unit]\n"
            "Description=voiceinfo: spoken answers about medicines, hands-free (kiosk)\n"
            f"After={after}\n"
            "# Keep trying for ever: a kiosk has nobody to restart it.\n"
            "StartLimitIntervalSec=0\n"
            "\n"
            "[Service]\n"
            f"{account}"
            f"ExecStart={_quoted(self.command)} --config {_quoted(self.config)} kiosk\n"
            "Type=notify\n"
            "NotifyAccess=main\n"
            "# The first start builds the language model: give it time before READY=1.\n"
            "TimeoutStartSec=300\n"
            "WatchdogSec=60\n"
            "Restart=always\n"
            "RestartSec=5\n"
            "# Stopped by systemctl (SIGTERM), it tidies up and exits 130 as on Ctrl+C: a clean stop.\n"
            "SuccessExitStatus=130\n"
            "UMask=0077\n"
            "MemoryMax=1G\n"
            "NoNewPrivileges=yes\n"
            "# The sound server and systemd are reached over Unix sockets; nothing else is needed.\n"
            "RestrictAddressFamilies=AF_UNIX\n"
            f"{sandbox}"
            "\n"
            "[Install]\n"
            f"WantedBy={wanted_by}\n")

    def how_to_enable(self) -> str:
        if self.mode == "user":
            return (f"To start it now and at every boot:\n"
                    f"  systemctl --user daemon-reload\n"
                    f"  systemctl --user enable --now {UNIT_NAME}\n"
                    f"  {AS_ROOT}loginctl enable-linger {self.user}   # start at boot without a login\n"
                    f"To see it: systemctl --user status {UNIT_NAME}; {PROGRAM} kiosk status")
        return (f"To start it now and at every boot:\n"
                f"  {AS_ROOT}loginctl enable-linger {self.user}   # so {self.user}'s sound server runs at boot\n"
                f"  {AS_ROOT}systemctl daemon-reload\n"
                f"  {AS_ROOT}systemctl enable --now {UNIT_NAME}\n"
                f"To see it: systemctl status {UNIT_NAME}; {PROGRAM} kiosk status")


def unit_for(mode: Mode, config: Path, user: str | None = None) -> Unit:
    """The unit for this installation and config; user defaults to whoever runs this."""
    name = user or getpass.getuser()
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise ValueError(f"there is no user called {name!r} on this machine") from None
    if mode == "system" and account.pw_uid == 0:
        raise ValueError("a system kiosk never runs as root: name the user whose microphone, "
                         "speaker and sound server it uses, e.g. --as pi")
    return Unit(mode, config.resolve(), executable(), name, account.pw_uid, Path(account.pw_dir))


def install(unit: Unit) -> Path:
    """Write the unit file in one step; returns where."""
    unit.path.parent.mkdir(parents=True, exist_ok=True)
    partial = unit.path.with_name(unit.path.name + ".partial")
    partial.write_text(unit.text(), encoding="utf-8")
    partial.replace(unit.path)
    return unit.path
