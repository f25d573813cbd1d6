"""Align transcript words to timed words, near-linearly, and estimate the rest.

Why not ``difflib.SequenceMatcher`` on the whole thing: it is quadratic in the worst case and,
with its junk heuristic on, silently ignores frequent words; on a 10-hour session (~100k words
a side) it takes minutes. Instead, the classic anchor-then-fill scheme of patience diff:

1. Normalise both sides to canonical tokens (:mod:`.normalise`).
2. Anchor on 4-grams occurring exactly once on each side; keep the longest chain that increases
   on both sides (longest increasing subsequence, O(n log n)). Unique anchors come first so a
   phrase that recurs ("welcome to Talk Python") cannot pull the alignment into an intro the
   recording lacks.
3. Between consecutive anchors, repeat with rarer conditions: 4-grams occurring up to 10 times
   (this is what keeps a transcript that repeats itself aligned), then words unique inside the
   window, and finally ``difflib`` on small windows only. Windows too large to compare and
   without any anchor are left unaligned, with a warning.
4. Drop small clusters of matches far from any other match: in text the timing does not cover,
   "of the" matches by chance and must not get a time.
5. Fill 1-3 word substitutions between matches one-to-one (a recognizer's "Kara" for "Carol")
   as ``exact=False`` matches.

Unaligned words get times from :func:`estimate_between`, by word count between aligned
neighbours, labelled ``estimated``.
"""

from __future__ import annotations

import bisect
import difflib
import statistics
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from .model import TimedWord
from .normalise import Token, normalise

Source = Literal["aligned", "estimated"]

#: Windows up to this many token pairs go straight to difflib.
_SMALL_WINDOW = 12_000
#: Windows without anchors up to this size still go to difflib; larger ones stay unaligned.
_LARGE_WINDOW = 1_500_000
#: Half-width (in words) of the diagonal band searched for repeated anchors, at least.
_MIN_BAND = 500
#: Speaking rate used to extrapolate before the first / after the last known word.
DEFAULT_SECONDS_PER_WORD = 0.4
#: Slowest plausible speech for a word between two known ones; beyond it a gap holds silence.
MAX_SECONDS_PER_WORD = 1.0
#: Words matched in a row that count as found (see :meth:`Alignment.found_share`).
FOUND_RUN = 4
#: Timed words a run may step over between two of its words (fillers, split words).
_RUN_SKIP = 3


@dataclass(frozen=True, slots=True)
class WordTiming:
    """The time of one transcript word and where it came from.

    ``source`` is ``aligned`` (matched to a timed word; ``exact`` False for a one-to-one
    substitution between matches) or ``estimated`` (by word count between aligned neighbours).
    ``confidence`` is the recognizer's score for the matched word, when it gives one;
    ``interpolated`` repeats the matched word's flag (its time was spread inside a caption cue).
    """

    time: float
    end: float
    source: Source
    confidence: float | None = None
    timed_index: int | None = None
    exact: bool = True
    interpolated: bool = False


@dataclass(frozen=True)
class Alignment:
    """Result of :func:`align`.

    ``mapping[k]`` is the index in the timed words matched to transcript word ``k``, or None.
    ``words`` has one :class:`WordTiming` per transcript word, or is empty when no word
    aligned (there is then nothing to estimate from; callers fall back to other sources).
    ``offset`` is the median of (timing clock - transcript clock) over transcript words with
    known times (``known_times``) that were aligned, ``offset_spread`` its median absolute
    deviation (large means the offset is not constant; see :meth:`offset_near`).
    """

    mapping: tuple[int | None, ...]
    words: tuple[WordTiming, ...]
    coverage: float
    offset: float | None = None
    offset_spread: float | None = None
    warnings: tuple[str, ...] = ()
    offset_samples: tuple[tuple[int, float], ...] = ()
    """(transcript word index, timing clock - transcript clock) for each aligned known time."""

    def found_share(self, min_run: int = FOUND_RUN) -> float:
        """Share of transcript words found in the timing file as part of a run: at least
        ``min_run`` consecutive words matched exactly, in order, to timed words at most
        :data:`_RUN_SKIP` apart (a filler or a split word between them).

        Unlike :attr:`coverage` this ignores scattered matches of common words ("the", "as
        well as") that a long unrelated file yields by chance: it is what tells the right
        timing file from the wrong one.
        """
        n = len(self.mapping)
        if not n:
            return 0.0
        found = run = 0
        previous: int | None = None
        for k, m in enumerate(self.mapping):
            if m is None or (self.words and not self.words[k].exact):
                m = None
            if m is not None and previous is not None and 0 <= m - previous <= _RUN_SKIP:
                run += 1
            else:
                found += run if run >= min_run else 0
                run = 0 if m is None else 1
            previous = m
        found += run if run >= min_run else 0
        return found / n

    def offset_near(self, index: int, neighbours: int = 40) -> float | None:
        """Median offset of the ``neighbours`` samples nearest to transcript word ``index``.

        When a recording was edited differently from the transcript's source (cuts, inserted
        ads), the offset is only locally constant; this is the one to apply around ``index``.
        """
        samples = self.offset_samples
        if not samples:
            return None
        pos = bisect.bisect_left(samples, (index, float("-inf")))
        half = max(1, neighbours // 2)
        lo = max(0, min(pos - half, len(samples) - 2 * half))
        return statistics.median(d for _, d in samples[lo : lo + 2 * half])


def _intern(a: list[Token], b: list[Token]) -> tuple[list[int], list[int]]:
    """Replace token strings with small ints: cheaper hashing and comparison."""
    table: dict[str, int] = {}
    ia = [table.setdefault(t.text, len(table)) for t in a]
    ib = [table.setdefault(t.text, len(table)) for t in b]
    return ia, ib


def _gram_pairs(
    a: Sequence[int],
    b: Sequence[int],
    window: tuple[int, int, int, int],
    k: int,
    max_count: int,
) -> list[tuple[int, int]]:
    """All (i, j) where the k-gram at i in ``a`` equals the one at j in ``b`` inside the window,
    for k-grams occurring at most ``max_count`` times on each side; for repeated k-grams only
    pairs within a band around the window's diagonal."""
    alo, ahi, blo, bhi = window
    pos_a: dict[tuple[int, ...], list[int]] = {}
    for i in range(alo, ahi - k + 1):
        pos_a.setdefault(tuple(a[i : i + k]), []).append(i)
    pos_b: dict[tuple[int, ...], list[int]] = {}
    for j in range(blo, bhi - k + 1):
        gram = tuple(b[j : j + k])
        if gram in pos_a:
            pos_b.setdefault(gram, []).append(j)
    pairs: list[tuple[int, int]] = []
    if max_count == 1:
        for gram, js in pos_b.items():
            is_ = pos_a[gram]
            if len(js) == 1 and len(is_) == 1:
                pairs.append((is_[0], js[0]))
        return pairs
    # Repeated grams: only pairs near the window's diagonal, or a text that repeats itself
    # (a 10-hour session of recurring phrases) yields count x count pairs per gram.
    n, m = ahi - alo, bhi - blo
    band = max(_MIN_BAND, (n + m) // 10)
    ratio = m / n if n else 0.0
    for gram, js in pos_b.items():
        is_ = pos_a[gram]
        if len(js) <= max_count and len(is_) <= max_count:
            for i in is_:
                expect = blo + (i - alo) * ratio
                pairs.extend((i, j) for j in js if abs(j - expect) <= band)
    return pairs


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs strictly increasing in both i and j, in O(P log P)."""
    if not pairs:
        return []
    pairs.sort(key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # smallest j ending a chain of each length
    tail_idx: list[int] = []
    prev: list[int] = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[pos] = j
            tail_idx[pos] = n
        prev[n] = tail_idx[pos - 1] if pos else -1
    out: list[tuple[int, int]] = []
    n = tail_idx[-1]
    while n != -1:
        out.append(pairs[n])
        n = prev[n]
    out.reverse()
    return out


def _expand(chain: list[tuple[int, int]], k: int) -> list[tuple[int, int]]:
    """Matches covered by a chain of k-gram anchors, kept strictly increasing on both sides."""
    out: list[tuple[int, int]] = []
    for i, j in chain:
        for t in range(k):
            if not out or (i + t > out[-1][0] and j + t > out[-1][1]):
                out.append((i + t, j + t))
    return out


def _difflib(
    a: Sequence[int], b: Sequence[int], window: tuple[int, int, int, int]
) -> list[tuple[int, int]]:
    alo, ahi, blo, bhi = window
    sm = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    out: list[tuple[int, int]] = []
    for block in sm.get_matching_blocks():
        out.extend((alo + block.a + t, blo + block.b + t) for t in range(block.size))
    return out


#: Anchoring passes for a window: (k-gram size, max occurrences per side).
_PASSES: tuple[tuple[int, int], ...] = ((4, 1), (4, 10), (1, 1), (2, 3))


def _match(a: Sequence[int], b: Sequence[int], warnings: list[str]) -> list[tuple[int, int]]:
    """Monotone matches (i, j) between token-id sequences ``a`` and ``b``."""
    matches: list[tuple[int, int]] = []
    # (window, index of the first pass still to try)
    stack: list[tuple[tuple[int, int, int, int], int]] = [((0, len(a), 0, len(b)), 0)]
    skipped = 0
    while stack:
        window, first_pass = stack.pop()
        alo, ahi, blo, bhi = window
        size = (ahi - alo) * (bhi - blo)
        if size == 0:
            continue
        if size <= _SMALL_WINDOW:
            matches.extend(_difflib(a, b, window))
            continue
        chain: list[tuple[int, int]] = []
        next_pass = len(_PASSES)
        for p in range(first_pass, len(_PASSES)):
            k, max_count = _PASSES[p]
            chain = _expand(_lis(_gram_pairs(a, b, window, k, max_count)), k)
            if chain:
                # Unique 4-grams first; what lies between them gets the looser passes.
                next_pass = p + 1 if p == 0 else p
                break
        if not chain:
            if size <= _LARGE_WINDOW:
                matches.extend(_difflib(a, b, window))
            else:
                skipped += ahi - alo
            continue
        matches.extend(chain)
        pi, pj = alo - 1, blo - 1
        for i, j in chain:
            stack.append(((pi + 1, i, pj + 1, j), next_pass))
            pi, pj = i, j
        stack.append(((pi + 1, ahi, pj + 1, bhi), next_pass))
    if skipped:
        warnings.append(
            f"{skipped} transcript words in stretches too unlike the timing to compare; "
            "left unaligned"
        )
    matches.sort()
    return matches


def _drop_isolated(matches: list[tuple[int, int]], len_a: int, len_b: int) -> list[tuple[int, int]]:
    """Remove clusters of fewer than 3 matches lying more than 8 words from any other match.

    Chance matches of common words inside text the timing does not cover come in ones and
    twos; genuine stretches come in runs. The ends of the sequences count as neighbours only
    when both are near, so a one-word transcript still matches a one-word timing while a chance
    "the" early in an uncovered intro does not.
    """
    if not matches:
        return matches
    clusters: list[list[tuple[int, int]]] = [[matches[0]]]
    for m in matches[1:]:
        last = clusters[-1][-1]
        if m[0] - last[0] <= 3 and m[1] - last[1] <= 3:
            clusters[-1].append(m)
        else:
            clusters.append([m])
    out: list[tuple[int, int]] = []
    for n, cluster in enumerate(clusters):
        if len(cluster) < 3:
            p = clusters[n - 1][-1] if n > 0 else (-1, -1)
            q = clusters[n + 1][0] if n + 1 < len(clusters) else (len_a, len_b)
            before = max(cluster[0][0] - p[0], cluster[0][1] - p[1])
            after = max(q[0] - cluster[-1][0], q[1] - cluster[-1][1])
            near_real = (n > 0 and before <= 8) or (n + 1 < len(clusters) and after <= 8)
            if not near_real and max(before, after) > 8:
                continue
        out.extend(cluster)
    return out


#: Longest run of unmatched words (on either side) searched for look-alike words.
_FUZZY_GAP = 8


def _similar(x: str, y: str) -> bool:
    """Whether two canonical tokens are probably the same spoken word written differently.

    A recognizer and a transcriber disagree on inflections ("replace" / "replaced"), run-ons
    ("basic" / "basically", "upfront" / "up front" after splitting) and spelling ("delegator" /
    "delegate"). Short words are never similar to anything but themselves: "a" / "an" or
    "in" / "on" would pair words that were not said at the same moment.
    """
    if x == y:
        return True
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) < 4:
        return False
    if long_.startswith(short):
        return True
    # Same first letter: "Lukas" / "Lucas" yes, "that" / "what" (ratio 0.75) no.
    return x[0] == y[0] and difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.75


def _gap_pairs(a_gap: Sequence[str], b_gap: Sequence[str]) -> list[tuple[int, int]]:
    """Most look-alike pairs, in order on both sides, between two short runs of tokens.

    A longest-common-subsequence table under :func:`_similar`; runs are at most
    ``_FUZZY_GAP`` long, so this is at most 64 comparisons per gap.
    """
    n, m = len(a_gap), len(b_gap)
    sim = [[_similar(a_gap[i], b_gap[j]) for j in range(m)] for i in range(n)]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + sim[i][j])
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            out.append((i, j))
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _substitutions(
    matches: list[tuple[int, int]], a: Sequence[str], b: Sequence[str]
) -> list[tuple[int, int]]:
    """Inexact pairs between consecutive matches, for words the two sides spell differently.

    Where both sides have the same 1-3 words between two matches, they pair one to one (a
    recognizer's "Kara" for "Carol"). Otherwise, in runs of up to ``_FUZZY_GAP`` words, words
    that look alike (:func:`_similar`) pair in order: "I'll be right up front" / "Very upfront".
    """
    out: list[tuple[int, int]] = []
    for (i1, j1), (i2, j2) in pairwise(matches):
        gap_a, gap_b = i2 - i1 - 1, j2 - j1 - 1
        if gap_a == gap_b and 1 <= gap_a <= 3:
            out.extend((i1 + t, j1 + t) for t in range(1, gap_a + 1))
        elif 1 <= gap_a <= _FUZZY_GAP and 1 <= gap_b <= _FUZZY_GAP:
            pairs = _gap_pairs(a[i1 + 1 : i2], b[j1 + 1 : j2])
            out.extend((i1 + 1 + p, j1 + 1 + q) for p, q in pairs)
    return out


def estimate_between(
    known: Sequence[tuple[float, float] | None],
    seconds_per_word: float | None = None,
    max_seconds_per_word: float = MAX_SECONDS_PER_WORD,
) -> list[tuple[float, float] | None]:
    """Fill the ``None`` entries of ``known`` (start, end) by word count between neighbours.

    The list form of :func:`estimate_in_place` (which see for the rules); known entries are
    returned unchanged, and when nothing is known everything stays None.
    """
    nan = float("nan")
    starts = array("d", (nan if v is None else v[0] for v in known))
    ends = array("d", (nan if v is None else v[1] for v in known))
    if not estimate_in_place(starts, ends, seconds_per_word, max_seconds_per_word):
        return list(known)
    return list(zip(starts, ends, strict=True))


def estimate_in_place(
    starts: array,
    ends: array,
    seconds_per_word: float | None = None,
    max_seconds_per_word: float = MAX_SECONDS_PER_WORD,
) -> bool:
    """Fill the NaN entries of ``starts``/``ends`` by word count between known neighbours.

    Works on arrays so that a 10-hour session (1M words) costs two arrays of floats, not a
    million tuples. Words between two known words share the time from the end of the earlier
    to the start of the later by word count (we have no better measure of how long a word
    takes). When that would stretch words beyond ``max_seconds_per_word`` (the gap holds a
    silence or text the recording lacks), the first half of the words follow the earlier
    neighbour and the second half precede the later one at that rate, because a missing
    "Yeah," at a line start was said just before the next matched word, not in the middle of
    the silence. Before the first and after the last known word, times are extrapolated at
    ``seconds_per_word`` (default: the rate between the first and last known words, else
    0.4 s), never before 0. Returns False (and changes nothing) when nothing is known.
    """
    idx = [k for k, v in enumerate(starts) if v == v]  # NaN != NaN
    if not idx:
        return False
    if seconds_per_word is None:
        first, last = idx[0], idx[-1]
        rate = DEFAULT_SECONDS_PER_WORD
        if last > first:
            span = starts[last] - starts[first]
            if span > 0:
                rate = min(span / (last - first), max_seconds_per_word)
        seconds_per_word = rate
    first_k = idx[0]
    s0 = starts[first_k]
    for q in range(first_k):
        start = max(0.0, s0 - (first_k - q) * seconds_per_word)
        starts[q], ends[q] = start, max(start, min(s0, start + seconds_per_word))
    for k1, k2 in pairwise(idx):
        gap = k2 - k1 - 1
        if gap <= 0:
            continue
        s1, e1, s2 = starts[k1], ends[k1], starts[k2]
        left = e1 if e1 <= s2 else s1
        slot = max(s2 - left, 0.0) / (gap + (0 if e1 <= s2 else 1))
        if slot <= max_seconds_per_word:
            base = left if e1 <= s2 else left + slot
            for t in range(gap):
                start = base + t * slot
                starts[k1 + 1 + t], ends[k1 + 1 + t] = start, start + slot
            continue
        step = seconds_per_word
        half = (gap + 1) // 2
        for t in range(half):  # after the earlier neighbour
            start = left + t * step
            starts[k1 + 1 + t], ends[k1 + 1 + t] = start, start + step
        for t in range(gap - half):  # before the later neighbour
            start = s2 - (gap - half - t) * step
            starts[k1 + 1 + half + t], ends[k1 + 1 + half + t] = start, start + step
    last_k = idx[-1]
    e_last = ends[last_k]
    for t, q in enumerate(range(last_k + 1, len(starts))):
        start = e_last + t * seconds_per_word
        starts[q], ends[q] = start, start + seconds_per_word
    return True


def align(
    transcript_words: Sequence[str],
    timed: Sequence[TimedWord],
    known_times: Mapping[int, float] | None = None,
) -> Alignment:
    """Align ``transcript_words`` (as they appear in the transcript) to ``timed`` words.

    ``known_times`` optionally maps transcript word indices to times the transcript itself
    states (inline stamps), in the transcript's clock; they are used only to measure the offset
    between that clock and the timing's. Times in the result are in the timing's clock.
    """
    warnings: list[str] = []
    ta = normalise(transcript_words)
    tb = normalise([w.text for w in timed])
    a, b = _intern(ta, tb)
    exact = _drop_isolated(_match(a, b, warnings), len(a), len(b))
    subs = _substitutions(exact, [t.text for t in ta], [t.text for t in tb])
    n = len(transcript_words)
    mapping: list[int | None] = [None] * n
    last_timed: list[int] = [-1] * n
    is_exact: list[bool] = [True] * n
    sub_set = set(subs)
    for i, j in sorted(exact + subs):
        tok_a, tok_b = ta[i], tb[j]
        for x in range(tok_a.first, tok_a.last + 1):
            if mapping[x] is None:
                mapping[x] = tok_b.first
                is_exact[x] = (i, j) not in sub_set
            last_timed[x] = max(last_timed[x], tok_b.last)
    known: list[tuple[float, float] | None] = []
    for x in range(n):
        m = mapping[x]
        if m is None:
            known.append(None)
        else:
            w = timed[m]
            known.append((w.start, max(w.start, timed[last_timed[x]].end)))
    filled = estimate_between(known)
    words: list[WordTiming] = []
    if n and filled and filled[0] is not None:
        for x in range(n):
            start, end = filled[x]  # type: ignore[misc]
            m = mapping[x]
            if m is None:
                words.append(WordTiming(start, end, "estimated"))
            else:
                w = timed[m]
                words.append(
                    WordTiming(start, end, "aligned", w.confidence, m, is_exact[x], w.interpolated)
                )
    aligned = sum(1 for m in mapping if m is not None)
    offset = spread = None
    samples: list[tuple[int, float]] = []
    if known_times:
        samples = sorted(
            (x, timed[m].start - t)
            for x, t in known_times.items()
            if 0 <= x < n and (m := mapping[x]) is not None
        )
        if samples:
            diffs = [d for _, d in samples]
            offset = statistics.median(diffs)
            spread = statistics.median(abs(d - offset) for d in diffs)
    return Alignment(
        tuple(mapping),
        tuple(words),
        aligned / n if n else 0.0,
        offset,
        spread,
        tuple(warnings),
        tuple(samples),
    )
