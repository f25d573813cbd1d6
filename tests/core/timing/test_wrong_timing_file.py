"""A timing file in which (almost) none of the transcript's words are found is questioned: a
warning in the timing's warnings (stderr for the CLI, a toast in the editor)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED, corpus_path
from transcript_review.cli import main
from transcript_review.core.text.transcript import parse_text
from transcript_review.core.timing import TimedWord, align
from transcript_review.core.timing.transcript_times import LOW_COVERAGE, time_transcript

SPEECH = (
    "Thank you Madam President. We welcome the report of the envoy and the work of the mission "
    "in the north of the country.\n\nSecond paragraph starts here with more words to time.\n"
)
RIGHT_FILE_SAYS = SPEECH.replace("\n", " ").replace(".", "").split()


def _vtt(path: Path, lines: list[str], seconds: float = 2.0) -> Path:
    def stamp(t: float) -> str:
        return f"00:{int(t // 60):02d}:{t % 60:06.3f}"

    cues = [
        f"{stamp(i * seconds)} --> {stamp((i + 1) * seconds)}\n{line}\n"
        for i, line in enumerate(lines)
    ]
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return path


def _questioned(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "is it the right file?" in w]


def test_a_timing_file_matching_nothing_is_questioned(tmp_path: Path) -> None:
    unrelated = _vtt(tmp_path / "unrelated.vtt", ["Sunny weather today, warm breeze."])
    timing = time_transcript(parse_text(SPEECH), timing=unrelated)
    assert timing.coverage == 0.0
    assert _questioned(timing.warnings) == [
        "unrelated.vtt: only 0% of the transcript's words were found in this timing file; "
        "is it the right file? Times are estimated."
    ]


def test_scattered_common_words_do_not_make_it_the_right_file(tmp_path: Path) -> None:
    # Another speech with the transcript's common words here and there: some match, by chance.
    other = [f"the cat of the {n} sat in the hat and the dog of the {n} ran" for n in range(40)]
    timing = time_transcript(parse_text(SPEECH), timing=_vtt(tmp_path / "other.vtt", other))
    (warning,) = _questioned(timing.warnings)
    assert "other.vtt: only 0% of the transcript's words were found" in warning


def test_the_right_file_and_a_file_covering_part_of_it_are_not_questioned(
    tmp_path: Path,
) -> None:
    cues = [" ".join(RIGHT_FILE_SAYS[i : i + 6]) for i in range(0, len(RIGHT_FILE_SAYS), 6)]
    right = _vtt(tmp_path / "right.vtt", cues)
    timing = time_transcript(parse_text(SPEECH), timing=right)
    assert timing.coverage > 0.9 and not _questioned(timing.warnings)
    # The first paragraph only (a recording cut short): most words still found.
    part = _vtt(tmp_path / "part.vtt", [" ".join(RIGHT_FILE_SAYS[:12])])
    timing = time_transcript(parse_text(SPEECH), timing=part)
    assert not _questioned(timing.warnings)


def test_found_share_counts_runs_not_scattered_words() -> None:
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight"]
    timed = [TimedWord(w, float(i), float(i) + 0.5) for i, w in enumerate(["x", *words, "y"])]
    assert align(words, timed).found_share() == 1.0
    # Only "three four" in a row (then a word in between): a run too short to count.
    timed = [TimedWord(w, float(i), float(i) + 0.5) for i, w in enumerate(["three", "four"])]
    result = align(words, timed)
    assert result.found_share() == 0.0
    assert LOW_COVERAGE == 0.05


def test_cli_warns_on_stderr_and_still_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "speech.txt"
    shutil.copy(SEED, transcript)
    unrelated = _vtt(tmp_path / "unrelated.vtt", ["Sunny weather today, warm breeze."])
    code = main(["timing", str(transcript), "--timing", str(unrelated), "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    assert (
        "warning: unrelated.vtt: only 0% of the transcript's words were found in this timing "
        "file; is it the right file? Times are estimated." in err
    )
    assert _questioned(json.loads(out)["warnings"])


def test_corpus_captions_of_another_session_are_questioned() -> None:
    vtt = corpus_path("pairs", "talkpython-350", "350-steering-council.vtt")
    # An hour of podcast against a UN statement: "as well as the", "the", "of" match by chance
    # (about 5% of the words), but no run of the statement is in it.
    timing = time_transcript(parse_text(SEED.read_text(encoding="utf-8")), timing=vtt)
    assert timing.coverage > LOW_COVERAGE  # what a plain coverage threshold would miss
    (warning,) = _questioned(timing.warnings)
    assert warning.startswith("350-steering-council.vtt: under 1% of the transcript's words")
    assert "matched only as scattered common words" in warning


def test_corpus_captions_of_the_same_session_are_not_questioned() -> None:
    txt = corpus_path("pairs", "talkpython-350", "350-steering-council.txt")
    vtt = corpus_path("pairs", "talkpython-350", "youtube_350-steering-council.vtt")
    timing = time_transcript(parse_text(txt.read_text(encoding="utf-8")), timing=vtt)
    assert not _questioned(timing.warnings)
