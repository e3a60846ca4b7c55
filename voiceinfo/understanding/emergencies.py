"""How people report an emergency with any medicine, beyond a monograph's own urgent cues.

Written as sentence templates (templates.py: `(a|b)` a choice, `[a]` optional) for the signs
that need help now whatever the drug: someone else, a child most often, swallowing tablets;
more than the dose taken; someone who cannot be woken, who breathes slowly or shallowly, who
has collapsed or does not respond; someone very drowsy or confused now. Each expansion is
found as a run of words in the question, word for word and not by stem: questions about these
things ("can my son swallow the tablets", "will it make me collapse") differ from a report in
tense, so they stay questions. Some reports are two runs with anything between (TAKEN_APART:
"took ... by mistake"); a sign asked about as what the medicine may cause is none (asked_about).
"""

from __future__ import annotations

from functools import cache

from voiceinfo.understanding.templates import expand

_SOMEONE = ("(son|daughter|child|children|kid|kids|little one|little ones|toddler|baby|boy|girl|grandson"
            "|granddaughter|grandchild|grandkids|nephew|niece)")
_SWALLOWED = "(swallowed|ate|eaten|has eaten|been eating|drank|has drunk|chewed|got into|found and ate)"
_SOME = ("(some|a lot|lots|loads|a load|a handful|a few|a couple|all|a whole packet|a packet|a strip|a bottle"
         "|several|a bunch|a whole bunch|a whole week|a weeks worth|a weeks supply|a months supply)")
_TABLETS = "(tablets|tablet|pills|pill|{drug}|medicine|medication|packet|liquid)"

# Tablets taken: found word for word only, since in meaning "she took her tablets an hour
# ago" is close to "she took several of her tablets"; the amount is in a word or two.
TAKEN = (
    f"{_SOMEONE} [has] [just] {_SWALLOWED}",
    # Someone else's tablets ("my son took my tablets"; "his tablets" is his dose).
    f"{_SOMEONE} (took|has taken) (my|mums|dads|grandmas|nans) {_TABLETS}",
    f"({_SWALLOWED[1:-1]}|took|has taken) {_SOME} [of] [my|his|her|their|the] [{{drug}}] {_TABLETS}",
    "(swallowed|ate|took|has taken|has had) (a whole|the whole|a|all the) (packet|strip|bottle|box)",
    "(took|taken|had) (a double|double|an extra|extra|(twice|double) (my|his|her|the)) "
    "(dose|doses|tablet|tablets|pill|pills|amount)",
    "(accidentally|mistakenly) (took|taken|had|swallowed|ate)",
    "(took|taken|had|swallowed) (too many|more (tablets|pills) than)",
    "(took|taken|had) (way|far) more than",
    "(took|taken|had) more than (i|he|she|they|you) should",
    "(took|taken|had) more than (the|my|his|her|their) doctor",
    "(took|taken|had) tomorrows (dose|tablets|pills)",
    # Word for word: "overdose" by stem would take "how many would be an overdose" for a report.
    "overdosed",
    # A count of tablets at once that no dose is made of, or a dose taken again by mistake (not
    # "I've taken it twice a day", which is how it is prescribed).
    f"({_SWALLOWED[1:-1]}|took|taken|had) [about|around|maybe|like|over|nearly|at least] "
    "(5|6|7|8|9|10|12|15|20|30|40|50|100|a dozen) (tablets|pills)",
    "(took|taken|had|swallowed) [about|around|maybe|like|over] [(2|3|4|5|6|7|8|9|10)] [(tablets|pills)] instead of",
    "(took|taken|had) (it|them|(his|her|my|their|the) [morning|evening|night|bedtime] "
    "(tablets|pills|dose|medicine|{drug})) twice (by mistake|by accident|today|this morning|tonight|already)",
    # Unsure of it: "I think I took my evening dose twice".
    "(think|might have|may have|accidentally|mistakenly) [i|he|she|they] (took|taken|had) "
    "(my|his|her|their|the) ((morning|evening|night|bedtime) (tablets|pills|dose|medicine)|dose) twice",
    # A child at the medicine: "my toddler got hold of the bottle and swallowed some".
    "(got hold of|got at) (my|his|her|their|the|a) (tablets|pills|bottle|packet|box|medicine|{drug})",
    f"(found|caught) [my|the] {_SOMEONE} with (my|the|an) [empty] (tablets|pills|bottle|packet|box|{{drug}})",
)
# Tablets taken, told in two runs with anything between ("I've taken two lots of my tablets by
# mistake"): taking, then how it went wrong.
TAKEN_APART = (
    ("(took|taken|had|swallowed|ate|eaten|chewed)", "(by mistake|by accident|in one go)"),
    ("already (had|taken|took)", "(took|taken|had) (another|more|an extra|some more)"),
    ("(took|taken|had)", "already (taken|had) (them|it|my dose|my tablets|his dose|her dose)"),
)
# Signs that need help now: also found by meaning (Answerer), since people describe them
# in many ways.
SIGNS = (
    "(cant|cannot|couldnt|wont|will not|doesnt|does not) wake [him|her|them|me] [up]",
    "(cant|cannot) keep (him|her|them) awake",
    "(wont|will not|doesnt|does not|isnt|is not|not) (wake|waking) up",
    "breathing (is|was|has) [really|very|so] (slow|shallow|slowed|funny|strange)",
    "breathing [really|very|so] (slowly|slow|shallow)",
    "(shallow|slow) breathing",
    "(hardly|barely|can hardly|can barely|cant) breathe",
    "(hardly|barely|not|isnt|is not) breathing [properly]",
    "(gone|turned|going|turning) (blue|grey|gray)",
    "(gone|went|going) (limp|floppy)",
    "(cant|cannot|can barely|can hardly) (hold|keep) (his|her|their|my) head up",
    "(wont|will not|cant|cannot|doesnt|does not) open (his|her|their|my) eyes",
    "(cant|cannot|couldnt) (rouse|wake) (him|her|them)",
    "(stopped|has stopped) breathing",
    "lips (are|look|looking|have gone|turned) [really|very] blue",
    "collapsed",
    "(blacked|passed) out",
    "(isnt|is not|not|hes not|shes not) responding",
    "unresponsive",
    "fainted",
    "having a fit",
    "(very|so|really|extremely) (drowsy|sleepy) and (confused|breathing)",
    "(very|so|really|extremely) confused and (drowsy|sleepy)",
    "(doesnt|does not|didnt|dont) know where (he|she|i) (is|am|was)",
    "(isnt|is not|not|stopped) making [any] sense",
    "(seeing|hearing) things (that arent|that are not) there",
    "(seeing|hearing) (bugs|insects|spiders|voices)",
    "slurring [her|his|their|my] words",
    "(slurred|slurring) (speech|words)",
    "(doesnt|does not|didnt|did not|cant|cannot|wont) (recognise|recognize) (me|us|anyone|anybody)",
    "(doesnt|does not|didnt|dont) know who (i am|we are|anyone is)",
    "(nodding|dropping|falling) (off|asleep) (mid sentence|in the middle of)",
    "(shaking|jerking|twitching|trembling) all over",
    "(shaking|jerking|twitching) and (cant|cannot|wont|will not) stop",
    "(hallucinating|having hallucinations|having seizures|having a seizure)",
)


# A question about what can happen is not a report of it: "does it cause hallucinations",
# "can it make you so sleepy you can't wake up"; "can it cause fits, my son is having a fit" is.
_CAUSING = frozenset("cause causes make makes give gives trigger triggers lead leads bring get gets experience".split())
_ASKING = frozenset("can could does do did will would is are may might why".split())
_SOMEONE_NOW = frozenset("i im ive he hes she shes they theyre we my his our".split())
_CAUSED_WITHIN = 5


def asked_about(tokens: list[str], at: int) -> bool:
    """Whether the sign of an emergency found at tokens[at] is asked about as something the
    medicine may cause rather than told."""
    if not tokens or tokens[0] not in _ASKING:
        return False
    causing = [i for i in range(max(0, at - _CAUSED_WITHIN), at) if tokens[i] in _CAUSING]
    return bool(causing) and not _SOMEONE_NOW & set(tokens[causing[-1] + 1:at])


@cache  # once a process: tens of thousands, for the recognisers and the phrasebook
def emergency_phrases(drug: str, templates: tuple[str, ...] = TAKEN + SIGNS) -> list[str]:
    """Every run of words that reports an emergency, with the drug's name where it is said."""
    return list(dict.fromkeys(sentence for template in templates
                              for sentence in expand(template.replace("{drug}", drug))))
