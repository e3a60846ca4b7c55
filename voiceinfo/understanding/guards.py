"""Parts of a monograph that would mislead as an answer although the question's words match them:
any, to a question about a dose missed; a dose, to a question about too much of a drug ("how much
would kill you" would hear how much is safe) or about an older person's dose, which a monograph
that gives none for them does not answer; a caution for those under an age, to a question about
someone older ("what dose for an 85 year old" is not about children)."""

from __future__ import annotations

import re

from voiceinfo.understanding.word_runs import find
from voiceinfo.understanding.wording import PEOPLE

# Words of a question about too much of a drug.
_TOO_MUCH = frozenset({("too", "much"), ("too", "many"), ("overdose",), ("overdosed",), ("overdosing",),
                       ("lethal",), ("fatal",), ("deadly",), ("kill",), ("poisonous",),
                       ("toxic",), ("dangerous",)})
# Words of a question about an older person ("my dad is 85" by _ages).
_OLDER = frozenset({("elderly",), ("old", "person"), ("old", "people"), ("older", "person"), ("older", "people"),
                    ("pensioner",)})
_OLD_AGE = 65
# Words of a dose missed ("he keeps forgetting his afternoon tablet"), which no part answers: the
# tablets' strengths or how to take it would only share the words.
_MISSING = frozenset("miss missed misses missing skip skipped skips skipping forget forgot forgets forgetting "
                     "forgotten".split())
_A_DOSE_WORD = frozenset("dose doses tablet tablets pill pills".split())
_MISSED_WITHIN = 4
_A_DOSE = re.compile(r"\b\d+ milligrams?\b")
_UNDER_AN_AGE = re.compile(r"\bunder (?:the age of )?(\d+)\b")


def _ages(tokens: list[str]) -> list[int]:
    """The ages said ("an 85 year old", "aged 70"), in words() form: "eighty five" is "80 5"."""
    ages = []
    for at, word in enumerate(tokens):
        if not word.isdigit():
            continue
        before = tokens[at - 1] if at else ""
        age = int(word) + (int(before) if before.isdigit() and int(before) % 10 == 0 and int(word) < 10 else 0)
        # "my dad is 85", not "the dose is 80"
        said_of_someone = (before in ("aged", "hes", "shes", "im", "turned")
                           or before == "is" and at >= 2 and tokens[at - 2] in PEOPLE) \
            and tokens[at + 1:at + 2] not in (["milligrams"], ["tablets"], ["pills"], ["times"])
        if tokens[at + 1:at + 3] in (["year", "old"], ["years", "old"]) or said_of_someone:
            ages.append(age)
    return ages


def _missed_dose(tokens: list[str]) -> bool:
    return any(word in _MISSING and (_A_DOSE_WORD & set(tokens[at + 1:at + 1 + _MISSED_WITHIN])
                                     or tokens[at + 1:at + 3] == ["to", "take"])
               for at, word in enumerate(tokens))


def misleads(say: str, tokens: list[str]) -> bool:
    """Whether a part that says `say` would mislead as the answer to a question of these words."""
    if _missed_dose(tokens):
        return True
    if _A_DOSE.search(say) and (any(find(tokens, list(run)) >= 0 for run in _TOO_MUCH | _OLDER)
                                or any(age >= _OLD_AGE for age in _ages(tokens))):
        return True
    under = _UNDER_AN_AGE.search(say)
    return under is not None and any(age >= int(under.group(1)) for age in _ages(tokens))
