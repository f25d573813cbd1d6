"""Cost stays near-linear on pathological transcripts (issue 13), checked by counting
operations, never by the clock (timings are in tests/bench/bench_hardening.py)."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

from tests.bench.generate import generate_transcript
from tests.core.sidecar.helpers import FIXED_TIME
from transcript_review.core.corrections import (
    CorrectedText,
    apply_corrections,
    changed_regions,
    fold,
)
from transcript_review.core.editing.item_states import corrections_near
from transcript_review.core.sidecar.records import Header, ProposalKind, Propose, Revision, Role
from transcript_review.core.text import transcript as transcript_module
from transcript_review.core.text.anchors import Anchor, text_sha256
from transcript_review.core.text.decoding import decode_bytes
from transcript_review.core.text.items import IdAllocator, _base_id, find_items
from transcript_review.core.text.transcript import parse_transcript


def _replace_first(text: str, quotes: list[str]) -> tuple[CorrectedText, CorrectedText]:
    """The text as is (revision 0) and with each quote's first occurrence replaced."""
    events = []
    for i, quote in enumerate(quotes):
        start = text.index(quote)
        anchor = Anchor.from_span(text, start, start + len(quote))
        events.append(Propose(f"c-{i:08x}", ProposalKind.REPLACE, anchor, quote.upper()))
    rev = Revision(
        1, "00000001", None, "ana", Role.EDITOR, FIXED_TIME, text_sha256(text), "m", tuple(events)
    )
    header = Header(transcript="t.txt")
    before = apply_corrections(fold(header, [rev], text, 0))
    after = apply_corrections(fold(header, [rev], text), include_proposed=True)
    return before, after


def test_diff_compares_only_the_paragraphs_corrections_touch() -> None:
    compared = []
    for words in (2_000, 20_000):
        text = generate_transcript(words) + "\nClosing words of the zebra meeting.\n"
        before, after = _replace_first(text, ["zebra", "Generated benchmark"])
        regions = changed_regions(text, before, after)
        assert len(regions) == 2
        compared.append(sum(len(r.old) + len(r.new) for r in regions))
    assert compared[0] == compared[1]  # 10x the words, the same work


def test_diff_of_a_text_with_no_corrections_compares_nothing() -> None:
    text = generate_transcript(5_000)
    before, after = _replace_first(text, [])
    assert changed_regions(text, before, after) == []


def _one_paragraph(markers: int) -> str:
    body = " ".join("We heard (inaudible)." for _ in range(markers))
    return f"Title\n\n{body}\n"


def test_sentence_breaks_are_found_once_per_paragraph(monkeypatch) -> None:
    calls = []
    real = transcript_module.sentence_breaks

    def counting(text: str, start: int, end: int) -> list[int]:
        calls.append((start, end))
        return real(text, start, end)

    monkeypatch.setattr(transcript_module, "sentence_breaks", counting)
    for markers in (1_000, 10_000):
        calls.clear()
        transcript = parse_transcript(
            decode_bytes(_one_paragraph(markers).encode(), "t.txt"), Path("t.txt")
        )
        items = find_items(transcript)
        assert len(items) == markers
        assert calls == []  # the context is found only when asked for
        assert {item.context for item in items} == {"We heard (inaudible)."}
        assert len(calls) == 1  # the paragraph, scanned once whatever the number of markers


def test_repeated_item_ids_cost_one_probe_each() -> None:
    for repeats in (1_000, 10_000):
        ids = IdAllocator()
        got = [ids.allocate("g-abcdef") for _ in range(repeats)]
        assert got[:3] == ["g-abcdef", "g-abcdef-2", "g-abcdef-3"]
        assert len(set(got)) == repeats
        assert ids.probes == repeats  # was repeats * (repeats + 1) / 2


def test_ids_of_identical_markers_stay_what_they_were() -> None:
    """The ids are the ones the old linear probing gave (base, base-2, base-3… in order)."""
    text = (
        "Title\n\n"
        + " ".join("We heard (inaudible)." for _ in range(40))
        + "\n\nEnd (inaudible).\n"
    )
    transcript = parse_transcript(decode_bytes(text.encode(), "t.txt"), Path("t"))
    items = find_items(transcript)
    used: set[str] = set()
    for item in items:
        para = transcript.paragraph_at(item.start)
        base = _base_id(transcript.text, item.kind, item.start, item.end, para)
        expected, n = base, 1
        while expected in used:
            n += 1
            expected = f"{base}-{n}"
        used.add(expected)
        assert item.id == expected
    assert len(used) == 41


def _spans_and_items(n: int) -> tuple[list, list]:
    """``n`` items ten characters apart, one correction on every tenth, and one long replace
    over nearly all of them (what made each item look back at every correction before it)."""
    items = [SimpleNamespace(start=10 * i, end=10 * i + 5) for i in range(n)]
    standing = [(10 * i, 10 * i + 5, f"c{i}") for i in range(0, n, 10)]
    standing.append((3, 10 * n - 3, "long"))
    standing.sort(key=lambda t: (t[0], t[1]))
    return standing, items


def test_item_states_look_only_at_corrections_that_overlap_each_item() -> None:
    looked_at = []
    for n in (1_000, 10_000):
        standing, items = _spans_and_items(n)
        near = list(corrections_near(standing, items))
        looked_at.append(sum(len(found) for found in near))
        assert [c for _, _, c in near[10]] == ["long", "c10"]
    # Each item sees the long replace and at most its own correction: 10x the items, 10x the
    # work (looking back by the longest correction was 10 * n**2 / 2: 100x).
    assert looked_at[1] <= 10 * looked_at[0] + 10


def test_corrections_near_are_the_overlapping_ones_in_span_order() -> None:
    rng = random.Random(13)
    for _ in range(200):
        items = sorted(
            (SimpleNamespace(start=s, end=s + rng.randint(0, 30)) for s in _offsets(rng, 20)),
            key=lambda i: (i.start, -i.end),
        )
        standing = sorted((s, s + rng.randint(0, 60), k) for k, s in enumerate(_offsets(rng, 15)))
        for item, near in zip(items, corrections_near(standing, items), strict=True):
            expected = [t for t in standing if t[0] <= item.end and t[1] >= item.start]
            assert near == expected


def _offsets(rng: random.Random, count: int) -> list[int]:
    return [rng.randint(0, 300) for _ in range(rng.randint(0, count))]
