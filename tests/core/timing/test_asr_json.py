"""Recognizer JSON readers: Whisper, AWS Transcribe, Google STT and the generic words list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import corpus_path
from transcript_review.core.errors import InputError
from transcript_review.core.timing import read_timing


def _write(tmp_path: Path, data: Any, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_corpus_whisper_timestamped() -> None:
    track = read_timing(
        corpus_path(
            "asr", "whisper-timestamped", "apollo11_large_EXCERPT_first4segments.words.json"
        )
    )
    assert track.format == "whisper"
    first = track.words[0]
    assert (first.text, first.start, first.end, first.confidence) == ("Apollo", 0.48, 0.96, 0.792)
    assert not first.interpolated
    starts = [w.start for w in track.words]
    assert starts == sorted(starts)


def test_corpus_whisper_long_silence() -> None:
    track = read_timing(
        corpus_path("asr", "whisper-timestamped", "bonjour_vous_allez_bien.mp3.words.json")
    )
    assert len(track.words) == 12
    assert track.words[6].start > 30  # the second segment after ~28 s of silence


def test_corpus_aws_punctuation_attaches_to_previous_word() -> None:
    track = read_timing(corpus_path("asr", "bbc", "aws_transcribe_full.json"))
    assert track.format == "aws"
    texts = [w.text for w in track.words]
    assert texts[:4] == ["There", "was", "a", "day"]
    assert "down." in texts
    assert not any(t in {".", ",", "?"} for t in texts)
    assert track.words[0].start == 13.03 and track.words[0].confidence == 1.0


def test_corpus_aws_bare_items_list() -> None:
    track = read_timing(corpus_path("asr", "bbc", "aws_transcribe_todayinfocuswords.json"))
    assert [w.text for w in track.words] == ["one", "of", "the", "worst"]


@pytest.mark.parametrize("name", ["google_stt.json", "google_stt_2022.json"])
def test_corpus_google_both_time_formats(name: str) -> None:
    track = read_timing(corpus_path("asr", "bbc", name))
    assert track.format == "google"
    assert track.words[0].text == "there"
    assert track.words[0].start == pytest.approx(12.9)
    assert track.words[0].end == pytest.approx(13.3)
    assert len(track.words) > 1700


def test_corpus_generic_words_seconds_and_assemblyai_milliseconds() -> None:
    dpe = read_timing(corpus_path("pairs", "gleicher", "gleicher_asr_words_dpe.json"))
    assert dpe.format == "words"
    assert (dpe.words[0].start, dpe.words[0].end) == (1.37, 1.58)
    ms = read_timing(corpus_path("asr", "bbc", "assemblyai.json"))
    assert (ms.words[0].text, ms.words[0].start, ms.words[0].end) == ("Thank", 1.1, 2.1)
    assert ms.words[0].confidence == 0.98


@pytest.mark.parametrize(
    "name",
    ["ibm_watson_ted_katedarling.json", "speechmatics_ted_katedarling.json"],
)
def test_corpus_unsupported_shapes_are_refused_with_a_reason(name: str) -> None:
    with pytest.raises(InputError, match="unknown shape"):
        read_timing(corpus_path("asr", "bbc", name))


def test_openai_whisper_probability_and_segment_without_words(tmp_path: Path) -> None:
    data = {
        "segments": [
            {"start": 0.0, "end": 1.0, "text": " Hi there", "words": [
                {"word": " Hi", "start": 0.0, "end": 0.4, "probability": 0.9},
                {"word": " there", "start": 0.4, "end": 1.0, "probability": 0.5},
            ]},
            {"start": 2.0, "end": 4.0, "text": " no word times"},
        ]
    }  # fmt: skip
    track = read_timing(_write(tmp_path, data))
    assert [(w.text, w.confidence) for w in track.words[:2]] == [("Hi", 0.9), ("there", 0.5)]
    rest = track.words[2:]
    assert [w.text for w in rest] == ["no", "word", "times"]
    assert rest[0].start == 2.0 and rest[-1].end == 4.0
    assert all(w.interpolated for w in rest)


def test_google_seconds_nanos_with_omitted_zero_fields(tmp_path: Path) -> None:
    data = {"results": [{"alternatives": [{"words": [
        {"startTime": {}, "endTime": {"nanos": 500000000}, "word": "zero"},
        {"startTime": "1.250s", "endTime": "2s", "word": "one"},
    ]}]}]}  # fmt: skip
    words = read_timing(_write(tmp_path, data)).words
    assert [(w.start, w.end) for w in words] == [(0.0, 0.5), (1.25, 2.0)]


def test_generic_words_accepts_word_key_and_float_seconds(tmp_path: Path) -> None:
    data = {"words": [{"word": "a", "start": 1, "end": 2}, {"word": "b", "start": 2, "end": 3}]}
    words = read_timing(_write(tmp_path, data)).words
    assert [(w.text, w.start, w.end) for w in words] == [("a", 1.0, 2.0), ("b", 2.0, 3.0)]


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"words": [\n  {"start": 1,, "end": 2}\n]}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_timing(path)
    assert (info.value.line, info.value.column) == (2, 15)  # the second comma


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"foo": 1}, "unknown shape"),
        ({"words": [{"text": "a", "start": "soon", "end": 1}]}, r"words\[0\]\.start"),
        ({"words": [{"text": "a", "start": -1, "end": 1}]}, "negative"),
        ({"results": {"items": []}}, "no timed words"),
    ],
)
def test_bad_json_content_is_refused(tmp_path: Path, data: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_timing(_write(tmp_path, data))
