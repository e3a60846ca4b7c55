"""What the loop listens for while it speaks: a short command ("stop", "pause"), told apart from
its own voice coming back through the microphone."""

from __future__ import annotations

from voiceinfo.audio.segmenter import Endpointing
from voiceinfo.understanding.wording import is_content_word, stem, words

# A short command then a short silence; anything longer is not "stop".
BARGE_IN = Endpointing(end_silence=0.2, start_speech=0.064, min_speech=0.1, max_utterance=2.0)


def key_words(text: str) -> set[str]:
    # By stem: its own "Stopping suddenly ..." is heard as "stop".
    return {stem(w) for w in words(text) if is_content_word(w)}


def its_own_words(heard: str, lately_said: str) -> bool:
    """Whether what was heard shares a word with what it has just said: its own voice saying
    "do not stop taking it" must not stop it."""
    return bool(key_words(heard) & key_words(lately_said))
