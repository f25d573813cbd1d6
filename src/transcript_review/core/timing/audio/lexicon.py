"""What the recogniser may hear: the transcript's words, how they sound, and in what order.

Recognising with a language model built from the transcript itself (and a dictionary of just
its words) makes pocketsphinx hear the words that were said as the transcript spells them; the
general English model would turn "Kadugli" into "cad ugly". Pronunciations come from the CMU
dictionary shipped in pocketsphinx's wheel; a word it lacks (a name, a coinage) is spoken by
``espeak-ng -x`` when that is installed, its phonemes mapped to the model's, else spelled out
by simple letter rules. Numbers are said as words ("1994" -> "nineteen ninety four").
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_APOS = re.compile(r"[\u2018\u2019\u02bc`\u00b4]")
_SPLIT = re.compile(r"[\s\-\u2010-\u2015/]+")
_EDGE = re.compile(r"^[^\w']+|[^\w']+$")
_TOKEN = re.compile(r"^[a-z][a-z']*$")
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$")

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]  # noqa: E501
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_WORDS = {
    "one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
    "nine": "ninth", "twelve": "twelfth",
}  # fmt: skip
_SYMBOLS = {"%": "percent", "&": "and", "+": "plus", "$": "dollars", "€": "euros", "£": "pounds"}


def number_words(n: int) -> list[str]:
    """How a number is usually said: years as two pairs ("nineteen ninety four"), others in full."""
    if 1100 <= n <= 1999 or 2010 <= n <= 2099:
        hi, lo = divmod(n, 100)
        tail = ["hundred"] if lo == 0 else (["oh", *_below_100(lo)] if lo < 10 else _below_100(lo))
        return [*_below_100(hi), *tail]
    return _cardinal(n) or ["zero"]


def _below_100(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    tens, ones = divmod(n, 10)
    return [_TENS[tens]] + ([_ONES[ones]] if ones else [])


def _cardinal(n: int) -> list[str]:
    if n < 100:
        return _below_100(n)
    for scale, name in (
        (10**9, "billion"),
        (10**6, "million"),
        (1000, "thousand"),
        (100, "hundred"),
    ):
        if n >= scale:
            head, rest = divmod(n, scale)
            return [*_cardinal(head), name, *(_cardinal(rest) if rest else [])]
    return []  # unreachable


def spoken_tokens(word: str) -> list[str]:
    """Dictionary tokens for one transcript word as it would be said ("We're" -> ["we're"],
    "well-known" -> ["well", "known"], "2011" -> ["twenty", "eleven"], "21st" -> [..."first"])."""
    word = _APOS.sub("'", unicodedata.normalize("NFKC", word)).casefold()
    out: list[str] = []
    for part in _SPLIT.split(word):
        symbol = _SYMBOLS.get(part[-1:]) if part else None
        part = _EDGE.sub("", part).strip("'")
        if not part:
            continue
        if _DIGITS.match(part) and len(part) <= 13:
            value = int(part.replace(",", ""))  # "1,250" is a number, "1250" may be a year
            out.extend(_cardinal(value) or ["zero"] if "," in part else number_words(value))
        elif _DIGITS.match(part):  # a long digit string is read digit by digit
            out.extend(_ONES[int(d)] for d in part if d.isdigit())
        elif (m := _ORDINAL.match(part)) is not None and len(m.group(1)) <= 12:
            words = _cardinal(int(m.group(1))) or ["zero"]
            last = words[-1]
            words[-1] = _ORDINAL_WORDS.get(last) or (
                last[:-1] + "ieth" if last.endswith("y") else last + "th"
            )
            out.extend(words)
        else:
            out.extend(
                t for t in re.split(r"[^a-z']+", _strip_accents(part)) if t and _TOKEN.match(t)
            )
        if symbol:
            out.append(symbol)
    return out


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Lexicon:
    """Pronunciations for every token of a transcript, as pocketsphinx dictionary lines."""

    entries: dict[str, list[str]]
    """token -> pronunciations (phones separated by spaces)."""
    guessed: frozenset[str]
    """Tokens not in the CMU dictionary, pronounced by espeak-ng or letter rules."""

    def write(self, path: Path) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            for token in sorted(self.entries):
                for i, phones in enumerate(self.entries[token]):
                    fh.write(f"{token}{'' if i == 0 else f'({i + 1})'} {phones}\n")

    def known_share(self, tokens: Sequence[str]) -> float:
        """Share of ``tokens`` whose pronunciation comes from the dictionary, not a guess."""
        if not tokens:
            return 0.0
        return sum(1 for t in tokens if t not in self.guessed) / len(tokens)


def build_lexicon(tokens: Iterable[str], dictionary: Path) -> Lexicon:
    """Look every distinct token up in ``dictionary`` (CMU format) and guess the rest."""
    wanted = set(tokens)
    entries: dict[str, list[str]] = {}
    with open(dictionary, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            head, _, phones = line.partition(" ")
            word = head.split("(", 1)[0]
            if word in wanted:
                entries.setdefault(word, []).append(phones.strip())
    missing = sorted(wanted - entries.keys())
    for token, phones in zip(missing, _guess(missing), strict=True):
        entries[token] = [phones]
    return Lexicon(entries, frozenset(missing))


def _guess(words: list[str]) -> list[str]:
    """Pronunciations for words the dictionary lacks: espeak-ng when installed, else letters."""
    if not words:
        return []
    spoken = _espeak(words) if shutil.which("espeak-ng") else None
    out = []
    for i, word in enumerate(words):
        phones = _from_espeak(spoken[i]) if spoken is not None else []
        out.append(" ".join(phones or _from_letters(word)))
    return out


def _espeak(words: list[str]) -> list[str] | None:
    """espeak-ng's phoneme mnemonics, one line per word (None when it fails or disagrees)."""
    try:
        done = subprocess.run(
            ["espeak-ng", "-q", "-x", "-v", "en-us"],
            input="\n".join(w.replace("'", "") for w in words) + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [ln.strip() for ln in done.stdout.splitlines() if ln.strip()]
    return lines if done.returncode == 0 and len(lines) == len(words) else None


# espeak-ng's English phoneme mnemonics -> the CMU phones of pocketsphinx's en-us model,
# longest first. Approximate by design: a near pronunciation is enough to align a name.
_ESPEAK = sorted(
    {
        "aI@": "AY ER",
        "aU@": "AW ER",
        "i@3": "IH R",
        "aI": "AY",
        "aU": "AW",
        "eI": "EY",
        "oU": "OW",
        "OI": "OY",
        "e@": "EH R",
        "i@": "IH R",
        "U@": "UH R",
        "A@": "AA R",
        "O@": "AO R",
        "o@": "AO R",
        "3:": "ER",
        "@L": "AH L",
        "@U": "OW",
        "A:": "AA",
        "a#": "AH",
        "i:": "IY",
        "I#": "IH",
        "I2": "IH",
        "O:": "AO",
        "u:": "UW",
        "tS": "CH",
        "dZ": "JH",
        "@": "AH",
        "3": "ER",
        "a": "AE",
        "E": "EH",
        "e": "EH",
        "i": "IY",
        "I": "IH",
        "0": "AA",
        "O": "AO",
        "U": "UH",
        "V": "AH",
        "T": "TH",
        "D": "DH",
        "S": "SH",
        "Z": "ZH",
        "N": "NG",
        "h": "HH",
        "j": "Y",
        "r": "R",
        "w": "W",
        "l": "L",
        "m": "M",
        "n": "N",
        "p": "P",
        "b": "B",
        "t": "T",
        "d": "D",
        "k": "K",
        "g": "G",
        "f": "F",
        "v": "V",
        "s": "S",
        "z": "Z",
        "x": "K",
        "o": "OW",
        "u": "UW",
        "y": "IY",
        "A": "AA",
    }.items(),
    key=lambda kv: -len(kv[0]),
)


def _from_espeak(mnemonics: str) -> list[str]:
    phones: list[str] = []
    i = 0
    text = mnemonics
    while i < len(text):
        for key, value in _ESPEAK:
            if text.startswith(key, i):
                phones.extend(value.split())
                i += len(key)
                break
        else:
            i += 1  # stress marks, lengths, syllable marks
    return phones


_LETTERS = {
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH", "i": "IH",
    "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P", "q": "K", "r": "R",
    "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S", "y": "Y", "z": "Z",
}  # fmt: skip
_DIGRAPHS = {
    "ch": "CH",
    "sh": "SH",
    "th": "TH",
    "ph": "F",
    "ng": "NG",
    "ee": "IY",
    "oo": "UW",
    "ck": "K",
}


def _from_letters(word: str) -> list[str]:
    """A crude reading by letters; only for words neither dictionary nor espeak-ng knows."""
    phones: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in _DIGRAPHS:
            phones.append(_DIGRAPHS[pair])
            i += 2
            continue
        if word[i] in _LETTERS:
            phones.extend(_LETTERS[word[i]].split())
        i += 1
    return phones or ["AH"]


def language_model_text(sentences: Iterable[Sequence[str]]) -> str:
    """The transcript as the LM builder reads it: one sentence of tokens per line."""
    return "\n".join(" ".join(s) for s in sentences if s)


def write_language_model(sentences: Iterable[Sequence[str]], path: Path) -> None:
    """A trigram ARPA model of the transcript's sentences (pocketsphinx's ``ArpaBoLM``)."""
    from pocketsphinx.lm import ArpaBoLM  # noqa: PLC0415 - heavy, loaded only when aligning

    text = language_model_text(sentences)
    if not text.strip():
        raise ValueError("no words to build a language model from")
    lm = ArpaBoLM(text=text, add_start=True)
    lm.compute()
    with open(path, "w", encoding="utf-8") as fh:
        lm.write(fh)
