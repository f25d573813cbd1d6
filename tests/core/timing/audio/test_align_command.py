"""``transcript-review align`` end to end on a synthetic hearing and on real speech."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import corpus_path
from tests.hearing import Hearing


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "transcript_review.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def align_json(hearing: Hearing) -> dict:
    done = run("align", str(hearing.transcript), "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def paragraph_times(transcript: Path) -> dict[int, tuple[float, str]]:
    done = run("timing", str(transcript), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    return {p["paragraph"]: (p["time"], p["source"]) for p in data["paragraphs"]}


def test_paragraphs_start_where_they_are_said(hearing: Hearing) -> None:
    done = run("align", str(hearing.transcript))  # piped: no progress bar, the report only
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("hearing.txt: aligned to hearing.ogg")
    summary = align_json(hearing)
    assert summary["alignment_file"].endswith("hearing.txt.alignment.json")
    times = paragraph_times(hearing.transcript)
    # paragraph 1: "Thank you, Mr. President…", 2: "We must act…", 4: "Thank you very much."
    for paragraph, piece in ((1, "p1"), (2, "p2a"), (4, "p4")):
        seconds, source = times[paragraph]
        assert source == "recording"
        assert abs(seconds - hearing.spans[piece][0]) <= 0.25, (paragraph, seconds)


def test_text_the_recording_lacks_stays_estimated_and_is_listed(hearing: Hearing) -> None:
    summary = align_json(hearing)
    assert [u["words"] for u in summary["unaligned"]] == [16]  # paragraph 3, never said
    assert paragraph_times(hearing.transcript)[3][1] == "estimated"
    data = json.loads(run("timing", str(hearing.transcript), "--json").stdout)
    unaligned = data["recording"]["unaligned"]
    assert unaligned[0]["quote"].startswith("This paragraph was written down")
    assert data["word_sources"]["estimated"] == 16


def test_speech_nobody_transcribed_is_reported_not_forced_onto_words(hearing: Hearing) -> None:
    summary = align_json(hearing)
    intro_start, intro_end = hearing.spans["intro"]
    (found,) = summary["untranscribed"]
    assert found["start"] <= intro_start + 0.3
    assert abs(found["end"] - intro_end) <= 0.5
    assert found["heard"]  # what a general model heard there
    # No transcript word was put inside the chair's introduction.
    alignment = json.loads(Path(summary["alignment_file"]).read_text())
    assert all(w["time"] >= intro_end - 0.2 for w in alignment["words"])


def test_a_gap_gets_its_window_in_the_audio(hearing: Hearing) -> None:
    align_json(hearing)
    done = run("items", str(hearing.transcript), "--json", "--kind", "gap")
    (gap,) = json.loads(done.stdout)["items"]
    window = gap["window"]
    said_start, said_end = hearing.spans["gap"]
    assert window["start"] <= said_start + 0.1 and window["end"] >= said_end - 0.1
    assert window["end"] - window["start"] <= (said_end - said_start) + 1.5  # silence trimmed
    assert gap["time"] == window["start"] and gap["time_source"] == "recording"
    sources = [s["source"] for s in gap["suggestions"]]
    assert sources == ["recogniser"]
    assert 0 <= gap["suggestions"][0]["confidence"] <= 1


def test_a_second_run_with_nothing_changed_does_nothing(hearing: Hearing) -> None:
    align_json(hearing)
    out = hearing.transcript.with_name("hearing.txt.alignment.json")
    before = out.stat().st_mtime_ns
    summary = align_json(hearing)
    assert summary["note"] == "nothing changed since the last run"
    assert out.stat().st_mtime_ns == before


def test_after_an_edit_only_the_text_is_placed_again(hearing: Hearing) -> None:
    """The transcriber first missed "open" (which is said); after adding it, the recording is
    not heard again, and the new word is placed between its neighbours by forced alignment."""
    text = hearing.transcript.read_text()
    hearing.transcript.write_text(text.replace("this open debate", "this debate"))
    first = align_json(hearing)
    hearing.transcript.write_text(text)
    summary = align_json(hearing)
    assert summary["note"] == "the recording was not heard again (only the text changed)"
    assert summary["placed"]["forced"] >= 1
    assert summary["coverage"] >= first["coverage"]
    alignment = json.loads(Path(summary["alignment_file"]).read_text())
    words = {w["text"]: w for w in alignment["words"]}
    assert words["open"]["how"] == "forced"
    assert words["this"]["time_end"] <= words["open"]["time"] + 0.05
    assert words["open"]["time_end"] <= words["debate"]["time"] + 0.05
    times = paragraph_times(hearing.transcript)
    assert times[1][1] == "recording"
    assert abs(times[1][0] - hearing.spans["p1"][0]) <= 0.25


def test_the_editor_and_commands_ignore_an_alignment_of_another_text(hearing: Hearing) -> None:
    align_json(hearing)
    hearing.transcript.write_text(hearing.transcript.read_text() + "\nOne more line.\n")
    done = run("timing", str(hearing.transcript), "--json")
    data = json.loads(done.stdout)
    assert data["recording"] is None
    assert "made from another version of the transcript" in done.stderr
    assert "transcript-review align hearing.txt" in done.stderr


def test_the_recording_is_found_beside_the_transcript(hearing: Hearing) -> None:
    done = run("align", hearing.transcript.name, cwd=hearing.transcript.parent)
    assert done.returncode == 0, done.stderr
    assert "aligned to hearing.ogg" in done.stdout
    assert "untranscribed speech 00:00:00" in done.stdout


def test_sonnet_read_by_a_person_every_line_within_half_a_second(tmp_path: Path) -> None:
    """Real human speech (LibriVox): 15 hand-set line onsets; target every one within 0.5 s
    and a median error of at most 0.1 s."""
    if shutil.which("ffmpeg") is None and shutil.which("mpv") is None:
        pytest.skip("needs ffmpeg or mpv to decode the mp3 (.ci/run installs ffmpeg)")
    folder = corpus_path("audio", "librivox-sonnet001")
    for name in ("sonnet001.txt", "sonnet001.mp3"):
        shutil.copy(folder / name, tmp_path / name)
    reference = json.loads((folder / "sonnet001.reference.json").read_text())
    done = run("align", str(tmp_path / "sonnet001.txt"), "--json")
    assert done.returncode == 0, done.stderr
    alignment = json.loads((tmp_path / "sonnet001.txt.alignment.json").read_text())
    text = (tmp_path / "sonnet001.txt").read_text()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    starts, at = [], 0
    for p in paragraphs:
        at = text.index(p.strip(), at)
        starts.append(at)
        at += len(p.strip())
    by_start = {w["start"]: w["time"] for w in alignment["words"]}
    errors = [
        abs(by_start[start] - ref["start"])
        for start, ref in zip(starts, reference["paragraph_starts"], strict=True)
    ]
    assert max(errors) <= 0.5, errors
    assert statistics.median(errors) <= 0.1, errors


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: "https://webtv.un.org/en/asset/k1x", "is a URL; download the recording first"),
        (lambda d: str(d / "missing.mp3"), "no such recording"),
        (lambda d: str(d), "is a folder"),
        (lambda d: _text_file(d), "cannot be decoded as audio"),
        (lambda d: _fifo(d), "not a regular file"),
        (lambda d: _silence(d), "has no speech in it"),
        (lambda d: _short(d), "too short for the transcript"),
    ],
    ids=["url", "missing", "folder", "not-audio", "fifo", "silent", "too-short"],
)
def test_bad_recordings_get_one_line_and_status_2(hearing: Hearing, make, expected: str) -> None:
    media = make(hearing.transcript.parent)
    done = run("align", str(hearing.transcript), "--media", media)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not hearing.transcript.with_name("hearing.txt.alignment.json").exists()


def test_a_transcript_in_another_language_asks_for_a_model(hearing: Hearing) -> None:
    hearing.transcript.write_text(
        "Señor Presidente, muchas gracias. Noruega acoge con satisfacción este debate abierto "
        "sobre la protección de los civiles en los conflictos armados.\n",
        encoding="utf-8",
    )
    done = run("align", str(hearing.transcript))
    assert done.returncode == 2
    assert "--model DIR" in done.stderr and "does not look like" in done.stderr


def _text_file(folder: Path) -> str:
    path = folder / "notes.mp3"
    path.write_text("this is not audio\n")
    return str(path)


def _fifo(folder: Path) -> str:
    path = folder / "pipe.wav"
    os.mkfifo(path)
    return str(path)


def _silence(folder: Path) -> str:
    path = folder / "silence.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", str(path), "trim", "0", "30"], check=True
    )
    return str(path)


def _short(folder: Path) -> str:
    path = folder / "short.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", str(path), "synth", "1", "sine", "300"],
        check=True,
    )
    return str(path)


def test_another_model_folder_is_taken_and_a_wrong_one_refused(hearing: Hearing) -> None:
    from transcript_review.core.timing.audio.recognise import default_model

    hmm = default_model()[0]  # pocketsphinx's own en-us model, given as if it were another
    done = run("align", str(hearing.transcript), "--model", hmm, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["coverage"] > 0.6
    done = run("align", str(hearing.transcript), "--model", str(hearing.transcript.parent))
    assert done.returncode == 2
    assert "is not a pocketsphinx acoustic model" in done.stderr
