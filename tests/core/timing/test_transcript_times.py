"""Times for a transcript: pins beat stamps beat captions beat estimates; gaps get suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcript_review.core.text.items import find_items
from transcript_review.core.text.transcript import parse_text
from transcript_review.core.timing.transcript_times import find_timing_file, time_transcript

SPEECH = (
    "Thank you Madam President. We welcome the report (inaudible) and the work of the envoy.\n\n"
    "Second paragraph starts here with more words to time.\n"
)


def words_json(tmp_path: Path, words: list[tuple[str, float, float, float | None]]) -> Path:
    path = tmp_path / "asr.json"
    data = {"words": [{"text": t, "start": s, "end": e, "confidence": c} for t, s, e, c in words]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def asr_for_speech(shift: float = 0.0) -> list[tuple[str, float, float, float | None]]:
    said = [
        "thank",
        "you",
        "madam",
        "president",
        "we",
        "welcome",
        "the",
        "report",
        "of",
        "the",
        "secretary-general",
        "and",
        "the",
        "work",
        "of",
        "the",
        "envoy",
        "second",
        "paragraph",
        "starts",
        "here",
        "with",
        "more",
        "words",
        "to",
        "time",
    ]
    return [
        (w, shift + i * 0.5, shift + i * 0.5 + 0.4, 0.3 if w == "envoy" else 0.9)
        for i, w in enumerate(said)
    ]


def test_without_anything_times_are_estimates_from_zero() -> None:
    t = parse_text(SPEECH)
    timing = time_transcript(t)
    assert timing.source_name.startswith("estimates")
    moments = timing.paragraph_moments()
    assert [m.source for m in moments.values()] == ["estimated", "estimated"]
    assert moments[0].seconds == 0.0 and moments[1].seconds > 5


def test_captions_align_and_fill_the_gap_window_with_a_suggestion(tmp_path: Path) -> None:
    t = parse_text(SPEECH)
    timing = time_transcript(t, timing=words_json(tmp_path, asr_for_speech()))
    assert timing.coverage > 0.9
    first = timing.moment_at(0)
    assert first.source == "aligned" and first.seconds == pytest.approx(0.0)
    gap = next(i for i in find_items(t) if i.kind == "gap")
    (suggestion,) = timing.suggestions(gap)
    assert suggestion.source == "captions"
    assert suggestion.text == "of the secretary-general"
    assert suggestion.confidence == pytest.approx(0.9)


def test_low_confidence_words_are_candidates_for_flagging(tmp_path: Path) -> None:
    t = parse_text(SPEECH)
    timing = time_transcript(t, timing=words_json(tmp_path, asr_for_speech()))
    (span,) = timing.low_confidence()
    assert t.text[span[0] : span[1]] == "envoy" and span[2] == pytest.approx(0.3)


def test_inline_stamps_win_over_captions_and_set_the_clock(tmp_path: Path) -> None:
    stamped = "[00:01:40] " + SPEECH
    t = parse_text(stamped)
    # The recording starts 30 s later than the transcriber's clock: every caption is +30 s.
    timing = time_transcript(t, timing=words_json(tmp_path, asr_for_speech(shift=130.0)))
    assert timing.moment_at(0).source == "inline" and timing.moment_at(0).seconds == 100.0
    later = timing.moment_at(t.text.index("Second"))
    assert later.source == "aligned"
    assert later.seconds == pytest.approx(100.0 + 18 * 0.5, abs=0.6)  # on the stamps' clock
    gap = next(i for i in find_items(t) if i.kind == "gap")
    assert timing.suggestions(gap)[0].text == "of the secretary-general"


def test_manual_pins_win_over_everything(tmp_path: Path) -> None:
    t = parse_text("[00:00:10] " + SPEECH)
    second = t.text.index("Second")
    timing = time_transcript(
        t, timing=words_json(tmp_path, asr_for_speech()), pins=[(second, 61.0)]
    )
    moment = timing.moment_at(second)
    assert (moment.source, moment.seconds) == ("manual", 61.0)
    assert timing.moment_at(0).source == "inline"


def test_reference_text_suggests_the_words_across_a_gap() -> None:
    t = parse_text(SPEECH)
    official = parse_text(
        "Thank you, Madam President. We welcome the report of the Secretary-General and the "
        "work of the envoy.\n\nSecond paragraph starts here with more words to time.\n"
    )
    timing = time_transcript(t, reference=official)
    gap = next(i for i in find_items(t) if i.kind == "gap")
    (suggestion,) = timing.suggestions(gap)
    assert (suggestion.source, suggestion.text) == ("official-text", "of the Secretary-General")


def test_a_timing_file_beside_the_transcript_is_found(tmp_path: Path) -> None:
    transcript = tmp_path / "speech.txt"
    transcript.write_text(SPEECH)
    assert find_timing_file(transcript) is None
    (tmp_path / "speech.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nThank you\n")
    assert find_timing_file(transcript) == tmp_path / "speech.srt"
