"""A sentence that starts in lower case after a full stop ("… to protect. the Council …")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule
from .typography import marker_spans

#: A full stop, "!" or "?", closing quotes or brackets, space within the
#: paragraph, then a lower-case word.
_AFTER_STOP = re.compile(
    r"[.!?](?P<close>[\"'”’)\]]*)[ \t]+\n?[ \t]*(?P<word>[a-zà-ÿ][\w'’\-]*)"
)
#: Words a full stop abbreviates, after which a lower-case word is no new sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "prof",
        "no",
        "nos",
        "vs",
        "etc",
        "cf",
        "approx",
        "art",
        "para",
        "paras",
        "ch",
        "vol",
        "p",
        "pp",
        "fig",
        "jr",
        "sr",
        "sq",
        "ft",
        "km",
        "kg",
        "min",
        "max",
        "dept",
        "govt",
        "inc",
        "ltd",
        "co",
        "corp",
        "est",
        "al",
    ]
)


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends an abbreviation ("e.g.", "a.m.", "Mr.", "No.")."""
    start = stop
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    word = text[start:stop]
    return "." in word or len(word) == 1 or word.casefold() in _ABBREVIATIONS


def lowercase_sentences(doc: QcDocument) -> Iterator[Hit]:
    text = doc.text
    markers = marker_spans(doc)
    for m in _AFTER_STOP.finditer(text):
        if m.start() and text[m.start() - 1] in ".…":
            continue  # an ellipsis: the speaker trailed off
        if text[m.start()] == "." and _abbreviation_before(text, m.start()):
            continue
        # "(Inaudible.) at", "[??] session", "(Laughter.) and": a mark inside brackets ends
        # no sentence of the speaker's.
        if any(c in ")]" for c in m.group("close")) or markers.inside(m.start(), m.start() + 1):
            continue
        if "\n\n" in text[m.start() : m.start("word")]:
            continue
        word = m.group("word")
        yield Hit(
            m.start("word"),
            m.end("word"),
            f"a sentence starts in lower case (“{word}”) after “{text[m.start()]}”",
            suggestion=word[0].upper() + word[1:],
        )


RULES = [
    Rule(
        "lowercase-sentence",
        Severity.WARNING,
        "a sentence starting in lower case after a full stop (abbreviations and ellipses aside)",
        lowercase_sentences,
    )
]
