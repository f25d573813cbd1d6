"""Markdown export: every footnote is referenced exactly once, however the marks overlap."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import suppress

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcript_review.core.corrections import Draft, State, fold
from transcript_review.core.errors import InputError
from transcript_review.core.export.formats import ExportOptions, _annotate, export
from transcript_review.core.sidecar.records import Evidence, Role
from transcript_review.core.text.anchors import Anchor
from transcript_review.core.text.items import find_items
from transcript_review.core.text.transcript import parse_text
from transcript_review.core.timing.transcript_times import time_transcript

TEXT = (
    "We met at imminent risk. *The whole power of diplomacy will be relevant in the future "
    "(inaudible).* Note that Kadugli (ph) and *the (inaudible) region* agreed.\n\n"
    "The second paragraph has [unclear: some words] and a gap (inaudible) at the end.\n"
)

_REF = re.compile(r"(?<!\\)\[\^(\d+)\](?!:)")
_NOTE = re.compile(r"^\[\^(\d+)\]: (.*)$", re.MULTILINE)


def _markdown(text: str, flags: list[tuple[str, str]], **options: object) -> str:
    """Export ``text`` as Markdown with a flag on each (quote, reason)."""
    state = fold(None, [], text)
    draft = Draft(state, "ana", Role.EDITOR)
    for quote, reason in flags:
        start = text.index(quote)
        draft.flag(Anchor.from_span(text, start, start + len(quote)), reason)
    return _export(text, draft.state, **options)


def _export(text: str, state: State, **options: object) -> str:
    transcript = parse_text(text)
    items = find_items(transcript)
    timing = time_transcript(transcript)
    return export(transcript, state, items, timing, ExportOptions("md", **options))  # type: ignore[arg-type]


def _split(md: str) -> tuple[str, dict[int, str]]:
    """The body and the footnotes {number: text} of an exported Markdown document."""
    notes = {int(n): why for n, why in _NOTE.findall(md)}
    body = _NOTE.sub("", md)
    return body, notes


def assert_every_note_referenced_once(md: str, expected_notes: int | None = None) -> None:
    body, notes = _split(md)
    refs = Counter(int(n) for n in _REF.findall(body))
    assert set(refs) == set(notes), (refs, notes, md)
    assert all(count == 1 for count in refs.values()), refs
    assert sorted(notes) == list(range(1, len(notes) + 1))
    # Numbered in the order they are met in the body.
    assert [int(n) for n in _REF.findall(body)] == sorted(notes)
    if expected_notes is not None:
        assert len(notes) == expected_notes, md


def test_an_uncertain_passage_holding_a_gap_and_a_flag_on_the_gap() -> None:
    # The seed's case: the flag on the gap lies inside the uncertain passage.
    md = _markdown(TEXT, [("relevant in the future (inaudible)", "doubtful")])
    assert_every_note_referenced_once(md, expected_notes=5)
    assert "diplomacy will be relevant in the future (inaudible)._[^1][^2] Note" in md
    _, notes = _split(md)
    assert notes[1] == "uncertain in the transcript" and notes[2] == "flagged: doubtful"


def test_a_flag_starting_inside_a_styled_gap_widens_over_it() -> None:
    md = _markdown(TEXT, [("inaudible).* Note that", "runs on")], gap_style="inaudible")
    assert_every_note_referenced_once(md, expected_notes=5)
    assert "future \\[inaudible\\]. Note that_[^1][^2] _Kadugli" in md


def test_a_flag_ending_inside_a_gap_and_one_crossing_a_passage() -> None:
    flags = [
        ("future (inaud", "cut short"),
        ("imminent risk. *The whole", "crossing"),
        ("Kadugli (ph) and *the", "crossing too"),
    ]
    for style in ("as-typed", "inaudible", "inaudible-time", "(inaudible at {time})"):
        md = _markdown(TEXT, flags, gap_style=style)
        assert_every_note_referenced_once(md, expected_notes=7)
    body, notes = _split(md)
    # The crossing flag opens the run; the references follow its end, outer mark first.
    assert body.index("_imminent risk. The whole") < body.index("[^1][^2][^3]")
    assert [notes[1], notes[2], notes[3]] == [
        "flagged: crossing",
        "uncertain in the transcript",
        "flagged: cut short",
    ]


def test_nested_marks_with_the_same_span_keep_both_notes() -> None:
    md = _markdown(TEXT, [("Kadugli (ph)", "a name"), ("Kadugli", "spelling")])
    assert_every_note_referenced_once(md, expected_notes=6)
    assert "_Kadugli (ph)_[^2][^3][^4]" in md


def test_a_flag_across_paragraphs_is_set_per_paragraph() -> None:
    md = _markdown(TEXT, [("agreed.\n\nThe second", "break")])
    assert_every_note_referenced_once(md, expected_notes=5)
    assert "_agreed._\n\n_The second_[^4] paragraph" in md


def test_a_corrected_passage_loses_its_note_and_its_reference() -> None:
    state = fold(None, [], TEXT)
    editor = Draft(state, "ana", Role.EDITOR)
    start = TEXT.index("Kadugli (ph)")
    editor.replace(Anchor.from_span(TEXT, start, start + 12), "Kaduqli")
    gap = TEXT.index("(inaudible) region")
    editor.resolve_gap(Anchor.from_span(TEXT, gap, gap + 11), "northern", Evidence.LISTENED)
    md = _export(TEXT, editor.state, include_proposed=True)
    assert_every_note_referenced_once(md, expected_notes=3)
    assert "Kaduqli and _the northern region_[^2] agreed" in md


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab *_[\n", min_size=1, max_size=40).flatmap(
        lambda text: st.tuples(
            st.just(text),
            st.lists(
                st.tuples(
                    st.integers(0, len(text)), st.integers(0, len(text)), st.sampled_from("xyz")
                ).map(lambda t: (min(t[0], t[1]), max(t[0], t[1]), t[2])),
                max_size=6,
            ),
            st.sets(st.integers(0, max(len(text) - 1, 0))),
        )
    )
)
def test_annotate_property(case: tuple[str, list[tuple[int, int, str]], set[int]]) -> None:
    """Over random marks (nested, crossing, touching, empty) every note is kept and referenced
    once; without the markup the body is the text (less the dropped stars inside marks)."""
    text, spans, drop = case
    marks = [(s, e, why) for s, e, why in spans if e > s]
    body, notes = _annotate(text, marks, drop)
    assert sorted(notes) == sorted(why for _, _, why in marks)
    refs = [int(n) for n in _REF.findall(body)]
    assert refs == list(range(1, len(notes) + 1))
    inside = {i for s, e, _ in marks for i in range(s, e)}
    expected = "".join(c for i, c in enumerate(text) if i not in drop or i not in inside)
    plain = _REF.sub("", body)
    plain = re.sub(r"\\(.)|_", lambda m: m.group(1) or "", plain, flags=re.DOTALL)
    assert plain == expected


_WORDS = [(m.start(), m.end()) for m in re.finditer(r"\S+", TEXT)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(_WORDS) - 1), st.integers(0, 6), st.booleans()),
        max_size=5,
    ),
    st.sampled_from(["as-typed", "inaudible", "inaudible-time"]),
)
def test_export_property_random_flags(flags: list[tuple[int, int, bool]], gap_style: str) -> None:
    """Flags on random word runs (often crossing a passage or a gap, or inside one)."""
    state = fold(None, [], TEXT)
    draft = Draft(state, "ana", Role.EDITOR)
    for first, extra, trim in flags:
        start = _WORDS[first][0]
        end = _WORDS[min(first + extra, len(_WORDS) - 1)][1]
        if trim and end - start > 3:
            end -= 2  # ends mid-word, maybe inside a gap or before a closing star
        draft.flag(Anchor.from_span(TEXT, start, end), "random")
    md = _export(TEXT, draft.state, gap_style=gap_style)
    items = find_items(parse_text(TEXT))
    uncertain = sum(1 for i in items if i.kind == "uncertain")
    assert_every_note_referenced_once(md, expected_notes=uncertain + len(flags))


# -- standing flags over corrected words ------------------------------------------------------

SPEECH = "Canada is resolute to prevent mass atrocities, we said.\n"
FLAGGED = "resolute to prevent mass"


def _flag_and_correct(corrections: list[tuple[str, int, str]], flag: str = FLAGGED) -> str:
    """Markdown of SPEECH with a flag on ``flag`` and proposed replacements, each given as
    (quote, width, new text): the span is the quote's own (``width`` -1) or that many characters
    from where the quote starts (0: an insertion there)."""
    state = fold(None, [], SPEECH)
    draft = Draft(state, "ana", Role.EDITOR)
    start = SPEECH.index(flag)
    draft.flag(Anchor.from_span(SPEECH, start, start + len(flag)), "check")
    for quote, width, new in corrections:
        at = SPEECH.index(quote)
        end = at + len(quote) if width < 0 else at + width
        draft.replace(Anchor.from_span(SPEECH, at, end), new)
    md = _export(SPEECH, draft.state, include_proposed=True)
    assert_every_note_referenced_once(md, expected_notes=1)
    assert _split(md)[1] == {1: "flagged: check"}
    return md


def test_a_flag_whose_first_word_was_corrected_keeps_its_mark() -> None:
    # The reported case: the flag's start edge is exactly the correction's start.
    md = _flag_and_correct([("resolute", -1, "resolved")])
    assert "Canada is _resolved to prevent mass_[^1] atrocities" in md


def test_a_flag_whose_last_word_was_corrected_keeps_its_mark() -> None:
    md = _flag_and_correct([("mass", -1, "massive")])
    assert "is _resolute to prevent massive_[^1] atrocities" in md


def test_a_flag_whose_first_and_last_words_were_corrected_keeps_its_mark() -> None:
    md = _flag_and_correct([("resolute", -1, "resolved"), ("mass", -1, "mass scale")])
    assert "is _resolved to prevent mass scale_[^1] atrocities" in md


def test_a_flag_whose_edge_words_were_deleted_keeps_its_mark() -> None:
    md = _flag_and_correct([("resolute ", -1, "")])
    assert "Canada is _to prevent mass_[^1] atrocities" in md
    md = _flag_and_correct([(" mass", -1, "")])
    assert "is _resolute to prevent_[^1] atrocities" in md


def test_text_inserted_at_a_flag_edge_keeps_the_mark_and_stays_outside_it() -> None:
    md = _flag_and_correct([("resolute", 0, "firmly ")])
    assert "Canada is firmly _resolute to prevent mass_[^1] atrocities" in md
    md = _flag_and_correct([(" atrocities", 0, " murder")])
    assert "is _resolute to prevent mass_[^1] murder atrocities" in md


def test_a_correction_longer_than_the_flag_takes_the_mark_over_it() -> None:
    md = _flag_and_correct([("is resolute to prevent mass atrocities", -1, "wants to stop it")])
    assert "Canada _wants to stop it_[^1], we said" in md
    md = _flag_and_correct([("is resolute", -1, "means")])  # the start edge inside it
    assert "Canada _means to prevent mass_[^1] atrocities" in md


def test_a_flag_whose_words_were_all_deleted_keeps_its_reference() -> None:
    md = _flag_and_correct([("resolute to prevent mass ", -1, "")])
    assert "Canada is [^1]atrocities" in md


def test_a_flag_on_a_resolved_gap_keeps_its_mark_over_the_words() -> None:
    state = fold(None, [], TEXT)
    draft = Draft(state, "ana", Role.EDITOR)
    gap = TEXT.index("(inaudible) at the end")
    draft.flag(Anchor.from_span(TEXT, gap, gap + 11), "the gap")
    draft.resolve_gap(Anchor.from_span(TEXT, gap, gap + 11), "right", Evidence.LISTENED)
    md = _export(TEXT, draft.state, include_proposed=True)
    assert_every_note_referenced_once(md, expected_notes=5)
    assert "and a gap _right_[^5] at the end" in md


#: Word edges of TEXT: where random corrections start and end.
_EDGES = sorted({0, len(TEXT)} | {o for span in _WORDS for o in span})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(_WORDS) - 1), st.integers(0, 4), st.booleans()),
        min_size=1,
        max_size=4,
    ),
    st.lists(
        st.tuples(
            st.integers(0, len(_EDGES) - 1),
            st.integers(0, 3),
            st.sampled_from(["", "new", "two words", " more "]),
        ),
        max_size=4,
    ),
    st.sampled_from(["as-typed", "inaudible", "inaudible-time"]),
    st.booleans(),
)
def test_export_property_every_standing_flag_has_one_footnote(
    flags: list[tuple[int, int, bool]],
    corrections: list[tuple[int, int, str]],
    gap_style: str,
    approve: bool,
) -> None:
    """Random flags and random corrections (replacing, inserting, deleting; often on a flag's
    edge, across it or over all of it): every standing flag gets exactly one footnote, and every
    footnote exactly one reference."""
    state = fold(None, [], TEXT)
    draft = Draft(state, "ana", Role.EDITOR)
    for n, (first, extra, trim) in enumerate(flags):
        start = _WORDS[first][0]
        end = _WORDS[min(first + extra, len(_WORDS) - 1)][1]
        if trim and end - start > 3:
            end -= 2
        draft.flag(Anchor.from_span(TEXT, start, end), f"f{n}")
    ids = []
    for edge, words, new in corrections:
        start = _EDGES[edge]
        end = _EDGES[min(edge + 2 * words, len(_EDGES) - 1)]
        ids.append(draft.replace(Anchor.from_span(TEXT, start, end), new))
    if approve:
        reviewer = Draft(draft.state, "rev", Role.REVIEWER)
        for cid in ids[:2]:
            with suppress(InputError):  # superseded or overlapping: not the point here
                reviewer.approve(cid)
        state = reviewer.state
    else:
        state = draft.state
    md = _export(TEXT, state, gap_style=gap_style, include_proposed=True)
    assert_every_note_referenced_once(md)
    _, notes = _split(md)
    flagged = sorted(why for why in notes.values() if why.startswith("flagged"))
    assert flagged == sorted(f"flagged: f{n}" for n in range(len(flags))), md
