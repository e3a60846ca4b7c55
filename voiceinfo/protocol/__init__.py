"""Protocols voiceinfo speaks with other programs: Wyoming, for Home Assistant and remote engines."""
