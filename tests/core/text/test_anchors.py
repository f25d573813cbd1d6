"""Re-anchoring corrections on realistic edits of the transcript."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.sidecar.helpers import SPEECH, span_of
from transcript_review.core.text.anchors import (
    Anchor,
    PlacementMethod,
    Reanchorer,
    edit_distance,
)


def place(text: str, anchor: Anchor) -> tuple[int, int] | None:
    return Reanchorer(text).place(anchor).span


def test_from_span_keeps_32_characters_of_context() -> None:
    anchor = span_of(SPEECH, "has also flown to")
    assert anchor.prefix == SPEECH[anchor.start - 32 : anchor.start]
    assert anchor.suffix == SPEECH[anchor.end : anchor.end + 32]
    start = Anchor.from_span(SPEECH, 0, 3)
    assert start.prefix == "" and start.exact == "Mr."
    with pytest.raises(ValueError):
        Anchor.from_span(SPEECH, 5, len(SPEECH) + 1)


def test_unchanged_text_is_placed_by_position() -> None:
    anchor = span_of(SPEECH, "(inaudible)", 2)
    placement = Reanchorer(SPEECH).place(anchor)
    assert placement.method is PlacementMethod.POSITION
    assert placement.span == (anchor.start, anchor.end)


def test_words_inserted_before() -> None:
    anchor = span_of(SPEECH, "(inaudible)", 2)
    edited = SPEECH.replace("Mr. President,", "Mr. President, distinguished delegates,")
    span = place(edited, anchor)
    assert span is not None and edited[span[0] : span[1]] == "(inaudible)"
    assert span[0] == anchor.start + len(" distinguished delegates,")


def test_words_inserted_right_next_to_the_quote() -> None:
    anchor = span_of(SPEECH, "has also flown to")
    edited = SPEECH.replace("Union has also", "Union, we hear, has also")
    span = place(edited, anchor)
    assert span is not None and edited[span[0] : span[1]] == "has also flown to"


def test_text_moved() -> None:
    paragraphs = SPEECH.split("\n\n")
    anchor = span_of(SPEECH, "has also flown to")
    moved = "\n\n".join([paragraphs[0], paragraphs[3], paragraphs[2], paragraphs[1]])
    placement = Reanchorer(moved).place(anchor)
    assert placement.method is PlacementMethod.CONTEXT
    assert moved[placement.start : placement.end] == "has also flown to"


def test_quote_lightly_edited() -> None:
    anchor = span_of(SPEECH, "has also flown to the region")
    edited = SPEECH.replace("has also flown to the region", "has also flowed into the region")
    placement = Reanchorer(edited).place(anchor)
    assert placement.method is PlacementMethod.FUZZY
    assert edited[placement.start : placement.end] == "has also flowed into the region"


def test_quote_lightly_edited_and_moved_far() -> None:
    anchor = span_of(SPEECH, "has also flown to the region")
    filler = "Unrelated remarks about procedure continue for a while here. " * 8000
    edited = filler + SPEECH.replace("flown to the region", "flown into the region")
    span = place(edited, anchor)
    assert span is not None
    assert edited[span[0] : span[1]] == "has also flown into the region"


def test_duplicated_quote_with_identical_context_is_orphaned() -> None:
    paragraph = SPEECH.split("\n\n")[1]
    anchor = span_of(SPEECH, "power of diplomacy")
    edited = SPEECH.replace(paragraph, paragraph + "\n\n" + paragraph, 1)
    edited = "Opening words.\n\n" + edited  # so the saved position no longer matches
    placement = Reanchorer(edited).place(anchor)
    assert placement.orphaned
    assert "2 times" in placement.reason


def test_duplicated_quote_decided_by_context() -> None:
    # "(inaudible)" occurs twice; shift both so the position no longer matches.
    anchor = span_of(SPEECH, "(inaudible)", 2)
    edited = "Opening words.\n\n" + SPEECH.replace("the region with", "the region, with")
    placement = Reanchorer(edited).place(anchor)
    assert placement.method is PlacementMethod.QUOTE
    assert placement.start == edited.index("(inaudible) support")


def test_quote_gone_is_orphaned_with_reason() -> None:
    anchor = span_of(SPEECH, "(inaudible)", 2)
    placement = Reanchorer("A completely different text about something else.\n").place(anchor)
    assert placement.orphaned and placement.reason


def test_ambiguous_when_two_weak_candidates_tie() -> None:
    anchor = Anchor("(inaudible)", "xxxxxxxxxxxx ", " yyyyyyyyyyyy", 500, 511)
    text = "aaa (inaudible) bbb\n" * 3
    placement = Reanchorer(text).place(anchor)
    assert placement.orphaned


def test_empty_span_insertion_point() -> None:
    pos = SPEECH.index("support from")
    anchor = Anchor.from_span(SPEECH, pos, pos)
    edited = "New first line.\n" + SPEECH
    span = place(edited, anchor)
    assert span == (pos + len("New first line.\n"),) * 2


@given(st.text(max_size=30), st.text(max_size=30))
def test_edit_distance_agrees_with_the_textbook(a: str, b: str) -> None:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    assert edit_distance(a, b) == prev[-1]


@pytest.mark.slow
def test_thousands_of_anchors_on_a_million_words_after_an_insertion() -> None:
    rng = random.Random(7)
    words = [
        rng.choice(["the", "council", "regional", "protect", "we", "(inaudible)"])
        for _ in range(10)
    ]
    vocab = [f"{w}{i}" for i, w in enumerate(words * 3000)]
    text = " ".join(rng.choice(vocab) for _ in range(1_000_000))
    anchors = []
    for _ in range(3000):
        start = rng.randrange(0, len(text) - 40)
        start = text.index(" ", start) + 1
        end = text.index(" ", start)
        anchors.append(Anchor.from_span(text, start, end))
    edited = "A new opening sentence. " + text[:3_000_000] + " inserted words " + text[3_000_000:]
    began = time.perf_counter()
    placements = Reanchorer(edited).place_all(anchors)
    elapsed = time.perf_counter() - began
    assert all(not p.orphaned for p in placements)
    for anchor, p in zip(anchors, placements, strict=True):
        assert edited[p.start : p.end] == anchor.exact
    assert elapsed < 20  # generous: measured in tests/bench, this only catches a blow-up


def test_anchor_for_a_typed_quote() -> None:
    from transcript_review.core.errors import InputError
    from transcript_review.core.text.anchors import anchor_for_quote

    assert anchor_for_quote(SPEECH, "flown").exact == "flown"
    with pytest.raises(InputError, match="speech.txt: .* occurs 2 times; say which"):
        anchor_for_quote(SPEECH, "(inaudible)", path="speech.txt")
    second = anchor_for_quote(SPEECH, "(inaudible)", 2)
    assert second.start == SPEECH.index("(inaudible) support")
    with pytest.raises(InputError, match="no occurrence 3"):
        anchor_for_quote(SPEECH, "(inaudible)", 3)
    with pytest.raises(InputError, match="does not occur"):
        anchor_for_quote(SPEECH, "fisheries")
