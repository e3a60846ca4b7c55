"""Its own voice saying "stop" (in "Do not stop taking it", "Stopping suddenly ...") must not stop
it: what the stop listener heard is compared with what it was saying, by stem."""

from __future__ import annotations

from voiceinfo.loop.barge_in import key_words as _key_words


def test_its_own_stopping_is_heard_as_its_own_stop() -> None:
    """"stop" against "Stopping suddenly risks hallucinations" shared no word, and the reply was
    cut off by its own voice (seen once in the live own-voice test)."""
    assert _key_words("stop") & _key_words("Stopping suddenly risks hallucinations and seizures.")


def test_a_listener_saying_stop_over_other_words_is_not_its_own() -> None:
    assert not _key_words("stop") & _key_words("Drowsiness is one of the most common side effects.")
