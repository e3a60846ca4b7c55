"""Protocols voiceinfo speaks with other programs: Wyoming, for Home Assistant and remote engines."""

from __future__ import annotations

import urllib.parse

import numpy as np

EXAMPLE_URI = "tcp://0.0.0.0:10700"
SAMPLE_TYPES = {1: np.uint8, 2: np.int16, 4: np.int32}  # by sample width in bytes


def tcp_address(uri: str) -> tuple[str, int]:
    """The host and port of a tcp://HOST:PORT address; ValueError saying what is wrong."""
    parts = urllib.parse.urlsplit(uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "tcp" or not parts.hostname or port is None:
        raise ValueError(f"'{uri}' is not a Wyoming address; give one like {EXAMPLE_URI}")
    return parts.hostname, port


def pcm_format_problem(rate: int, width: int, channels: int) -> str:
    """What is wrong with an audio format the protocol allows but voiceinfo cannot take; "" if nothing."""
    if width not in SAMPLE_TYPES or channels < 1 or not 8000 <= rate <= 96000:
        return (f"cannot take audio of rate {rate}, width {width}, {channels} channels "
                "(rates 8000 to 96000 Hz, widths 1, 2 or 4 bytes)")
    return ""


def mono(audio: bytes, width: int, channels: int) -> np.ndarray:
    """Raw PCM of a width pcm_format_problem accepts, any channel count, as float mono from -1 to 1."""
    usable = len(audio) // (width * channels) * width * channels
    pcm = np.frombuffer(audio[:usable], SAMPLE_TYPES[width]).astype(np.float64)
    if width == 1:  # 8-bit PCM is unsigned
        pcm -= 128
    return pcm.reshape(-1, channels).mean(axis=1) / float(2 ** (8 * width - 1))
