"""Structure: headings, paragraphs, speaker turns, inline stamps and word spans."""

from __future__ import annotations

from tests.conftest import SAMPLES, SEED
from transcript_review.core.text.transcript import load_transcript, parse_text


def test_seed_structure() -> None:
    t = load_transcript(SEED)
    kinds = [p.kind for p in t.paragraphs]
    assert kinds == ["header", "header"] + ["body"] * 6
    assert (
        t.text[t.paragraphs[0].start : t.paragraphs[0].end]
        == "General Assembly Debate Statement: Canada"
    )
    assert t.speakers == [] and t.stamps == []
    assert t.word_count == 584
    assert t.paragraphs[2].line == 7


def test_speaker_turns_with_times_in_parentheses() -> None:
    t = parse_text(
        "THE PRESIDENT (00:00:05): Order.\n\nMs. Diallo (00:01:12): Thank you (inaudible) all.\n"
    )
    assert [(s.name, s.time) for s in t.speakers] == [("THE PRESIDENT", 5.0), ("Ms. Diallo", 72.0)]
    assert [(p.speaker, p.time) for p in t.paragraphs] == [
        ("THE PRESIDENT", 5.0),
        ("Ms. Diallo", 72.0),
    ]
    assert [s.style for s in t.stamps] == ["speaker", "speaker"]


def test_speaker_then_time() -> None:
    t = parse_text("Ms. Halvorsen: 00:01:48 Thank you. I will answer together.\n")
    assert [(s.name, s.time) for s in t.speakers] == [("Ms. Halvorsen", 108.0)]
    assert t.paragraphs[0].time == 108.0


def test_line_stamps_open_paragraphs_even_without_blank_lines() -> None:
    t = parse_text("00:00:02 Good afternoon.\n00:00:09 The Secretary-General is concerned.\n")
    assert [(p.time, p.line) for p in t.paragraphs] == [(2.0, 1), (9.0, 2)]
    assert [t.text[s.start : s.end] for s in t.stamps] == ["00:00:02 ", "00:00:09 "]


def test_bracket_stamps_anywhere_and_labels_after_them() -> None:
    t = parse_text("[00:00:14] Chile: Thank you. Later [00:00:30] we spoke.\n")
    assert [s.seconds for s in t.stamps] == [14.0, 30.0]
    assert [s.name for s in t.speakers] == ["Chile"]
    assert t.paragraphs[0].time == 14.0


def test_a_heading_with_a_colon_is_not_a_speaker() -> None:
    t = parse_text("General Assembly Debate Statement: Canada\n\nThank you, Mr. President.\n")
    assert t.speakers == []
    assert [p.kind for p in t.paragraphs] == ["header", "body"]


def test_recurring_plain_labels_are_speakers() -> None:
    t = parse_text(
        "Question: When?\n\nSpokesperson: Soon.\n\nQuestion: Why?\n\nSpokesperson: Because.\n"
    )
    assert [s.name for s in t.speakers] == ["Question", "Spokesperson"] * 2


def test_hard_wrapped_paragraphs_stay_whole() -> None:
    t = parse_text("First line of a paragraph\ncontinues here.\n\nSecond paragraph.\n")
    assert len(t.paragraphs) == 2 and t.paragraphs[0].end == t.text.index("here.") + 5


def test_words_skip_labels_stamps_and_marker_notation_but_keep_doubted_words() -> None:
    t = parse_text(
        "Chair (00:00:01): We met Kadugli (ph) and (inaudible) [unclear: the envoy] don't.\n"
    )
    words = [t.text[s:e] for s, e in t.word_spans()]
    assert words == ["We", "met", "Kadugli", "and", "the", "envoy", "don't"]


def test_line_column_and_paragraph_lookup() -> None:
    t = parse_text("one\ntwo three\n\nfour")
    offset = t.text.index("three")
    assert t.line_column(offset) == (2, 5)
    assert t.paragraph_at(t.text.index("four")).index == 1


def test_every_sample_parses() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        t = load_transcript(path)
        assert t.word_count > 50, path
        assert any(p.kind == "body" for p in t.paragraphs), path
