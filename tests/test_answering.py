"""The answering engine against the question set and the brief's specific promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.question_set import HELD_OUT, URGENT, Case, read_cases
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import Monograph, load
from voiceinfo.understanding.lexicon import default_lexicon
from voiceinfo.understanding.wording import words

CASES = read_cases()


def test_question_set_is_big_and_varied_enough() -> None:
    assert len(CASES) >= 150
    assert sum(c.expected is None for c in CASES) >= 20


def accuracy(answerer: Answerer, cases: list[Case], name: str) -> tuple[float, str]:
    failures = []
    for case in cases:
        answer = answerer.answer(case.question)
        if answer.target != case.expected or answer.urgent != case.urgent:
            failures.append(f"{case.question!r}: expected {case.expected}, got {answer.target}")
    share = 1 - len(failures) / len(cases)
    print(f"\n{name} accuracy {share:.1%} ({len(cases) - len(failures)}/{len(cases)})")
    print("\n".join(failures))
    return share, "\n".join(failures)


def test_question_set_accuracy_at_least_97_percent(answerer: Answerer) -> None:
    share, failures = accuracy(answerer, CASES, "question set")
    assert share >= 0.97, failures


def test_held_out_questions_accuracy_at_least_90_percent(answerer: Answerer) -> None:
    """Wording the answering was never tuned on: 85 of 91 when written."""
    share, failures = accuracy(answerer, read_cases(HELD_OUT), "held-out")
    assert share >= 0.9, failures


def test_emergencies_in_their_own_words_are_urgent(answerer: Answerer) -> None:
    """As text, all 24 of urgent_questions.tsv ("I accidentally took a double dose" and "I can't
    wake my husband up" name no urgent cue of the content's: emergencies.py hears them)."""
    cases = read_cases(URGENT)
    missed = [c.question for c in cases if not answerer.answer(c.question).urgent]
    assert not missed


@pytest.mark.parametrize("report", [
    "my little boy got into my handbag and swallowed some of my tablets",
    "she can't wake up", "he took a double dose by mistake", "his breathing is really slow",
    "my husband collapsed and he isn't responding", "she's very drowsy and confused",
    # Corrected towards the content's words, "shallow" was "swallow"; a drink, a single tablet.
    "he's breathing really shallow", "my son drank some of my baclofen liquid",
    "my wife took an extra tablet by mistake", "my dad is very confused and doesn't know where he is",
    "my wife has blacked out"])
def test_an_emergency_reported_in_other_words_gets_the_emergency_line(answerer: Answerer, monograph: Monograph,
                                                                      report: str) -> None:
    """These got dosing or side-effect answers with no warning."""
    assert answerer.answer(report).text == monograph.urgent_say


@pytest.mark.parametrize("question", [
    "can my son swallow the tablets whole", "can it slow my breathing", "will it make me very drowsy",
    "my son took his tablets this morning", "what happens if someone collapses", "what if I take too many",
    "can my son drink the liquid", "can I take an extra tablet if the pain is bad",
    "I think I took my tablets twice a day", "how do I get hold of the tablets", "I swallowed some water with it"])
def test_a_question_about_the_same_things_is_no_emergency(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question).urgent


def test_an_emergency_among_a_recognisers_first_guesses_counts(answerer: Answerer) -> None:
    assert answerer.answer("can it lead", ["can it lead", "i cant breathe"]).urgent
    assert not answerer.answer("can it lead").urgent
    assert not answerer.answer("can it lead", ["can it lead"] * 3 + ["i cant breathe"]).urgent


def test_every_expected_target_exists_in_the_content(monograph: Monograph) -> None:
    missing = {c.expected for c in CASES if c.expected} - monograph.targets
    assert not missing


def _all_fact_sentences(monograph: Monograph) -> list[str]:
    texts = [t for s in monograph.sections for t in (s.say, s.more, *(i.say for i in s.items)) if t]
    return [sentence for t in texts for sentence in t.split(". ") if len(sentence) > 20]


@pytest.mark.parametrize("question, drug", [
    ("what are the side effects of tizanidine", "tizanidine"),
    ("what is the dose of ocrevus", "ocrevus"),
    ("can I drink alcohol with gabapentin", "gabapentin"),
    ("how much aspirin can I take", "aspirin"),
])
def test_another_drug_is_never_answered_with_baclofen_facts(
        answerer: Answerer, monograph: Monograph, question: str, drug: str) -> None:
    answer = answerer.answer(question)
    assert answer.section is None and answer.out_of_scope
    assert drug in answer.text
    assert not any(fact in answer.text for fact in _all_fact_sentences(monograph))


def test_alcohol_question_gets_only_the_alcohol_caution(answerer: Answerer, monograph: Monograph) -> None:
    answer = answerer.answer("can I drink alcohol with it?")
    cautions = monograph.section("cautions")
    assert answer.text.startswith(cautions.item("alcohol").say)
    assert cautions.item("pregnancy").say not in answer.text
    assert "more" in answer.text


def test_sleepy_question_says_drowsiness_is_a_common_side_effect(answerer: Answerer) -> None:
    answer = answerer.answer("does it make you sleepy?")
    assert answer.target == "side-effects/drowsiness"
    assert "drowsiness" in answer.text.lower() and "common side effects" in answer.text
    assert "Say more to hear about side effects" in answer.text


@pytest.mark.parametrize("question, target", [
    ("he can hardly keep his eyes open in the evenings, is that the baclofen", "side-effects/drowsiness"),
    ("I've not been able to go properly for days, is that from the baclofen", "side-effects/constipation"),
    ("can my dad still have a pint of an evening", "cautions/alcohol"),
    ("she has no energy at all since she started it", "side-effects/fatigue"),
    ("what happens if he runs out and goes without for a few days", "stopping"),
    ("my legs feel like jelly on this medicine", "side-effects/weakness"),  # was what it is
    ("i'm off balance since the dose went up", "side-effects/dizziness"),  # was declined
])
def test_everyday_words_for_what_the_content_covers(answerer: Answerer, question: str, target: str) -> None:
    assert answerer.answer(question).targets == (target,)


@pytest.mark.parametrize("question, target", [
    ("i've been bunged up since starting it", "side-effects/constipation"),
    ("she's been totally wiped out since starting it", "side-effects/fatigue"),
])
def test_a_common_side_effect_in_everyday_words_is_no_emergency(answerer: Answerer, question: str,
                                                                target: str) -> None:
    """Both got the emergency line from the learnt signal alone."""
    answer = answerer.answer(question)
    assert not answer.urgent and answer.targets == (target,)


def test_driving_question_gets_the_reaction_time_warning(answerer: Answerer) -> None:
    answer = answerer.answer("can I drive?")
    assert "reaction time" in answer.text and "heavy machinery" in answer.text


@pytest.mark.parametrize("question", ["I stopped baclofen suddenly and now I'm hallucinating",
                                      "I think I overdosed on baclofen", "I took way too much baclofen"])
def test_an_emergency_gets_the_emergency_line_alone(answerer: Answerer, monograph: Monograph,
                                                    question: str) -> None:
    """Nothing to wait through before acting on it, and never a dose after an overdose (the
    warning was once followed by the section's answer: "the usual dose is 40 to 80 milligrams")."""
    answer = answerer.answer(question)
    assert answer.urgent and answer.text == monograph.urgent_say


@pytest.mark.parametrize("question", ["she swallowed about 20 pills", "he has had his tablets twice today",
                                      "my dad took 3 instead of 1", "someone has taken an overdose of baclofen",
                                      "I think I took my evening dose twice",
                                      "my toddler got hold of the bottle and swallowed some",
                                      "my son might have swallowed a couple of my baclofen",
                                      "I've just realised I took double my dose this morning",
                                      "I accidentally took two doses",
                                      "my friend took a whole bunch of my baclofen on purpose",
                                      "help my son took my tablets", "I've taken more than I should have",
                                      "my nephew chewed some of the pills he found in my bag",
                                      # Apart: taking, then how it went wrong.
                                      "I've taken two lots of my tablets by mistake",
                                      "I forgot I'd already had my dose and took another one",
                                      "I took my tablets and then realised I had already taken them",
                                      "my grandson has been eating my pills like sweets",
                                      "I found my daughter with my empty packet of baclofen",
                                      "the kids got into the medicine and I think they took some"])
def test_tablets_counted_or_taken_again_are_an_emergency(answerer: Answerer, monograph: Monograph,
                                                        question: str) -> None:
    assert answerer.answer(question).text == monograph.urgent_say


@pytest.mark.parametrize("question", ["how many tablets would be an overdose", "is it possible to overdose on it"])
def test_an_overdose_asked_about_is_declined_not_an_emergency(answerer: Answerer, monograph: Monograph,
                                                              question: str) -> None:
    """The monograph does not say how much is an overdose: "I don't have that", with no dose
    (the cue "overdose" once matched by stem, and such a question got the emergency line)."""
    answer = answerer.answer(question)
    assert not answer.urgent and answer.out_of_scope and answer.text.startswith(monograph.unknown_say)


@pytest.mark.parametrize("question", ["how much is too much", "how much baclofen would kill you",
                                      "what happens if I take too much", "is it too much to take 80 milligrams",
                                      "I think I overdosed on baclofen"])
def test_a_question_about_too_much_is_never_answered_with_a_dose(answerer: Answerer, question: str) -> None:
    """Not even a "more" away: read as how much is safe to take."""
    answer = answerer.answer(question)
    assert "milligram" not in answer.text
    assert answer.section != "how-to-take" and answer.target != "brands-and-forms/tablets"


def test_an_emergency_the_content_has_no_facts_for_gets_the_advice_alone(
        answerer: Answerer, monograph: Monograph) -> None:
    answer = answerer.answer("help, my husband can't breathe")
    assert answer.urgent and answer.section is None
    assert answer.text == monograph.urgent_say


@pytest.mark.parametrize("report", ["she's really drowsy and slurring her words",
                                    "my mum is very confused and doesn't recognise me",
                                    "he's shaking all over and can't stop", "she won't open her eyes",
                                    "I ran out of baclofen yesterday and now I'm seeing bugs on the wall",
                                    "can it cause fits, my son is having a fit"])
def test_a_sign_told_in_words_is_an_emergency(answerer: Answerer, report: str) -> None:
    assert answerer.urgency.told(answerer.correct(words(report)))


@pytest.mark.parametrize("question, target", [("does baclofen cause hallucinations", "stopping"),
                                              ("is it true that stopping it can cause fits", "stopping"),
                                              ("can you get hallucinations from stopping baclofen quickly",
                                               "stopping"),
                                              ("can it make you so sleepy you can't wake up",
                                               "side-effects/drowsiness")])
def test_a_sign_asked_about_as_what_it_may_cause_is_no_emergency(answerer: Answerer, question: str,
                                                                 target: str) -> None:
    """The content's cue "hallucinating" matched these by stem: the emergency line, for a question."""
    answer = answerer.answer(question)
    assert not answer.urgent and answer.target == target


def test_question_about_seizures_in_general_is_not_an_emergency(answerer: Answerer) -> None:
    answer = answerer.answer("can stopping cause seizures?")
    assert not answer.urgent and answer.section == "stopping"


def test_review_date_is_answerable(answerer: Answerer, monograph: Monograph) -> None:
    answer = answerer.answer("how up to date is this?")
    assert monograph.source.reviewed in answer.text


def test_out_of_scope_reply_is_honest_short_and_points_to_help(answerer: Answerer, monograph: Monograph) -> None:
    """Short, since nobody should wait through a list of topics they did not ask for."""
    answer = answerer.answer("what's the weather like tomorrow")
    assert answer.out_of_scope and answer.section is None
    assert answer.text.startswith("I don't have that information")
    assert "doctor" in answer.text and "Say help" in answer.text and len(answer.text.split()) <= 25
    assert all(s.topic in monograph.topics for s in monograph.sections)


@pytest.mark.parametrize("question, target", [
    ("WHAT ARE THE SIDE EFFECTS???", "side-effects"),
    ("um so like what does it do", "what-it-is"),
    ("side affects", "side-effects"),
    ("back lofen dose", "how-to-take"),
    ("what is the dosage", "how-to-take"),
    ("pregnant", "cautions/pregnancy"),
    ("what's it for", "what-it-is"),
])
def test_robust_to_how_people_and_recognisers_ask(answerer: Answerer, question: str, target: str) -> None:
    assert answerer.answer(question).target == target


@pytest.mark.parametrize("question", ["is it going to rain tomorrow", "what's the weather like this week"])
def test_real_words_are_not_corrected_into_others(answerer: Answerer, question: str) -> None:
    """"rain" is not a slip for "brain", nor "week" for "wee" (urinating)."""
    assert answerer.answer(question).out_of_scope


@pytest.mark.parametrize("question", [
    "can I drink grapefruit juice with baclofen",  # was answered with the alcohol caution
    "can baclofen give me a dry mouth",  # was answered with how to take it (by mouth)
    "what if I miss a dose",  # was answered with how to take it
    "is baclofen safe with high blood pressure",  # was answered with low blood pressure
    "what's your name",  # was answered with the brand names
    "how old are you",  # was answered with where the information comes from
    "what does it look like",  # was answered with what it is ("what does it do")
    "can I crush the tablets",  # was answered with the tablets' strengths
    "what colour are the tablets",  # likewise
])
def test_what_the_content_does_not_cover_is_not_answered_from_a_part_sharing_its_words(
        answerer: Answerer, question: str) -> None:
    answer = answerer.answer(question)
    assert answer.out_of_scope and answer.text.startswith("I don't have that information"), answer.target


@pytest.mark.parametrize("question, target", [
    ("can I drink alcohol with baclofen", "cautions/alcohol"),
    ("can I take it while pregnant", "cautions/pregnancy"),
    ("does baclofen give me drowsiness", "side-effects/drowsiness"),
    ("does it help with spasms", "what-it-is"),
    ("what is the usual dose", "how-to-take/usual-dose"),
    ("what other names does it have", "brands-and-forms"),
    ("how old is this information", "about"),
    ("what strength are the tablets", "brands-and-forms/tablets"),
])
def test_what_the_content_covers_is_still_answered_beside_the_declined_requests(
        answerer: Answerer, question: str, target: str) -> None:
    """Declined requests share frames with covered ones ("can I take it while breastfeeding")."""
    assert answerer.answer(question).target == target


@pytest.mark.parametrize("question, target", [
    ("what side effects do people with ms get on baclofen", "side-effects"),
    ("is baclofen safe for people with ms who have had a stroke", "cautions/stroke"),
    ("what dose do most people with ms take", "how-to-take/usual-dose"),
    ("what is baclofen used for in people with ms", "what-it-is"),
])
def test_people_with_ms_frame_the_question_rather_than_ask_what_it_is_for(
        answerer: Answerer, question: str, target: str) -> None:
    assert answerer.answer(question).target == target


def test_a_monograph_that_covers_a_leaflet_topic_answers_it(tmp_path: Path, monograph: Monograph) -> None:
    """"dry mouth" is declined for baclofen (test above), but answered by a monograph listing it."""
    item = ("      - id: dry-mouth\n"
            "        asks: [dry mouth]\n"
            "        say: A dry mouth is a side effect in this made-up monograph.\n")
    text = monograph.path.read_text(encoding="utf-8")
    anchor = "      - id: low-blood-pressure\n"
    (tmp_path / "covers.yaml").write_text(text.replace(anchor, item + anchor), encoding="utf-8")
    answerer = Answerer(load(tmp_path / "covers.yaml"), default_lexicon())
    assert answerer.answer("can baclofen give me a dry mouth").target == "side-effects/dry-mouth"
    assert answerer.answer("can I drink grapefruit juice with baclofen").out_of_scope


def test_answers_are_written_for_the_ear(monograph: Monograph) -> None:
    texts = [t for s in monograph.sections for t in (s.say, s.more, *(i.say for i in s.items))]
    assert not any(" mg" in t or t.startswith("mg") for t in texts)


def test_a_question_that_asks_two_things_gets_both_answers_in_order(answerer: Answerer,
                                                                    monograph: Monograph) -> None:
    """Only one part of a question was ever answered."""
    answer = answerer.answer("what dose do I start on and what's the most I can take")
    dosing = monograph.section("how-to-take")
    assert answer.targets == ("how-to-take/starting-dose", "how-to-take/usual-dose")
    assert answer.text == (f"First: {dosing.item('starting-dose').say} "
                           f"Second: {dosing.item('usual-dose').say}")
    assert answer.target == "how-to-take/usual-dose"  # where "more" goes on


def test_an_and_in_a_story_is_not_a_second_question(answerer: Answerer) -> None:
    answer = answerer.answer("I take a few pills for other things and I'm about to start baclofen, "
                             "what should I bring up with my doctor")
    assert answer.targets == ("tell-your-doctor",)


@pytest.mark.parametrize("question, target", [
    ("my mum likes a glass of wine at dinner, is that ok with baclofen", "cautions/alcohol"),
    ("can my husband have a couple of beers at the weekend while he's on it", "cautions/alcohol"),
    ("I've been getting these headaches almost every day since the doctor put me on baclofen, "
     "could they be related", "side-effects/headache"),
])
def test_everyday_words_around_a_question_do_not_hide_it(answerer: Answerer, question: str, target: str) -> None:
    """Every word the content does not use counted against the answer, so that caregivers' and
    long questions got "I don't have that information"."""
    assert answerer.answer(question).targets == (target,)


@pytest.mark.parametrize("question, target", [
    ("my doctor mentioned baclofen at my last appointment and I wanted to know what sort of dose people "
     "start on before I go back", "how-to-take/starting-dose"),
])
def test_a_story_s_words_do_not_outweigh_the_question(answerer: Answerer, question: str, target: str) -> None:
    """Answered with what to tell the doctor: the story's words ("doctor", "before") fit that part
    almost as well as the question's fit its own, and meaning now decides."""
    assert answerer.answer(question).targets == (target,)


@pytest.mark.parametrize("question", ["how long before baclofen starts to work", "what is the lethal dose",
                                      "should I take it on an empty stomach", "what if I forgot a dose"])
def test_what_the_monograph_does_not_say_is_declined_not_answered_from_a_neighbour(answerer: Answerer,
                                                                                   question: str) -> None:
    """These were answered with what to tell the doctor, the usual dose, how to take it."""
    answer = answerer.answer(question)
    assert answer.out_of_scope and answer.section is None


@pytest.mark.parametrize("question", ["what dose should an 85 year old take", "is it ok for my mum who is aged 70",
                                      "can an eighty five year old take it", "will baclofen affect my sex drive",
                                      "do I need blood tests while on baclofen", "how soon will baclofen start working",
                                      "can baclofen cause memory problems", "my dad is 85, how much should he take",
                                      "what's the maximum dose before it becomes dangerous",
                                      "is it a controlled drug", "do I need a prescription for baclofen",
                                      "does it interact with the flu jab", "how many days before I feel the benefit",
                                      "I forgot last night's tablet, what now", "is it safe to take for years",
                                      "does baclofen stop working after a while", "how long does one dose last",
                                      "does it help with nerve pain", "should I take it at bedtime",
                                      "is there a generic form of baclofen", "how should I keep it",
                                      "my mum keeps forgetting her evening tablet", "he missed two doses this week",
                                      "how fast does baclofen kick in",
                                      "can I buy baclofen at the chemist without seeing my GP",
                                      "can baclofen cause hearing problems", "who is the manufacturer of baclofen",
                                      "how many tablets are in a box", "i'm having an operation, do I stop baclofen"])
def test_an_age_or_a_topic_the_monograph_does_not_cover_is_declined(answerer: Answerer, question: str) -> None:
    """These were answered with the caution for children under 12, reaction time ("drive"), low
    blood pressure, how it works and the side effects."""
    answer = answerer.answer(question)
    assert answer.out_of_scope and answer.section is None and not answer.urgent


@pytest.mark.parametrize("question", ["can my 8 year old take baclofen", "is it safe for a child aged 10"])
def test_an_age_under_the_caution_s_is_answered_with_it(answerer: Answerer, question: str) -> None:
    assert answerer.answer(question).target == "cautions/children"


def test_the_contraceptive_pill_is_another_medicine(answerer: Answerer) -> None:
    assert answerer.answer("does it affect the contraceptive pill").other_drug == "contraceptive pill"


def test_a_medicine_named_in_an_english_word_is_another_medicine(answerer: Answerer) -> None:
    """"melatonin" is in the English dictionary: it was answered with drowsiness."""
    assert answerer.answer("can i take baclofen and melatonin to help me sleep").other_drug == "melatonin"


@pytest.mark.parametrize("question, kind", [("can I take baclofen with my blood pressure tablets",
                                             "blood pressure tablets"),
                                            ("is it alright with my water tablets", "water tablets")])
def test_a_kind_of_medicine_named_in_words_is_another_medicine(answerer: Answerer, question: str,
                                                               kind: str) -> None:
    """Answered with low blood pressure as a side effect, and the tablets' strengths."""
    answer = answerer.answer(question)
    assert answer.other_drug == kind and kind in answer.text


@pytest.mark.parametrize("question", ["does baclofen cause kidney stones", "does baclofen affect fertility",
                                      "is it safe for my dad who has dementia", "does baclofen work for arthritis",
                                      "does it come as a syrup", "is baclofen used for epilepsy",
                                      "can it interfere with hormone patches"])
def test_an_open_topic_the_content_never_names_is_declined(answerer: Answerer, question: str) -> None:
    """These were answered with the kidneys caution, the pregnancy caution and the cautions."""
    answer = answerer.answer(question)
    assert answer.out_of_scope and answer.section is None


@pytest.mark.parametrize("question, target", [("is it safe for my husband", "cautions"),
                                              ("does it come as an injection", "brands-and-forms/injection"),
                                              ("can my husband have a gin and tonic on it", "cautions/alcohol"),
                                              ("I forgot to tell my doctor about my other medicines",
                                               "tell-your-doctor"),
                                              ("does baclofen work for spasms", "how-it-works"),
                                              ("can I take it with a glass of wine", "cautions/alcohol"),
                                              ("can baclofen cause confusion in older people",
                                               "side-effects/confusion")])
def test_an_open_topic_of_a_person_or_the_content_s_words_is_answered(answerer: Answerer, question: str,
                                                                      target: str) -> None:
    assert answerer.answer(question).target == target


def test_a_dose_said_like_an_age_is_not_one(answerer: Answerer) -> None:
    assert answerer.answer("my husband's dose is 80, is that the most").section == "how-to-take"


@pytest.mark.parametrize("heard, target", [("can baclofen cause head aches", "side-effects/headache"),
                                           ("what is gab low fen", "brands-and-forms/injection")])
def test_a_word_split_into_english_words_is_joined(answerer: Answerer, heard: str, target: str) -> None:
    """Split words were rejoined only when a piece was no English word."""
    assert answerer.answer(heard).target == target


@pytest.mark.parametrize("question, target", [("he gets dizzy after his tablets", "side-effects/dizziness"),
                                              ("what strength are my tablets", "brands-and-forms/tablets")])
def test_whose_tablets_they_are_names_the_drug_not_its_tablets(answerer: Answerer, question: str,
                                                               target: str) -> None:
    """"his tablets" is the drug (once answered with the tablets' strengths); what is asked of
    the tablets themselves is still theirs to answer."""
    assert answerer.answer(question).target == target
