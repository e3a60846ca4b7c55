"""Protocols voiceinfo speaks with other programs: Wyoming, for Home Assistant and remote engines."""

from __future__ import annotations

import urllib.parse

EXAMPLE_URI = "tcp://0.0.0.0:10700"


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
