"""Cost stays near-linear on pathological transcripts (issue 13), checked by counting
operations, never by the clock (timings are in tests/bench/bench_hardening.py)."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
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


_MARKED = (
    "Title\n\n"
    "Ana said *we heard (inaudible) there* and then (inaudible). Jones (ph) spoke.\n\n"
    "Mr. Smith: [unclear: the budget] was (crosstalk) at [inaudible 00:01:02] the end.\n\n"
    "They voted (inaudible). Then (agreed?) the *minutes (inaudible)* were read.\n"
)


def _marked_session(tmp_path: Path, text: str = _MARKED):
    from transcript_review.core.config import Config
    from transcript_review.core.editing.session import EditingSession

    path = tmp_path / "t.txt"
    path.write_text(text)
    return EditingSession.open(path, Config(), user="ana")


def _count_find_items(monkeypatch) -> list[int]:
    """A list that grows by one each time the session finds its items."""
    from transcript_review.core.editing import session as session_module

    calls: list[int] = []
    real = session_module.find_items

    def counting(transcript):
        calls.append(1)
        return real(transcript)

    monkeypatch.setattr(session_module, "find_items", counting)
    return calls


def test_status_check_and_plain_export_never_find_the_items(tmp_path, monkeypatch) -> None:
    """The items (an id hashed from the text around each marker, its place, its time) were
    found for every command: most of status's, check's and export's time with 1e6 markers."""
    from transcript_review.cli.history_commands import check_report
    from transcript_review.core.config import Config
    from transcript_review.core.editing.session_timing import time_session
    from transcript_review.core.export.formats import ExportOptions, export
    from transcript_review.core.workspace.summary import status_summary

    calls = _count_find_items(monkeypatch)
    session = _marked_session(tmp_path)
    summary = status_summary(session)
    check_report(session)
    timing = time_session(session, markers=Config().markers)
    text = export(
        session.transcript,
        session.state,
        lambda: session.items,
        timing,
        ExportOptions("txt", False, "as-typed"),
    )
    assert calls == []
    assert text == _MARKED
    assert summary["gaps"]["total"] == 6 and summary["uncertain"]["total"] == 5
    export(
        session.transcript,
        session.state,
        lambda: session.items,
        timing,
        ExportOptions("md", False, "as-typed"),
    )
    assert calls == [1]  # a format that needs them finds them, once
    session.item_states()
    assert calls == [1]


def test_state_counts_are_the_item_states_counted(tmp_path) -> None:
    """``status``'s counts, made from the markers, are those of the items' states, whatever
    the corrections: gaps resolved, confirmed or taken in by a wider replace (keeping the
    marker or not), passages corrected, gaps inside passages settled alone, approvals."""
    from transcript_review.core.config import Config
    from transcript_review.core.editing.session import EditingSession
    from transcript_review.core.sidecar.records import Role

    rng = random.Random(13)
    for round_ in range(12):
        folder = tmp_path / f"r{round_}"
        folder.mkdir()
        session = _marked_session(folder)
        text = session.transcript.text
        for item in rng.sample(session.items, rng.randint(1, len(session.items))):
            action = rng.choice(("resolve", "confirm", "replace-wide", "replace-keep", "edge"))
            if item.kind == "gap" and action == "resolve":
                session.resolve_gap(item, "words")
            elif item.kind == "gap" and action == "confirm":
                session.confirm_gap(item)
            elif action == "replace-keep":  # a wider replace that keeps the marker
                start, end = max(0, item.start - 4), min(len(text), item.end + 3)
                if not text[start:end].strip() or "\n" in text[start:end]:
                    continue
                kept = text[start:end].replace(item.marker, f"x {item.marker} y")
                _try(session.replace, start, end, kept)
            elif action == "edge":  # a correction touching the start of the item only
                _try(session.replace, item.start, item.start + 1, text[item.start])
            else:
                _try(session.replace, item.start, item.end, "plain words")
        session.save("corrections")
        reviewer = EditingSession.open(
            session.transcript.path, Config(), user="rui", role=Role.REVIEWER
        )
        for cid in list(reviewer.state.corrections)[::2]:
            _try(reviewer.approve, cid)
        expected: dict[str, Counter] = {"gap": Counter(), "uncertain": Counter()}
        for state in reviewer.item_states():
            expected[state.item.kind][state.state] += 1
        got = reviewer.state_counts()
        assert {k: +v for k, v in got.items()} == expected  # (+ drops the zero counts)


def _try(action, *args) -> None:
    """Do an action that the rules may refuse (two corrections on one span, ...)."""
    from transcript_review.core.editing.span_edit import EditRefused
    from transcript_review.core.errors import InputError

    with contextlib.suppress(EditRefused, InputError, ValueError):
        action(*args)


def _many_marker_kinds(paragraphs: int) -> str:
    """Paragraphs of gaps, phonetic doubts, a question-mark gap and an underscore gap each."""
    body = "Name (ph) said (inaudible) twice [??] and ____ then (inaudible)."
    return "Title\n\n" + "\n\n".join(body for _ in range(paragraphs)) + "\n"


def test_finding_markers_checks_overlaps_once_per_later_marker(monkeypatch) -> None:
    """Gaps of the first notation (nearly all of them, in a transcript of a million) are not
    checked against each other; the others once each, against spans listed once per notation
    (not one insertion per gap into a list a million long)."""
    from transcript_review.core.text import markers as markers_module

    checks: list[int] = []
    listings: list[int] = []
    real_overlapping = markers_module._Spans.overlapping
    real_of = markers_module._Spans.of.__func__

    def overlapping(self, start: int, end: int):
        checks.append(1)
        return real_overlapping(self, start, end)

    def of(cls, spans):
        listings.append(len(spans))
        return real_of(cls, spans)

    monkeypatch.setattr(markers_module._Spans, "overlapping", overlapping)
    monkeypatch.setattr(markers_module._Spans, "of", classmethod(of))
    counts = []
    for paragraphs in (1_000, 10_000):
        checks.clear()
        listings.clear()
        found = markers_module.find_markers(_many_marker_kinds(paragraphs))
        assert len(found) == 5 * paragraphs
        # A question-mark gap and an underscore gap checked against the gaps before them; a
        # "(ph)" against the gaps (and, with "(inaudible) …", nothing else).
        assert len(checks) == 3 * paragraphs
        assert len(listings) == 3  # gaps after notations 1 and 2, then all gaps for doubts
        counts.append(len(checks))
    assert counts[1] == 10 * counts[0]
