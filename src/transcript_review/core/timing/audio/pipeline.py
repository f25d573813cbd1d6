"""``align_recording``: a transcript and its recording in, a :class:`RecordingAlignment` out.

Stages (each its own module): decode -> voice activity and chunks -> recognise the chunks with
the transcript's language model -> match transcript words to heard words with the caption
aligner (:func:`..align.align`: monotone, anchored on runs, so a repeated phrase cannot pull
words to the wrong place) -> force-align each run of transcript words the recogniser missed,
between the heard words either side -> gap windows between placed words, trimmed by voice
activity, with what a general English model hears there -> speech no word was placed on is
reported as untranscribed. Text that cannot be placed is left out (estimated downstream) and
listed as unaligned: nothing is forced onto audio that does not hold it.

Re-running: a previous alignment of the same recording gives back what was heard, so only the
matching and the forced alignment of what changed in the transcript are done again; the same
transcript too and nothing is done at all (see :func:`up_to_date`).
"""

from __future__ import annotations

import bisect
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ...errors import InputError
from ...text import items as items_module
from ...text.transcript import WORD, Transcript
from ..align import align
from ..model import TimedWord
from .alignment_file import (
    AlignedWord,
    GapWindow,
    HeardWord,
    How,
    MediaIdentity,
    RecordingAlignment,
    Untranscribed,
)
from .decode import HEAD_BYTES, Pcm, decode
from .lexicon import build_lexicon, spoken_tokens, write_language_model
from .recognise import (
    DecoderSetup,
    Stretch,
    default_model,
    force_align,
    hear_chunks,
    make_decoder,
)  # noqa: E501
from .speech import VoiceActivity

#: Fastest plausible speech, seconds per word: a recording shorter than this is not the text's.
_FASTEST = 0.12
#: Fewer of the transcript's words in the model's dictionary than this: not the model's language.
_MIN_KNOWN = 0.5
#: Untranscribed speech shorter than this (seconds of voice) is not reported (a cough, "uh").
_MIN_UNTRANSCRIBED = 1.5
#: Longest window a general model is asked to hear for a gap suggestion.
_MAX_GAP_WINDOW = 30.0
#: Shortest and longest plausible duration of one phone in a force-aligned word, seconds, and
#: what a word may take beyond its phones (a held last sound, a breath).
_MIN_PHONE = 0.03
_MAX_PHONE = 0.2
_WORD_SLACK = 0.25
#: Seconds between two reports of the words placed so far, while the recording is heard.
_PARTIAL_EVERY = 2.0
#: Slowest plausible speech for force-aligned words, seconds per word.
_SLOWEST = 1.5

#: Punctuation that ends a sentence of the language model's text.
_SENTENCE_END = (".", "?", "!", ";", ":")

Progress = Callable[[str, float, float], None]
"""``progress(stage, done, total)``: stage ``decode``, ``hear`` (seconds of audio heard of the
total), ``place`` (stretches force-aligned of the total), ``listen`` (gap windows and
untranscribed stretches heard by the general model, of the total)."""


@dataclass(frozen=True)
class Model:
    """A pocketsphinx model: acoustic model folder, dictionary, general language model."""

    hmm: str
    dictionary: str
    general_lm: str | None
    name: str

    @classmethod
    def default(cls) -> Model:
        import pocketsphinx  # noqa: PLC0415

        hmm, dictionary, lm = default_model()
        return cls(hmm, dictionary, lm, f"en-us (pocketsphinx {_version(pocketsphinx)})")

    @classmethod
    def from_folder(cls, folder: Path) -> Model:
        """A model folder (``mdef`` inside) with a ``*.dict`` in it or beside it."""
        if not (folder / "mdef").is_file():
            raise InputError(folder, "is not a pocketsphinx acoustic model (no mdef file in it)")
        for place in (folder, folder.parent):
            dicts = sorted(place.glob("*.dict"))
            if dicts:
                lms = sorted(place.glob("*.lm.bin")) + sorted(place.glob("*.lm"))
                return cls(str(folder), str(dicts[0]), str(lms[0]) if lms else None, folder.name)
        raise InputError(folder, "has no pronunciation dictionary (*.dict) in it or beside it")


def _version(module: object) -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("pocketsphinx")
    except PackageNotFoundError:
        return getattr(module, "__version__", "?")


def media_identity(path: Path, duration: float) -> MediaIdentity:
    """Name, size and the sha256 of the first MiB: cheap, and changes with any re-encode."""
    return MediaIdentity(path.name, os.stat(path).st_size, _head_sha256(path), duration)


def _head_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read(HEAD_BYTES)).hexdigest()


def tool_info(model: Model) -> dict[str, str]:
    from .... import __version__  # noqa: PLC0415

    return {
        "name": "transcript-review",
        "version": __version__,
        "recogniser": "pocketsphinx",
        "model": model.name,
    }


def same_media(previous: RecordingAlignment, path: Path) -> bool:
    """The previous alignment was made from this very recording (size and head unchanged)."""
    try:
        if os.stat(path).st_size != previous.media.size:
            return False
        return _head_sha256(path) == previous.media.head_sha256
    except OSError:
        return False


def reusable_alignment(
    previous: RecordingAlignment | None, media: Path, model: Model
) -> RecordingAlignment | None:
    """``previous`` when what it heard can be used again: the same recording, heard by the
    same program and model (the transcript may have changed since)."""
    if previous is None or not previous.heard or previous.tool != tool_info(model):
        return None
    return previous if same_media(previous, media) else None


def up_to_date(
    previous: RecordingAlignment | None, transcript: Transcript, media: Path, model: Model
) -> bool:  # noqa: E501
    """Nothing to do: same transcript text, same recording, same program and model."""
    return (
        previous is not None
        and previous.transcript_sha256 == transcript.sha256
        and previous.tool == tool_info(model)
        and same_media(previous, media)
    )


@dataclass
class _Words:
    """The transcript's words the recording may hold: body words, and heading words (a reader
    may say "Sonnet 1"; a UN heading is never said) that are placed only if heard."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    tokens: list[list[str]]
    body: list[bool]
    paragraph: list[int]
    sentences: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, transcript: Transcript) -> _Words:
        text = transcript.text
        spans = list(zip(*transcript.word_offsets(), strict=True))
        heading_spans = [
            span
            for p in transcript.paragraphs
            if p.kind != "body"
            for span in (m.span() for m in WORD.finditer(text, p.start, p.end))
        ]
        all_spans = sorted({*spans, *heading_spans})
        body_set = set(spans)
        words = cls([], [], [], [], [], [])
        sentence: list[str] = []
        paragraph_end = -1
        paragraph = -1
        for start, end in all_spans:
            if start >= paragraph_end and sentence:
                words.sentences.append(sentence)
                sentence = []
            if start >= paragraph_end:
                para = transcript.paragraph_at(start)
                paragraph_end, paragraph = para.end, para.index
            word = text[start:end]
            toks = spoken_tokens(word)
            words.starts.append(start)
            words.ends.append(end)
            words.texts.append(word)
            words.tokens.append(toks)
            words.body.append((start, end) in body_set)
            words.paragraph.append(paragraph)
            sentence.extend(toks)
            if text[end : end + 3].lstrip("\"')]»”’*")[:1] in _SENTENCE_END and sentence:
                words.sentences.append(sentence)
                sentence = []
        if sentence:
            words.sentences.append(sentence)
        return words


def align_recording(
    transcript: Transcript,
    media: Path,
    *,
    model: Model | None = None,
    previous: RecordingAlignment | None = None,
    progress: Progress | None = None,
    partial: Callable[[list[AlignedWord]], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    workers: int | None = None,
) -> RecordingAlignment | None:
    """Align ``transcript`` to the recording at ``media``; None when cancelled.

    ``partial`` receives the words placed so far while the recording is being heard, so a
    screen can turn estimated times into real ones as they arrive. Raises :class:`InputError`
    for a recording that cannot be used (not audio, silent, too short for the text) and for a
    transcript in a language the model does not speak.
    """
    model = model or Model.default()
    report = progress or (lambda stage, done, total: None)
    words = _Words.of(transcript)
    n_body = sum(words.body)
    if not n_body:
        raise InputError(transcript.path, "has no spoken words to align")
    flat_tokens = [t for toks in words.tokens for t in toks]
    lexicon = build_lexicon(flat_tokens, Path(model.dictionary))  # before decoding: it is cheap
    if lexicon.known_share(flat_tokens) < _MIN_KNOWN:
        raise InputError(
            transcript.path,
            f"only {lexicon.known_share(flat_tokens):.0%} of its words are in the {model.name} "
            "dictionary; it does not look like the model's language: give a pocketsphinx "
            "model for its language with --model DIR",
        )
    report("decode", 0.0, 1.0)
    pcm = decode(media)
    report("decode", 1.0, 1.0)
    if pcm.duration < n_body * _FASTEST:
        raise InputError(
            media,
            f"is {pcm.duration:.1f} s long, too short for the transcript's {n_body} words "
            f"({n_body / pcm.duration * 60:.0f} words a minute); is it the right recording?",
        )
    activity = VoiceActivity.of(pcm)
    if activity.speech_seconds() < 0.5:
        raise InputError(
            media, "has no speech in it (silent, or music only); is it the right recording?"
        )
    identity = media_identity(media, pcm.duration)

    reusable = reusable_alignment(previous, media, model)
    with tempfile.TemporaryDirectory(prefix="transcript-review-align-") as folder:
        dict_path = Path(folder) / "transcript.dict"
        lm_path = Path(folder) / "transcript.lm"
        lexicon.write(dict_path)
        write_language_model(words.sentences, lm_path)
        setup = DecoderSetup(model.hmm, str(dict_path), str(lm_path))

        if reusable is not None and reusable.heard:
            heard = list(reusable.heard)
        else:
            heard = _hear(setup, pcm, activity, words, report, partial, cancelled, workers)
            if heard is None:
                return None
        if cancelled():
            return None
        earlier = _EarlierRuns(reusable)
        phones = {token: len(prons[0].split()) for token, prons in lexicon.entries.items()}
        placed, unaligned = _place(
            words, heard, pcm, activity, setup, phones, report, cancelled, earlier
        )
        if placed is None:
            return None
        gaps = _gap_windows(transcript, placed, activity)
        untranscribed = _untranscribed(words, placed, gaps, activity)
        listened = _listen(model, pcm, gaps, untranscribed, activity, workers, cancelled, report)
        if listened is None:
            return None
        gaps, untranscribed = listened
    body_starts = {s for s, body in zip(words.starts, words.body, strict=True) if body}
    return RecordingAlignment(
        transcript_name=transcript.name,
        transcript_sha256=transcript.sha256,
        transcript_words=n_body,
        media=identity,
        tool=tool_info(model),
        created=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        words=placed,
        coverage=sum(1 for w in placed if w.start in body_starts) / n_body,
        gaps=gaps,
        untranscribed=untranscribed,
        unaligned=unaligned,
        heard=heard,
        speech=activity.regions(),
    )


def _hear(
    setup: DecoderSetup,
    pcm: Pcm,
    activity: VoiceActivity,
    words: _Words,
    report: Progress,
    partial: Callable[[list[AlignedWord]], None] | None,
    cancelled: Callable[[], bool],
    workers: int | None,
) -> list[HeardWord] | None:
    chunks = activity.chunks()
    stretches = [Stretch(c.index, c.start, pcm.view(c.start, c.end)) for c in chunks]
    total = pcm.duration
    done_seconds = 0.0
    results: dict[int, list[HeardWord]] = {}
    last_partial = time.monotonic()
    report("hear", 0.0, total)
    for index, heard in hear_chunks(setup, stretches, workers=workers, cancelled=cancelled):
        results[index] = heard
        chunk = chunks[index]
        done_seconds += chunk.end - chunk.start
        report("hear", min(total, done_seconds * total / max(1e-9, _covered(chunks))), total)
        if partial is not None and time.monotonic() - last_partial > _PARTIAL_EVERY:
            last_partial = time.monotonic()
            so_far = [w for i in sorted(results) for w in results[i]]
            partial(_matched(words, so_far)[0])
    if cancelled() or len(results) < len(chunks):
        return None
    report("hear", total, total)
    return [w for i in sorted(results) for w in results[i]]


def _covered(chunks: list) -> float:
    return sum(c.end - c.start for c in chunks) or 1.0


def _matched(words: _Words, heard: list[HeardWord]) -> tuple[list[AlignedWord], set[int]]:
    """Transcript words matched to heard words (the caption aligner, monotone and anchored);
    also the starts of those matched only as a look-alike between two matches (the recogniser
    heard "the spoken" for "this open"), whose times forced alignment should refine."""
    if not heard:
        return [], set()
    timed = [TimedWord(h.text, h.start, h.end, h.confidence) for h in heard]
    result = align(words.texts, timed)
    placed: list[AlignedWord] = []
    inexact: set[int] = set()
    for k, m in enumerate(result.mapping):
        if m is None:
            continue
        w = result.words[k]
        placed.append(
            AlignedWord(
                words.starts[k], words.ends[k], words.texts[k], w.time, max(w.time, w.end),
                heard[m].confidence, "recognised",
            )
        )  # fmt: skip
        if not w.exact:
            inexact.add(words.starts[k])
    return placed, inexact


def _place(
    words: _Words,
    heard: list[HeardWord],
    pcm: Pcm,
    activity: VoiceActivity,
    setup: DecoderSetup,
    phones: dict[str, int],
    report: Progress,
    cancelled: Callable[[], bool],
    earlier: _EarlierRuns,
) -> tuple[list[AlignedWord] | None, list[tuple[int, int, int]]]:
    """Matched words, plus force-aligned runs between them; what stays unplaced is listed.
    A run placed by the previous alignment (same words, same stretch) is taken from it."""
    matched, inexact = _matched(words, heard)
    matched = _without_stray_headings(words, matched)
    fallback = {w.start: w for w in matched if w.start in inexact}
    by_start = {w.start: w for w in matched if w.start not in inexact}
    n = len(words.texts)
    placed_at = [k for k in range(n) if words.starts[k] in by_start]
    runs: list[tuple[int, int]] = []  # [i, j) of unmatched body words: headings are never forced
    k = 0
    while k < n:
        if words.starts[k] in by_start or not words.body[k]:
            k += 1
            continue
        j = k
        while j < n and words.starts[j] not in by_start and words.body[j]:
            j += 1
        runs.append((k, j))
        k = j
    forced: dict[int, AlignedWord] = {}
    unaligned: list[tuple[int, int, int]] = []
    aligner: _Aligner | None = None
    report("place", 0, len(runs))
    for done, (i, j) in enumerate(runs):
        if cancelled():
            return None, []
        p = bisect.bisect_left(placed_at, i)
        before = by_start[words.starts[placed_at[p - 1]]].time_end if p > 0 else None
        after = by_start[words.starts[placed_at[p]]].time if p < len(placed_at) else None
        tokens = [t for k in range(i, j) for t in words.tokens[k]]
        result, how = None, "forced"
        if tokens and (before is not None or after is not None):
            start = before if before is not None else max(0.0, after - _SLOWEST * len(tokens) - 1.0)
            end = (
                after
                if after is not None
                else min(pcm.duration, before + _SLOWEST * len(tokens) + 1.0)
            )
            start, end = _edges_in_speech(activity, start, end, before is None, after is None)
            speech = activity.speech_within(start, end)
            if speech >= _FASTEST * len(tokens) and end - start <= _SLOWEST * len(tokens) + 3.0:
                taken = earlier.placed(start, end, [words.texts[k] for k in range(i, j)])
                if taken is not None:
                    per_word, how = taken
                    result = _per_token(per_word, [len(words.tokens[k]) for k in range(i, j)])
                else:
                    if aligner is None:
                        aligner = _Aligner(setup, phones)
                    result = aligner.align(pcm, activity, start, end, tokens)
        if result is None and after is not None and _opens_paragraph(words, i, j, placed_at[p]):
            result, how = _at_onset(activity, before, after, tokens, phones), "onset"
        if result is None:  # look-alikes keep the recogniser's times; the rest stays unplaced
            unaligned.extend(_unplaced_runs(words, i, j, fallback))
            forced.update(
                {k: fallback[words.starts[k]] for k in range(i, j) if words.starts[k] in fallback}
            )
        else:
            t = 0
            for k in range(i, j):
                toks = len(words.tokens[k])
                if not toks:
                    continue
                first, last = result[t], result[t + toks - 1]
                forced[k] = AlignedWord(
                    words.starts[k],
                    words.ends[k],
                    words.texts[k],
                    first[0],
                    last[1],
                    None,
                    how,
                )
                t += toks
        report("place", done + 1, len(runs))
    placed = sorted([*by_start.values(), *forced.values()], key=lambda w: w.start)
    return placed, unaligned


class _EarlierRuns:
    """The words the previous alignment of this recording placed without hearing them (by
    forced alignment, or at a paragraph's onset), so that a run of words unchanged since then,
    between the same heard neighbours, is not placed again."""

    def __init__(self, previous: RecordingAlignment | None) -> None:
        placed = [w for w in (previous.words if previous else []) if w.how != "recognised"]
        placed.sort(key=lambda w: w.time)
        self.placed_words = placed
        self.times = [w.time for w in placed]

    def placed(
        self, start: float, end: float, texts: list[str]
    ) -> tuple[list[tuple[float, float]], How] | None:
        """Per word of ``texts``, its (start, end) from before and how it was placed, if that
        run was placed in ``[start, end]`` then with exactly these words; else None."""
        lo = bisect.bisect_left(self.times, start - 0.01)
        hi = bisect.bisect_right(self.times, end + 0.01)
        run = self.placed_words[lo:hi]
        if not run or [w.text for w in run] != texts or len({w.how for w in run}) != 1:
            return None
        return [(w.time, w.time_end) for w in run], run[0].how


def _per_token(per_word: list[tuple[float, float]], counts: list[int]) -> list[tuple[float, float]]:
    """Word times spread back into per-token times (a word of n tokens repeats its span)."""
    out: list[tuple[float, float]] = []
    for span, n in zip(per_word, counts, strict=True):
        out.extend([span] * n)
    return out


class _Aligner:
    """Forced alignment of a stretch, tried three ways, each result checked for plausibility.

    pocketsphinx's alignment search sometimes finds no path through a stretch whose words are
    plainly there when it may put silence and fillers between them, and in noise it may
    squeeze words together at one end of the stretch and call the rest silence. So: the whole
    stretch with fillers; the stretch trimmed to its speech with fillers; trimmed, without
    fillers (which otherwise would stretch words over silence). A result is kept only if every
    word lasts what its sounds can: at least :data:`_MIN_PHONE` and at most
    :data:`_MAX_PHONE` seconds a phone (plus :data:`_WORD_SLACK`). Better an honest estimate
    than a confident wrong time.
    """

    def __init__(self, setup: DecoderSetup, phones: dict[str, int]) -> None:
        self.setup = DecoderSetup(setup.hmm, setup.dict, None)
        self.phones = phones
        self.with_fillers = make_decoder(self.setup)
        self.without = None

    def align(
        self, pcm: Pcm, activity: VoiceActivity, start: float, end: float, tokens: list[str]
    ) -> list[tuple[float, float]] | None:
        a, b = activity.trim(start, end)
        tries = [(self.with_fillers, start, end)]
        if (a, b) != (start, end):
            tries.append((self.with_fillers, a, b))
        for n in range(2):
            for decoder, x, y in tries if n == 0 else [(self._without(), a, b)]:
                result = force_align(decoder, pcm.slice(x, y), x, tokens)
                if result is not None and self._plausible(result, tokens):
                    return result
        return None

    def _without(self):  # noqa: ANN202 - pocketsphinx has no type stubs
        if self.without is None:
            self.without = make_decoder(self.setup, fillers=False)
        return self.without

    def _plausible(self, times: list[tuple[float, float]], tokens: list[str]) -> bool:
        for (a, b), token in zip(times, tokens, strict=True):
            phones = self.phones.get(token, max(1, len(token) // 2))
            if not phones * _MIN_PHONE <= b - a <= phones * _MAX_PHONE + _WORD_SLACK:
                return False
        return True


def _opens_paragraph(words: _Words, i: int, j: int, next_placed: int) -> bool:
    """The run ``[i, j)`` is the start of a paragraph whose next words were placed."""
    para = words.paragraph[i]
    first = i == 0 or words.paragraph[i - 1] != para
    return first and words.paragraph[j - 1] == para and words.paragraph[next_placed] == para


def _at_onset(
    activity: VoiceActivity,
    before: float | None,
    after: float,
    tokens: list[str],
    phones: dict[str, int],
) -> list[tuple[float, float]] | None:
    """The first words of a paragraph that neither the recogniser nor forced alignment placed,
    put where the speech holding the paragraph's first placed word begins (a paragraph starts
    after a pause: voice activity says where), spread by their sounds up to that word. Only
    when that onset comes after the previous placed word and leaves the words plausible room."""
    onset = activity.onset_before(after)
    if onset is None or (before is not None and onset <= before):
        return None
    counts = [phones.get(t, max(1, len(t) // 2)) for t in tokens]
    room = after - onset
    if not sum(counts) * _MIN_PHONE <= room <= sum(counts) * _MAX_PHONE + _WORD_SLACK:
        return None
    out: list[tuple[float, float]] = []
    at = onset
    for n in counts:
        step = room * n / sum(counts)
        out.append((at, at + step))
        at += step
    return out


def _unplaced_runs(
    words: _Words, i: int, j: int, fallback: dict[int, AlignedWord]
) -> list[tuple[int, int, int]]:
    """(start, end, words) of each run of words in ``[i, j)`` with no time at all."""
    out: list[tuple[int, int, int]] = []
    k = i
    while k < j:
        if words.starts[k] in fallback:
            k += 1
            continue
        m = k
        while m < j and words.starts[m] not in fallback:
            m += 1
        out.append((words.starts[k], words.ends[m - 1], m - k))
        k = m
    return out


def _without_stray_headings(words: _Words, matched: list[AlignedWord]) -> list[AlignedWord]:
    """Heading words count as heard only when most of their heading was: "Norway" of a heading
    "Statement by Norway" matched to a chair's "…the representative of Norway" was not."""
    index = {s: k for k, s in enumerate(words.starts)}
    total: dict[int, int] = {}
    for k, body in enumerate(words.body):
        if not body:
            total[words.paragraph[k]] = total.get(words.paragraph[k], 0) + 1
    heard: dict[int, int] = {}
    for w in matched:
        k = index[w.start]
        if not words.body[k]:
            heard[words.paragraph[k]] = heard.get(words.paragraph[k], 0) + 1
    return [
        w
        for w in matched
        if words.body[index[w.start]]
        or 2 * heard[words.paragraph[index[w.start]]] > total[words.paragraph[index[w.start]]]
    ]


def _edges_in_speech(
    activity: VoiceActivity, start: float, end: float, open_start: bool, open_end: bool
) -> tuple[float, float]:
    """A window with an unknown side (text before the first or after the last heard word)
    is trimmed to the speech in it, so the forced words are not spread over silence."""
    if not (open_start or open_end):
        return start, end
    a, b = activity.trim(start, end)
    return (a if open_start else start, b if open_end else end)


def _gap_windows(
    transcript: Transcript, placed: list[AlignedWord], activity: VoiceActivity
) -> list[GapWindow]:
    """Each gap's window: from the end of the placed word before it to the start of the one
    after it, trimmed by voice activity (what was heard there is added by :func:`_listen`)."""
    gaps = [it for it in items_module.find_items(transcript) if it.kind == "gap"]
    starts = [w.start for w in placed]
    out: list[GapWindow] = []
    for item in gaps:
        i = bisect.bisect_left(starts, item.start)
        j = bisect.bisect_left(starts, item.end)
        before = placed[i - 1].time_end if i > 0 else None
        after = placed[j].time if j < len(placed) else None
        if before is None and after is None:
            out.append(GapWindow(item.id, item.start, item.end, None))
            continue
        a = before if before is not None else max(0.0, after - 5.0)
        b = after if after is not None else min(activity.duration, before + 5.0)
        out.append(GapWindow(item.id, item.start, item.end, activity.trim(a, max(a, b))))
    return out


def _untranscribed(
    words: _Words, placed: list[AlignedWord], gaps: list[GapWindow], activity: VoiceActivity
) -> list[Untranscribed]:
    """Speech between two placed words (or before the first, after the last) that outlasts
    anything the transcript has there: none of its words, or more than they could take even
    spoken slowly. Gap windows are not counted: their speech is the gap's."""
    index = {s: k for k, s in enumerate(words.starts)}
    body_before = [0]
    for body in words.body:
        body_before.append(body_before[-1] + body)
    windows = sorted(g.window for g in gaps if g.window is not None)
    edges = [(0.0, 0.0, -1)] + [(w.time, w.time_end, index[w.start]) for w in placed]
    edges.append((activity.duration, activity.duration, len(words.starts)))
    out: list[Untranscribed] = []
    for (_, prev_end, i), (next_start, _, j) in zip(edges, edges[1:], strict=False):
        if next_start - prev_end < _MIN_UNTRANSCRIBED:
            continue
        between = body_before[j] - body_before[i + 1]  # transcript words between the two
        a, b = activity.trim(prev_end, next_start)
        speech = activity.speech_within(a, b) - sum(
            activity.speech_within(max(a, x), min(b, y)) for x, y in windows if x < b and y > a
        )
        if speech >= _MIN_UNTRANSCRIBED + between * _SLOWEST:
            out.append(Untranscribed(a, b, ""))
    return out


def _listen(
    model: Model,
    pcm: Pcm,
    gaps: list[GapWindow],
    untranscribed: list[Untranscribed],
    activity: VoiceActivity,
    workers: int | None,
    cancelled: Callable[[], bool],
    report: Progress,
) -> tuple[list[GapWindow], list[Untranscribed]] | None:
    """What the model's general English language model hears in each gap window and each
    stretch of untranscribed speech (the transcript's own model would hear its words
    everywhere), heard in parallel like the chunks."""
    if not model.general_lm:
        return gaps, untranscribed
    windows: list[tuple[float, float]] = [
        g.window
        for g in gaps
        if g.window is not None
        and 0.2 <= g.window[1] - g.window[0] <= _MAX_GAP_WINDOW
        and activity.speech_within(*g.window) >= 0.2
    ]
    windows += [(u.start, u.end) for u in untranscribed]
    stretches: list[Stretch] = []
    owner: list[int] = []
    for n, (a, b) in enumerate(windows):
        while a < b:
            end = min(b, a + _MAX_GAP_WINDOW)
            stretches.append(Stretch(len(stretches), a, pcm.view(a, end)))
            owner.append(n)
            a = end
    setup = DecoderSetup(model.hmm, model.dictionary, model.general_lm)
    heard: dict[int, list[HeardWord]] = {}
    report("listen", 0, len(stretches))
    for done, (index, words) in enumerate(
        hear_chunks(setup, stretches, workers=workers, cancelled=cancelled), 1
    ):
        heard.setdefault(owner[index], []).extend(words)
        report("listen", done, len(stretches))
    if cancelled():
        return None
    by_window = {w: sorted(heard.get(n, []), key=lambda h: h.start) for n, w in enumerate(windows)}
    new_gaps = []
    for g in gaps:
        words = by_window.get(g.window) if g.window is not None else None
        if words:
            confidence = sum(h.confidence or 0.0 for h in words) / len(words)
            g = GapWindow(
                g.id, g.start, g.end, g.window, " ".join(h.text for h in words), confidence
            )
        new_gaps.append(g)
    new_untranscribed = [
        Untranscribed(u.start, u.end, " ".join(h.text for h in by_window.get((u.start, u.end), [])))
        for u in untranscribed
    ]
    return new_gaps, new_untranscribed
