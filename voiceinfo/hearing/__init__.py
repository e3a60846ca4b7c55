"""Hearing: speech to text (the recogniser interface, Vosk, the built-in pocketsphinx)."""
