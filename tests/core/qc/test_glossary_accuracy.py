"""Precision and recall of near-miss detection on real misspellings of Member States' names.

Run with ``-s`` to see the figures (the report of issue 17 quotes them)."""

from __future__ import annotations

from transcript_review.core.qc.glossary import (
    GlossaryIndex,
    NearMiss,
    load_glossaries,
    starter_path,
)

from .member_state_misspellings import MISSPELLINGS, NOT_MISSPELLINGS

#: Floors under the measured figures: a change that makes detection worse fails here.
MIN_RECALL = 0.93
MIN_PRECISION = 0.97


def _index() -> GlossaryIndex:
    return GlossaryIndex(load_glossaries([starter_path()]).terms)


def _found(index: GlossaryIndex, words: str) -> NearMiss | None:
    """What the scan finds when ``words`` stand in a sentence (not at its start)."""
    sentence = f"We heard from {words} today."
    hits = [h for h in index.scan(sentence) if h.start == len("We heard from ")]
    return hits[0] if hits else None


def measure() -> dict[str, object]:
    index = _index()
    right, wrong, missed, false_alarms = [], [], [], []
    for word, expected in MISSPELLINGS.items():
        hit = _found(index, word)
        if hit is None:
            missed.append(word)
        elif expected in (hit.term.canonical, *hit.term.variants) and hit.found == word:
            right.append(word)
        else:
            wrong.append((word, hit.form))
    for word in NOT_MISSPELLINGS:
        hit = _found(index, word)
        if hit is not None:
            false_alarms.append((word, hit.form))
    flagged = len(right) + len(wrong) + len(false_alarms)
    return {
        "recall": len(right) / len(MISSPELLINGS),
        "precision": len(right) / flagged if flagged else 1.0,
        "right": len(right),
        "misspellings": len(MISSPELLINGS),
        "negatives": len(NOT_MISSPELLINGS),
        "missed": missed,
        "wrong": wrong,
        "false_alarms": false_alarms,
    }


def test_near_misses_of_member_states_are_found_with_few_false_alarms() -> None:
    figures = measure()
    print(
        f"\nglossary near misses: recall {figures['recall']:.3f} "
        f"({figures['right']}/{figures['misspellings']}), precision {figures['precision']:.3f}; "
        f"missed {figures['missed']}; wrong term {figures['wrong']}; "
        f"false alarms among {figures['negatives']} real words {figures['false_alarms']}"
    )
    assert figures["recall"] >= MIN_RECALL, figures
    assert figures["precision"] >= MIN_PRECISION, figures
