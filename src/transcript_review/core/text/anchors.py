"""Anchors: where a correction sits in the transcript, robust to later edits of the transcript.

An anchor combines the two W3C Web Annotation selectors: a *TextQuote* (the exact text and up to
32 code points of context either side) and a *TextPosition* (start and end offsets in code points
of the transcript text with ``\\n`` line ends). The position makes placement instant while the
transcript is unchanged; the quote lets us find the span again after somebody edits the
transcript, the way Hypothesis' client re-anchors annotations on a changed web page.

Re-anchoring (:class:`Reanchorer`) tries, cheapest first:

1. the saved position, if the text there still equals ``exact`` *and* its context is unchanged
   (Hypothesis' client checks the quote alone; in a transcript the same ``(inaudible)`` occurs
   many times, so after paragraphs move another marker may sit at the old offset: a stateful
   test found exactly that. With the context checked as well, an unchanged transcript still
   takes this path for every anchor);
2. the saved position shifted by the displacement of the previously placed anchor, if quote *and*
   context match there exactly (an insertion near the top shifts thousands of anchors by the same
   amount; this keeps re-anchoring them linear instead of one whole-text search each);
3. the quote with its full context found verbatim elsewhere (unique: placed; repeated: orphaned);
4. every verbatim occurrence of the quote, scored on context and nearness;
5. an approximate search for the quote (bit-parallel edit distance, Myers 1999) in widening
   windows around the expected place, plus spans bracketed by the saved prefix and suffix.

Candidates are scored like Hypothesis' client: quote 50, prefix 20, suffix 20, nearness 2
(normalised to 0..1). The best must reach :data:`MIN_SCORE` and beat the best non-overlapping
runner-up by :data:`MARGIN`; otherwise the anchor is *orphaned* and the placement says why.
Nothing is ever dropped: an orphaned correction keeps its saved quote and context.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from ..errors import InputError

#: Code points of context kept either side of the quote (the W3C/Hypothesis convention).
CONTEXT_LENGTH = 32

QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
_TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT

#: Lowest normalised score a candidate needs to be placed. A verbatim quote whose context is
#: unrelated scores about 0.6-0.7; a quote half rewritten with intact context about 0.73.
MIN_SCORE = 0.6
#: How far the best candidate must lead the best non-overlapping runner-up. Two verbatim copies
#: whose contexts are identical differ only in nearness (at most 2/92 = 0.022), so they are
#: ambiguous; a context that differs in a quarter of its characters decides.
MARGIN = 0.05

#: More verbatim occurrences than this are only pre-scored on context, never fully scored.
_MAX_OCCURRENCES = 20_000
#: Candidates fully scored after the cheap context pre-score.
_TOP_CANDIDATES = 8
#: Widest window (each side of the expected place) searched approximately; beyond it, only
#: verbatim quote or verbatim context is searched (whole-text str.find, which is fast).
_MAX_FUZZY_WINDOW = 262_144


def text_sha256(text: str) -> str:
    """The sha256 of ``text`` as UTF-8, hex: what a revision records when no file bytes exist."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Anchor:
    """A span of the transcript described by quote, context and position (W3C selectors)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def from_span(cls, text: str, start: int, end: int) -> Anchor:
        """Describe ``text[start:end]`` with its 32 code points of context either side."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}..{end} is outside a text of {len(text)} code points")
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_LENGTH) : start],
            suffix=text[end : end + CONTEXT_LENGTH],
            start=start,
            end=end,
        )

    def moved_to(self, text: str, start: int, end: int) -> Anchor:
        """The anchor describing where this one was placed in ``text`` (fresh quote and context)."""
        return Anchor.from_span(text, start, end)


class PlacementMethod(str, Enum):
    """How an anchor was placed; shown to reviewers so a guessed placement can be checked."""

    POSITION = "position"
    SHIFTED = "shifted"
    CONTEXT = "context"
    QUOTE = "quote"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


def anchor_for_quote(
    text: str, quote: str, occurrence: int | None = None, *, path: str | Path | None = None
) -> Anchor:
    """The anchor of a quote the user typed (``--quote``), its ``occurrence``-th if given.

    Without ``occurrence`` the quote must occur exactly once, so a command never edits a
    place the user did not mean. Raises :class:`InputError` naming ``path`` (the transcript).
    """
    if not quote:
        raise InputError(path, "the quote is empty; give the exact words to find")
    positions: list[int] = []
    pos = text.find(quote)
    while pos >= 0:
        positions.append(pos)
        pos = text.find(quote, pos + 1)
    if not positions:
        raise InputError(path, f"{quote!r} does not occur in the transcript")
    if occurrence is None:
        if len(positions) > 1:
            raise InputError(
                path,
                f"{quote!r} occurs {len(positions)} times; say which with --occurrence N "
                "(1 is the first) or quote more words",
            )
        occurrence = 1
    if not 1 <= occurrence <= len(positions):
        raise InputError(
            path, f"{quote!r} occurs {len(positions)} time(s); there is no occurrence {occurrence}"
        )
    start = positions[occurrence - 1]
    return Anchor.from_span(text, start, start + len(quote))


@dataclass(frozen=True)
class Placement:
    """Where an anchor lies in the current text, or why it could not be placed."""

    start: int | None
    end: int | None
    method: PlacementMethod
    score: float
    reason: str = ""

    @property
    def orphaned(self) -> bool:
        """True when the anchor could not be placed (its span is unknown)."""
        return self.method is PlacementMethod.ORPHANED

    @property
    def span(self) -> tuple[int, int] | None:
        """``(start, end)`` in the current text, or None when orphaned."""
        if self.start is None or self.end is None:
            return None
        return (self.start, self.end)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    quote_errors: int
    method: PlacementMethod


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, bit-parallel (Myers 1999): O(len(b)) big-int steps."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    return _myers(a, b, anchored=True)[-1]


def _peq(pattern: str) -> dict[str, int]:
    masks: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


def _myers(pattern: str, text: str, *, anchored: bool) -> list[int]:
    """Edit distance of ``pattern`` against ``text[?:j+1]`` for every ``j``.

    ``anchored=False`` lets the match start anywhere in ``text`` (approximate search: the best
    substring ending at ``j``); ``anchored=True`` starts it at 0 (distance to ``text[:j+1]``).
    """
    m = len(pattern)
    peq = _peq(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    carry = 1 if anchored else 0
    out: list[int] = []
    append = out.append
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return out


def _similarity(a: str, b: str) -> float:
    """1 for equal strings, falling linearly with edit distance; 1 when both are empty."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    return 1.0 - edit_distance(a, b) / longest


def _common_prefix_len(a: str, b: str) -> int:
    return len(os.path.commonprefix([a, b]))


def _common_suffix_len(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0] or (a[0] < b[1] and b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]


class Reanchorer:
    """Places saved anchors in one (possibly edited) transcript text."""

    def __init__(self, text: str, *, min_score: float = MIN_SCORE, margin: float = MARGIN) -> None:
        self.text = text
        self.min_score = min_score
        self.margin = margin
        self._delta = 0

    # -- public -------------------------------------------------------------------------------

    def place_all(self, anchors: Iterable[Anchor]) -> list[Placement]:
        """Place many anchors, in saved-position order so shifted positions are found quickly."""
        items = list(anchors)
        order = sorted(range(len(items)), key=lambda i: (items[i].start, items[i].end))
        result: list[Placement | None] = [None] * len(items)
        cache: dict[Anchor, Placement] = {}
        for i in order:
            anchor = items[i]
            placed = cache.get(anchor)
            if placed is None:
                placed = self.place(anchor)
                cache[anchor] = placed
            result[i] = placed
        return [p for p in result if p is not None]

    def place(self, anchor: Anchor) -> Placement:
        """Place one anchor in the text (see the module docstring for the order of attempts)."""
        text = self.text
        length = anchor.end - anchor.start
        if text[anchor.start : anchor.end] == anchor.exact and self._context_matches(
            anchor, anchor.start, anchor.end
        ):
            return Placement(anchor.start, anchor.end, PlacementMethod.POSITION, 1.0)
        shifted = anchor.start + self._delta
        if (
            self._delta
            and text[shifted : shifted + length] == anchor.exact
            and self._context_matches(anchor, shifted, shifted + length)
        ):
            return Placement(shifted, shifted + length, PlacementMethod.SHIFTED, 1.0)
        placement = self._search(anchor)
        if not placement.orphaned and placement.start is not None:
            self._delta = placement.start - anchor.start
        return placement

    # -- search -------------------------------------------------------------------------------

    def _context_matches(self, anchor: Anchor, start: int, end: int) -> bool:
        text = self.text
        return (
            text[max(0, start - len(anchor.prefix)) : start] == anchor.prefix
            and text[end : end + len(anchor.suffix)] == anchor.suffix
        )

    def _search(self, anchor: Anchor) -> Placement:
        text = self.text
        needle = anchor.prefix + anchor.exact + anchor.suffix
        if len(needle) > len(anchor.exact):
            first = text.find(needle)
            if first >= 0:
                second = text.find(needle, first + 1)
                start = first + len(anchor.prefix)
                if second < 0:
                    end = start + len(anchor.exact)
                    return Placement(
                        start, end, PlacementMethod.CONTEXT, self._score(anchor, start, end, 0)
                    )
                count = 2 + text.count(needle, second + 1)
                return Placement(
                    None,
                    None,
                    PlacementMethod.ORPHANED,
                    0.0,
                    f"the quote and its context occur {count} times; cannot tell which is meant",
                )
        candidates: list[_Candidate] = []
        if anchor.exact:
            candidates = self._verbatim_candidates(anchor)
        best = self._choose(anchor, candidates)
        if best is not None and not best.orphaned:
            return best
        fuzzy = self._fuzzy_candidates(anchor) + self._context_candidates(anchor)
        chosen = self._choose(anchor, candidates + fuzzy)
        if chosen is not None:
            return chosen
        return Placement(
            None,
            None,
            PlacementMethod.ORPHANED,
            0.0,
            "neither the quote nor its context was found in the transcript",
        )

    def _verbatim_candidates(self, anchor: Anchor) -> list[_Candidate]:
        """Every verbatim occurrence of the quote, pre-scored cheaply on context agreement."""
        text, exact = self.text, anchor.exact
        found: list[int] = []
        pos = text.find(exact)
        while pos >= 0 and len(found) < _MAX_OCCURRENCES:
            found.append(pos)
            pos = text.find(exact, pos + 1)
        if len(found) <= _TOP_CANDIDATES:
            keep = found
        else:
            lp, ls, n = len(anchor.prefix), len(anchor.suffix), len(exact)

            def quick(p: int) -> tuple[int, int]:
                agree = _common_suffix_len(text[max(0, p - lp) : p], anchor.prefix)
                agree += _common_prefix_len(text[p + n : p + n + ls], anchor.suffix)
                return (agree, -abs(p - anchor.start))

            ranked = sorted(found, key=quick, reverse=True)
            keep = ranked[:_TOP_CANDIDATES]
        return [_Candidate(p, p + len(exact), 0, PlacementMethod.QUOTE) for p in keep]

    def _fuzzy_candidates(self, anchor: Anchor) -> list[_Candidate]:
        """Approximate matches of the quote near the expected place, in widening windows."""
        exact = anchor.exact
        if not exact:
            return []
        text = self.text
        m = len(exact)
        max_errors = max(1, m // 2)
        expected = anchor.start + self._delta
        width = 4 * m + 256
        while True:
            lo = max(0, expected - width)
            hi = min(len(text), expected + m + width)
            found = self._approximate(exact, lo, hi, max_errors)
            if found or (lo == 0 and hi == len(text)) or width >= _MAX_FUZZY_WINDOW:
                return found
            width *= 8

    def _approximate(self, pattern: str, lo: int, hi: int, max_errors: int) -> list[_Candidate]:
        text = self.text
        scores = _myers(pattern, text[lo:hi], anchored=False)
        ends: list[tuple[int, int]] = []
        n = len(scores)
        for j, err in enumerate(scores):
            if err > max_errors:
                continue
            if j > 0 and scores[j - 1] < err:
                continue
            if j + 1 < n and scores[j + 1] < err:
                continue
            if j > 0 and scores[j - 1] == err and ends and ends[-1][0] == j - 1:
                continue  # a plateau: keep its first end only
            ends.append((j, err))
        ends.sort(key=lambda e: e[1])
        out: list[_Candidate] = []
        m = len(pattern)
        rev_pattern = pattern[::-1]
        for j, _err in ends[: 4 * _TOP_CANDIDATES]:
            end = lo + j + 1
            back_lo = max(lo, end - m - max_errors)
            back = _myers(rev_pattern, text[back_lo:end][::-1], anchored=True)
            best_k = min(range(len(back)), key=lambda k: (back[k], abs(k + 1 - m)))
            start = end - (best_k + 1)
            out.append(_Candidate(start, end, back[best_k], PlacementMethod.FUZZY))
        return out

    def _context_candidates(self, anchor: Anchor) -> list[_Candidate]:
        """Spans bracketed by the saved prefix and/or suffix found verbatim anywhere."""
        text, exact = self.text, anchor.exact
        m = len(exact)
        out: list[_Candidate] = []
        prefix, suffix = anchor.prefix, anchor.suffix
        slack = m + 64
        if len(prefix) >= 8:
            pos = text.find(prefix)
            count = 0
            while pos >= 0 and count < _TOP_CANDIDATES:
                start = pos + len(prefix)
                stop = text.find(suffix, start, start + m + slack) if len(suffix) >= 8 else -1
                end = stop if stop >= 0 else min(len(text), start + m)
                out.append(self._with_quote_errors(anchor, start, end))
                count += 1
                pos = text.find(prefix, pos + 1)
        if len(suffix) >= 8:
            pos = text.find(suffix)
            count = 0
            while pos >= 0 and count < _TOP_CANDIDATES:
                out.append(self._with_quote_errors(anchor, max(0, pos - m), pos))
                count += 1
                pos = text.find(suffix, pos + 1)
        return out

    def _with_quote_errors(self, anchor: Anchor, start: int, end: int) -> _Candidate:
        errors = edit_distance(self.text[start:end], anchor.exact)
        return _Candidate(start, end, errors, PlacementMethod.FUZZY)

    # -- scoring ------------------------------------------------------------------------------

    def _score(self, anchor: Anchor, start: int, end: int, quote_errors: int) -> float:
        text = self.text
        m = max(len(anchor.exact), end - start)
        quote = 1.0 - quote_errors / m if m else 1.0
        before = text[max(0, start - len(anchor.prefix)) : start]
        after = text[end : end + len(anchor.suffix)]
        prefix = _similarity(before, anchor.prefix)
        suffix = _similarity(after, anchor.suffix)
        nearness = 1.0 - min(1.0, abs(start - anchor.start) / max(len(text), 1))
        total = (
            QUOTE_WEIGHT * max(0.0, quote)
            + PREFIX_WEIGHT * prefix
            + SUFFIX_WEIGHT * suffix
            + POSITION_WEIGHT * nearness
        )
        return total / _TOTAL_WEIGHT

    def _choose(self, anchor: Anchor, candidates: Sequence[_Candidate]) -> Placement | None:
        """The best candidate if it is good enough and clearly ahead; else an orphan or None."""
        if not candidates:
            return None
        seen: set[tuple[int, int]] = set()
        scored: list[tuple[float, _Candidate]] = []
        for cand in candidates:
            if (cand.start, cand.end) in seen:
                continue
            seen.add((cand.start, cand.end))
            scored.append((self._score(anchor, cand.start, cand.end, cand.quote_errors), cand))
        scored.sort(key=lambda sc: sc[0], reverse=True)
        best_score, best = scored[0]
        if best_score < self.min_score:
            return Placement(
                None,
                None,
                PlacementMethod.ORPHANED,
                best_score,
                f"best match scores {best_score:.2f}, below the minimum {self.min_score:.2f}",
            )
        span = (best.start, best.end)
        for score, other in scored[1:]:
            if _overlap(span, (other.start, other.end)):
                continue
            if best_score - score < self.margin:
                return Placement(
                    None,
                    None,
                    PlacementMethod.ORPHANED,
                    best_score,
                    f"ambiguous: matches at {best.start} ({best_score:.2f}) and "
                    f"{other.start} ({score:.2f}) score too close to choose",
                )
            break
        return Placement(best.start, best.end, best.method, best_score)
