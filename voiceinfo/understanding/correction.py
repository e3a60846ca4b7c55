"""Correcting what was heard to the content's words: slips ("affects" -> "effects") and words a
recogniser split ("dizzy ness" -> "dizziness", "gab low fen" -> "gablofen")."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from voiceinfo.understanding.lexicon import Lexicon
from voiceinfo.understanding.wording import is_content_word, stem

# Fuzzy matching cut-offs (0-100): words no dictionary knows, the drug's own names,
# and real English words (which are only corrected when very close: "affects").
_WORD_CUTOFF = 80
_NAME_CUTOFF = 72
_ENGLISH_CUTOFF = 85
_MAX_JOIN = 4
_JOINED_ENGLISH_CUTOFF = 90


class Corrector:
    def __init__(self, vocabulary: list[str], names: frozenset[str], lexicon: Lexicon) -> None:
        """vocabulary: every word the content uses; names: the drug's names as one word each."""
        self.vocabulary, self.names, self.lexicon = vocabulary, names, lexicon
        self._known = set(vocabulary) | {stem(w) for w in vocabulary}

    def closest(self, text: str) -> tuple[str | None, float]:
        """The vocabulary word spelled most like text and its score, or None if not close enough."""
        match = process.extractOne(text, self.vocabulary, scorer=fuzz.ratio)
        if match is None:
            return None, 0.0
        word, score = match[0], match[1]
        if self.lexicon.is_english(text):
            if len(word) != len(text):  # a misheard sound ("affects"), not "rain" for "brain"
                return None, score
            cutoff = _ENGLISH_CUTOFF
        else:
            cutoff = _NAME_CUTOFF if word in self.names else _WORD_CUTOFF
        return (word, score) if score >= cutoff else (None, score)

    def is_unknown(self, word: str) -> bool:
        return is_content_word(word) and word not in self._known and stem(word) not in self._known

    def is_fragment(self, word: str) -> bool:
        """A piece of a word a recogniser split: no dictionary word, or one or two letters."""
        return self.is_unknown(word) and (len(word) <= 2 or not self.lexicon.is_english(word))

    def correct(self, tokens: list[str]) -> list[str]:
        """Map slips to the content's words: "affects"->"effects", "dizzy ness"->"dizziness"."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for span in range(min(_MAX_JOIN, len(tokens) - i), 1, -1):
                part = tokens[i:i + span]
                fragments = [t for t in part if self.is_fragment(t)]
                unknown = [t for t in part if self.is_unknown(t)]
                if len("".join(part)) < 6 or not unknown \
                        or not (is_content_word(part[0]) and is_content_word(part[-1])):
                    continue
                match, score = self.closest("".join(part))
                # English pieces ("head aches", "gab low fen") only when the whole is all but
                # spelled as the content's word: "side effects" is two words, and stays so.
                if not fragments and score < _JOINED_ENGLISH_CUTOFF:
                    continue
                # Join only when the whole fits better than its pieces do alone.
                if match and score > max(self.closest(t)[1] for t in fragments or unknown):
                    out.append(match)
                    i += span
                    break
            else:
                word = tokens[i]
                if self.is_unknown(word) and len(word) >= 4:
                    word = self.closest(word)[0] or word
                out.append(word)
                i += 1
        return out
