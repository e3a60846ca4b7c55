"""Captions on a real terminal (a pseudo-terminal), as a caregiver's screen shows them."""

from __future__ import annotations

import os
import pty

from voiceinfo.loop.captions import Captions


def test_each_caption_is_printed_once_in_high_contrast_on_a_terminal() -> None:
    """Double-height lines printed every line twice in terminals that do not draw them (tmux)."""
    leader, follower = pty.openpty()
    with open(follower, "w", closefd=True) as terminal:
        Captions(large=True, out=terminal).show("Heard", "what are the side effects")
    shown = os.read(leader, 4096).decode()
    os.close(leader)
    assert shown.count("what are the side effects") == 1
    assert "\033[1;93;40m" in shown and "\033#" not in shown
