"""Caption readers (WebVTT, SRT, SBV) against real files and small hand-made ones."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from tests.conftest import corpus_path
from transcript_review.core.errors import InputError
from transcript_review.core.timing import read_timing
from transcript_review.core.timing.captions import parse_stamp

# (file, format, cue count, first cue text) for the well-formed webvtt-py samples.
VALID = [
    ("captions_with_bom.vtt", "vtt", 4, "Caption text #1"),
    ("comments.vtt", "vtt", 3, "- Ta en kopp varmt te. - Det är inte varmt."),
    ("cue_tags.vtt", "vtt", 3, "When the moon hits your eye"),
    ("metadata_headers.vtt", "vtt", 2, "Caption text #1"),
    ("metadata_headers_multiline.vtt", "vtt", 2, "Caption text #1"),
    ("missing_caption_text.vtt", "vtt", 4, "Caption text #1"),
    ("missing_caption_text.srt", "srt", 4, "Caption text #1"),
    ("missing_caption_text.sbv", "sbv", 4, "Caption text #1"),
    ("netflix_chicas_del_cable.vtt", "vtt", 865, "[Alba] En 1928,"),
    ("non_padded_timestamps.vtt", "vtt", 3, "Good morning everyone."),
    ("one_caption.srt", "srt", 1, "Caption text #1"),
    ("one_caption.vtt", "vtt", 1, "Caption text #1"),
    ("regions.vtt", "vtt", 2, "Hi, my name is Fred"),
    ("sample.sbv", "sbv", 5, "Caption text #1"),
    ("sample.srt", "srt", 5, "Caption text #1"),
    ("sample.vtt", "vtt", 16, "Caption text #1"),
    ("styles.vtt", "vtt", 1, "- Hello world."),
    ("styles_colours.srt", "srt", 6, "Musique douce"),
    ("styles_colours.vtt", "vtt", 6, "Musique douce"),
    ("styles_with_comments.vtt", "vtt", 1, "- Hello world."),
    ("two_captions.sbv", "sbv", 2, "Caption text #1"),
    ("using_identifiers.vtt", "vtt", 6, "Caption text #1"),
    ("youtube_dl.vtt", "vtt", 3, "yeah"),
]

# (file, line the error must name)
MALFORMED = [
    ("invalid_format.sbv", 1),
    ("invalid_format1.srt", 1),
    ("invalid_format2.srt", 1),
    ("invalid_format3.srt", 1),
    ("invalid_format4.srt", 1),
    ("invalid_timeframe.sbv", 7),
    ("invalid_timeframe.srt", 6),
    ("invalid_timeframe.vtt", 6),
    ("invalid_timeframe_in_cue_text.vtt", 7),
    ("missing_timeframe.sbv", 4),
    ("missing_timeframe.srt", 5),
    ("missing_timeframe.vtt", 6),
]


@pytest.mark.parametrize(("name", "fmt", "count", "first"), VALID)
def test_corpus_captions_read(name: str, fmt: str, count: int, first: str) -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", name))
    assert track.format == fmt
    assert len(track.cues) == count
    assert track.cues[0].text == first
    assert track.words, "a track always has words"
    assert all(w.end >= w.start for w in track.words)
    assert not any(re.search(r"</?[a-z]|&[a-z]+;", c.text) for c in track.cues)


@pytest.mark.parametrize(("name", "line"), MALFORMED)
def test_corpus_malformed_captions_name_file_and_line(name: str, line: int) -> None:
    path = corpus_path("captions", "webvtt-py", name)
    with pytest.raises(InputError) as info:
        read_timing(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}")


@pytest.mark.parametrize("name", ["empty.vtt", "no_captions.vtt"])
def test_corpus_files_without_captions_are_refused(name: str) -> None:
    with pytest.raises(InputError):
        read_timing(corpus_path("captions", "webvtt-py", name))


def test_corpus_vtt_without_header_is_read_with_a_warning() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "invalid.vtt"))
    assert len(track.cues) == 7
    assert any("WEBVTT header" in w for w in track.warnings)


def test_corpus_bom_is_not_part_of_the_header() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "captions_with_bom.vtt"))
    assert track.cues[0].start == 0.5


def test_corpus_inline_stamps_time_words() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "cue_tags.vtt"))
    hits = next(w for w in track.words if w.text == "hits")
    assert hits.start == 17.5
    assert not hits.interpolated
    amore = next(w for w in track.words if w.text == "amore")
    assert amore.start == 21.0


def test_corpus_youtube_rolling_captions_are_not_doubled() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "youtube_dl.vtt"))
    assert [w.text for w in track.words] == [
        "yeah", "what", "this", "will", "happen", "is", "I'm", "telling",
    ]  # fmt: skip
    assert track.words[3].start == pytest.approx(304.199)


def test_corpus_entities_and_font_tags_in_srt() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "styles_colours.srt"))
    assert "2 < 3 !" in track.cues[2].text


def test_corpus_non_padded_and_short_stamps() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "non_padded_timestamps.vtt"))
    assert [(c.start, c.end) for c in track.cues] == [
        (0.0, 3.54), (3.54, 7.23), (65.2, 3727.95),
    ]  # fmt: skip
    tags = read_timing(corpus_path("captions", "webvtt-py", "cue_tags.vtt"))
    assert tags.cues[0].start == 16.5


def test_corpus_sbv_end_before_start_is_a_warning() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "sample.sbv"))
    last = track.cues[-1]
    assert last.end == last.start == pytest.approx(17.484)
    assert any("ends before it starts" in w for w in track.warnings)


def test_corpus_bare_digit_cue_texts_are_text_not_numbers() -> None:
    track = read_timing(corpus_path("captions", "whisper_timestamped_radio_short_digits.srt"))
    assert len(track.cues) == 70
    assert [c.text for c in track.cues[:4]] == ["3", "2", "1", "2"]
    assert track.cues[1].start == pytest.approx(1.54)


def test_corpus_overlapping_cues_keep_their_words_together() -> None:
    track = read_timing(corpus_path("captions", "webvtt-py", "regions.vtt"))
    assert [w.text for w in track.words] == [
        "Hi,",
        "my",
        "name",
        "is",
        "Fred",
        "Hi,",
        "I’m",
        "Bill",
    ]


def test_corpus_talkpython_youtube_vtt_reads_whole() -> None:
    track = read_timing(corpus_path("pairs", "talkpython-350", "youtube_350-steering-council.vtt"))
    assert len(track.cues) == 1293
    assert track.cues[-1].end == pytest.approx(4281.66)


# --- small files written here ------------------------------------------------------------

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello café\n\n"
    "00:00:02.000 --> 00:00:04.000\nsecond cue\n"
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-8", codecs.BOM_UTF8),
    ],
)
def test_bom_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = _write(tmp_path, "a.vtt", bom + VTT.encode(encoding))
    track = read_timing(path)
    assert [c.text for c in track.cues] == ["Hello café", "second cue"]


def test_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "a.srt", "1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé ‘x’\r\n".encode("cp1252")
    )
    track = read_timing(path)
    assert track.cues[0].text == "Café ‘x’"
    assert any("cp1252" in w for w in track.warnings)


def test_crlf_and_cr_line_ends(tmp_path: Path) -> None:
    for n, newline in enumerate(("\r\n", "\r")):
        path = _write(tmp_path, f"a{n}.vtt", VTT.replace("\n", newline).encode())
        assert [c.line for c in read_timing(path).cues] == [3, 6]


def test_srt_bare_number_text_and_missing_index(tmp_path: Path) -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n42\n\n"
        "00:00:03,000 --> 00:00:04,000\nno index here\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\n7\n"
    )
    track = read_timing(_write(tmp_path, "a.srt", text.encode()))
    assert [c.text for c in track.cues] == ["42", "no index here", "7"]


def test_srt_missing_blank_line_before_next_number(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nfirst\n2\n00:00:03,000 --> 00:00:04,000\nsecond\n"
    track = read_timing(_write(tmp_path, "a.srt", text.encode()))
    assert [c.text for c in track.cues] == ["first", "second"]


def test_overlapping_cues_sorted_by_start_without_interleaving(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n00:00:05.000 --> 00:00:09.000\nlate cue\n\n"
        "00:00:01.000 --> 00:00:08.000\nearly long cue\n"
    )
    track = read_timing(_write(tmp_path, "a.vtt", text.encode()))
    assert [w.text for w in track.words] == ["early", "long", "cue", "late", "cue"]


def test_cue_words_are_spread_by_length_and_flagged(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:00.000 --> 00:00:10.000\na bbbbbbbb\n"
    words = read_timing(_write(tmp_path, "a.vtt", text.encode())).words
    assert words[0].start == 0 and words[1].end == 10
    assert words[1].start == pytest.approx(10 * 2 / 11)  # "a " is 2 of 11 length shares
    assert all(w.interpolated and w.confidence is None for w in words)


def test_rolling_duplicates_in_a_youtube_style_file(tmp_path: Path) -> None:
    text = (
        "WEBVTT\nKind: captions\n\n"
        "00:00:01.000 --> 00:00:03.000 align:start position:0%\nwe choose\n\n"
        "00:00:03.000 --> 00:00:03.010 align:start position:0%\nwe choose\n\n"
        "00:00:03.010 --> 00:00:05.000 align:start position:0%\n"
        "we choose\nto<00:00:03.500><c> go</c><00:00:04.000><c> to</c>\n\n"
        "00:00:05.000 --> 00:00:05.010 align:start position:0%\nto go to\n\n"
        "00:00:05.010 --> 00:00:07.000 align:start position:0%\nto go to\nthe moon\n"
    )
    track = read_timing(_write(tmp_path, "a.vtt", text.encode()))
    assert [w.text for w in track.words] == ["we", "choose", "to", "go", "to", "the", "moon"]
    assert track.words[3].start == 3.5


def test_genuine_repeats_are_kept(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nThanks, Michael.\n\n"
        "00:00:02.000 --> 00:00:03.000\nThanks, Michael.\n"
    )
    assert len(read_timing(_write(tmp_path, "a.vtt", text.encode())).words) == 4


def test_tags_entities_settings_and_notes(tmp_path: Path) -> None:
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\n-- with --> arrow\n\n"
        "cue-1\n00:01.000 --> 00:02.500 align:start position:0% line:-1\n"
        "<v.loud Jane Doe>Tom &amp; <i>Jerry</i></v> <ruby>漢<rt>kan</rt></ruby>\n"
    )
    track = read_timing(_write(tmp_path, "a.vtt", text.encode()))
    assert track.cues[0].text == "Tom & Jerry 漢kan"
    assert (track.cues[0].start, track.cues[0].end) == (1.0, 2.5)


def test_content_sniffing_beats_the_extension(tmp_path: Path) -> None:
    assert read_timing(_write(tmp_path, "captions.txt", VTT.encode())).format == "vtt"
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nhi\n"
    assert read_timing(_write(tmp_path, "x.unknown", srt)).format == "srt"
    sbv = b"0:00:01.000,0:00:02.000\nhi\n"
    assert read_timing(_write(tmp_path, "x.txt", sbv)).format == "sbv"


def test_unknown_content_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a timing file"):
        read_timing(_write(tmp_path, "x.txt", b"just some words\n"))


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03.000 -> 00:00:04.000\nx\n", 6),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:03.000 --> 00:00:61.000\nx\n", 6),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\nstray text\n", 6),
        ("WEBVTT\n\nid\n00:00:01.000 --> 00:00:02.0x0\nok\n", 4),
    ],
)
def test_malformed_small_files_give_the_line(tmp_path: Path, text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        read_timing(_write(tmp_path, "a.vtt", text.encode()))
    assert info.value.line == line


def test_only_empty_cues_means_no_captions(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n"
    with pytest.raises(InputError, match="no captions found"):
        read_timing(_write(tmp_path, "a.srt", text.encode()))


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:00:01.500", 1.5),
        ("01:02:03,250", 3723.25),
        ("2:03.5", 123.5),
        ("0:0:7.23", 7.23),
        ("100:00:00.000", 360000.0),
        ("00:61.000", None),
        ("00:00:1d.890", None),
        ("00:00:11:890", None),
    ],
)
def test_parse_stamp(text: str, seconds: float | None) -> None:
    assert parse_stamp(text) == (pytest.approx(seconds) if seconds is not None else None)


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_timing(tmp_path / "absent.vtt")
    with pytest.raises(InputError, match="folder"):
        read_timing(tmp_path)
