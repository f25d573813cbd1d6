"""A glossary of names, and an index that finds their near misses in a transcript.

A glossary is a YAML file::

    terms:
      - Philippines                       # a term is its canonical spelling...
      - term: Viet Nam                    # ... or a mapping with variants and a note
        variants: [Vietnam]
        note: UN style is two words

Glossaries are looked up in four places and merged (see :func:`glossary_paths`): the starter
list shipped with the package (UN member states, principal organs, common bodies: public
facts), ``glossary.yaml`` in the user's config folder, ``glossary.yaml`` in the transcript's
folder, and ``<transcript file name>.glossary.yaml`` beside it.

A near miss is a word or phrase that is no term and no listed variant, but is spelled or sounds
almost like one ("Phillipines", "Kazakstan", "Security Counsel"). Checking every word of a
million-word transcript against every term would be 10^8 comparisons, so the index works per
*distinct* word, and finds the term words a word may be near through two maps built once:

* a deletion index (the idea of SymSpell): every term word with up to two letters deleted maps
  to that word. Two words within two edits of each other share such a form, so a word's own
  deletions (at most ~80 for a 12-letter word) find every candidate in as many dict look-ups;
* a sound index: Metaphone and NYSIIS keys (from jellyfish, a maintained C/Rust library) map
  to the term words that sound alike, catching misspellings further than two edits away
  ("Mozambik" for Mozambique).

Candidates are then confirmed by Damerau-Levenshtein distance with limits that grow with the
word's length (see :func:`near_word`); a phrase is a near miss when each of its words is the
term's word or near it, and at least one is not exactly it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jellyfish
import yaml

from ..errors import InputError
from ..text.decoding import read_text_file

#: The same words as :data:`.transcript.WORD`: letters and digits with inner apostrophes or
#: hyphens, so "Guinea-Bissau" and "d'Ivoire" are one word each.
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
#: A word that starts with a capital letter: where a name (and so a near miss) can begin.
_CAPITALISED = re.compile(r"(?<![\w'’\-])[A-ZÀ-ÖØ-Þ]\w*(?:['’\-]\w+)*")
#: What may stand between the words of a name: spaces, and at most one line break.
_BETWEEN = re.compile(r"[ \t]*(?:\n[ \t]*)?")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
#: Endings that make a name's adjective or people: after the name itself ("Nigerian",
#: "Japanese", "Israeli"), after the name without its last vowel ("Argentine", "Somali",
#: "Ukrainian", "German"), after the name without its final s ("Philippine"). A word that is a
#: term with one of them is no misspelling of it.
_SUFFIXES = frozenset({"n", "an", "ian", "ean", "ese", "i", "s", "ns", "ans", "ians"})
_SUFFIXES_NO_VOWEL = frozenset({"", "e", "an", "ian", "ean", "ese", "i", "n", "ans", "ians"})
#: Shortest term word that near misses are looked for (shorter ones sit among too many real
#: words one letter away: Iran/Iron, Mali/Male, Oman/Omen, Fiji/Fuji).
MIN_WORD = 5

STARTER_NAME = "starter-glossary.yaml"


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    canonical: str
    variants: tuple[str, ...] = ()
    note: str | None = None
    source: str = ""
    """The glossary file it came from (its name), for messages."""


@dataclass
class Glossary:
    """Terms merged from every glossary found, and the files they came from."""

    terms: list[Term] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NearMiss:
    """Words of a text that look like a misspelling of a term."""

    start: int
    end: int
    found: str
    term: Term
    form: str
    """The spelling it is near: the canonical one or one of the listed variants."""


# -- loading --------------------------------------------------------------------------------


def starter_path() -> Path:
    """The starter glossary shipped inside the package."""
    return Path(str(resources.files(__package__).joinpath("data").joinpath(STARTER_NAME)))


def glossary_paths(
    transcript_path: Path | None, config_dir: Path | None, *, starter: bool = True
) -> list[Path]:
    """Glossary files that apply to a transcript, most general first; only those that exist.

    ``config_dir`` is the folder of the user's settings (``glossary.yaml`` is looked up there)."""
    paths: list[Path] = [starter_path()] if starter else []
    if config_dir is not None:
        paths.append(config_dir / "glossary.yaml")
    if transcript_path is not None:
        paths.append(transcript_path.parent / "glossary.yaml")
        paths.append(transcript_path.with_name(transcript_path.name + ".glossary.yaml"))
    seen: set[Path] = set()
    found = []
    for p in paths:
        key = p.resolve() if p.exists() else p
        if p.is_file() and key not in seen:
            seen.add(key)
            found.append(p)
    return found


def load_glossaries(paths: Iterable[Path]) -> Glossary:
    """Read and merge glossary files: a term listed twice keeps every variant and one note."""
    merged: dict[str, Term] = {}
    files: list[str] = []
    for path in paths:
        files.append(str(path))
        for term in load_glossary_file(path):
            old = merged.get(term.canonical)
            if old is None:
                merged[term.canonical] = term
            else:
                variants = tuple(dict.fromkeys(old.variants + term.variants))
                merged[term.canonical] = Term(
                    term.canonical, variants, term.note or old.note, term.source
                )
    return Glossary(list(merged.values()), files)


def load_glossary_file(path: Path) -> list[Term]:
    """The terms of one glossary file; :class:`InputError` with ``file:line:col`` when broken."""
    raw = read_text_file(path).text
    try:
        data = yaml.safe_load(raw)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            path,
            f"invalid YAML: {exc.problem}; fix the glossary (format in the README)",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) != {"terms"} or not isinstance(data["terms"], list):
        raise InputError(
            path, "a glossary is a mapping with one key, 'terms', holding a list of terms"
        )
    terms = []
    for n, entry in enumerate(data["terms"], 1):
        terms.append(_term(path, n, entry))
    return terms


def _term(path: Path, n: int, entry: object) -> Term:
    where = f"term {n}"
    if isinstance(entry, str) and entry.strip():
        return Term(" ".join(entry.split()), source=path.name)
    if not isinstance(entry, dict):
        raise InputError(path, f"{where}: write a name in quotes, or a mapping with 'term'")
    unknown = set(entry) - {"term", "variants", "note"}
    if unknown:
        raise InputError(
            path,
            f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            "a term takes 'term', 'variants' and 'note'",
        )
    canonical = entry.get("term")
    if not isinstance(canonical, str) or not canonical.strip():
        raise InputError(path, f"{where}: 'term' must be the name, in quotes")
    variants = entry.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) and v for v in variants):
        raise InputError(path, f"{where} ({canonical}): 'variants' must be a list of names")
    note = entry.get("note")
    if note is not None and not isinstance(note, str):
        raise InputError(path, f"{where} ({canonical}): 'note' must be text")
    return Term(
        " ".join(canonical.split()),
        tuple(" ".join(v.split()) for v in variants),
        note,
        path.name,
    )


# -- matching -------------------------------------------------------------------------------


def fold(word: str) -> str:
    """How words are compared: case-folded, with a typographic apostrophe made plain."""
    return word.replace("’", "'").casefold()


@functools.lru_cache(maxsize=65536)
def _sound(word: str) -> tuple[str, str]:
    return jellyfish.metaphone(word), jellyfish.nysiis(word)


def sounds_alike(a: str, b: str) -> bool:
    """Whether two (folded) words share a Metaphone or a NYSIIS key."""
    ka, kb = _sound(a), _sound(b)
    return ka[0] == kb[0] or ka[1] == kb[1]


def is_inflection(word: str, term_word: str) -> bool:
    """Whether ``word`` is ``term_word``'s adjective or people ("Nigerian", "Japanese",
    "Argentine", "Somali", "Philippine"), which is no misspelling of it."""
    if word.startswith(term_word) and word[len(term_word) :] in _SUFFIXES:
        return True
    if term_word.endswith("um") and word == term_word[:-2] + "an":  # Belgium: Belgian
        return True
    stem = term_word[:-1]
    if term_word[-1:] in "aeiouy" and word.startswith(stem):
        return word[len(stem) :] in _SUFFIXES_NO_VOWEL
    return term_word.endswith("s") and word == stem


@functools.lru_cache(maxsize=65536)
def near_word(word: str, term_word: str, *, in_name: bool = False) -> bool:
    """Whether ``word`` (folded, not the term word itself) looks like a slip for ``term_word``.

    The limits were set on the misspellings in tests/core/qc/member_state_misspellings.py, and
    on real words that must not be taken for names ("While", "Kenny", "Malaria", "German"):
    term words (and words) under 5 letters are never near-missed (Iran/Iron, Mali/Male); two
    neighbouring letters swapped always count ("Isreal", "Okonkow"); of 5 or 6 letters, one edit
    that sounds alike ("Yeman") or two that only reorder letters ("Lybia"); of 7, also two edits
    that sound alike with the same first letter ("Morroco"); of 8 or 9, one edit, or two that
    sound alike ("Phillipines"); of 10 or more, also three that sound alike with the same
    first letter ("Mozambik"). Adjectives and peoples ("Nigerian", "German", "Somali",
    "Belgian") are never near misses. "Sounds alike": same Metaphone or same NYSIIS key.

    ``in_name``: the word follows the first word of a name of several words, which is already
    near or exact ("Security Counsel"); then two edits that sound alike are enough at any length.
    """
    n = len(term_word)
    if n < (4 if in_name else MIN_WORD) or word == term_word or abs(len(word) - n) > 3:
        return False
    if not in_name and len(word) < MIN_WORD:  # "Spin" is no "Spain"
        return False
    if is_inflection(word, term_word):
        return False
    distance = jellyfish.damerau_levenshtein_distance(word, term_word)
    if distance > 3:
        return False
    alike = sounds_alike(word, term_word)
    same_first = word[0] == term_word[0]
    swapped = sorted(word) == sorted(term_word)
    if (in_name and distance <= 2 and alike) or (distance == 1 and swapped):
        return True  # "Okonkow": two letters swapped
    if n <= 6:
        return (distance == 1 and alike) or (distance == 2 and same_first and swapped)
    if n == 7:
        return (distance == 1 and alike) or (distance == 2 and same_first and alike)
    if n <= 9:
        return distance == 1 or (distance == 2 and alike)
    return distance == 1 or (distance == 2 and alike) or (distance == 3 and alike and same_first)


def _deletions(word: str, depth: int = 2) -> set[str]:
    """``word`` with up to ``depth`` letters deleted (itself included)."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


@dataclass(frozen=True)
class _Form:
    """One spelling (canonical or variant) of a term, as folded words."""

    words: tuple[str, ...]
    text: str
    term: Term


class GlossaryIndex:
    """The terms of a glossary, indexed for exact and near look-ups of words and phrases."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        self._exact: dict[tuple[str, ...], _Form] = {}
        self._by_first: dict[str, list[_Form]] = {}
        self._term_words: set[str] = set()
        for term in self.terms:
            for text in (term.canonical, *term.variants):
                words = tuple(fold(w) for w in _WORD.findall(text))
                if not words:
                    continue
                form = _Form(words, text, term)
                # The canonical spelling wins over a variant that happens to repeat it.
                self._exact.setdefault(words, form)
                self._by_first.setdefault(words[0], []).append(form)
                self._term_words.update(words)
        for forms in self._by_first.values():
            forms.sort(key=lambda f: -len(f.words))  # longest name first
        self._deleted: dict[str, set[str]] = {}
        self._sounds: dict[str, set[str]] = {}
        for word in self._term_words:
            if len(word) < MIN_WORD:
                continue
            for d in _deletions(word):
                self._deleted.setdefault(d, set()).add(word)
            for key in _sound(word):
                self._sounds.setdefault(key, set()).add(word)
        self._longest = max((len(w) for w in self._term_words), default=0)
        self._near_cache: dict[str, frozenset[str]] = {}
        self._dead: set[str] = set()
        """Words as written that start no name and are near none (checked once each)."""

    def __len__(self) -> int:
        return len(self.terms)

    def near_words(self, word: str) -> frozenset[str]:
        """Term words that ``word`` (folded) is exactly or nearly; cached per distinct word."""
        cached = self._near_cache.get(word)
        if cached is not None:
            return cached
        if word in self._term_words:
            found = frozenset({word})
        elif len(word) < MIN_WORD - 3 or len(word) > self._longest + 3:
            found = frozenset()
        else:
            candidates: set[str] = set()
            for d in _deletions(word):
                candidates |= self._deleted.get(d, set())
            for key in _sound(word):
                candidates |= self._sounds.get(key, set())
            found = frozenset(w for w in candidates if near_word(word, w))
        self._near_cache[word] = found
        return found

    def lookup(self, phrase: str) -> NearMiss | None:
        """The term ``phrase`` is a near miss of, if any (the phrase alone, from its start)."""
        hits = list(self.scan(phrase))
        return hits[0] if hits and hits[0].start == 0 else None

    def scan(self, text: str, start: int = 0, end: int | None = None) -> Iterator[NearMiss]:
        """Near misses in ``text[start:end]``, in order. A name spelled exactly as a term or a
        listed variant is never one."""
        end = len(text) if end is None else end
        pos = start
        search = _CAPITALISED.search
        dead = self._dead
        while True:
            m = search(text, pos, end)
            if m is None:
                return
            if m.group() in dead:  # most capitalised words: no term near them, seen before
                pos = m.end()
                continue
            hit, pos = self._at(text, m, end)
            if hit is not None:
                yield hit

    def _at(self, text: str, m: re.Match[str], end: int) -> tuple[NearMiss | None, int]:
        """The near miss starting at word ``m``, if any, and where to look next."""
        first = fold(m.group())
        bare = _POSSESSIVE.sub("", first)
        near = self.near_words(first) | (self.near_words(bare) if bare != first else frozenset())
        forms = [f for word in near for f in self._by_first.get(word, ())]
        if not forms:
            self._dead.add(m.group())
            return None, m.end()
        words = _words_from(text, m, end, max(len(f.words) for f in forms))
        best: tuple[tuple[int, bool, int, int, str], int, _Form] | None = None
        exact_stop = -1
        for form in forms:
            matched = _match(words, form)
            if matched is None:
                continue
            stop, exact, distance = matched
            if exact:
                exact_stop = max(exact_stop, stop)
                continue
            # Fewest edits first, then a name that sounds alike, then the most words of the
            # text, then the longer name (slips drop letters more often than add them:
            # "Nigera" is Nigeria, not Niger), then by spelling for a stable choice.
            found = fold(text[m.start() : stop])
            alike = sounds_alike(found, fold(form.text))
            rank = (distance, not alike, -stop, -len(form.text), form.text)
            if best is None or rank < best[0]:
                best = (rank, stop, form)
        if best is None or best[1] <= exact_stop:
            # Nothing near, or a name spelled right that is as long: skip all of it.
            return None, max(exact_stop, m.end())
        _, stop, form = best
        found = text[m.start() : stop]
        if tuple(fold(w) for w in _WORD.findall(found)) in self._exact:
            return None, stop
        return NearMiss(m.start(), stop, found, form.term, form.text), stop


def _words_from(text: str, m: re.Match[str], end: int, count: int) -> list[tuple[int, int, str]]:
    """Up to ``count`` words from ``m`` on, as (start, end, folded), while only spaces and at
    most one line break stand between them."""
    words = [(m.start(), m.end(), fold(m.group()))]
    stop = m.end()
    while len(words) < count:
        gap = _BETWEEN.match(text, stop, end)
        wm = _WORD.match(text, gap.end() if gap else stop, end)
        if wm is None:
            break
        words.append((wm.start(), wm.end(), fold(wm.group())))
        stop = wm.end()
    return words


def _match(words: list[tuple[int, int, str]], form: _Form) -> tuple[int, bool, int] | None:
    """Whether ``words`` begin with ``form`` spelled exactly or nearly: (end offset, exactly?,
    summed distance), else None. The last word may carry a possessive 's."""
    if len(words) < len(form.words):
        return None
    exact = True
    distance = 0
    stop = words[0][0]
    last = len(form.words) - 1
    for i, want in enumerate(form.words):
        start, word_end, got = words[i]
        if i == last and got != want and _POSSESSIVE.search(got):
            got = _POSSESSIVE.sub("", got)
            word_end = start + len(got)
        stop = word_end
        if got == want:
            continue
        if not near_word(got, want, in_name=i > 0):
            return None
        exact = False
        distance += jellyfish.damerau_levenshtein_distance(got, want)
    return stop, exact, distance
