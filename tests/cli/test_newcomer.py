"""What a newcomer tripped over on the command line (issue 15, items 14–17): files that are not
transcripts, one coverage figure, paragraphs before the captions begin, output that is plain
when piped, and sample sidecars git should not see."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, SEED
from transcript_review.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _cues(words: list[str], start: float, per_cue: int = 8) -> str:
    def stamp(x: float) -> str:
        return f"{int(x // 3600):02d}:{int(x % 3600 // 60):02d}:{x % 60:06.3f}"

    cues, t = [], start
    for i in range(0, len(words), per_cue):
        cues.append(f"{stamp(t)} --> {stamp(t + 3)}\n{' '.join(words[i : i + per_cue])}\n")
        t += 3
    return "WEBVTT\n\n" + "\n".join(cues)


# -- 14: a caption file or a sidecar passed for a transcript ----------------------------------


@pytest.mark.parametrize("command", ["status", "items", "timing", "open"])
def test_a_caption_file_is_refused_saying_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    shutil.copy(SEED, tmp_path / "speech.txt")
    vtt = tmp_path / "speech.vtt"
    vtt.write_text(_cues(["thank", "you", "very", "much"], 1.0), encoding="utf-8")
    code, out, err = run(capsys, command, str(vtt))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert f"error: {vtt}: this is a WebVTT caption file, not a transcript" in err
    assert "speech.txt" in err and "--timing speech.vtt" in err


def test_an_srt_file_is_recognised_by_its_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    srt = tmp_path / "captions.txt"  # named like a transcript
    srt.write_text("1\n00:00:01,000 --> 00:00:02,000\nhello\n", encoding="utf-8")
    code, _, err = run(capsys, "status", str(srt))
    assert code == 2 and "this is an SRT caption file, not a transcript" in err


def test_a_sidecar_is_refused_naming_its_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "speech.txt"
    shutil.copy(SEED, transcript)
    code, _, _ = run(capsys, "flag", str(transcript), "--quote", "brief", "--reason", "check")
    assert code == 0
    sidecar = tmp_path / "speech.txt.review.yaml"
    before = sidecar.read_bytes()
    for command in ("status", "items", "open"):
        code, out, err = run(capsys, command, str(sidecar))
        assert code == 2 and out == ""
        assert "this is the sidecar of speech.txt (its corrections), not a transcript" in err
        assert f"pass the transcript: {transcript}" in err
    assert sidecar.read_bytes() == before


# -- 15: one coverage figure; no column of ~00:00:00 --------------------------------------------


def test_timing_gives_one_coverage_figure_the_warning_agrees_with(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "speech.txt"
    shutil.copy(SEED, transcript)
    # Another talk that shares common words with the statement here and there.
    other = tmp_path / "other.vtt"
    common = ["the", "of", "the", "and", "to", "in", "the", "as", "well", "as", "the", "of"]
    filler = common * 15
    other.write_text(_cues(filler, 0.0), encoding="utf-8")
    code, out, err = run(capsys, "timing", str(transcript), "--timing", str(other))
    assert code == 0
    # common words match by chance; in runs, under 1%: that is the coverage, said once
    assert "coverage under 1% of 584 words found in the timing file" in out
    assert "other.vtt: under 1% of the transcript's words were found" in err
    assert "% more matched only as scattered common words" in err
    code, out, _ = run(capsys, "timing", "--json", str(transcript), "--timing", str(other))
    data = json.loads(out)
    assert data["coverage"] < 0.05 and data["word_sources"].get("aligned", 0) > 0


def test_paragraphs_before_the_captions_begin_have_no_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "speech.txt"
    shutil.copy(SEED, transcript)
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    later = " ".join(paragraphs[4:]).split()  # the first two body paragraphs are not in it
    (tmp_path / "speech.vtt").write_text(_cues(later, 2.0), encoding="utf-8")
    code, out, _ = run(capsys, "timing", "--json", str(transcript))
    rows = json.loads(out)["paragraphs"]
    assert code == 0 and len(rows) == 6
    assert [r["timecode"] for r in rows[:2]] == [None, None]
    assert rows[2]["timecode"] == "00:00:02" and rows[2]["source"] == "aligned"
    code, out, _ = run(capsys, "timing", str(transcript))
    assert "~00:00:00" not in out and "2 paragraph(s) without a time" in out


# -- 16: usage, padding, wrapping ---------------------------------------------------------------


def test_no_arguments_prints_the_usage_once_without_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys)
    assert code == 2 and err == ""
    assert out.startswith("Usage: transcript-review") and out.count("Usage:") == 1
    assert "error:" not in out


def test_piped_status_is_not_padded(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", str(SEED))
    assert code == 0
    lines = out.splitlines()
    assert lines and all(line == line.rstrip() for line in lines)
    assert "Unofficial Transcription from Webcast" in out  # not wrapped at 80 columns


def test_piped_timing_is_not_wrapped_and_cuts_no_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "speech.txt"
    shutil.copy(SEED, transcript)
    code, out, _ = run(capsys, "timing", str(transcript))
    assert code == 0
    lines = out.splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert not any(ch in out for ch in "┃━│╇")  # plain when piped
    rows = [line for line in lines if line.startswith("~")]
    assert len(rows) == 6  # one line per paragraph: nothing wrapped onto a second
    for row in rows:
        opening = row.split(None, 3)[3]
        assert opening.endswith("…") or opening.endswith(".")
        assert not opening.endswith(" …")
    assert "resolute to…" in out  # cut between words, not inside "prevent"


# -- 17: the README's first command leaves git status clean -------------------------------------


def test_sample_sidecars_are_ignored_by_git() -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    for name in ("canada-r2p-2011.txt.review.yaml", "canada-r2p-2011.txt.review.yaml.lock"):
        path = f"sample_transcripts/{name}"
        done = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", path], check=False)
        assert done.returncode == 0, f"{path} is not ignored"
    kept = "sample_transcripts/canada-r2p-2011.txt"
    done = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", kept], check=False)
    assert done.returncode == 1
