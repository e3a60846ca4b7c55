"""What the conversation itself says, beside the monograph's words: one place for every prompt.

The barge-in listener is given these sentences too (phrasings.spoken_phrasings), so that its
own greeting or reprompt coming back through the microphone is heard as itself, not as "stop".
Fields: {drug}, {topic}, {topics}, {count}, {part}, {engine}, {wake_phrase}.
"""

from __future__ import annotations

import itertools
import string

GREETING = "Hello. I can answer questions about {drug}."
LISTENING_WITH = "I am listening with {engine}."
BUILT_IN_ENGINE = "the built-in speech recogniser"  # an {engine}
WHAT_TO_KNOW = "What would you like to know? Say help at any time."
HELP_TOPICS = "You can ask about {topics}."
# The commands as said in the README's card of phrases heard reliably (docs/engines.md).
HELP_COMMANDS = ("You can also say: tell me more, go to the next one, go back, repeat that please, "
                 "slower please, faster, louder, quieter, or start over. While I am talking, say stop.")
ASK_AGAIN = "Sorry. Please ask again."
STILL_LISTENING = "All right. I'm still listening."
CONFIRM_ENDING = "Do you want me to stop listening? Please say yes or no."
NOT_CAUGHT = "Sorry, I didn't catch that."
NOT_CAUGHT_ASK_AGAIN = "Sorry, I didn't catch that. Please ask again."
CONFIRM_TOPIC = "Did you ask about {topic}? Please say yes or no."
STILL_HERE = "I'm still here. Ask me a question about {drug}, or say help."
FOR_EXAMPLE = ("For example, you could ask: what are the side effects? Or: can I drink alcohol with it? "
               "Say help to hear all the topics.")
WAIT_QUIETLY = "I'll wait quietly. Just ask when you are ready."
TRY_SHORT = "Try a short question, like: what are the side effects? Or say help to hear what I can answer."
ASK_FIRST = "Ask me a question about {drug} first, or say help."
ASK_ME = "Ask me a question about {drug}, or say help."
ALL_I_HAVE = "That is all I have about {topic}."
LIST_HINT = "There are {count} parts to {topic}. To hear them one at a time, say: go to the next one. Or say: read all."
LAST_OF = "That was the last of {topic}. Say: go back, or ask another question."
FIRST_OF = "That was the first of {topic}. Say: go to the next one, or ask another question."
NOTHING_FURTHER = "There is nothing further that way. Ask another question, or say help."
NOTHING_TO_REPEAT = "There is nothing to repeat yet. Ask me a question, or say help."
NOT_A_LIST = "{topic} is not a list."
PARTS = "There are {count} parts to {topic}."
NOT_STARTED = "We have not started yet. Ask me a question, or say help."
IN_SECTION = "You are in {topic}."
IN_PART = "You are in {topic}, part {part} of {count}."
SLOWEST, FASTEST = "This is as slow as I can go.", "This is as fast as I can go."
QUIETEST, LOUDEST = "This is as quiet as I can go.", "This is as loud as I can go."
SLOWER, FASTER, QUIETER, LOUDER = "Slower.", "Faster.", "Quieter.", "Louder."
I_AM_LISTENING = "I'm listening. Ask me a question about {drug}, or say help."
NOTHING_TO_CONTINUE = "There is nothing to continue. Ask me a question, or say help."
STARTING_AGAIN = "Starting again. What would you like to know about {drug}?"
STAYING_ON = "I stay switched on, so that I'm ready whenever you need me. Ask me a question about {drug}, or say help."
SETTINGS = "A caregiver sets me up. You can say slower, faster, louder or quieter."
GOODBYE_STAYING = "Goodbye. I'll be here whenever you need me."
GOODBYE = "Goodbye."
# A kiosk's, around its wake phrase.
INVITATION = "Say {wake_phrase} when you want to ask me something."
WOKEN = "Yes? What would you like to know?"
ALONE_AGAIN = "I'll be here. " + INVITATION
# Said at the start when the voice chosen could not be loaded and espeak-ng's speaks instead.
SIMPLER_VOICE = "My usual voice is not working, so I am using a simpler one. Please tell your caregiver."
# When the recogniser on another machine (--asr-uri) stops answering, and when it answers again.
REMOTE_LOST = "The machine that helps me hear is not answering, so I am listening by myself for now."
REMOTE_BACK = "The machine that helps me hear is answering again."
# When the voice on another machine (--tts-uri) stops answering, and when it answers again.
REMOTE_VOICE_LOST = "The machine that speaks for me is not answering, so I am using my own voice for now."
REMOTE_VOICE_BACK = "The machine that speaks for me is answering again."
# After an answer, and after a decline.
SAY_MORE = "Say more to hear more."
SAY_MORE_ABOUT = "Say more to hear about {topic}."
SAY_HELP = "Say help to hear what I can tell you."

_PROMPTS = [value for name, value in list(globals().items()) if name.isupper() and isinstance(value, str)]


def every_prompt(values: dict[str, list[str]]) -> list[str]:
    """Every prompt with each combination of the values given for its fields; a prompt with
    a field not given is left out."""
    out: list[str] = []
    for prompt in _PROMPTS:
        fields = sorted({f for _, f, _, _ in string.Formatter().parse(prompt) if f})
        if not all(f in values for f in fields):
            continue
        for combination in itertools.product(*(values[f] for f in fields)):
            text = prompt.format(**dict(zip(fields, combination)))
            out.append(text[:1].upper() + text[1:])
    return out
