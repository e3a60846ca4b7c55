"""The systemd units `voiceinfo kiosk install` and `voiceinfo serve install` write, checked by systemd itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from voiceinfo.caregiver.systemd_unit import unit_for, unit_name

UNIT_NAME = unit_name("kiosk")

VOICEINFO = [sys.executable, "-m", "voiceinfo"]


def verify(path: Path, mode: str, runtime: Path) -> subprocess.CompletedProcess:
    manager = ["--user"] if mode == "user" else []
    return subprocess.run(["systemd-analyze", *manager, "verify", str(path)], capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(runtime)})


@pytest.mark.parametrize("mode", ["user", "system"])
@pytest.mark.parametrize("role", ["kiosk", "serve"])
def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path, mode: str, role: str) -> None:
    config = tmp_path / "my settings 100%" / "config.toml"  # a space and a specifier's %, to test the quoting
    unit = unit_for(mode, config, None if mode == "user" else "daemon", role, ("--uri", "tcp://0.0.0.0:10700"))
    path = tmp_path / unit_name(role)
    path.write_text(unit.text())
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    result = verify(path, mode, runtime)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # systemd only warns about a line it ignores
    assert "Restart=always" in unit.text() and "SuccessExitStatus=130" in unit.text()
    if mode == "system":
        assert "User=daemon" in unit.text()
        assert (f"XDG_RUNTIME_DIR=/run/user/{unit.uid}" in unit.text()) == (role == "kiosk")
    # The kiosk needs no network; the service needs no sound server, but IP.
    assert ("AF_INET" in unit.text()) == (role == "serve")
    assert ("pulseaudio" in unit.text()) == (role == "kiosk" and mode == "user")


def test_the_service_unit_starts_after_the_network(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run([*VOICEINFO, "serve", "install", "--system", "--as", "daemon", "--print",
                             "--uri", "tcp://0.0.0.0:10800"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "After=network-online.target\nWants=network-online.target\n" in result.stdout
    assert '/voiceinfo" serve --uri tcp://0.0.0.0:10800 --forget-after 300\n' in result.stdout
    assert "--config" not in result.stdout and "standard settings" in result.stderr  # none written yet


def test_a_broken_unit_fails_the_same_check(tmp_path: Path) -> None:
    """The check above can fail: a unit with a command that does not exist does."""
    path = tmp_path / UNIT_NAME
    path.write_text(unit_for("system", tmp_path / "c.toml", "nobody").text().replace("ExecStart=\"", "ExecStart=\"/no"))
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    assert verify(path, "system", runtime).returncode != 0


def test_install_writes_the_user_unit_and_says_how_to_enable_it(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run([*VOICEINFO, "kiosk", "install", "--user"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    unit = tmp_path / "cfg" / "systemd" / "user" / UNIT_NAME
    assert f"--config \"{tmp_path / 'cfg' / 'voiceinfo' / 'config.toml'}\"" in unit.read_text()
    assert "systemctl --user enable --now" in result.stdout
    assert "voiceinfo setup" in result.stderr  # there is no config yet


def test_print_writes_nothing(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    result = subprocess.run([*VOICEINFO, "kiosk", "install", "--system", "--as", "nobody", "--print"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0 and "WantedBy=multi-user.target" in result.stdout
    assert not (tmp_path / "cfg").exists()


def test_an_unknown_user_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run([*VOICEINFO, "kiosk", "install", "--system", "--as", "nobody-here", "--print"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "no user called 'nobody-here'" in result.stderr


def test_a_system_kiosk_never_runs_as_root(tmp_path: Path) -> None:
    result = subprocess.run([*VOICEINFO, "kiosk", "install", "--system", "--as", "root", "--print"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "never runs as root" in result.stderr
    assert "[Service]" not in result.stdout
