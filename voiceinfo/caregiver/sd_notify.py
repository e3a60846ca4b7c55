"""systemd's notify protocol: "ready" once listening, and the watchdog's heartbeat.

Run by systemd with Type=notify and WatchdogSec, the kiosk says READY=1 when it first
listens and WATCHDOG=1 at least every half watchdog interval from the loop itself, so a
loop that hangs stops the heartbeat and systemd restarts it. Outside systemd
(no NOTIFY_SOCKET) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Mapping

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, env: Mapping[str, str] = os.environ) -> None:
        address = env.get("NOTIFY_SOCKET", "")
        # An abstract socket's name starts with "@" in the variable and a NUL byte on the wire.
        self._address = "\0" + address[1:] if address.startswith("@") else address
        pid = env.get("WATCHDOG_PID")
        usec = env.get("WATCHDOG_USEC", "")
        watched = usec.isdigit() and int(usec) > 0 and (pid is None or pid == str(os.getpid()))
        self._interval = int(usec) / 2e6 if watched else None
        self._last = -float("inf")
        self._ready = False

    def _send(self, message: str) -> None:
        if not self._address:
            return
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.setblocking(False)  # a receiver that stopped reading must not stop the kiosk
                sock.sendto(message.encode(), self._address)
        except OSError as err:  # systemd gone, or not reading: nothing to tell
            log.debug("sd_notify %s failed: %s", message, err)

    def ready(self) -> None:
        """Listening: the first time, READY=1; each time, a heartbeat."""
        if not self._ready:
            self._ready = True
            self._send("READY=1")
        self.alive()

    def alive(self) -> None:
        """A heartbeat, sent at most every half watchdog interval."""
        now = time.monotonic()
        if self._interval is not None and now - self._last >= self._interval:
            self._last = now
            self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")
