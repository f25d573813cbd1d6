"""Real transcripts written by others (shared/corpus) go through the parser sensibly."""

from __future__ import annotations

from tests.conftest import corpus_path
from transcript_review.core.text.items import find_items
from transcript_review.core.text.transcript import load_transcript


def test_talkpython_transcript_has_a_paragraph_and_stamp_per_line() -> None:
    path = corpus_path("pairs", "talkpython-350", "350-steering-council.txt")
    t = load_transcript(path)
    lines = [line for line in t.text.splitlines() if line.strip()]
    assert len(t.stamps) == len(lines)
    assert len(t.paragraphs) == len(lines)
    assert t.paragraphs[1].time == 6.0
    assert all(p.time is not None for p in t.paragraphs)
    assert t.word_count > 9000
    times = [p.time for p in t.paragraphs]
    assert times == sorted(times)


def test_gleicher_human_transcript_reads_as_body_text() -> None:
    t = load_transcript(corpus_path("pairs", "gleicher", "gleicher_human_transcript.txt"))
    assert t.word_count > 5000
    lines = [line for line in t.text.splitlines() if line.strip()]
    assert len(t.paragraphs) == len(lines)  # one utterance per line, no blank lines
    assert all(p.kind == "body" for p in t.paragraphs)
    assert t.stamps == []
    assert [i for i in find_items(t) if i.kind == "gap"] == []
