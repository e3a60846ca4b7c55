"""The sentence model (all-MiniLM-L6-v2 run with numpy) and what answering does with it."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import numpy as np
import pytest

import voiceinfo.understanding.answering as answering
import voiceinfo.understanding.phrasebook as phrasebook_module
from voiceinfo.understanding.answering import Answerer
from voiceinfo.understanding.content import Monograph
from voiceinfo.understanding.lexicon import default_lexicon
from voiceinfo.understanding.meaning import (
    ADAPTER,
    MeaningUnavailable,
    Phrasebook,
    SentenceEncoder,
    _model_zip,
    default_encoder,
)
from voiceinfo.understanding.urgency import URGENT_SIGNAL
from voiceinfo.understanding.wording import words


def test_a_paraphrase_is_nearer_in_meaning_than_another_question() -> None:
    sleepy, drowsy, cost = default_encoder().embed(
        ["can it make me sleepy", "will baclofen leave me feeling drowsy", "how much does it cost"])
    assert sleepy @ drowsy > sleepy @ cost + 0.2


def test_a_sentence_means_the_same_alone_and_beside_a_longer_one() -> None:
    """Padding a batch to its longest text must not change a shorter text's vector."""
    encoder = default_encoder()
    alone = encoder.embed(["side effects"])[0]
    beside = encoder.embed(["side effects", "my husband has just been prescribed baclofen for his MS, "
                                            "what dose will he start on and how fast does it go up"])[0]
    assert np.linalg.norm(alone) == pytest.approx(1.0, abs=1e-5)
    assert alone @ beside == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize("question, target", [
    ("my dad's legs seem weaker since he started baclofen", "side-effects/weakness"),
    ("who shouldn't take baclofen", "cautions"),
    ("can my son who is eight take baclofen", "cautions/children"),
])
def test_what_shares_no_phrasing_s_words_is_answered_by_meaning(answerer: Answerer, question: str,
                                                                 target: str) -> None:
    assert answerer.answer(question).target == target
    assert Answerer(answerer.monograph, default_lexicon(), meaning=False).answer(question).target != target


def test_meaning_does_not_decline_what_the_content_s_words_cover(answerer: Answerer) -> None:
    """Nearest in meaning to "can I take it while breastfeeding", which is declined."""
    assert answerer.answer("can I take it while pregnant").target == "cautions/pregnancy"


@pytest.mark.parametrize("report", [
    "his breath is really shallow and he is very pale",
    "she is trembling and not answering me",
])
def test_a_sign_told_in_other_words_is_an_emergency(answerer: Answerer, report: str) -> None:
    assert not answerer.urgency.told(answerer.correct(words(report)))  # not by words: by meaning
    answer = answerer.answer(report)
    assert answer.urgent and answer.text == answerer.monograph.urgent_say


def test_a_recogniser_s_n_best_is_embedded_in_one_pass(answerer: Answerer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Answered each for the answer's confidence: one pass over the model for all of them."""
    encoder = phrasebook_module.phrasebook(answerer.monograph)._encoder
    batches: list[int] = []
    embed = encoder.embed
    monkeypatch.setattr(encoder, "embed", lambda texts: batches.append(len(texts)) or embed(texts))
    heard = ["my gran wonders about the sight effects of the back lofen tablets",
             "my gran wonders about the side effects of the baclofen tablets",
             "my gran wanders about the side effects of the back loafin tablets"]
    answerer.confidence(answerer.answer(heard[0]), 1.0, heard)
    assert 2 in batches  # the two the answer itself did not need


def test_a_question_all_but_a_part_s_phrasing_is_no_emergency_by_the_signal(answerer: Answerer) -> None:
    """A recogniser's "the who wrote this" (CI, a kiosk after its remote engine went): the signal
    says 0.88, yet it is "who wrote this" in all but one word."""
    answer = answerer.answer("the who wrote this")
    assert not answer.urgent and answer.target == "about"


@pytest.mark.parametrize("question", ["can it slow my breathing", "will it make me collapse",
                                      "my son took his tablets this morning", "she took her tablets an hour ago",
                                      "I've taken my tablets twice a day for a month"])
def test_a_question_about_a_sign_or_tablets_taken_as_usual_is_no_emergency(answerer: Answerer, question: str) -> None:
    assert not answerer.answer(question).urgent


@pytest.mark.parametrize("question, first", [
    ("does baclofen treat clonus", "It is also used for clonus"),
    ("is the mechanism known", "Exactly how baclofen controls spasticity is not known."),
    ("is baclofen an antispastic", "Doctors call it an antispastic medicine."),
])
def test_a_fact_asked_for_is_said_first(answerer: Answerer, question: str, first: str) -> None:
    assert answerer.answer(question).text.startswith(first)


def test_what_is_not_covered_gets_a_short_decline(answerer: Answerer) -> None:
    answer = answerer.answer("can I eat grapefruit while on baclofen")
    assert answer.out_of_scope and len(answer.text.split()) <= 25 and "doctor" in answer.text


@pytest.mark.parametrize("question", ["do the tablets contain lactose", "can baclofen be used for hiccups",
                                      "is thinning hair a side effect of baclofen"])
def test_what_the_content_never_names_is_declined_though_a_part_shares_its_other_words(
        answerer: Answerer, question: str) -> None:
    assert answerer.answer(question).out_of_scope
    assert not Answerer(answerer.monograph, default_lexicon(), meaning=False).answer(question).out_of_scope


@pytest.mark.parametrize("question, target", [
    ("my mum likes a glass of wine at dinner, is that ok with baclofen", "cautions/alcohol"),
    ("my husband drives a lorry, can he keep driving on baclofen", "side-effects/reaction-time"),
    ("can it make you con fused", "side-effects/confusion"),
])
def test_everyday_words_the_content_never_uses_do_not_carry_the_question_away(
        answerer: Answerer, question: str, target: str) -> None:
    assert answerer.answer(question).target == target


def test_the_phrasebook_is_kept_for_its_owner_and_made_again_when_broken(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    encoder = default_encoder()
    built: list[int] = []

    def build() -> dict[str, str]:
        built.append(1)
        return {"can it make me sleepy": "drowsy", "how much does it cost": "-"}

    first = Phrasebook.cached(encoder, "k", build, tmp_path / "cache")
    kept = list((tmp_path / "cache").iterdir())
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    again = Phrasebook.cached(encoder, "k", build, tmp_path / "cache")
    assert built == [1] and again.nearest("will it make me drowsy").label == "drowsy"
    assert again.nearest("will it make me drowsy") == first.nearest("will it make me drowsy")
    kept[0].write_bytes(b"not a numpy file")
    with caplog.at_level(logging.WARNING):
        mended = Phrasebook.cached(encoder, "k", build, tmp_path / "cache")
    assert built == [1, 1] and "cannot be read" in caplog.text
    assert mended.nearest("what's the price").label == "-"


def test_a_phrasebook_that_cannot_be_kept_still_answers(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    book = Phrasebook.cached(default_encoder(), "k", lambda: {"side effects": "side-effects"}, blocked)
    assert book.nearest("what are the side effects").label == "side-effects"


def test_without_the_sentence_model_words_alone_answer(monograph: Monograph, monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(MeaningUnavailable, match="cannot be read"):
        SentenceEncoder(tmp_path / "missing.zip")

    def missing() -> SentenceEncoder:
        raise MeaningUnavailable("the sentence model is not installed")

    monkeypatch.setattr(phrasebook_module, "default_encoder", missing)
    with caplog.at_level(logging.WARNING):
        assert phrasebook_module.phrasebook.__wrapped__(monograph) is None
    assert "answering by words alone" in caplog.text
    monkeypatch.setattr(answering, "phrasebook", phrasebook_module.phrasebook.__wrapped__)
    assert Answerer(monograph, default_lexicon()).answer("what are the side effects").target == "side-effects"


def test_the_model_unpacked_once_and_mapped_means_the_same_as_read_from_its_zip(tmp_path: Path) -> None:
    texts = ["can it make me sleepy", "what are the side effects"]
    from_zip = SentenceEncoder(_model_zip()).embed(texts)
    first = SentenceEncoder(_model_zip(), tmp_path / "cache")
    unpacked = list((tmp_path / "cache").glob("*.safetensors"))
    assert len(unpacked) == 1 and stat.S_IMODE(unpacked[0].stat().st_mode) == 0o600
    mapped = SentenceEncoder(_model_zip(), tmp_path / "cache")
    assert np.allclose(first.embed(texts), from_zip, atol=1e-6)
    assert np.allclose(mapped.embed(texts), from_zip, atol=1e-6)
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    assert np.allclose(SentenceEncoder(_model_zip(), blocked).embed(texts), from_zip, atol=1e-6)


def test_the_shipped_monograph_s_phrasebook_comes_embedded_with_the_package(monograph: Monograph) -> None:
    """A first start reads it rather than embedding 2,000 texts (40 s here, minutes on a small
    computer). Fails after phrasings change: tools/tune_meaning.py --vectors-only makes it again."""
    with np.load(phrasebook_module.SHIPPED) as shipped:
        assert str(shipped["digest"]) == default_encoder().digest
        assert set(map(str, shipped["texts"])) >= set(phrasebook_module._texts(monograph))


def test_shipped_vectors_are_used_only_when_this_adapter_made_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    encoder = default_encoder()
    texts = {"can it make me sleepy": "drowsy", "how much does it cost": "-"}
    Phrasebook.cached(encoder, "k", lambda: texts, None).ship(tmp_path / "shipped.npz")
    embedded: list[str] = []
    embed = encoder.embed
    monkeypatch.setattr(encoder, "embed", lambda some: embedded.extend(some) or embed(some))
    book = Phrasebook.cached(encoder, "k", lambda: {**texts, "is it safe to drive": "driving"}, tmp_path / "a",
                             tmp_path / "shipped.npz")
    assert embedded == ["is it safe to drive"] and book.nearest("will it make me drowsy").label == "drowsy"
    with np.load(tmp_path / "shipped.npz") as kept:
        np.savez(tmp_path / "other.npz", **{**kept, "digest": "another adapter"})
    (tmp_path / "broken.npz").write_bytes(b"not a numpy file")
    for other in ("other.npz", "broken.npz"):
        embedded.clear()
        with caplog.at_level(logging.WARNING):
            Phrasebook.cached(encoder, "k", lambda: texts, tmp_path / f"cache-{other}", tmp_path / other)
        assert sorted(embedded) == sorted(texts)
    assert "cannot be read" in caplog.text


def test_only_the_newest_phrasebooks_are_kept(tmp_path: Path) -> None:
    """A content edited many times (or a fuzzed one) must not fill the disk."""
    for n in range(7):
        Phrasebook.cached(default_encoder(), f"k{n}", lambda n=n: {f"question {n}": "a"}, tmp_path)
    assert len(list(tmp_path.glob("meaning-*.npz"))) == 4


def test_an_adapter_that_cannot_be_read_or_does_not_fit_is_said(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a numpy file")
    with pytest.raises(MeaningUnavailable, match="adapter .* cannot be read"):
        SentenceEncoder(_model_zip(), adapter=broken)
    other = tmp_path / "other.npz"
    np.savez(other, **{f"{i}.{p}.{s}": np.zeros((4, 4), np.float32)
                       for i in range(6) for p in ("qkv", "out", "up", "down") for s in "ab"})
    with pytest.raises(MeaningUnavailable, match="does not fit"):
        SentenceEncoder(_model_zip(), adapter=other)


def test_a_signal_of_an_emergency_that_does_not_fit_is_said_and_none_reads_as_none(tmp_path: Path) -> None:
    with np.load(ADAPTER) as shipped:
        layers = {name: shipped[name] for name in shipped.files if not name.startswith("urgency.")}
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, **layers, **{"urgency.w1": np.zeros((10, 4), np.float32), "urgency.b1": np.zeros(4, np.float32),
                                 "urgency.w2": np.zeros(4, np.float32), "urgency.b2": np.zeros(1, np.float32)})
    with pytest.raises(MeaningUnavailable, match="signal of an emergency .* does not fit"):
        SentenceEncoder(_model_zip(), adapter=wrong)
    without = tmp_path / "without.npz"
    np.savez(without, **layers)
    encoder = SentenceEncoder(_model_zip(), adapter=without)
    assert encoder.urgency(encoder.embed(["he is not breathing"])[0]) == 0.0


@pytest.mark.parametrize("report", ["my toddler might have swallowed a tablet I dropped",
                                    "I've had way more baclofen than I'm supposed to"])
def test_the_learnt_signal_finds_a_report_that_no_phrasing_or_word_rule_does(answerer: Answerer,
                                                                             report: str) -> None:
    """Nearest to a phrasing of a dose, and told in words no rule of emergencies.py has."""
    assert not answerer.urgency.told(answerer.correct(words(report)))
    assert answerer._nearest(report).label != phrasebook_module.URGENT
    assert answerer.answer(report).text == answerer.monograph.urgent_say


def test_the_learnt_signal_tells_a_report_from_tablets_taken_as_usual() -> None:
    encoder = default_encoder()
    told, usual = encoder.embed(["my toddler might have swallowed a tablet I dropped",
                                 "my son took his tablets this morning"])
    assert encoder.urgency(told) > URGENT_SIGNAL > encoder.urgency(usual)


def test_the_adapter_changes_the_model_and_its_phrasebooks_key() -> None:
    plain, adapted = SentenceEncoder(_model_zip()), default_encoder()
    assert plain.digest != adapted.digest  # a phrasebook kept for one is never read for the other
    texts = ["I'd like to come off the tablets", "how do I stop taking baclofen"]
    a, b = plain.embed(texts), adapted.embed(texts)
    assert np.linalg.norm(b, axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    assert (b[0] @ b[1]) > (a[0] @ a[1]) + 0.05
