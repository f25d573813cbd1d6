"""The synthetic-speech truth (tests/bench/audio_synth.py) and the audio bench's scorer.

The alignment benchmark is only as good as its truth: these check that the truth's words are the
words the tool times, that the times match the audio itself (silence before each paragraph,
sound right after each word start), and that the scorer rewards a right alignment and punishes a
wrong one. Skipped where libespeak-ng or sox is missing.
"""

from __future__ import annotations

import array
import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from tests.bench import audio_synth
from tests.bench.bench_audio_align import (
    Case,
    RefPoint,
    by_voice,
    fake_alignment,
    run_align,
    run_spread,
    score,
)
from transcript_review.core.text.transcript import parse_text

_why = audio_synth.espeak_available()
pytestmark = pytest.mark.skipif(_why is not None, reason=f"cannot synthesise speech: {_why}")


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> audio_synth.CaseFiles:
    return audio_synth.short_clip(tmp_path_factory.mktemp("clip"), mismatch=True)


def _samples(path: Path) -> tuple[array.array, int]:
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        data = array.array("h")
        data.frombytes(w.readframes(w.getnframes()))
        return data, w.getframerate()


def _rms(samples: array.array, rate: int, t0: float, t1: float) -> float:
    part = samples[max(0, int(t0 * rate)) : int(t1 * rate)]
    return math.sqrt(sum(x * x for x in part) / max(1, len(part)))


def test_truth_words_are_the_words_the_tool_times(clip: audio_synth.CaseFiles) -> None:
    text = clip.transcript.read_text(encoding="utf-8")
    truth = clip.truth()
    tool = parse_text(text)
    starts, ends = tool.word_offsets()
    tool_words = set(zip(starts, ends, strict=True))
    for w in truth["words"]:
        assert text[w["start"] : w["end"]] == w["text"]
        assert (w["start"], w["end"]) in tool_words
    # every tool word is either heard clearly (truth) or inside the missing sentence
    truth_starts = {w["start"] for w in truth["words"]}
    others = [s for s in starts if s not in truth_starts]
    (missing,) = truth["missing"]
    assert text[missing["start"] : missing["end"]] == "Peace is a shared responsibility."
    assert others and all(missing["start"] <= s < missing["end"] for s in others)
    # the heading is not a word the tool times; the gap marker is where the truth says
    assert not any(s < text.index("\n\n") for s in starts)
    (gap,) = truth["gaps"]
    assert text[gap["start"] : gap["end"]] == "(inaudible)"
    assert [p["start"] for p in truth["paragraphs"]] == [
        text.index("Thank you"),
        text.index("We call"),
    ]
    times = [w["time"] for w in truth["words"]]
    assert times == sorted(times)
    assert all(w["time"] < w["time_end"] <= truth["duration"] for w in truth["words"])
    (intro,) = truth["untranscribed"]
    assert intro["time_end"] < truth["words"][0]["time"]
    assert gap["time"] > truth["words"][-4]["time_end"]  # after "to open", before "without"


def test_truth_times_match_the_audio(clip: audio_synth.CaseFiles) -> None:
    truth = clip.truth()
    samples, rate = _samples(clip.audio)
    assert rate == audio_synth.SAMPLE_RATE
    assert abs(len(samples) / rate - truth["duration"]) < 0.01
    for p in truth["paragraphs"]:
        # digital silence right up to a paragraph's first word, sound in the 10 ms after it
        assert _rms(samples, rate, p["time"] - 0.15, p["time"]) < 20
        assert _rms(samples, rate, p["time"], p["time"] + 0.01) > 20
    for w in truth["words"]:
        assert _rms(samples, rate, w["time"], w["time_end"]) > 300
    (gap,) = truth["gaps"]
    noise = _rms(samples, rate, gap["time"] - 0.2, gap["time"] - 0.05)  # noise, no speech
    speech = _rms(samples, rate, truth["paragraphs"][0]["time"], truth["paragraphs"][0]["time"] + 1)
    assert noise > speech  # buried: the noise alone is louder than the speech


def _decode(path: Path) -> array.array:
    raw = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-f",
            "s16le",
            "-ac",
            "1",
            "-ar",
            "16000",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    out = array.array("h")
    out.frombytes(raw)
    return out


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
def test_mp3_keeps_the_truth_times(tmp_path: Path) -> None:
    """The encoder's delay must not shift the audio against the truth (ffmpeg trims it)."""
    mp3 = audio_synth.short_clip(tmp_path, audio_format="mp3")
    assert mp3.audio.suffix == ".mp3" and not (tmp_path / "case.wav").exists()
    samples = _decode(mp3.audio)
    truth = mp3.truth()
    assert abs(len(samples) / 16000 - truth["duration"]) < 0.06
    for p in truth["paragraphs"]:
        assert _rms(samples, 16000, p["time"] - 0.15, p["time"] - 0.01) < 30
        assert _rms(samples, 16000, p["time"], p["time"] + 0.02) > 30


def test_truth_agrees_with_a_recogniser(clip: audio_synth.CaseFiles) -> None:
    """pocketsphinx's forced alignment of the first paragraph puts each word where espeak did."""
    pocketsphinx = pytest.importorskip("pocketsphinx")
    truth = clip.truth()
    words = [w for w in truth["words"] if w["time_end"] < truth["gaps"][0]["time"] - 0.3]
    words = words[: next(i for i, w in enumerate(words) if w["text"] == "We")]  # paragraph 1
    samples, rate = _samples(clip.audio)
    t0, t1 = words[0]["time"] - 0.3, words[-1]["time_end"] + 0.3
    decoder = pocketsphinx.Decoder(samprate=rate, loglevel="FATAL")
    decoder.set_align_text(" ".join(w["text"].lower() for w in words))
    decoder.start_utt()
    decoder.process_raw(samples[int(t0 * rate) : int(t1 * rate)].tobytes(), full_utt=True)
    decoder.end_utt()
    heard = [s for s in decoder.seg() if s.word not in ("<sil>", "<s>", "</s>", "(NULL)")]
    assert [s.word.split("(")[0] for s in heard] == [w["text"].lower() for w in words]
    errors = [abs(t0 + s.start_frame / 100 - w["time"]) for s, w in zip(heard, words, strict=True)]
    assert statistics.median(errors) < 0.03 and max(errors) < 0.1


def _case(clip: audio_synth.CaseFiles) -> Case:
    truth = clip.truth()
    points = [RefPoint(p["start"], p["time"], "p") for p in truth["paragraphs"]]
    return Case("clip", clip.transcript, clip.audio, truth["duration"], points, "para", truth)


def _perfect(clip: audio_synth.CaseFiles) -> dict:
    truth = clip.truth()
    words = [{**w, "confidence": 1.0, "how": "forced"} for w in truth["words"]]
    gaps = [
        {
            "id": "g",
            "start": g["start"],
            "end": g["end"],
            "window": {"start": g["time"] - 0.1, "end": g["time_end"] + 0.1},
            "heard": None,
        }
        for g in truth["gaps"]
    ]
    untranscribed = [
        {"start": u["time"], "end": u["time_end"], "heard": ""} for u in truth["untranscribed"]
    ]
    unaligned = [{"start": m["start"], "end": m["end"], "words": 5} for m in truth["missing"]]
    return {"words": words, "gaps": gaps, "untranscribed": untranscribed, "unaligned": unaligned}


def test_scorer_rewards_the_truth(clip: audio_synth.CaseFiles) -> None:
    s = score(_case(clip), _perfect(clip))
    assert (s.points, s.within_25, s.within_50, s.median, s.word_median) == (2, 100, 100, 0, 0)
    assert s.placed == 100 and s.placed_off == 0
    assert s.gaps == "1/1 +0.20s heard 0/3"
    assert s.untranscribed == "100% +0.0s"
    assert s.missing == "5/5 (5 reported)"


def test_scorer_punishes_wrong_times_and_forced_missing_text(clip: audio_synth.CaseFiles) -> None:
    wrong = _perfect(clip)
    for w in wrong["words"]:
        w["time"] += 1.0
    text = clip.transcript.read_text(encoding="utf-8")
    peace = text.index("Peace")
    wrong["words"].append({"start": peace, "end": peace + 5, "text": "Peace", "time": 5.0})
    wrong["unaligned"] = []
    wrong["gaps"][0]["window"] = {"start": 0.0, "end": 1.0}
    wrong["gaps"][0]["heard"] = {"text": "the Northern borders", "confidence": 0.2}
    wrong["untranscribed"] = [{"start": 5.0, "end": 6.0, "heard": ""}]
    s = score(_case(clip), wrong)
    assert (s.within_25, s.within_50) == (0, 0)
    assert s.median == pytest.approx(1.0) and s.word_median == pytest.approx(1.0)
    assert s.placed_off == len(clip.truth()["words"])
    assert s.gaps == "0/1 -0.11s heard 2/3"
    assert s.untranscribed == "0% +1.0s"
    assert s.missing == "4/5 (0 reported)"


def test_baseline_and_fake_are_scored(clip: audio_synth.CaseFiles) -> None:
    case = _case(clip)
    base = score(case, None, baseline=True)
    assert base.points == 2 and base.median is not None and base.median > 0.5
    fake = fake_alignment(case, random.Random(1))
    json.dumps(fake)  # the fake is a JSON alignment file like the real one
    assert score(case, fake).word_median < base.word_median


_STUB_ALIGN = """
import json, os, sys, time
args = sys.argv[1:]
if args[0] != "align" or os.environ.get("STUB_FAIL"):
    print("transcript-review: error: case.txt: no good; fix it", file=sys.stderr)
    sys.exit(2)
ballast = bytearray(80 * 1024 * 1024)  # peak memory the bench must see
for i in range(0, len(ballast), 4096):
    ballast[i] = 1
time.sleep(0.4)
with open(os.environ["STUB_ALIGNMENT"], encoding="utf-8") as f:
    alignment = f.read()
with open(args[1] + ".alignment.json", "w", encoding="utf-8") as f:
    f.write(alignment)
print(json.dumps({"media": args[args.index("--media") + 1]}))
"""


def test_bench_runs_the_command_measures_it_and_reads_its_file(
    clip: audio_synth.CaseFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stub = tmp_path / "stub_align.py"
    stub.write_text(_STUB_ALIGN, encoding="utf-8")
    prepared = tmp_path / "prepared.json"
    prepared.write_text(json.dumps(_perfect(clip)), encoding="utf-8")
    monkeypatch.setenv("STUB_ALIGNMENT", str(prepared))
    run = run_align(_case(clip), rerun=False, command=[sys.executable, str(stub)])
    assert run.error is None
    assert run.alignment == _perfect(clip)
    assert run.summary == {"media": "case.wav"}  # ran in a copy, named as the case's audio
    assert run.wall >= 0.4 and run.cpu > 0
    assert run.peak_process_mb >= 80 and run.peak_tree_mb >= 80
    monkeypatch.setenv("STUB_FAIL", "1")
    failed = run_align(_case(clip), rerun=False, command=[sys.executable, str(stub)])
    assert failed.alignment is None
    assert failed.error == "exit 2: transcript-review: error: case.txt: no good; fix it"


def test_background_noise_is_at_the_asked_snr(tmp_path: Path) -> None:
    noisy = audio_synth.short_clip(tmp_path, noise_snr_db=15)
    samples, rate = _samples(noisy.audio)
    truth = noisy.truth()
    noise = _rms(samples, rate, 0.05, truth["words"][0]["time"] - 0.05)  # the lead-in
    words = [w for w in truth["words"] if w["time"] < truth["paragraphs"][1]["time"]]
    speech = math.sqrt(
        statistics.fmean(_rms(samples, rate, w["time"], w["time_end"]) ** 2 for w in words)
    )
    assert 12.5 < 20 * math.log10(speech / noise) < 17  # words are a bit louder than utterances


def test_accuracy_per_voice(clip: audio_synth.CaseFiles) -> None:
    case = _case(clip)
    assert by_voice(case, _perfect(clip)) == []  # one voice: nothing to break down
    case.truth["paragraphs"][1]["voice"] = "en+m7"
    wrong = _perfect(clip)
    second = case.truth["paragraphs"][1]["start"]
    for w in wrong["words"]:
        if w["start"] >= second:
            w["time"] += 1.0
    header, m7, us = by_voice(case, wrong)
    assert header.split() == ["voice", "paras", "<=.5", "words", "placed", "word", "med", "off"]
    assert m7.split() == ["en+m7", "1", "0", "9", "100", "1.00", "9"]
    assert us.split() == ["en-us", "1", "100", "12", "100", "0.00", "0"]


def test_runs_that_differ_are_named(clip: audio_synth.CaseFiles) -> None:
    case = _case(clip)
    same = [score(case, _perfect(clip)), score(case, _perfect(clip))]
    assert run_spread(same) == ""
    other = _perfect(clip)
    other["untranscribed"] = []
    spread = run_spread([*same, score(case, other)])
    assert spread == "untranscribed 100% +0.0s / 100% +0.0s / 0% +0.0s"
