"""Caption exports (WebVTT, SRT) a captioner would accept: cues in reading order, never
overlapping, short enough to read, markers whole, no speaker stamps or uncertainty stars."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES, corpus_path
from transcript_review.cli import main
from transcript_review.core.corrections import fold
from transcript_review.core.export.formats import ExportOptions, export
from transcript_review.core.text.items import find_items
from transcript_review.core.text.markers import find_markers
from transcript_review.core.text.transcript import parse_text
from transcript_review.core.timing.transcript_times import time_transcript

COUNCIL = SAMPLES / "security-council-briefing-speakers.txt"
_TIMES = re.compile(r"^(\d\d):(\d\d):(\d\d)[.,](\d{3}) --> (\d\d):(\d\d):(\d\d)[.,](\d{3})$")
_VOICE = re.compile(r"^<v ([^>]+)>")


@dataclass
class Cue:
    start: int
    """Milliseconds."""
    end: int
    lines: list[str]
    voice: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _ms(h: str, m: str, s: str, ms: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def parse_cues(out: str, fmt: str) -> list[Cue]:
    """The cues of an exported caption file (voice tag taken off the first line)."""
    blocks = [b for b in out.strip("\n").split("\n\n") if b.strip()]
    if fmt == "vtt":
        assert blocks[0] == "WEBVTT"
        blocks = [b for b in blocks[1:] if not b.startswith("NOTE")]
    cues = []
    for number, block in enumerate(blocks, 1):
        lines = block.split("\n")
        if fmt == "srt":
            assert lines[0] == str(number), block
            lines = lines[1:]
        m = _TIMES.match(lines[0])
        assert m, block
        cue = Cue(_ms(*m.groups()[:4]), _ms(*m.groups()[4:]), lines[1:])
        assert cue.lines and all(line.strip() for line in cue.lines), block
        if fmt == "vtt":
            v = _VOICE.match(cue.lines[0])
            if v:
                cue.voice = v.group(1)
                cue.lines[0] = cue.lines[0][v.end() :]
            cue.lines = [
                line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                for line in cue.lines
            ]
        cues.append(cue)
    return cues


def assert_acceptable(cues: list[Cue]) -> None:
    """Reading order is the caller's to check; here: times and sizes."""
    assert cues
    previous_end = 0
    for n, cue in enumerate(cues):
        assert cue.start < cue.end, (n, cue)
        assert cue.start >= previous_end, (n, cues[n - 1], cue)
        assert cue.end - cue.start <= 7000, (n, cue)
        assert len(cue.lines) <= 2, (n, cue)
        assert all(len(line) <= 42 for line in cue.lines), (n, cue)
        previous_end = cue.end


def _words(text: str) -> list[str]:
    return text.split()


def _export(text: str, fmt: str, **timing: object) -> str:
    transcript = parse_text(text)
    state = fold(None, [], transcript.text)
    return export(
        transcript,
        state,
        find_items(transcript),
        time_transcript(transcript, **timing),  # type: ignore[arg-type]
        ExportOptions(fmt),
    )


def _council(run_dir: Path, fmt: str, capsys) -> str:  # type: ignore[no-untyped-def]
    path = run_dir / "council.txt"
    shutil.copy(COUNCIL, path)
    assert main(["export", str(path), "--format", fmt]) == 0
    return capsys.readouterr().out


def _body_words(path: Path) -> list[str]:
    """Every word of the sample's body paragraphs with labels and stamps taken out."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines()[4:]:
        if line.strip():
            words += _words(re.sub(r"^[^:]*\(\d\d:\d\d:\d\d\):\s*", "", line))
    return words


def test_council_vtt_reads_in_order_with_voices_and_no_stamps(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = _council(tmp_path, "vtt", capsys)
    assert out.startswith("WEBVTT\n\nNOTE written by transcript-review export\n")
    cues = parse_cues(out, "vtt")
    assert_acceptable(cues)
    # Reading order: the cues, one after another, are the text as written.
    assert [w for c in cues for w in _words(c.text)] == _body_words(COUNCIL)
    assert not any("(00:" in c.text for c in cues)
    assert all(c.voice for c in cues)
    assert cues[0].voice == "THE PRESIDENT" and cues[0].start == 5000
    assert "<v THE PRESIDENT>I call to order" in out
    voices = [c.voice for c in cues]
    runs = [v for n, v in enumerate(voices) if n == 0 or voices[n - 1] != v]
    assert runs == [
        "THE PRESIDENT",
        "Under-Secretary-General",
        "THE PRESIDENT",
        "Representative of Norway",
        "THE PRESIDENT",
    ]
    # Each turn begins a cue at its stamp.
    assert {5000, 72000, 160000, 258000, 271000, 340000, 362000} <= {c.start for c in cues}
    # A gap marker is never split across cues.
    assert any("[inaudible 00:03:05]" in c.text for c in cues)
    assert any("(inaudible at 00:05:12)" in c.text for c in cues)


def test_council_srt_names_the_speaker_once_per_turn(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = _council(tmp_path, "srt", capsys)
    cues = parse_cues(out, "srt")
    assert_acceptable(cues)
    assert cues[0].lines[0].startswith("THE PRESIDENT: I call to order")
    assert cues[0].start == 5000
    named = [c.text for c in cues if re.match(r"^[\w -]+: ", c.text)]
    assert len(named) == 7, named
    assert not any("(00:" in c.text for c in cues)
    spoken = [w for c in cues for w in _words(re.sub(r"^[\w -]+: ", "", c.text))]
    assert spoken == _body_words(COUNCIL)
    # The same cues, at the same times, as the WebVTT export.
    vtt = parse_cues(_council(tmp_path, "vtt", capsys), "vtt")
    assert [(c.start, c.end) for c in cues] == [(c.start, c.end) for c in vtt]


def test_caption_timed_transcript_cues_never_overlap(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The gleicher interview, timed by ASR words: 32 cues used to overlap or run backwards."""
    text = corpus_path("pairs", "gleicher", "gleicher_human_transcript.txt")
    words = corpus_path("pairs", "gleicher", "gleicher_asr_words_dpe.json")
    shutil.copy(text, tmp_path / "gleicher.txt")
    shutil.copy(words, tmp_path / "gleicher.json")
    for fmt in ("vtt", "srt"):
        assert main(["export", str(tmp_path / "gleicher.txt"), "--format", fmt]) == 0
        cues = parse_cues(capsys.readouterr().out, fmt)
        assert_acceptable(cues)
        spoken = [w for c in cues for w in _words(c.text)]
        assert spoken == _words(text.read_text(encoding="utf-8"))
        assert cues[0].start == 1370  # the first word's own time
        assert cues[-1].start > 500_000


def test_stars_of_uncertain_passages_are_left_out() -> None:
    text = (
        "Thank you. *The whole power of diplomacy will be relevant (inaudible) in the future.* "
        "We agree, *I think*.\n"
    )
    for fmt in ("vtt", "srt"):
        cues = parse_cues(_export(text, fmt), fmt)
        assert_acceptable(cues)
        joined = " ".join(c.text for c in cues)
        assert "*" not in joined
        assert joined.split() == text.replace("*", "").split()
        assert any("(inaudible)" in c.text.split() for c in cues)


def test_long_sentences_split_at_clauses_and_keep_word_times() -> None:
    sentence = (
        "Since our last briefing, more than two million people have been displaced in the "
        "region, and humanitarian access remains difficult in the north; our convoys reached "
        "the city twice last month, but the road is closed again."
    )
    cues = parse_cues(_export(f"[00:01:00] {sentence}\n", "vtt"), "vtt")
    assert_acceptable(cues)
    assert " ".join(c.text for c in cues).split() == sentence.split()
    assert len(cues) >= 3
    # Every cue but the last ends at a clause or sentence boundary.
    assert all(c.text.endswith((",", ";", ".")) for c in cues[:-1]), [c.text for c in cues]
    # Words keep their times: at 0.4 s a word from the stamp, a cue starts at its first word.
    index = 0
    for cue in cues:
        assert cue.start == 60_000 + 400 * index
        index += len(cue.text.split())


def test_a_marker_is_never_split_across_cues() -> None:
    filler = "word " * 12
    text = (
        f"[00:00:10] {filler}and then [inaudible 00:00:17] per cent {filler}"
        f"and [unclear: several quite doubtful words] {filler}.\n"
    )
    for fmt in ("vtt", "srt"):
        cues = parse_cues(_export(text, fmt), fmt)
        assert_acceptable(cues)
        assert any("[inaudible 00:00:17]" in c.text for c in cues)
        assert any("[unclear: several quite doubtful words]" in c.text for c in cues)


def test_times_that_run_backwards_are_clamped_not_reordered() -> None:
    """A pin earlier than the stamp before it: the text stays in order, times never go back."""
    text = (
        "[00:00:30] One two three four five. Six seven eight nine ten.\n\n"
        "[00:01:00] Eleven twelve thirteen. Fourteen fifteen sixteen.\n"
    )
    transcript = parse_text(text)
    pin = (text.index("Six"), 5.0)  # earlier than the stamp at 30 s
    pin2 = (text.index("Fourteen"), 40.0)  # earlier than the stamp at 60 s
    for fmt in ("vtt", "srt"):
        out = export(
            transcript,
            fold(None, [], text),
            find_items(transcript),
            time_transcript(transcript, pins=[pin, pin2]),
            ExportOptions(fmt),
        )
        cues = parse_cues(out, fmt)
        assert_acceptable(cues)
        spoken = " ".join(c.text for c in cues)
        assert spoken == " ".join(re.sub(r"\[00:0\d:\d0\] ", "", text).split())


def test_speaker_labels_without_stamps_and_bracket_stamps_are_left_out() -> None:
    text = (
        "MR. SMITH: Good morning [00:00:12] everyone.\n\n"
        "[00:00:20] Chile: Thank you.\n\n"
        "MR. SMITH: And 00:00:30 is a number here.\n"
    )
    vtt = _export(text, "vtt")
    cues = parse_cues(vtt, "vtt")
    assert_acceptable(cues)
    assert [(c.voice, c.text) for c in cues] == [
        ("MR. SMITH", "Good morning everyone."),
        ("Chile", "Thank you."),
        ("MR. SMITH", "And 00:00:30 is a number here."),
    ]
    srt = parse_cues(_export(text, "srt"), "srt")
    assert [c.text for c in srt] == [
        "MR. SMITH: Good morning everyone.",
        "Chile: Thank you.",
        "MR. SMITH: And 00:00:30 is a number here.",
    ]


def test_cue_text_is_escaped_for_webvtt_and_srt() -> None:
    text = "A: Rock & roll <b>loud</b> --> here.\n\nA: Again.\n"
    vtt = _export(text, "vtt")
    assert "Rock &amp; roll &lt;b&gt;loud&lt;/b&gt; --&gt; here." in vtt
    srt = _export(text, "srt")
    assert "-->" not in "".join(line for line in srt.splitlines() if not _TIMES.match(line))
    assert "A: Rock & roll <b>loud</b> -> here." in srt


_WORD = st.sampled_from(
    ["the", "council", "agreed,", "today.", "Madam", "President;", "(inaudible)", "*we hope*",
     "[crosstalk]", "Kadugli (ph)", "—", "[inaudible 00:00:40]", "humanitarian", "it.", "and"]
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(
        st.tuples(
            st.sampled_from(["", "THE PRESIDENT (00:00:05): ", "Ms. Lee: ", "[00:02:00] "]),
            st.lists(_WORD, min_size=1, max_size=60),
        ),
        min_size=1,
        max_size=5,
    ),
    pins=st.lists(st.tuples(st.integers(0, 10_000), st.floats(0, 400)), max_size=3),
)
def test_any_transcript_gives_acceptable_cues_in_reading_order(
    paragraphs: list[tuple[str, list[str]]], pins: list[tuple[int, float]]
) -> None:
    text = "\n\n".join(label + " ".join(words) + "." for label, words in paragraphs) + "\n"
    transcript = parse_text(text)
    markers = [m for m in find_markers(text) if m.kind == "gap" or m.style != "asterisks"]
    for fmt in ("vtt", "srt"):
        out = export(
            transcript,
            fold(None, [], text),
            find_items(transcript),
            time_transcript(transcript, pins=[(p % len(text), s) for p, s in pins]),
            ExportOptions(fmt),
        )
        cues = parse_cues(out, fmt)
        previous_end = 0
        for cue in cues:
            assert previous_end <= cue.start < cue.end
            previous_end = cue.end
        joined = " ".join(c.text for c in cues)
        assert "*" not in joined
        for marker in markers:  # whole in one cue, as typed
            quote = " ".join(text[marker.start : marker.end].split()).replace("*", "")
            assert any(quote in c.text for c in cues), (quote, [c.text for c in cues])
