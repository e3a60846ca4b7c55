"""systemd's notify protocol, spoken to a real datagram socket as systemd listens on one."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from voiceinfo.caregiver.sd_notify import Notifier


def listening(address: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(0.5)
    return sock


def test_ready_once_then_heartbeats_no_more_often_than_half_the_interval(tmp_path: Path) -> None:
    sock = listening(str(tmp_path / "notify"))
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "60000000"})
    notifier.ready()
    notifier.ready()
    notifier.alive()
    assert [sock.recv(64), sock.recv(64)] == [b"READY=1", b"WATCHDOG=1"]
    assert _nothing_more(sock)


def _nothing_more(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        sock.recv(64)
    except BlockingIOError:
        return True
    return False


def test_an_abstract_socket_name(tmp_path: Path) -> None:
    name = f"voiceinfo-test-{os.getpid()}"
    sock = listening("\0" + name)
    Notifier({"NOTIFY_SOCKET": "@" + name}).ready()
    assert sock.recv(64) == b"READY=1"


def test_no_heartbeat_for_another_process_and_nothing_without_systemd(tmp_path: Path) -> None:
    sock = listening(str(tmp_path / "notify"))
    Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "1000",
              "WATCHDOG_PID": "1"}).alive()
    Notifier({}).ready()
    assert _nothing_more(sock)


def test_a_receiver_that_stopped_reading_never_blocks_the_kiosk(tmp_path: Path) -> None:
    listening(str(tmp_path / "notify"))  # bound, never read
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "notify")})
    for _ in range(10_000):  # far more than a socket's queue holds
        notifier.status("waiting")
