"""A monograph's phrasebook for the sentence model: its phrasings labelled by the part they
ask about, what it does not answer, and signs of an emergency (meaning.Phrasebook)."""

from __future__ import annotations

import hashlib
import logging
import math
from functools import cache

from voiceinfo.paths import user_dir
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.emergencies import SIGNS, TAKEN, emergency_phrases
from voiceinfo.understanding.meaning import (
    ADAPTER,
    MeaningUnavailable,
    Phrasebook,
    default_encoder,
)
from voiceinfo.understanding.phrasings import (
    FRAMES,
    OFF_TOPIC,
    UNCOVERED,
    everyday_phrasings,
    question_phrasings,
    uncovered_phrasings,
)
from voiceinfo.understanding.speech_text import sentences

DECLINED = "-"  # the label of what the content does not answer
URGENT = "!"  # the label of a sign of an emergency
# How many of the generated phrasings (phrasings.question_phrasings) stand for a part in the
# sentence model's phrasebook, and how many of the leaflet questions for a topic it does not
# cover, besides the content's own asks and sentences: enough to cover the frames, few enough
# to embed in seconds on a first start.
_GENERATED_PER_PART = 30
_PER_TOPIC = 4
_EVERYDAY_EVERY = 8
_SIGN_REPORTS = 300  # reports of signs (emergencies.SIGNS), of about 200 expansions
# The shipped monograph's phrasebook embedded by the shipped adapter (tools/tune_meaning.py).
SHIPPED = ADAPTER.with_suffix(".vectors.npz")

log = logging.getLogger(__name__)


def _every(texts: list[str], most: int) -> list[str]:
    """At most `most` of texts, spread evenly over them."""
    return texts[::max(1, math.ceil(len(texts) / most))]


def _texts(monograph: Monograph) -> dict[str, str]:
    """The monograph's phrasings by the part they ask about ("section/item"), what it does not
    answer ("-") and signs of an emergency ("!"), for the sentence model."""
    texts: dict[str, str] = {}
    generated: dict[str, list[str]] = {}
    for text, target in question_phrasings(monograph).items():
        generated.setdefault(target, []).append(text)
    for said in uncovered_phrasings(monograph).values():
        texts.update(dict.fromkeys(_every(said, _PER_TOPIC), DECLINED))
    texts.update(dict.fromkeys(everyday_phrasings(monograph)[::_EVERYDAY_EVERY], DECLINED))
    texts.update(dict.fromkeys(_every(emergency_phrases(monograph.drug, SIGNS), _SIGN_REPORTS), URGENT))
    for section in monograph.sections:
        for item in (None, *section.items):
            target = f"{section.id}/{item.id}" if item else section.id
            part = item or section
            own = [*part.asks, *sentences(part.say), *(sentences(section.more) if item is None else ())]
            texts.update(dict.fromkeys([*own, *_every(generated.get(target, []), _GENERATED_PER_PART)], target))
    return texts


@cache  # once a process for a monograph, and only when first needed: the model takes a second
def phrasebook(monograph: Monograph) -> Phrasebook | None:
    """None when the sentence model is not there: then words alone answer."""
    # Keyed by the content and by how its texts are chosen, so that a change to either is seen.
    recipe = (_GENERATED_PER_PART, _PER_TOPIC, _EVERYDAY_EVERY, _SIGN_REPORTS,
              FRAMES, UNCOVERED, OFF_TOPIC, TAKEN, SIGNS)
    key = hashlib.sha256(repr((monograph, recipe)).encode("utf-8")).hexdigest()[:24]
    try:
        return Phrasebook.cached(default_encoder(), key, lambda: _texts(monograph), user_dir("cache"), SHIPPED)
    except MeaningUnavailable as e:
        log.warning("answering by words alone: %s", e)
        return None
