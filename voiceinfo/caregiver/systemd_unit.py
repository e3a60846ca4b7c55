"""`voiceinfo kiosk install` and `voiceinfo serve install`: a systemd unit that starts the kiosk
(or the Wyoming service) at boot and restarts it.

Two ways, as systemd has two managers:
- user: a unit in the user's own systemd, which starts after their sound server
  (PulseAudio or PipeWire) and so has its XDG_RUNTIME_DIR already; with "linger" on it
  starts at boot without anyone logging in.
- system: a unit in /etc/systemd/system that runs as that user, pointed at the user's
  sound server through XDG_RUNTIME_DIR (again with linger on, so that server exists). Never
  as root: the kiosk runs from a virtual environment its user can write to.

Type=notify with a watchdog: the kiosk (or service) says when it listens and keeps saying its
loop is alive (sd_notify.py); a hung loop is restarted. The kiosk's sandbox is what a sound client
that talks to nothing but the local sound server can live with: no network address families, a
private /tmp, files it makes readable by its user only, a memory ceiling. The service needs no
sound server but the network: it starts once the network is up and may use IP, nothing else.
Filesystem namespaces need root's manager, so a user unit gets only the options that work without.
"""

from __future__ import annotations

import getpass
import pwd
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from voiceinfo.paths import AS_ROOT, PROGRAM, xdg_home

Mode = Literal["user", "system"]
Role = Literal["kiosk", "serve"]
SYSTEM_UNITS = Path("/etc/systemd/system")


def user_units() -> Path:
    return xdg_home("config") / "systemd" / "user"


def unit_name(role: Role) -> str:
    return f"voiceinfo-{role}.service"


def _quoted(word: Path | str) -> str:
    """A word as systemd reads one in a command line: a path or any but the plainest word in
    double quotes, escaped, with its specifiers (%) and variables ($) taken literally."""
    if isinstance(word, str) and re.fullmatch(r"[\w./:=+-]+", word):
        return word
    escaped = str(word).replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def executable() -> Path:
    """The voiceinfo command of this installation (the virtual environment's)."""
    return Path(sys.executable).parent / "voiceinfo"


_DESCRIPTIONS = {"kiosk": "spoken answers about medicines, hands-free (kiosk)",
                 "serve": "answers, speech recognition and voices over the Wyoming protocol"}


@dataclass(frozen=True)
class Unit:
    mode: Mode
    config: Path | None  # None: where `voiceinfo setup` writes one, else the standard settings
    command: Path
    user: str
    uid: int
    home: Path
    role: Role = "kiosk"
    options: tuple[str, ...] = ()  # the command's own, after its name (serve: --uri ...)

    @property
    def name(self) -> str:
        return unit_name(self.role)

    @property
    def path(self) -> Path:
        return (user_units() if self.mode == "user" else SYSTEM_UNITS) / self.name

    def _needs(self) -> tuple[str, str, str]:
        """What it starts after, its account's settings, and the address families it uses."""
        system = self.mode == "system"
        account = f"User={self.user}\n" if system else ""
        if self.role == "serve":  # no sound, but the network: after it is up
            after = "After=network-online.target\nWants=network-online.target\n" if system else ""
            # Netlink: the network's interfaces, listed to announce it (--zeroconf).
            return after, account, "AF_UNIX AF_INET AF_INET6 AF_NETLINK"
        after = f"sound.target user@{self.uid}.service" if system else "pulseaudio.service pipewire-pulse.service"
        if system:
            account += f"Environment=XDG_RUNTIME_DIR=/run/user/{self.uid}\n"
        # The sound server and systemd are reached over Unix sockets; nothing else is needed.
        return f"After={after}\n", account, "AF_UNIX"

    def text(self) -> str:
        after, account, families = self._needs()
        sandbox = ""
        if self.mode == "system":
            sandbox = ("PrivateTmp=yes\n"
                       "ProtectSystem=full\n"
                       "ProtectHome=read-only\n"
                       f"ReadWritePaths=-{self.home}/.local/state -{self.home}/.cache\n"
                       "ProtectKernelTunables=yes\n"
                       "ProtectControlGroups=yes\n"
                       + ("IPAddressDeny=any\n" if self.role == "kiosk" else ""))
        wanted_by = "default.target" if self.mode == "user" else "multi-user.target"
        config = ("--config", self.config) if self.config else ()
        command = " ".join(_quoted(word) for word in (self.command, *config, self.role, *self.options))
        return (
            "[Unit]\n"
            f"Description=voiceinfo: {_DESCRIPTIONS[self.role]}\n"
            f"{after}"
            "# Keep trying for ever: nobody is there to restart it.\n"
            "StartLimitIntervalSec=0\n"
            "\n"
            "[Service]\n"
            f"{account}"
            f"ExecStart={command}\n"
            "Type=notify\n"
            "NotifyAccess=main\n"
            "# The first start builds the language model: give it time before READY=1.\n"
            "TimeoutStartSec=300\n"
            "WatchdogSec=60\n"
            "Restart=always\n"
            "RestartSec=5\n"
            "# Stopped by systemctl (SIGTERM), it tidies up and may exit 130 as on Ctrl+C: a clean stop.\n"
            "SuccessExitStatus=130\n"
            "UMask=0077\n"
            "MemoryMax=1G\n"
            "NoNewPrivileges=yes\n"
            f"RestrictAddressFamilies={families}\n"
            f"{sandbox}"
            "\n"
            "[Install]\n"
            f"WantedBy={wanted_by}\n")

    def how_to_enable(self) -> str:
        manager = "systemctl --user" if self.mode == "user" else f"{AS_ROOT}systemctl"
        linger = (f"  {AS_ROOT}loginctl enable-linger {self.user}   # start at boot without a login\n"
                  if self.mode == "user" else
                  f"  {AS_ROOT}loginctl enable-linger {self.user}   # so {self.user}'s sound server runs at boot\n"
                  if self.role == "kiosk" else "")
        steps = [f"  {manager} daemon-reload\n", f"  {manager} enable --now {self.name}\n"]
        steps = steps + [linger] if self.mode == "user" else [linger, *steps]
        status = f"{PROGRAM} kiosk status" if self.role == "kiosk" else \
            f"journalctl {'--user ' if self.mode == 'user' else ''}-u {self.name}"
        return ("To start it now and at every boot:\n" + "".join(steps)
                + f"To see it: {manager.removeprefix(AS_ROOT)} status {self.name}; {status}")


def unit_for(mode: Mode, config: Path | None, user: str | None = None, role: Role = "kiosk",
             options: tuple[str, ...] = ()) -> Unit:
    """The unit for this installation and config; user defaults to whoever runs this."""
    name = user or getpass.getuser()
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise ValueError(f"there is no user called {name!r} on this machine") from None
    if mode == "system" and account.pw_uid == 0:
        raise ValueError(f"a system {role} unit never runs as root: name the user " + (
            "whose microphone, speaker and sound server it uses" if role == "kiosk" else "it runs as")
            + ", e.g. --as pi")
    return Unit(mode, config and config.resolve(), executable(), name, account.pw_uid, Path(account.pw_dir),
                role, options)


def install(unit: Unit) -> Path:
    """Write the unit file in one step; returns where."""
    unit.path.parent.mkdir(parents=True, exist_ok=True)
    partial = unit.path.with_name(unit.path.name + ".partial")
    partial.write_text(unit.text(), encoding="utf-8")
    partial.replace(unit.path)
    return unit.path
