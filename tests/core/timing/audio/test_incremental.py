"""Re-running after an edit: the recording is not heard again, and runs of words placed by
forced alignment before are taken over when their words and stretch are unchanged."""

from __future__ import annotations

import pytest

from tests.hearing import Hearing
from transcript_review.core.text.transcript import load_transcript
from transcript_review.core.timing.audio import pipeline


def align(hearing: Hearing, text: str, previous=None):
    hearing.transcript.write_text(text)
    transcript = load_transcript(hearing.transcript)
    return pipeline.align_recording(transcript, hearing.media, previous=previous)


def test_only_what_changed_is_placed_again(
    hearing: Hearing, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = hearing.transcript.read_text()
    missed = original.replace("this open debate", "this debate")
    first = align(hearing, missed)
    second = align(hearing, original, previous=first)  # "open" added: forced into place
    (open_word,) = [w for w in second.words if w.text == "open"]
    assert open_word.how == "forced"

    heard: list[int] = []
    forced: list[list[str]] = []
    monkeypatch.setattr(pipeline, "_hear", lambda *a, **k: heard.append(1) or [])
    real_align = pipeline._Aligner.align

    def counting(self, pcm, activity, start, end, tokens):
        forced.append(tokens)
        return real_align(self, pcm, activity, start, end, tokens)

    monkeypatch.setattr(pipeline._Aligner, "align", counting)
    edited = original.replace("Thank you very much.", "Thank you very much indeed.")
    third = align(hearing, edited, previous=second)
    assert heard == []  # the recording was not heard again
    assert ["open"] not in forced  # that run was taken over from the second alignment
    assert forced == [["indeed"]]  # only the new word was tried (and is not in the audio)
    (again,) = [w for w in third.words if w.text == "open"]
    assert (again.time, again.time_end, again.how) == (open_word.time, open_word.time_end, "forced")
    assert any(a <= edited.index("indeed") < b for a, b, _ in third.unaligned)
