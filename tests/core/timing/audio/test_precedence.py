"""How times from the recording take their place among the other sources: per paragraph, the
better-covered of the recording and the timing file wins; pins and stamps still win over both."""

from __future__ import annotations

from pathlib import Path

from transcript_review.core.text.items import find_items
from transcript_review.core.text.transcript import Transcript, parse_text
from transcript_review.core.timing import TimedWord, TimingTrack
from transcript_review.core.timing.audio.alignment_file import (
    AlignedWord,
    GapWindow,
    MediaIdentity,
    RecordingAlignment,
)
from transcript_review.core.timing.transcript_times import item_moment, time_transcript

TEXT = (
    "One two three four five six seven eight.\n\n"
    "Alpha bravo charlie delta (inaudible) echo foxtrot golf hotel.\n"
)


def words_of(transcript: Transcript, paragraph: int) -> list[tuple[int, int, str]]:
    para = transcript.paragraphs[paragraph]
    return [(a, b, transcript.text[a:b]) for a, b in transcript.word_spans(para.start, para.end)]


def recording(transcript: Transcript, placed: list[tuple[int, int, str]], at: float,
              gaps: list[GapWindow] = ()) -> RecordingAlignment:  # fmt: skip
    words = [
        AlignedWord(a, b, w, at + i, at + i + 0.5, 0.9, "recognised")
        for i, (a, b, w) in enumerate(placed)
    ]
    return RecordingAlignment(
        transcript.name, transcript.sha256, transcript.word_count,
        MediaIdentity("x.ogg", 1, "0", 100.0), {}, "", words,
        len(words) / transcript.word_count, gaps=list(gaps),
    )  # fmt: skip


def captions(words: list[str], at: float) -> TimingTrack:
    return TimingTrack(
        Path("x.vtt"), "vtt", tuple(TimedWord(w, at + i, at + i + 0.5) for i, w in enumerate(words))
    )


def test_each_paragraph_takes_the_better_covered_source() -> None:
    transcript = parse_text(TEXT)
    first, second = words_of(transcript, 0), words_of(transcript, 1)
    # Captions cover all of the first paragraph, the recording only half of it; the recording
    # places all of the second, the captions none.
    track = captions([w for _, _, w in first], at=10.0)
    rec = recording(transcript, first[:4] + second, at=50.0)
    timing = time_transcript(transcript, timing=track, recording=rec)
    moments = timing.paragraph_moments()
    assert (moments[0].source, moments[0].seconds) == ("aligned", 10.0)
    assert (moments[1].source, moments[1].seconds) == ("recording", 54.0)
    counts = timing.source_counts()
    assert counts == {"aligned": len(first), "recording": len(second)}
    assert timing.coverage == 1.0
    assert "the recording and x.vtt" in timing.source_name


def test_a_paragraph_won_by_the_recording_never_mixes_in_caption_times() -> None:
    transcript = parse_text(TEXT)
    first = words_of(transcript, 0)
    track = captions([w for _, _, w in first[:3]], at=10.0)  # 3 words from the captions
    rec = recording(transcript, first[2:], at=30.0)  # 6 from the recording
    timing = time_transcript(transcript, timing=track, recording=rec)
    sources = [timing.moment(k).source for k in range(len(first))]
    assert sources[:2] == ["estimated", "estimated"] and set(sources[2:]) == {"recording"}


def test_stamps_and_pins_still_win_over_the_recording() -> None:
    transcript = parse_text("[00:01:00] " + TEXT)
    rec = recording(transcript, words_of(transcript, 0), at=5.0)
    timing = time_transcript(
        transcript, recording=rec, pins=[(transcript.paragraphs[1].start, 99.0)]
    )
    assert timing.moment(0).source == "inline" and timing.moment(0).seconds == 60.0
    assert timing.moment(1).source == "recording"
    assert timing.paragraph_moments()[1].source == "manual"


def test_a_located_gap_starts_at_its_window_and_offers_what_was_heard() -> None:
    transcript = parse_text(TEXT)
    (gap,) = [i for i in find_items(transcript) if i.kind == "gap"]
    rec = recording(
        transcript, words_of(transcript, 1), at=20.0,
        gaps=[GapWindow(gap.id, gap.start, gap.end, (23.6, 24.8), "it was", 0.42)],
    )  # fmt: skip
    timing = time_transcript(transcript, recording=rec)
    assert timing.window(gap) == (23.6, 24.8)
    moment = item_moment(gap, timing)
    assert (moment.seconds, moment.source) == (23.6, "recording")
    (suggestion,) = timing.suggestions(gap)
    assert (suggestion.source, suggestion.text, suggestion.confidence) == (
        "recogniser",
        "it was",
        0.42,
    )
