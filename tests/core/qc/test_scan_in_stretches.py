"""The typography rules scan the text a stretch of lines at a time (so a check in the editor's
thread never holds the interpreter for long): the same matches as one scan of the whole text."""

from __future__ import annotations

import pytest

from transcript_review.core.qc import typography

TEXT = (
    "the the cat ,, and  so .\n"
    "word\nword word , x\n\n"
    "  indented ;; here\tand\tand\n"
    "end end"
) * 40


@pytest.mark.parametrize(
    "pattern",
    [
        typography._DOUBLED_WORD,
        typography._PUNCT_RUN,
        typography._SPACE_BEFORE,
        typography._DOUBLE_SPACE,
    ],
)
@pytest.mark.parametrize("chunk", [1, 5, 23, 64, 1 << 16])
def test_stretches_find_what_one_scan_finds(monkeypatch, pattern, chunk) -> None:
    monkeypatch.setattr(typography, "_CHUNK", chunk)
    whole = [m.span() for m in pattern.finditer(TEXT)]
    assert whole  # the text trips every pattern
    assert [m.span() for m in typography._scan(pattern, TEXT)] == whole
