"""voiceinfo: an offline, hands-free voice information service about medicines."""

__version__ = "0.1.0"
