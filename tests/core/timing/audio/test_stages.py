"""Each stage of aligning to a recording on its own: speech detection and chunks, words as
spoken, the dictionary, matching on repeated phrases, forced alignment, the alignment file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.hearing import Hearing
from transcript_review.core.errors import InputError
from transcript_review.core.text.transcript import parse_text
from transcript_review.core.timing.audio import (
    alignment_path,
    lexicon,
    read_alignment,
    write_alignment,
)
from transcript_review.core.timing.audio.alignment_file import (
    AlignedWord,
    GapWindow,
    HeardWord,
    MediaIdentity,
    RecordingAlignment,
    Untranscribed,
)
from transcript_review.core.timing.audio.decode import Pcm, find_media, is_url
from transcript_review.core.timing.audio.lexicon import build_lexicon, number_words, spoken_tokens
from transcript_review.core.timing.audio.pipeline import _matched, _Words
from transcript_review.core.timing.audio.speech import FRAME, MAX_CHUNK, VoiceActivity

# -- speech and chunks ----------------------------------------------------------------------------


def flags(*pattern: tuple[int, float]) -> VoiceActivity:
    """Voice activity from (speech?, seconds) pieces."""
    out = bytearray()
    for speech, seconds in pattern:
        out += bytes([speech]) * round(seconds / FRAME)
    return VoiceActivity(out)


def test_regions_join_across_short_pauses_only() -> None:
    va = flags((0, 1), (1, 2), (0, 0.15), (1, 1), (0, 1), (1, 1))
    expected = [(1.0, 4.15), (5.15, 6.15)]
    assert va.regions() == [pytest.approx(r, abs=2 * FRAME) for r in expected]


def test_chunks_are_cut_in_pauses_and_never_longer_than_the_limit() -> None:
    # Eight 6-second sentences with 0.5 s pauses: chunks take whole sentences.
    va = flags(*[(1, 6.0), (0, 0.5)] * 8)
    chunks = va.chunks()
    assert all(c.end - c.start <= MAX_CHUNK for c in chunks)
    assert len(chunks) == 3
    for chunk in chunks[1:]:  # each starts in a pause, just before a sentence
        offset = chunk.start % 6.5
        assert offset >= 6.0 or offset < 0.01


def test_a_long_stretch_without_pauses_is_cut_at_its_longest_silence() -> None:
    va = flags((1, 12), (0, 0.12), (1, 14), (0, 0.06), (1, 20))
    chunks = va.chunks()
    assert all(c.end - c.start <= MAX_CHUNK for c in chunks)
    assert abs(chunks[0].end - 12.06 - 0.15) < 0.1  # the 0.12 s silence, padded
    covered = sum(c.end - c.start for c in chunks)
    assert covered >= 46.0


def test_trim_drops_silence_at_the_edges_only() -> None:
    va = flags((0, 1), (1, 1), (0, 0.3), (1, 1), (0, 1))
    assert va.trim(0.0, 4.3) == pytest.approx((1.0, 3.3), abs=2 * FRAME)
    assert va.trim(0.0, 0.9) == (0.0, 0.9)  # all silence: unchanged


def test_pcm_slices_by_time() -> None:
    pcm = Pcm(bytes(32_000 * 3))
    assert pcm.duration == 3.0
    assert len(pcm.slice(1.0, 2.0)) == 32_000
    assert pcm.slice(2.5, 9.0) == bytes(16_000)
    assert pcm.slice(2.0, 1.0) == b""


# -- words as spoken, the dictionary --------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "tokens"),
    [
        ("We're", ["we're"]),
        ("Secretary-General's", ["secretary", "general's"]),
        ("2011", ["twenty", "eleven"]),
        ("1994", ["nineteen", "ninety", "four"]),
        ("2000", ["two", "thousand"]),
        ("1,250", ["one", "thousand", "two", "hundred", "fifty"]),
        ("21st", ["twenty", "first"]),
        ("50%", ["fifty", "percent"]),
        ("Côte", ["cote"]),
        ("“Hello,”", ["hello"]),
        ("—", []),
    ],
)
def test_words_are_said_as_a_speaker_would(word: str, tokens: list[str]) -> None:
    assert spoken_tokens(word) == tokens


def test_years_and_numbers() -> None:
    assert number_words(1905) == ["nineteen", "oh", "five"]
    assert number_words(2030) == ["twenty", "thirty"]
    assert number_words(1_000_000) == ["one", "million"]


def test_words_the_dictionary_lacks_get_a_pronunciation(tmp_path: Path, monkeypatch) -> None:
    dictionary = tmp_path / "tiny.dict"
    dictionary.write_text("hello HH AH L OW\nhello(2) HH EH L OW\nworld W ER L D\n")
    monkeypatch.setattr(lexicon.shutil, "which", lambda name: None)  # no espeak-ng: letters
    lex = build_lexicon(["hello", "world", "kadugli"], dictionary)
    assert lex.entries["hello"] == ["HH AH L OW", "HH EH L OW"]
    assert lex.guessed == {"kadugli"}
    assert lex.entries["kadugli"] == ["K AE D AH G L IH"]
    assert lex.known_share(["hello", "world", "kadugli", "hello"]) == 0.75
    out = tmp_path / "out.dict"
    lex.write(out)
    assert "hello(2) HH EH L OW" in out.read_text()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_espeak_pronounces_names_in_the_model_phones(tmp_path: Path) -> None:
    dictionary = tmp_path / "empty.dict"
    dictionary.write_text("")
    lex = build_lexicon(["okonkwo"], dictionary)
    phones = lex.entries["okonkwo"][0].split()
    assert phones[-3:] == ["K", "W", "OW"]
    model_phones = "AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S"
    assert set(phones) <= set((model_phones + " SH T TH UH UW V W Y Z ZH").split())


# -- matching transcript words to heard words -----------------------------------------------------


def heard_as(text: str, start: float = 0.0, step: float = 0.4) -> list[HeardWord]:
    return [
        HeardWord(w, start + i * step, start + i * step + 0.3, 0.9)
        for i, w in enumerate(text.split())
    ]


def test_a_repeated_phrase_is_matched_where_it_was_said() -> None:
    """The transcript says "we must act now" twice; the recording holds only the second time
    (the first paragraph was not said). Words must not be pulled to the wrong repetition."""
    transcript = parse_text(
        "We must act now to protect civilians in every region.\n\n"
        "The council met again today. We must act now to protect civilians in every region, "
        "said the president.\n"
    )
    words = _Words.of(transcript)
    heard = heard_as(
        "the council met again today we must act now to protect civilians in every region "
        "said the president",
        start=30.0,
    )
    placed, inexact = _matched(words, heard)
    by_text_start = {w.start: w for w in placed}
    second = transcript.text.index("We must act now", 20)
    assert not inexact
    assert all(w.start >= transcript.paragraphs[1].start for w in placed)
    assert by_text_start[second].time == pytest.approx(30.0 + 5 * 0.4)


def test_a_misheard_word_between_matches_is_marked_for_refinement() -> None:
    transcript = parse_text("Norway welcomes this open debate on the protection of civilians.\n")
    words = _Words.of(transcript)
    heard = heard_as("norway welcomes the spoken debate on the protection of civilians")
    placed, inexact = _matched(words, heard)
    assert len(placed) == len(words.texts)
    starts = {transcript.text.index(w) for w in ("this", "open")}
    assert inexact == starts


# -- forced alignment of a stretch ----------------------------------------------------------------


def test_forced_alignment_places_a_stretch_and_refuses_silence(hearing_source: Hearing) -> None:
    from transcript_review.core.timing.audio.decode import decode
    from transcript_review.core.timing.audio.recognise import (
        DecoderSetup,
        default_model,
        force_align,
        make_decoder,
    )

    hmm, dictionary, _ = default_model()
    decoder = make_decoder(DecoderSetup(hmm, dictionary, None))
    pcm = decode(hearing_source.media)
    start, end = hearing_source.spans["p4"]  # "Thank you very much."
    times = force_align(
        decoder, pcm.slice(start - 0.3, end + 0.3), start - 0.3, ["thank", "you", "very", "much"]
    )
    assert times is not None and len(times) == 4
    assert abs(times[0][0] - start) <= 0.15
    assert abs(times[-1][1] - end) <= 0.3
    assert all(a < b for a, b in times)
    assert force_align(decoder, pcm.slice(0, 0.05), 0.0, ["thank"]) is None  # too short


# -- the alignment file ---------------------------------------------------------------------------


def sample_alignment() -> RecordingAlignment:
    return RecordingAlignment(
        transcript_name="speech.txt",
        transcript_sha256="ab" * 32,
        transcript_words=3,
        media=MediaIdentity("speech.mp3", 1234, "cd" * 32, 12.5),
        tool={"name": "transcript-review", "version": "0.1.0"},
        created="2026-12-05T00:00:00Z",
        words=[
            AlignedWord(0, 5, "Hello", 1.0, 1.4, 0.9, "recognised"),
            AlignedWord(6, 11, "world", 1.5, 1.9, None, "forced"),
        ],
        coverage=0.5,
        gaps=[GapWindow("g-123456", 12, 23, (2.0, 3.5), "it was", 0.4)],
        untranscribed=[Untranscribed(5.0, 8.0, "applause")],
        unaligned=[(24, 30, 1)],
        heard=[HeardWord("hello", 1.0, 1.4, 0.9)],
        speech=[(0.9, 3.6)],
    )


def test_the_alignment_file_reads_back_what_was_written(tmp_path: Path) -> None:
    path = alignment_path(tmp_path / "speech.txt")
    assert path.name == "speech.txt.alignment.json"
    original = sample_alignment()
    write_alignment(original, path)
    again = read_alignment(path)
    again.path = original.path = None
    assert again == original


def test_writing_replaces_a_planted_symlink_never_its_target(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = alignment_path(tmp_path / "speech.txt")
    path.symlink_to(victim)
    write_alignment(sample_alignment(), path)
    assert victim.read_text() == "precious"
    assert not path.is_symlink()


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda d: "not json at all", "is not valid JSON"),
        (lambda d: "[" * 100_000, "is not valid JSON"),
        (lambda d: {**d, "format": "something/else"}, "format mark"),
        (lambda d: {**d, "version": 99}, "version 99"),
        (lambda d: {**d, "words": {"a": 1}}, "words is not a list"),
        (lambda d: {**d, "words": [{**d["words"][0], "time": "soon"}]}, "word time"),
        (lambda d: {**d, "words": [{**d["words"][0], "time": -1}]}, "word time"),
        (lambda d: {**d, "words": [{**d["words"][0], "how": "magic"}]}, "word how"),
        (lambda d: {**d, "coverage": True}, "coverage"),
        (lambda d: {**d, "heard": [["x", 1, 2]]}, "heard word"),
        (lambda d: {**d, "gaps": [{**d["gaps"][0], "window": [1, 2]}]}, "gap window"),
    ],
    ids=[
        "text",
        "deep",
        "format",
        "version",
        "words",
        "time-text",
        "time-negative",
        "how",
        "coverage-bool",
        "heard-short",
        "window-list",
    ],
)
def test_a_mangled_alignment_file_is_refused_in_one_line(tmp_path: Path, mangle, reason) -> None:
    path = tmp_path / "speech.txt.alignment.json"
    write_alignment(sample_alignment(), path)
    data = mangle(json.loads(path.read_text()))
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    with pytest.raises(InputError) as caught:
        read_alignment(path)
    message = str(caught.value)
    assert reason in message and "\n" not in message and "run align again" in message


def test_nan_times_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt.alignment.json"
    write_alignment(sample_alignment(), path)
    path.write_text(path.read_text().replace('"time":1.0', '"time":NaN'))
    with pytest.raises(InputError, match="word time"):
        read_alignment(path)


def test_a_recording_is_found_beside_its_transcript_and_urls_are_told_apart(tmp_path) -> None:
    transcript = tmp_path / "speech.txt"
    transcript.write_text("Hello.\n")
    assert find_media(transcript) is None
    (tmp_path / "speech.mp4").write_bytes(b"")
    (tmp_path / "other.mp3").write_bytes(b"")
    assert find_media(transcript) == tmp_path / "speech.mp4"
    assert is_url("https://webtv.un.org/x") and is_url("rtmp://host/x")
    assert not is_url("C:/media/x.mp3") and not is_url("speech.mp3")
    os.mkfifo(tmp_path / "pipe.txt")  # a FIFO beside it is never read


def test_the_onset_of_speech_before_a_word_is_found_after_a_pause() -> None:
    va = flags((0, 1.0), (1, 0.6), (0, 0.12), (1, 2.0), (0, 1.0), (1, 1.0))
    # 1.0 s silence, speech 1.0-1.6, a short breath, speech 1.72-3.72, pause, speech 4.72-5.72
    assert va.onset_before(3.0) == pytest.approx(1.0, abs=FRAME)  # the breath is no pause
    assert va.onset_before(5.0) == pytest.approx(4.72, abs=FRAME)
    assert va.onset_before(0.5) is None  # silence there


def test_a_paragraphs_unplaced_first_words_go_to_its_onset_only_with_room() -> None:
    from transcript_review.core.timing.audio.pipeline import _at_onset

    va = flags((0, 2.0), (1, 3.0))  # a paragraph's speech begins at 2.0
    phones = {"i": 1, "now": 2, "give": 3}
    times = _at_onset(va, before=1.0, after=2.9, tokens=["i", "now", "give"], phones=phones)
    assert times is not None
    assert times[0][0] == pytest.approx(2.0, abs=FRAME) and times[-1][1] == pytest.approx(2.9)
    assert [round(b - a, 2) for a, b in times] == [0.15, 0.3, 0.45]  # by their sounds
    # The onset before the previous placed word, or too little room: left estimated.
    assert _at_onset(va, before=2.5, after=2.9, tokens=["i"], phones=phones) is None
    assert _at_onset(va, before=1.0, after=2.05, tokens=["i", "now", "give"], phones=phones) is None
    assert _at_onset(va, before=1.0, after=4.9, tokens=["i"], phones=phones) is None
