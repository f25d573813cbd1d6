"""Every marker style of DESIGN.md is found, nested ones too, and editorial insertions are not."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcript_review.core.text import markers as markers_module
from transcript_review.core.text.markers import MarkerPatterns, find_markers


def found(text: str, patterns: MarkerPatterns | None = None) -> list[tuple[str, str, str]]:
    return [(m.kind, m.style, text[m.start : m.end]) for m in find_markers(text, patterns)]


@pytest.mark.parametrize(
    "marker",
    [
        "(inaudible)",
        "[inaudible]",
        "[Inaudible]",
        "(INAUDIBLE)",
        "[inaudible 00:12:34]",
        "(inaudible at 00:23:22)",
        "(Inaudible.)",
        "[inaudible.]",
        "[unintelligible]",
        "[unintelligible 00:01:02 - 00:01:05]",
        "(indiscernible)",
        "[crosstalk]",
        "(crosstalk)",
        "[cross-talk]",
        "(audio gap)",
        "[??]",
        "(???)",
        "_____",
    ],
)
def test_each_gap_style_is_one_gap(marker: str) -> None:
    text = f"We must act together {marker} in the future."
    assert found(text) == [("gap", found(text)[0][1], marker)]


def test_period_outside_the_marker_stays_with_the_sentence() -> None:
    text = "in the future (inaudible). Next"
    assert found(text) == [("gap", "inaudible", "(inaudible)")]


@pytest.mark.parametrize(
    ("marker", "seconds"),
    [
        ("[inaudible 00:12:34]", 754.0),
        ("(inaudible at 00:23:22)", 1402.0),
        ("[inaudible 1:02:03]", 3723.0),
    ],
)
def test_times_written_in_a_gap_are_read(marker: str, seconds: float) -> None:
    (m,) = find_markers(f"and {marker} so")
    assert m.time == seconds


@pytest.mark.parametrize(
    ("text", "style", "doubted"),
    [
        ("We met *the delegation of Mali* yesterday.", "asterisks", "the delegation of Mali"),
        ("We met Mr. Ouattara (ph) in Abidjan.", "phonetic", "Mr. Ouattara"),
        ("A visit to Kadugli (ph) last month.", "phonetic", "Kadugli"),
        ("A visit to Bamako (sp?) last month.", "phonetic", "Bamako"),
        (
            "We support [unclear: the national mechanisms] fully.",
            "unclear",
            "the national mechanisms",
        ),
        ("We discussed the (ceasefire proposal?) at length.", "questioned", "ceasefire proposal"),
    ],
)
def test_each_uncertain_style(text: str, style: str, doubted: str) -> None:
    (m,) = find_markers(text)
    assert (m.kind, m.style, text[m.inner_start : m.inner_end]) == ("uncertain", style, doubted)


@pytest.mark.parametrize(
    "insertion",
    [
        "[sic]",
        "[came]",
        "[Internet Research Agency]",
        "(Laughter.)",
        "(Applause)",
        "(spoke in French)",
    ],
)
def test_editorial_insertions_are_not_markers(insertion: str) -> None:
    assert found(f"The mandate expires {insertion} at the end of the month.") == []


def test_the_seed_gap_nests_inside_its_uncertain_passage() -> None:
    text = "risk. *The whole power of diplomacy will be relevant in the future (inaudible).*\n"
    outer, inner = find_markers(text)
    assert (outer.kind, inner.kind) == ("uncertain", "gap")
    assert outer.start < inner.start < inner.end < outer.end


def test_a_questioned_gap_is_a_gap_not_a_guess() -> None:
    assert found("He said (inaudible?) then") == [("gap", "inaudible", "(inaudible?)")]


def test_asterisk_passages_do_not_cross_paragraphs_or_take_bold() -> None:
    assert found("A *stray star\n\nand another* here") == []
    assert found("**bold** text") == []
    assert found("a *wrapped\nline* b") == [("uncertain", "asterisks", "*wrapped\nline*")]


def test_a_bare_unclear_is_a_gap_and_unclear_with_words_is_a_doubt() -> None:
    assert found("x [unclear] y") == [("gap", "inaudible", "[unclear]")]
    assert found("x [unclear: maybe so] y")[0][:2] == ("uncertain", "unclear")


def test_config_patterns_add_gap_and_uncertain_styles() -> None:
    patterns = MarkerPatterns(
        gaps=(re.compile(r"\[no sound\]", re.I),),
        uncertain=(re.compile(r"\{(?P<text>[^}]+)\}"),),
    )
    text = "We [NO SOUND] heard {Mr. Diallo} speak."
    markers = find_markers(text, patterns)
    assert [(m.kind, m.style, text[m.inner_start : m.inner_end]) for m in markers] == [
        ("gap", "custom", "[NO SOUND]"),
        ("uncertain", "custom", "Mr. Diallo"),
    ]


def test_many_markers_are_found_in_linear_passes() -> None:
    text = "word (inaudible) *doubt here* Name (ph) next. " * 20000
    markers = find_markers(text)
    assert len(markers) == 60000


#: The patterns before they were made cheaper (issue 13's 1e6 markers), searched as they were.
_OLD_WORD_BEFORE = re.compile(r"([\w'’.\-]+)[ \t]*$")
_OLD_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w'’.\-]*[ \t]+$")
_PIECES = st.text(alphabet="aZé’'.-_1 \t\nÀ(", max_size=90)


@settings(max_examples=300, deadline=None)
@given(_PIECES, st.integers(0, 100))
def test_the_word_before_a_note_is_found_as_before(text: str, cut: int) -> None:
    """The old search ran in ``text[lo:end]`` without slicing; the new one on the slice with a
    lookbehind and possessive runs: the same word, at the same place, or none for both."""
    end = len(text)
    lo = max(0, end - min(cut, 60))
    old = _OLD_WORD_BEFORE.search(text, lo, end)
    new = markers_module._WORD_BEFORE.search(text[lo:end])
    assert (old.span(1) if old else None) == ((lo + new.start(1), lo + new.end(1)) if new else None)
    window = text[-40:]
    old_cap = _OLD_CAPITALISED.search(window)
    new_cap = markers_module._CAPITALISED.search(window)
    assert (old_cap.start() if old_cap else None) == (new_cap.start() if new_cap else None)
