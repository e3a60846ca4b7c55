"""What people say to voiceinfo, generated from the content and the voice commands.

The recognisers' language comes only from here, so a new monograph needs no code
change. Each part's `asks` phrasings are used as written and inside a few everyday
frames ("can it cause ...", "tell me about ..."), with and without the drug's name.
"""

from __future__ import annotations

from voiceinfo.content import Monograph
from voiceinfo.wording import spoken, words

COMMANDS = ("more", "tell me more", "next", "previous", "go back", "repeat", "say that again",
            "first", "how many are there", "where am i", "slower", "faster", "louder", "quieter",
            "help", "what can i ask", "stop", "pause", "continue", "start over", "goodbye",
            "yes", "no", "read all the side effects")

_FRAMES = ("{}", "what about {}", "tell me about {}", "{} of {drug}", "what is the {}",
           "what are the {}", "can it cause {}", "does {drug} cause {}", "is {} a problem")


def phrasings(monograph: Monograph) -> list[str]:
    """Every phrasing, lower case, one per entry, without duplicates."""
    out: dict[str, None] = {}
    for section in monograph.sections:
        for ask in (*section.asks, *(a for item in section.items for a in item.asks)):
            for frame in _FRAMES:
                said = (spoken(w) for w in words(frame.format(ask, drug=monograph.drug)))
                out[" ".join(said)] = None
    for command in COMMANDS:
        out[command] = None
    return list(out)
