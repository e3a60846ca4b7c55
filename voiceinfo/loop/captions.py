"""What the live loop prints: what it heard and what it says, plain or as large captions.

Captions are bold bright yellow on black, wrapped to the terminal, with a blank line between
them: with the terminal's font made large, readable from across a room by a low-vision user
or a caregiver. (VT100 double-height lines were used once: terminals that do not draw them,
tmux among them, printed every line twice.) Piped output stays plain text. A kiosk prints
no words (its output goes to the system log) unless the caregiver turns that on.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from typing import TextIO

_LARGE_STYLE = "\033[1;93;40m"
_RESET = "\033[0m"


class Captions:
    def __init__(self, large: bool = False, out: TextIO = sys.stdout, words: bool = True) -> None:
        self._out = out
        self._large = large and out.isatty()
        self._words = words

    def show(self, label: str, text: str) -> None:
        if not self._words or not self._large:
            print(f"{label}: {text}" if self._words else f"{label}.", file=self._out, flush=True)
            return
        width = max(20, shutil.get_terminal_size().columns - 1)
        for line in textwrap.wrap(f"{label}: {text}", width):
            self._out.write(f"{_LARGE_STYLE}{line.ljust(width)}{_RESET}\n")
        self._out.write("\n")
        self._out.flush()

    def status(self, text: str) -> None:
        """A state change ("Listening."), plain in both modes."""
        print(text, file=self._out, flush=True)
