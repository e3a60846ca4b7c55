"""What people say to voiceinfo, generated from the content and the voice commands.

The recognisers' language comes only from here, so a new monograph needs no code change.
People paraphrase, so each part's `asks` phrasings are put into everyday question frames,
written as templates in the style of hassil: `(a|b)` is a choice, `[a]` is optional,
`{ask}` is the content's phrasing and `{drug}` the drug or "it". Besides the questions it
answers, a recogniser must be able to hear what it must not answer as if it were one: an
emergency (built from the content's urgent cues), another medicine, something off topic.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from voiceinfo.understanding.commands import barge_in_phrasings, command_phrasings
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.emergencies import emergency_phrases
from voiceinfo.understanding.prompts import BUILT_IN_ENGINE, every_prompt
from voiceinfo.understanding.speech_text import for_the_ear, sentences
from voiceinfo.understanding.templates import expand
from voiceinfo.understanding.wording import spoken, words

FRAMES = (
    "[(um|so|well)] {ask} [please]",
    "(what about|tell me about|what do you know about) [the] {ask}",
    "(what is|what are|what's) [the] {ask} [(of|for|with|on) {drug}]",
    "(can|could|will|does|might) {drug} (cause|give me|make me|lead to) [any] {ask}",
    "(will|does) {drug} make (me|you) [feel] {ask}",
    "will i (feel|get|be|have) {ask}",
    "is {ask} a [common] side effect",
    "is (it|{drug}) (safe|ok|okay) (for|with|in|if) {ask}",
    "(can|should) i {ask} [(while|when) (taking|on) {drug}]",
    "what (if|happens if|should i do if) i {ask}",
    "i (have|had|am|feel|want to|think i) {ask}",
    "how (do|should|can) i {ask}",
    "(does|is) {drug} (help|good for|used for) {ask}",
    "{ask} (of|with|on) {drug}",
    "(can|could) you tell me [about] [the] {ask}",
    "why (am i|do i feel) [so] {ask}",
    "is it (normal|common) to (feel|be|get|have) {ask}",
    "what should i (know|do) about [the] {ask}",
    "(do|will) i need [to] {ask}",
    "is it (safe|ok|okay) to {ask} [(while|when) (taking|on) {drug}]",
    "can {ask} (take|use|have) {drug}",
    "(when|how often|how long) (can|should|do) i {ask}",
    "who (should|can|needs) {ask}",
    "(how|what) about {ask}",
)


def _as_heard(sentence: str) -> str:
    """A sentence in the words a recogniser gives: lower case, numbers as words."""
    return " ".join(spoken(w) for w in words(sentence))


def _drug(monograph: Monograph) -> str:
    """The template choice for naming the drug: by name, or "it"."""
    return f"({monograph.drug}|it)"


def question_phrasings(monograph: Monograph) -> dict[str, str]:
    """Each generated question phrasing, lower case, with the part ("section/item") it asks about."""
    drug = _drug(monograph)
    out: dict[str, str] = {}
    for section in monograph.sections:
        for item in (None, *section.items):
            target = f"{section.id}/{item.id}" if item else section.id
            for ask in (item or section).asks:
                for frame in FRAMES:
                    for sentence in expand(frame.format(ask=ask, drug=drug)):
                        out.setdefault(_as_heard(sentence), target)
    return out


# How questions about another medicine are put, so that a recogniser can hear the name
# (and the answer can decline) instead of forcing the question onto the monograph.
OTHER_MEDICINE_FRAMES = (
    "(what is|what about|tell me about|can i take) {name}",
    "how does {name} work",
    "[(what are|what is)] [the] {ask} (of|with|for|on) {name}",
    "{name} {ask}",
)


def other_medicine_phrasings(monograph: Monograph, medicines: Iterable[str]) -> list[str]:
    """Questions naming other medicines, from each section's first few phrasings that do
    not name the monograph's own drug."""
    out: dict[str, None] = {}
    for name in medicines:
        for section in monograph.sections:
            for ask in [a for a in section.asks if monograph.drug not in a.lower()][:3]:
                for frame in OTHER_MEDICINE_FRAMES:
                    for sentence in expand(frame.format(ask=ask, name=name)):
                        out[_as_heard(sentence)] = None
    return list(out)


# How people set the scene before they ask: who they ask for, that they have MS, how long
# they have taken the drug. These say nothing of what is asked, yet share words with the
# content ("MS", "prescribed", "tablets"), so the answering core sets them aside.
_PERSON = "(i|he|she|they|my (wife|husband|partner|son|daughter|mum|mom|mother|dad|father|friend))"
_IT = "({drug}|it|the tablets|my tablets|his tablets|her tablets|the medicine)"
FRAMING = (
    f"since {_PERSON} (started|began|started taking|began taking|went on) {_IT}",
    f"since (starting|taking|going on|being on) {_IT}",
    f"{_PERSON} [has|have|had] (been taking|been on|started|started taking) {_IT} for",
    f"(ive|i have|hes|he has|shes|she has|theyve|they have) (been taking|been on) {_IT} for",
    f"{_PERSON} (has|have|with|got) (ms|multiple sclerosis)",
    # Everyone asking has MS: "what side effects do people with MS get" is about side effects.
    "(people|patients|someone|somebody|anyone|a person|those) (with|who have|who has|that have|that has) "
    "(ms|multiple sclerosis)",
    f"{_PERSON} (has|have|had|was|were) [just|recently] (been prescribed|been given|been put on|started) {_IT}",
    f"[(has|have|had|was|were)] [just|recently] (prescribed|given|put on) {_IT} for (ms|multiple sclerosis|"
    "(my|his|her|their) (ms|multiple sclerosis))",
    "my (doctor|neurologist|gp|nurse|pharmacist) (mentioned|said|told me|suggested|prescribed)",
)


# Whose tablets: "my tablets", "his morning pills" name the drug itself, not its tablets as a
# form ("what strength are the tablets"), so they are set aside with the framing.
THE_DRUG_ITSELF = ("(my|his|her|their|your|our) [(morning|evening|night|daily|usual|new)] "
                   "(tablet|tablets|pill|pills|medicine|medication|meds)",)


def framing_phrases(drug: str, templates: tuple[str, ...] = FRAMING) -> list[str]:
    """The runs of words of FRAMING, as a recogniser gives them."""
    return list(dict.fromkeys(_as_heard(sentence) for template in templates
                              for sentence in expand(template.replace("{drug}", drug))))


# Who a caregiver asks for, before the question itself.
_ASKING_FOR = ("my (wife|husband|partner|son|daughter|mum|mom|mother|dad|father|friend) "
               "(wants to know|is asking|asked me|would like to know|wonders) [if|whether]")
# How many framed and two-part questions a recogniser's language gets: enough for the framing's
# words and the joins, few enough not to outweigh the questions themselves.
_FRAMED = 3000
_SPREAD = 7919  # a prime: pairs each question with one far from it in the list


def two_part_phrasings(monograph: Monograph) -> list[str]:
    """Two questions in one breath ("whats the starting dose and how fast does it go up"), so
    that a recogniser hears the "and" between them: an even spread of question phrasings, each
    joined to one about another part."""
    questions = list(question_phrasings(monograph).items())
    step = max(1, len(questions) // _FRAMED)
    pairs = []
    for n, (first, part) in enumerate(questions[::step]):
        second, other = questions[(n * _SPREAD) % len(questions)]
        if other != part:
            pairs.append(f"{first} and {second}")
    return pairs


def framed_phrasings(monograph: Monograph) -> list[str]:
    """Questions as caregivers and people telling their story frame them ("my wife wants to
    know if ...", "since I started the tablets ..."): each of an even spread of the question
    phrasings, after one of the framings in turn."""
    questions = list(question_phrasings(monograph))
    leads = [*_expanded(monograph, [_ASKING_FOR]), *framing_phrases(monograph.drug)]
    step = max(1, len(questions) // _FRAMED)
    return [f"{leads[n % len(leads)]} {q}" for n, q in enumerate(questions[::step])]


# How many of emergencies.py's reports a recogniser's language gets (of about 20,000).
_REPORTS = 2000


# How people report an emergency, around the content's urgent cues ("having a seizure"), so
# that a recogniser can hear one. Without these, most of the cues' words were not in its
# language: the spoken emergencies of tests/urgent_questions.tsv (3 voices, 2 conditions)
# were heard as urgent 23 times in 144; with them, 115.
_WHO = "[(i|im|i think i|he|hes|she|shes|my (wife|husband|partner|son|daughter|mum|mom|dad|child|friend) [(is|has)])]"
URGENT_FRAMES = (
    f"[help] {_WHO} {{cue}}",
    f"{_WHO} {{cue}} after (taking|stopping) {{drug}}",
    "i (stopped|ran out of) {drug} and [now] (i|im|my (wife|husband)) {cue}",
)


def urgent_phrasings(monograph: Monograph) -> list[str]:
    """Emergencies as people might report them, from the content's urgent cues, and an even
    spread of the reports of emergencies.py."""
    drug = _drug(monograph)
    out: dict[str, None] = {}
    reports = emergency_phrases(monograph.drug)
    # A report of one word ("overdosed", "collapsed") is framed like a cue: "i think he collapsed".
    for cue in (*monograph.urgent_cues, *(r for r in reports if " " not in r)):
        for frame in URGENT_FRAMES:
            for sentence in expand(frame.format(cue=" ".join(words(cue)), drug=drug)):
                out[_as_heard(sentence)] = None
    out.update(dict.fromkeys(_as_heard(r) for r in reports[::max(1, len(reports) // _REPORTS)]))
    return list(out)


# Everyday things said to a voice assistant that no monograph answers, so that a recogniser
# hears them as what they are, and the answer is "I don't have that information", instead of
# forcing them onto the nearest question about the drug. Written by topic, for any monograph.
# Spoken (3 voices, 2 conditions), declined rather than answered: held-out out-of-scope
# questions 20 -> 29 of 36; tests/off_topic_questions.tsv 66 -> 111 of 156 (written before
# these, by the same hand, so it flatters); in-scope questions unchanged (969 -> 966 of 1284).
OFF_TOPIC = (
    "what (time|day|date|year) is it [(now|today)]",
    "(what's|what is) the (weather|forecast|news|time|date) [like] [(today|tomorrow|tonight|this week)]",
    "is it going to (rain|snow|be (hot|cold|sunny|windy)) [(today|tomorrow|tonight|later)]",
    "(play|put on|turn on|turn off|switch on|switch off) [(some|the|my)] (music|radio|television|tv|lights|heating)",
    "(call|phone|ring|text|message) my (wife|husband|son|daughter|mum|mom|dad|friend|carer|nurse|neighbour)",
    "(set|cancel) [(an|the|my)] (alarm|timer) [for (six|seven|eight|nine|ten) [oclock]]",
    "(tell|read) me (a joke|a story|a poem|the news)",
    "(what's|what is) your name", "how old are you", "who (made|are) you", "are you a (robot|person|computer)",
    "how much (does|will) [(it|{drug})] cost", "is [(it|{drug})] (expensive|free|covered by [my] insurance)",
    "(where|how) can i (buy|order|get) [(more|a refill|a prescription)]",
    "where is the (nearest|closest) (pharmacy|chemist|hospital|shop|supermarket|post office)",
    "(when|what time) does the (pharmacy|chemist|surgery|clinic|shop|library) (open|close)",
    "(book|make|change|cancel) [(an|my)] appointment [with [my] (doctor|nurse|dentist|neurologist)]",
    "how do i get to the (hospital|pharmacy|clinic|station|shops|park)",
    "what (should|can) i (eat|have|cook|make) for (breakfast|lunch|dinner|supper)",
    "how (do|can) i (make|cook|bake) [(a|some)] (cup of tea|coffee|soup|cake|pasta|eggs)",
    "how many (calories|grams of sugar) (are in|in) [(a|an)] (apple|banana|egg|slice of bread)",
    "who (won|is winning|is playing) [the] (game|match|football|cricket|election) [(today|tonight)]",
    "(what is|what's) the capital of (france|spain|italy|england|america|china)",
    "(how|who|what|where|when) (is|was|are) the (president|prime minister|king|queen)",
    "(what's|what is) on (television|tv|the radio) [(today|tonight)]",
)


# Side effects and questions common in patient leaflets, which a monograph may or may not
# cover: heard as what they are, the answer is the content's when it covers them, and
# otherwise "I don't have that information", never the answer to a different question.
# Spoken (3 voices, 2 conditions): tests/uncovered_questions.tsv declined 33 -> 66 of 120
# (written before these, by the same hand); in-scope questions unchanged (966 -> 967 of 1284).
_EFFECTS = ("(weight gain|weight loss|hair loss|[a] rash|itching|[a] dry mouth|blurred vision|double vision"
            "|diarrhea|vomiting|stomach pain|depression|anxiety|mood swings|memory loss|sweating|swelling"
            "|swollen ankles|tremors|shaking|muscle pain|joint pain|chest pain|[a] fever|loss of appetite"
            "|nightmares|bruising|sexual problems|erection problems|memory problems|a low sex drive|hearing loss"
            "|hearing problems|ringing in the ears|palpitations|a racing heart|acne|dry eyes)")
_CONDITIONS = ("(diabetes|epilepsy|asthma|heart problems|liver problems|high blood pressure|older people"
               "|elderly people|the elderly)")
# Each entry: a frame, and the topics ({topic}) that it asks about. A topic whose every word
# the content uses is taken as covered, and its questions are the content's to answer.
UNCOVERED = (
    ("(does|can|will) {drug} (cause|give me|make me have) {topic}", _EFFECTS),
    ("is {topic} a [common] side effect [of {drug}]", _EFFECTS),
    ("i (have|get|have got) {topic} [since (starting|taking) {drug}]", _EFFECTS),
    ("(can|does|will) {drug} (affect|damage|harm) [my] {topic}",
     "(liver|heart|eyes|eyesight|teeth|bones|skin|weight|sex drive|memory|immune system|hearing|fertility)"),
    ("is {drug} (safe|ok|okay) (for|with) {topic}", _CONDITIONS),
    ("can i take {drug} (if|when) i have {topic}", _CONDITIONS),
    ("(can|should) i take {drug} (with|without|before|after|on) {topic}", "(food|meals|eating|an empty stomach)"),
    ("what (if|happens if|should i do if) (i|he|she|you) {topic} (a|my|his|her|your) (dose|tablet|pill)",
     "(miss|forget|skip|missed|forgot|skipped|misses|forgets|skips)"),
    ("what (if|happens if|should i do if) (i|he|she|you) {topic} to take (it|{drug}|a dose|a tablet|my tablet)",
     "(forget|forgot|forgets)"),
    ("i {topic} (my|a|last nights|this mornings|yesterdays) (tablet|dose|pill) [what (now|should i do)]",
     "(missed|forgot|skipped)"),
    ("{topic} (does it take|before {drug} starts|until {drug} starts) to work", "how long"),
    ("{topic} (does|will) {drug} (start|begin) (to work|working)", "how soon"),
    ("how (quickly|soon|fast|long) (does|will|until|before) {drug} {topic}", "(kick in|kicks in|take effect)"),
    ("how many {topic} (before|until) (i|you) (feel|notice|see) (the benefit|a difference|any difference)",
     "(days|weeks)"),
    ("(is|is it) {drug} a {topic}", "(controlled drug|controlled substance)"),
    ("(do i need|can i get {drug} without) a {topic} [for {drug}]", "prescription"),
    ("can i (get|buy) {drug} {topic}", "(over the counter|from the chemist|from a pharmacy|online)"),
    ("can i (get|buy) {drug} [(from|at) (the|a) (chemist|pharmacy)] without {topic}",
     "(a prescription|seeing (my|a) doctor)"),
    ("(does|can) {drug} interact with (the|a) {topic}", "(flu jab|flu shot|vaccine|vaccination)"),
    ("can i have (the|a|my) {topic} (on|while taking) {drug}", "(flu jab|flu shot|vaccine|vaccination)"),
    ("(do|will) i need {topic} [(on|while taking) {drug}]", "(blood tests|tests)"),
    ("how long can i (stay on|take) {drug}", "long"),
    ("is (it|{drug}) safe to take {topic}", "(for years|long term|for a long time)"),
    ("(does|will) {drug} stop working {topic}", "(after a while|over time)"),
    ("how long does (a|one|each) {topic} last", "(dose|tablet)"),
    ("when will i (start to|begin to) {topic} [on {drug}]", "(feel better|feel a difference)"),
    ("(does|can|will) {drug} help (with|for) {topic}", "(nerve pain|back pain|arthritis|anxiety|restless legs)"),
    ("what is the {topic} dose [of {drug}]", "(lethal|fatal|deadly)"),
    ("can i (eat|drink|have) {topic} [(with|on) {drug}]",
     "(grapefruit|grapefruit juice|coffee|caffeine|tea|energy drinks)"),
    ("(is|can) {drug} {topic}", "(addictive|habit forming|be addictive)"),
    ("can i (get|become) {topic} [to {drug}]", "addicted"),
    ("(can|should) i take {drug} (while|when) {topic}", "breastfeeding"),
    ("is {drug} safe (while|when) {topic}", "breastfeeding"),
    ("(how|where) (should|do|can) i {topic} ({drug}|the tablets|my tablets)", "(store|keep)"),
    ("does {drug} {topic}", "(expire|go off)"),
    ("what (does|do) {drug} [tablets] {topic}", "look like"),
    ("(should|can|do|must) i take {drug} {topic}",
     "(in the morning|at night|at bedtime|in the evening|at the same time)"),
    ("(is it|is) (better|best) to take {drug} {topic}", "(in the morning|at night|at bedtime|in the evening)"),
    ("what {topic} (should|do|can) i take {drug}", "(time|time of day)"),
    ("is there a {topic} [(version|form)] [of {drug}]", "(generic|cheaper|generic cheaper)"),
    ("(is|can) {drug} (available|sold|made) (as|in) a {topic}", "(generic|cheaper version)"),
    ("what {topic} (is|are) {drug} [tablets]", "(colour|color|shape)"),
    ("can i {topic} {drug} [tablets] [in half]", "(crush|split|chew|break|cut)"),
    # What else a patient leaflet has: who makes it, the pack, disposal, expiry, surgery, fertility,
    # allergy, the sun, tolerance, sport.
    ("(who|which company) (makes|manufactures|produces) {drug} [tablets]", "manufacturer"),
    ("who is the {topic} of {drug}", "manufacturer"),
    ("how many (tablets|pills) (are|come) in (a|the|each|one) {topic}", "(box|packet|pack|bottle)"),
    ("(how|where) (do|should|can) i {topic} (old|unused|leftover|unwanted|spare) (tablets|pills|{drug})",
     "(get rid of|dispose of|throw away)"),
    ("(can|should) i (take|use) {topic} {drug}", "(out of date|expired)"),
    ("is it (safe|ok|okay) to take {drug} (that|which) (has|is) {topic}", "(expired|out of date|past its date)"),
    ("(do|should) i (stop|keep taking) {drug} before (an|my|the) {topic}",
     "(operation|surgery|anaesthetic|dental treatment)"),
    ("i am having (an|a) {topic} [(next week|soon)] what about my {drug}", "(operation|surgery|anaesthetic)"),
    ("(can|could) (i|men|women) {topic} (on|while taking) {drug}",
     "(get pregnant|father a child|have children|conceive)"),
    ("(can|could) (i|you|someone) be {topic} {drug}", "allergic to"),
    ("(does|will|can) {drug} make (my|your) skin {topic}", "(sensitive to the sun|burn in the sun)"),
    ("(do|will|can) (i|you|people) (build up|develop|get) a {topic} to {drug}", "tolerance"),
    ("(do|will) (i|you) get {topic} {drug} [so it stops working]", "used to"),
    ("is it (safe|ok|okay) to {topic} (on|while taking) {drug}",
     "(exercise|go to the gym|go swimming|play sport|do yoga)"),
)


# Leaflet questions whose topic is open: when the topic's last word of substance is one the content
# never uses ("does baclofen cause kidney stones", "is it safe for someone with dementia"), the
# content does not answer it, whatever part shares the topic's other words. The topic ends at a
# word that starts what follows it ("confusion in older people" is about confusion).
OPEN_UNCOVERED = (
    "(does|can|will|could|would|might) {drug} (cause|affect|give you|give me|damage|harm|help with|help|worsen)",
    "(does|can|will|could|would) {drug} work (for|on|with)",
    "(does|can|will|could|would) {drug} (interfere|interact) with",
    "(does|can) {drug} come (as|in)",
    "is {drug} (available|sold|made) (as|in)",
    "is {drug} (used|good|any good|given|prescribed) for",
    "is {drug} (safe|ok|okay|alright|good|bad) (for|with)",
    "(can|should|may) (i|you|he|she|we) (take|have|use) {drug} (with|if i have|if he has|if she has|when i have)",
    "are there any",
)
TOPIC_ENDS = frozenset("in for with when if after since while and because at on before during to".split())


def open_uncovered(monograph: Monograph) -> list[str]:
    """The frames of OPEN_UNCOVERED, naming the monograph's drug."""
    return [frame.format(drug=_drug(monograph)) for frame in OPEN_UNCOVERED]


def _expanded(monograph: Monograph, templates: Iterable[str]) -> list[str]:
    drug = _drug(monograph)
    return list(dict.fromkeys(_as_heard(sentence) for template in templates
                              for sentence in expand(template.format(drug=drug))))


def uncovered_phrasings(monograph: Monograph) -> dict[str, list[str]]:
    """The leaflet questions of UNCOVERED, expanded, by the topic they ask about."""
    out: dict[str, list[str]] = {}
    for frame, topics in UNCOVERED:
        for topic in expand(topics):
            out.setdefault(topic, []).extend(_expanded(monograph, [frame.replace("{topic}", topic)]))
    return {topic: list(dict.fromkeys(said)) for topic, said in out.items()}


def everyday_phrasings(monograph: Monograph) -> list[str]:
    """The everyday requests of OFF_TOPIC, expanded: no monograph answers these."""
    return _expanded(monograph, OFF_TOPIC)


def off_topic_phrasings(monograph: Monograph) -> list[str]:
    """The everyday requests of OFF_TOPIC and the leaflet questions of UNCOVERED, expanded."""
    uncovered = (said for phrasings in uncovered_phrasings(monograph).values() for said in phrasings)
    return list(dict.fromkeys([*everyday_phrasings(monograph), *uncovered]))


@cache  # once a process: expanding takes seconds, and recognisers and tests ask again
def phrasings(monograph: Monograph, other_medicines: Iterable[str] = ()) -> list[str]:
    """Everything a recogniser should expect: the questions, emergencies, other medicines,
    off-topic requests, the commands."""
    return list(dict.fromkeys([*question_phrasings(monograph), *framed_phrasings(monograph),
                               *two_part_phrasings(monograph),
                               *urgent_phrasings(monograph),
                               *other_medicine_phrasings(monograph, other_medicines),
                               *off_topic_phrasings(monograph), *command_phrasings(monograph)]))


def spoken_phrasings(monograph: Monograph) -> list[str]:
    """What voiceinfo itself says, sentence by sentence, and the barge-in commands.

    The barge-in listener hears the program's own voice through the microphone: knowing
    these sentences, it hears them as what they are rather than as "stop".
    """
    texts = [monograph.urgent_say, monograph.unknown_say, *every_prompt({
        "drug": [monograph.drug], "topic": [s.topic for s in monograph.sections], "topics": [monograph.topics],
        "count": [str(len(s.items)) for s in monograph.sections if s.items], "part": ["1", "2"],
        "engine": [BUILT_IN_ENGINE]})]
    for section in monograph.sections:
        texts += [section.say, section.more, section.note, *(i.say for i in section.items)]
    out = {_as_heard(s): None
           for text in texts if text for s in sentences(for_the_ear(text))}
    return list(dict.fromkeys([*out, *barge_in_phrasings()]))
