"""Alignment of transcript words to timed words: properties, edge cases and real pairs."""

from __future__ import annotations

import importlib
import random
import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import corpus_path
from transcript_review.core.timing import (
    TimedWord,
    align,
    estimate_between,
    read_timing,
    words_in_window,
)
from transcript_review.core.timing.normalise import normalise

VOCAB = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "it",
    "we",
    "you",
    "for",
    "on",
    "this",
    "was",
    "with",
    "python",
    "council",
    "steering",
    "release",
    "core",
    "developer",
    "guido",
    "language",
    "community",
    "decision",
    "vote",
    "pep",
    "typing",
    "feature",
    "question",
    "answer",
    "people",
    "year",
    "time",
    "work",
]


def _timed(words: list[str], start: float = 0.0, step: float = 0.3) -> list[TimedWord]:
    return [
        TimedWord(w, start + k * step, start + k * step + 0.25, 0.9) for k, w in enumerate(words)
    ]


def _words(text: str) -> list[str]:
    return text.split()


def _text(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(VOCAB) for _ in range(n)]


def test_identical_sequences_align_one_to_one() -> None:
    words = _text(random.Random(1), 500)
    result = align(words, _timed(words))
    assert result.mapping == tuple(range(500))
    assert result.coverage == 1.0
    assert all(w.source == "aligned" and w.confidence == 0.9 for w in result.words)


def test_normalisation_numbers_contractions_hyphens_quotes() -> None:
    transcript = [
        "In",
        "2018,",
        "we’re",
        "on",
        "the",
        "well-known",
        "PEP",
        "twelve;",
        "it's",
        "3rd",
    ]
    heard = [
        "in",
        "twenty",
        "eighteen",
        "we",
        "are",
        "on",
        "the",
        "well",
        "known",
        "pep",
        "12",
        "it",
        "is",
        "third",
    ]
    result = align(transcript, _timed(heard))
    assert result.coverage == 1.0
    assert result.mapping[1] == 1  # "2018," -> "twenty"
    assert result.words[1].end == pytest.approx(_timed(heard)[2].end)  # ... through "eighteen"
    assert [t.text for t in normalise(["Two", "thousand", "and", "one"])] == ["2001"]
    assert [t.text for t in normalise(["one", "two", "three"])] == ["1", "2", "3"]
    assert [t.text for t in normalise(["“Don’t”", "—", "'94"])] == ["do", "not", "94"]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 400),
    edit_rate=st.floats(0.0, 0.4),
)
def test_mapping_and_times_are_monotone(seed: int, n: int, edit_rate: float) -> None:
    rng = random.Random(seed)
    transcript = _text(rng, n)
    heard: list[str] = []
    for w in transcript:
        r = rng.random()
        if r < edit_rate / 3:
            continue  # deletion
        if r < 2 * edit_rate / 3:
            heard.append(rng.choice(VOCAB))  # substitution
        else:
            heard.append(w)
        if rng.random() < edit_rate / 3:
            heard.append(rng.choice(VOCAB))  # insertion
    timed = _timed(heard)
    result = align(transcript, timed)
    assert len(result.mapping) == n
    mapped = [m for m in result.mapping if m is not None]
    assert mapped == sorted(mapped)
    if mapped:
        assert len(result.words) == n
        times = [w.time for w in result.words]
        assert times == sorted(times)
        for k, w in enumerate(result.words):
            assert w.end >= w.time >= 0
            if w.source == "aligned" and w.exact:
                assert timed[result.mapping[k]].text == transcript[k]  # type: ignore[index]
    else:
        assert result.words == () and result.coverage == 0.0  # nothing to estimate from


@pytest.mark.parametrize("shift", [-94.5, 0.0, 37.25])
def test_constant_offset_is_recovered(shift: float) -> None:
    rng = random.Random(7)
    words = _text(rng, 2000)
    timed = _timed(words, start=max(0.0, shift) + 10)
    known = {k: timed[k].start - shift + rng.uniform(-0.4, 0.4) for k in range(0, 2000, 25)}
    result = align(words, timed, known)
    assert result.offset == pytest.approx(shift, abs=0.2)
    assert result.offset_spread is not None and result.offset_spread < 0.4


def test_locally_constant_offset() -> None:
    rng = random.Random(8)
    words = _text(rng, 3000)
    timed = _timed(words, start=100.0)
    # The transcript's clock runs 20 s behind in its first half, 50 s in its second.
    known = {
        k: timed[k].start - (20.0 if k < 1500 else 50.0) + rng.uniform(-0.3, 0.3)
        for k in range(0, 3000, 20)
    }
    result = align(words, timed, known)
    assert result.offset_spread is not None and result.offset_spread > 5
    assert result.offset_near(200) == pytest.approx(20.0, abs=0.3)
    assert result.offset_near(2800) == pytest.approx(50.0, abs=0.3)
    assert align(words, timed).offset_near(5) is None


def test_text_the_timing_does_not_cover_stays_unaligned() -> None:
    rng = random.Random(3)
    intro = _text(rng, 300)
    body = _text(rng, 1500)
    heard = ["um", "the", "and", "music", *body]  # a few chance words before the body
    result = align(intro + body, _timed(heard))
    assert all(m is None for m in result.mapping[:300])
    assert all(w.source == "estimated" for w in result.words[:300])
    assert sum(m is not None for m in result.mapping[300:]) == 1500


def test_outro_and_middle_cut_stay_unaligned() -> None:
    rng = random.Random(4)
    a, cut, b, outro = _text(rng, 800), _text(rng, 200), _text(rng, 800), _text(rng, 150)
    result = align(a + cut + b + outro, _timed(a + b))
    assert sum(m is not None for m in result.mapping[800:1000]) <= 4
    assert all(m is None for m in result.mapping[1800:])
    assert result.coverage == pytest.approx(1600 / 1950, abs=0.01)


def test_nothing_in_common_aligns_nothing() -> None:
    result = align(["alpha", "beta", "gamma"] * 50, _timed(["delta", "epsilon"] * 50))
    assert result.coverage == 0.0
    assert result.words == ()  # no aligned word: nothing to estimate from


def test_repeated_text_aligns_copy_to_copy() -> None:
    words = _text(random.Random(5), 3000)
    result = align(words * 4, _timed(words * 4))
    assert result.mapping == tuple(range(12000))


def test_alignment_work_grows_near_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: the token pairs handed to difflib, the only super-linear step."""
    align_module = importlib.import_module("transcript_review.core.timing.align")
    compared: list[int] = []
    real = align_module._difflib

    def counting(a, b, window):  # type: ignore[no-untyped-def]
        alo, ahi, blo, bhi = window
        compared.append((ahi - alo) * (bhi - blo))
        return real(a, b, window)

    monkeypatch.setattr(align_module, "_difflib", counting)
    rng = random.Random(6)
    base = _text(rng, 24_000)
    heard = [w for w in base if rng.random() > 0.1]

    def work(n: int) -> int:
        compared.clear()
        align(base[:n], _timed(heard[: int(n * 0.9)]))
        return sum(compared)

    small, large = work(3_000), work(24_000)
    # Quadratic work would be 64x; a few small windows more or less move the ratio a little.
    assert large / small < 8 * 3, f"8x input compared {large / small:.1f}x as many pairs"
    assert large < 24_000, "difflib should only see small windows between anchors"


def test_look_alike_words_pair_between_matches_but_short_words_do_not() -> None:
    # Gaps of unequal length, so the one-to-one substitution rule does not apply.
    transcript = _words("we did not even replace him so the benevolent delegator said in town")
    heard = _words("we did not even uh replaced him so the delegate said on uh town")
    result = align(transcript, _timed(heard))
    pairs = {transcript[i]: heard[m] for i, m in enumerate(result.mapping) if m is not None}
    assert pairs["replace"] == "replaced"
    assert pairs["delegator"] == "delegate"
    assert not result.words[transcript.index("delegator")].exact
    assert "benevolent" not in pairs  # nothing like it was heard
    assert "in" not in pairs  # "in" / "on": too short to call alike


def test_spoken_forms_match_written_ones() -> None:
    said = [t.text for t in normalise(_words("'Cause I'm gonna say OK, alright"))]
    assert said == ["because", "i", "am", "going", "to", "say", "okay", "all", "right"]
    assert [t.text for t in normalise(["cause"])] == ["cause"]  # the noun stays


# --- estimate_between ---------------------------------------------------------------------


def test_estimate_between_by_word_count() -> None:
    out = estimate_between([(0.0, 1.0), None, None, (3.0, 4.0)])
    assert out == [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 4.0)]


def test_estimate_between_keeps_words_near_their_neighbours_across_silence() -> None:
    out = estimate_between([(0.0, 1.0), None, None, (60.0, 61.0)], seconds_per_word=0.5)
    assert out[1] == (1.0, 1.5)
    assert out[2] == (59.5, 60.0)


def test_estimate_between_extrapolates_edges_and_clamps_at_zero() -> None:
    out = estimate_between([None, None, (0.5, 1.0), None], seconds_per_word=0.4)
    assert out[0] == (0.0, 0.4)
    assert out[1] == (pytest.approx(0.1), pytest.approx(0.5))
    assert out[3] == (1.0, 1.4)
    assert estimate_between([None, None]) == [None, None]


@given(st.lists(st.one_of(st.none(), st.floats(0, 10)), min_size=1, max_size=60))
def test_estimate_between_is_monotone(gaps: list[float | None]) -> None:
    known: list[tuple[float, float] | None] = []
    t = 0.0
    for g in gaps:
        if g is None:
            known.append(None)
        else:
            t += g
            known.append((t, t + 0.2))
            t += 0.2
    out = estimate_between(known)
    if any(k is not None for k in known):
        starts = [o[0] for o in out]  # type: ignore[index]
        assert all(b >= a - 1e-9 for a, b in pairwise(starts))


# --- real pairs ---------------------------------------------------------------------------


def test_corpus_gleicher_human_transcript_aligns_closely() -> None:
    human = corpus_path("pairs", "gleicher", "gleicher_human_transcript.txt")
    track = read_timing(corpus_path("pairs", "gleicher", "gleicher_asr_words_dpe.json"))
    result = align(human.read_text(encoding="utf-8").split(), track.words)
    assert result.coverage > 0.95


def test_corpus_talkpython_intro_missing_from_youtube_is_not_aligned() -> None:
    txt = corpus_path("pairs", "talkpython-350", "350-steering-council.txt")
    track = read_timing(corpus_path("pairs", "talkpython-350", "youtube_350-steering-council.vtt"))
    words: list[str] = []
    known: dict[int, float] = {}
    intro_words = 0
    for line in txt.read_text(encoding="utf-8").splitlines():
        m = re.match(r"(\d\d):(\d\d):(\d\d) (.*)", line)
        if not m:
            continue
        t = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
        known[len(words)] = float(t)
        words.extend(m[4].split())
        if t < 90:
            intro_words = len(words)
    result = align(words, track.words, known)
    assert intro_words > 100
    assert all(m is None for m in result.mapping[:intro_words])
    assert result.coverage > 0.8
    first = next(k for k, m in enumerate(result.mapping) if m is not None)
    assert words[first] == "Barry,"
    assert result.offset is not None


# --- suggestions --------------------------------------------------------------------------


def test_words_in_window_uses_midpoints(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "w.json"  # type: ignore[operator]
    path.write_text(
        '{"words": [{"text": "a", "start": 0.0, "end": 1.0}, {"text": "b", "start": 1.0, '
        '"end": 2.0}, {"text": "c", "start": 2.0, "end": 3.0}, {"text": "d", "start": 0.2, '
        '"end": 0.4}]}',
        encoding="utf-8",
    )
    track = read_timing(path)
    assert [w.text for w in words_in_window(track, 0.4, 2.6)] == ["a", "b", "c"]
    assert [w.text for w in words_in_window(track, 0.0, 0.6)] == ["a", "d"]
    assert words_in_window(track, 5.0, 9.0) == []
    assert words_in_window(track, 2.0, 1.0) == []
