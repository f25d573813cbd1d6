"""Items: ids that stay put, times from the text, and the sentence around each."""

from __future__ import annotations

from tests.conftest import SAMPLES, SEED
from transcript_review.core.text.items import find_item, find_items
from transcript_review.core.text.transcript import load_transcript, parse_text


def test_the_seed_has_exactly_one_gap_and_one_uncertain_passage() -> None:
    items = find_items(load_transcript(SEED))
    assert [(i.kind, i.marker) for i in items] == [
        ("uncertain", "*The whole power of diplomacy will be relevant in the future (inaudible).*"),
        ("gap", "(inaudible)"),
    ]
    uncertain, gap = items
    assert gap.parent == uncertain.id
    assert gap.context == uncertain.marker
    assert (gap.line, gap.paragraph, gap.time) == (7, 2, None)


def test_ids_are_stable_and_survive_edits_elsewhere() -> None:
    base = "Intro. We act (inaudible) now.\n\nLater we spoke of Bamako (ph) again.\n"
    before = [i.id for i in find_items(parse_text(base))]
    assert before == [i.id for i in find_items(parse_text(base))]
    edited = "A new first paragraph was added.\n\n" + base
    assert before == [i.id for i in find_items(parse_text(edited))]
    assert before[0].startswith("g-") and before[1].startswith("u-")


def test_identical_markers_in_identical_context_get_distinct_ids() -> None:
    items = find_items(parse_text("x (inaudible) y\n\n" * 3))
    assert len({i.id for i in items}) == 3


def test_time_comes_from_the_marker_then_the_nearest_stamp_in_the_paragraph() -> None:
    text = (
        "[00:01:00] We met [inaudible 00:01:05] and [crosstalk] then.\n\n"
        "No stamp here (inaudible).\n"
    )
    items = find_items(parse_text(text))
    assert [(i.marker, i.time) for i in items] == [
        ("[inaudible 00:01:05]", 65.0),
        ("[crosstalk]", 65.0),
        ("(inaudible)", None),
    ]


def test_context_is_the_sentence_around_the_marker() -> None:
    text = "Mr. President, thank you. We act (inaudible) now, said Dr. Diallo. Next sentence."
    (item,) = find_items(parse_text(text))
    assert item.context == "We act (inaudible) now, said Dr. Diallo."


def test_find_item_accepts_unique_prefixes() -> None:
    items = find_items(load_transcript(SAMPLES / "security-council-briefing-speakers.txt"))
    gap = items[0]
    assert find_item(items, gap.id) is gap
    assert find_item(items, gap.id[:5].upper()) in (gap, None)
    assert find_item(items, "g-") is None  # ambiguous
    assert find_item(items, "nothing") is None


def test_samples_cover_every_marker_style_asked_for() -> None:
    styles = set()
    markers = set()
    for path in SAMPLES.glob("*.txt"):
        for item in find_items(load_transcript(path)):
            styles.add(item.style)
            markers.add(item.marker)
    assert {
        "inaudible",
        "crosstalk",
        "phonetic",
        "asterisks",
        "unclear",
        "questioned",
        "question-marks",
        "underscores",
    } <= styles
    assert {"(Inaudible.)", "[crosstalk]", "[inaudible 00:03:05]"} <= markers
