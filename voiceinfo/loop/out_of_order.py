"""What a voiceinfo that cannot work says, so that the person in front of it knows to get help.

A kiosk that fails at start is restarted by systemd every few seconds, and a failed turn is
otherwise silence: either way someone who cannot see a screen is left waiting. So it says
one fixed sentence, at most once a minute, remembered across restarts in the state folder.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from voiceinfo.paths import user_dir

SENTENCE = "I'm not working right now. Please ask your caregiver to check me."
EVERY = 60.0  # seconds: at most this often, restarts included

log = logging.getLogger(__name__)



class OutOfOrder:
    """The throttle: due() is True at most once every EVERY seconds. With a path, the last
    time is kept there (wall-clock, as it must outlive the process); without, in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._last = -float("inf")

    def _last_said(self) -> float:
        if self._path is None:
            return self._last
        try:
            return float(self._path.read_text(encoding="ascii").strip() or "-inf")
        except (OSError, ValueError):
            return -float("inf")

    def due(self) -> bool:
        now = time.time() if self._path is not None else time.monotonic()
        last = self._last_said()
        if 0 <= now - last < EVERY:
            return False
        self._last = now
        if self._path is not None:
            try:
                self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                self._path.write_text(f"{now}\n", encoding="ascii")
            except OSError as err:  # a full disk: say it anyway, unthrottled across restarts
                log.warning("cannot remember when the out-of-order notice was said: %s", err)
        return True


def kiosk_throttle() -> OutOfOrder:
    return OutOfOrder(user_dir("state") / "out-of-order")
