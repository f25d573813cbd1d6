"""Word normalisation for alignment: make a transcript and a recognizer spell words alike.

A human transcript writes "We're", "2018", "twelve o'clock", "well-known"; a recognizer hears
"we are", "twenty eighteen", "12 o'clock", "well known". Alignment compares *canonical tokens*:
case-folded, without punctuation or curly quotes, contractions expanded, hyphenated words split,
numbers as digits (single number words, and runs such as "twenty eighteen" or "two thousand and
one"). Each canonical token remembers which original words it came from, so results map back
to the caller's word indices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_ONES = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_ORDINALS = {
    "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
    "eleventh": "11th", "twelfth": "12th", "thirteenth": "13th", "fourteenth": "14th",
    "fifteenth": "15th", "twentieth": "20th", "thirtieth": "30th",
}  # fmt: skip
_PRONOUN_S = {"it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "let"}
_SUFFIXES = {"re": "are", "ve": "have", "ll": "will", "m": "am", "d": "would"}
_IRREGULAR = {
    "won't": ("will", "not"), "can't": ("can", "not"), "cannot": ("can", "not"),
    "shan't": ("shall", "not"), "ain't": ("is", "not"), "let's": ("let", "us"),
    # Spoken forms one side writes out and the other does not.
    "gonna": ("going", "to"), "wanna": ("want", "to"), "gotta": ("got", "to"),
    "kinda": ("kind", "of"), "sorta": ("sort", "of"), "ok": ("okay",),
    "alright": ("all", "right"),
}  # fmt: skip

#: Longest run of number pieces read as one number ("nine hundred and ninety nine thousand ...");
#: the cap keeps a long list of numbers from costing quadratic time.
_MAX_NUMBER_RUN = 12

_SPLIT_RE = re.compile(r"[\s\-\u2010-\u2015/]+")
_EDGE_RE = re.compile(r"^[^\w']+|[^\w']+$")
_APOS_RE = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4]")
_DIGITS_RE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_ORDINAL_DIGITS_RE = re.compile(r"^(\d+)(st|nd|rd|th)$")


@dataclass(frozen=True, slots=True)
class Token:
    """A canonical token and the original words ``[first, last]`` (inclusive) it stands for."""

    text: str
    first: int
    last: int


def _pieces(word: str) -> list[str]:
    """Canonical pieces of one original word (before number-run merging)."""
    word = unicodedata.normalize("NFKC", word).casefold()
    word = _APOS_RE.sub("'", word)
    out: list[str] = []
    for part in _SPLIT_RE.split(word):
        part = _EDGE_RE.sub("", part)
        if part == "'cause":  # "'Cause it's just strings": because, not the noun
            part = "because"
        part = part.strip("'")
        if not part:
            continue
        if part in _IRREGULAR:
            out.extend(_IRREGULAR[part])
            continue
        if part.endswith("n't") and len(part) > 3:
            out.extend((part[:-3], "not"))
            continue
        if "'" in part:
            stem, _, suffix = part.rpartition("'")
            if suffix in _SUFFIXES and stem:
                out.extend((stem.replace("'", ""), _SUFFIXES[suffix]))
                continue
            if suffix == "s" and stem in _PRONOUN_S:
                out.extend((stem, "is"))
                continue
            part = part.replace("'", "")
        if _DIGITS_RE.match(part):
            part = str(int(part.replace(",", "")))
        elif part in _ONES and part != "oh":
            part = str(_ONES[part])
        elif part in _TENS:
            part = str(_TENS[part])
        elif part in _ORDINALS:
            part = _ORDINALS[part]
        elif (m := _ORDINAL_DIGITS_RE.match(part)) is not None:
            part = f"{int(m.group(1))}{m.group(2)}"
        out.append(part)
    return out


def _number_value(run: list[str]) -> int | None:
    """Value of a run of number pieces ("20 18", "2 thousand and 1", "19 94"), else None.

    Year style (two groups of two digits said separately) is tried first because "twenty
    eighteen" is 2018, never 38. Runs that are just a list of numbers ("1 2 3") give None so
    they stay separate tokens.
    """
    words = [w for w in run if w != "and"]
    if len(words) < 2 or run[-1] == "and":
        return None
    groups: list[int] = []  # two-digit groups: teen, tens, tens+unit, unit
    i = 0
    has_scale = any(w in _SCALES for w in words)
    if not has_scale:
        while i < len(words):
            if not words[i].isdigit():
                return None
            v = int(words[i])
            if v % 10 == 0 and 20 <= v <= 90 and i + 1 < len(words):
                nxt = words[i + 1]
                if nxt.isdigit() and 1 <= int(nxt) <= 9:
                    v += int(nxt)
                    i += 1
            groups.append(v)
            i += 1
        if len(groups) == 1 and len(words) == 2:
            return groups[0]  # twenty one
        if len(groups) == 2 and 10 <= groups[0] <= 99 and 10 <= groups[1] <= 99:
            return groups[0] * 100 + groups[1]  # nineteen ninety four
        return None
    total = 0
    current = 0
    for w in words:
        if w in _SCALES:
            scale = _SCALES[w]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif w.isdigit() and int(w) < 100:
            current += int(w)
        else:
            return None
    return total + current


def _is_number_piece(p: str) -> bool:
    return (p.isdigit() and len(p) <= 2) or p in _SCALES


def normalise(words: Sequence[str]) -> list[Token]:
    """Canonical tokens for ``words``; words made only of punctuation yield no token."""
    flat: list[Token] = []
    for index, word in enumerate(words):
        for piece in _pieces(word):
            flat.append(Token(piece, index, index))
    out: list[Token] = []
    i = 0
    n = len(flat)
    while i < n:
        if _is_number_piece(flat[i].text):
            j = i
            while (
                j + 1 < n
                and j - i < _MAX_NUMBER_RUN
                and (
                    _is_number_piece(flat[j + 1].text)
                    or (
                        flat[j + 1].text == "and"
                        and j + 2 < n
                        and _is_number_piece(flat[j + 2].text)
                    )
                )
            ):
                j += 1
            if j > i:
                run = [t.text for t in flat[i : j + 1]]
                value = _number_value(run)
                if value is not None:
                    out.append(Token(str(value), flat[i].first, flat[j].last))
                    i = j + 1
                    continue
        out.append(flat[i])
        i += 1
    return out
