"""`voiceinfo serve` started as a user starts it, on a free port of 127.0.0.1, for the tests and
benches to talk to with the wyoming library's own client."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(*args: str, port: int | None = None, command: list[str] | None = None, env: dict[str, str] | None = None,
           umask: int = -1, timeout: float = 120.0) -> Iterator[int]:
    """A running `voiceinfo serve` (on a free port unless given one; or the command given, which
    listens on port); yields its port once it listens, and stops it afterwards as systemctl
    would, checking that it ends cleanly."""
    port = port or free_port()
    command = command or [sys.executable, "-m", "voiceinfo", "serve", "--uri", f"tcp://127.0.0.1:{port}", *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, umask=umask)
    try:
        ends = time.monotonic() + timeout
        line = ""
        while "Serving" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None or time.monotonic() > ends:
                raise RuntimeError(f"voiceinfo serve did not start: {proc.stderr.read()}")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    if proc.returncode != 0:
        raise RuntimeError(f"voiceinfo serve ended with {proc.returncode} when stopped: {proc.stderr.read()}")
