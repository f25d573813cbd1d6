"""Synthetic speech with true word times, to measure aligning a transcript to audio (issue 12).

libespeak-ng (through ctypes) speaks the text; its word events say, to the sample, where each word
starts. A *case* is a transcript, its recording and the truth: where every transcript word is in
the audio, plus what the transcript and the audio disagree on (headings nobody reads, a sentence
missing from the audio, speech nobody transcribed, a gap whose words are buried in noise).

Use from Python::

    from tests.bench.audio_synth import build_case, short_clip
    files = build_case("hard")                # cached under tests/bench/out/audio/
    clip = short_clip(tmp_path)               # ~10 s, for end-to-end tests (< 3 s to make)

or as a script: ``python tests/bench/audio_synth.py [clean-5min hard session-60min] [--clip DIR]``.

Files of a case: ``case.txt`` (the transcript), ``case.wav`` / ``case.mp3`` (16 kHz mono) and
``case.truth.json``::

    {"words": [{"start", "end", "text", "time", "time_end"}],   # transcript words heard clearly
     "paragraphs": [{"start", "time", "voice"}],  # first spoken transcript word of each
                                               # paragraph; the espeak voice speaking it
     "gaps": [{"start", "end", "time", "time_end", "spoken"}],  # marker span; buried words' span
     "untranscribed": [{"time", "time_end", "text"}],           # speech not in the transcript
     "missing": [{"start", "end"}],             # transcript text not in the audio
     "duration": s, "sample_rate": 16000, "case": {...the parameters...}}

Char offsets are code points into ``case.txt`` as read with LF line ends; times are seconds. A word
starts at its espeak word event moved past digital silence, and ends at the last audible 5 ms frame
before the next word's event (or the end of its utterance).
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import math
import random
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "audio"
#: Bump when the synthesis or the truth format changes, so cached cases are rebuilt.
SYNTH_VERSION = 4
SAMPLE_RATE = 16_000

#: A word as the tool counts it (same pattern as ``transcript_review.core.text.transcript.WORD``;
#: copied so this module needs only the standard library and libespeak-ng).
WORD = re.compile(r"\w+(?:['’\-]\w+)*")
#: Sentence ends; not after the titles a statement uses (espeak would pause after "Mr.").
_SENTENCE = re.compile(r"(?<!Mr\.)(?<!Ms\.)(?<!Dr\.)(?<=[.!?])\s+")

SegmentKind = Literal["same", "missing", "extra", "gap"]


# --------------------------------------------------------------------------- libespeak-ng


class EspeakUnavailable(RuntimeError):
    """libespeak-ng (or sox) is not installed; tests skip with this message."""


class _Event(ctypes.Structure):
    # espeak_EVENT from speak_lib.h (the header is not installed, the layout is stable ABI).
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),  # 1-based character position in the text passed
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),  # ms
        ("sample", ctypes.c_int),  # sample index from the start of this espeak_Synth call
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)
_EVENT_WORD = 1
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE, _PITCH = 1, 3


@dataclass(frozen=True)
class Voice:
    """An espeak-ng voice: ``name`` like ``en``, ``en-us``, ``en+f3``, ``en-gb+m3``; rate in wpm."""

    name: str = "en-us"
    rate: int = 165
    pitch: int = 50


@dataclass
class Utterance:
    """One synthesised piece of speech (22050 Hz samples) with where each of its words starts."""

    samples: array
    rate: int
    word_starts: list[tuple[int, int]]  # (char offset in the spoken text, sample index)


class Espeak:
    """A process-wide libespeak-ng in synchronous mode: text in, samples and word events out."""

    _instance: Espeak | None = None

    def __init__(self) -> None:
        try:
            self._lib = ctypes.CDLL("libespeak-ng.so.1")
        except OSError as exc:
            raise EspeakUnavailable(
                f"libespeak-ng.so.1 not found ({exc}); apt install espeak-ng"
            ) from exc
        self.rate = self._lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
        if self.rate <= 0:
            raise EspeakUnavailable("espeak_Initialize failed (espeak-ng-data missing?)")
        self._chunks: list[bytes] = []
        self._events: list[tuple[int, int]] = []
        self._callback = _CALLBACK(self._collect)  # kept referenced: C holds the pointer
        self._lib.espeak_SetSynthCallback(self._callback)
        self._voice: Voice | None = None
        self._lib.espeak_Info.restype = ctypes.c_char_p
        self.version: str = (self._lib.espeak_Info(None) or b"?").decode("ascii", "replace")

    @classmethod
    def get(cls) -> Espeak:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def _collect(self, wav, count, events) -> int:  # noqa: ANN001 - ctypes callback
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        i = 0
        while events[i].type != 0:  # espeakEVENT_LIST_TERMINATED
            ev = events[i]
            if ev.type == _EVENT_WORD:
                self._events.append((ev.text_position - 1, ev.sample))
            i += 1
        return 0

    def _set_voice(self, voice: Voice) -> None:
        if voice == self._voice:
            return
        if self._lib.espeak_SetVoiceByName(voice.name.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {voice.name!r}")
        self._lib.espeak_SetParameter(_RATE, voice.rate, 0)
        self._lib.espeak_SetParameter(_PITCH, voice.pitch, 0)
        self._voice = voice

    def speak(self, text: str, voice: Voice) -> Utterance:
        """Speak ``text`` (ASCII keeps espeak's character positions equal to code points)."""
        self._set_voice(voice)
        self._chunks, self._events = [], []
        data = text.encode("utf-8") + b"\0"
        err = self._lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if err != 0:
            raise RuntimeError(f"espeak_Synth failed ({err}) on {text[:40]!r}")
        samples = array("h")
        samples.frombytes(b"".join(self._chunks))
        return Utterance(samples, self.rate, list(self._events))


def espeak_available() -> str | None:
    """None when cases can be built here, else why not (for skip messages)."""
    try:
        Espeak.get()
    except EspeakUnavailable as exc:
        return str(exc)
    if shutil.which("sox") is None:
        return "sox not found; apt install sox"
    return None


# --------------------------------------------------------------------------- signal helpers

_FRAME = 0.005  # seconds per energy frame
_SILENT = 60  # RMS below this (of 32768) is espeak's digital silence / fade


def _frame_rms(samples: array, rate: int) -> list[float]:
    """RMS per 5 ms frame.

    Hand-written in pure Python: numpy is not a dependency and ``audioop`` is gone in Python
    3.13; utterances are a few seconds long, so a 60-minute case still builds in ~15 s.
    """
    n = max(1, int(rate * _FRAME))
    out = []
    for i in range(0, len(samples), n):
        frame = samples[i : i + n]
        out.append(math.sqrt(sum(x * x for x in frame) / len(frame)))
    return out


def _word_times(utt: Utterance, text: str) -> tuple[list[tuple[int, int, float, float]], int, int]:
    """Words of ``text`` with (start char, end char, start s, end s) inside the trimmed utterance.

    Returns the words and the trimmed sample range [lo, hi). Each WORD token takes the first
    espeak word event whose text position falls inside it (espeak gives a token like ``2030``
    several events); a token with no event shares the previous token's start (never happens
    with the plain words used here).
    """
    rms = _frame_rms(utt.samples, utt.rate)
    per = max(1, int(utt.rate * _FRAME))
    loud = [i for i, r in enumerate(rms) if r >= _SILENT]
    if not loud:
        raise RuntimeError(f"espeak produced silence for {text[:40]!r}")
    lo = max(0, loud[0] * per - int(0.02 * utt.rate))
    hi = min(len(utt.samples), (loud[-1] + 1) * per + int(0.02 * utt.rate))
    tokens = list(WORD.finditer(text))
    events = sorted(utt.word_starts, key=lambda e: e[1])
    starts: list[int] = []
    for tok in tokens:
        hits = [s for pos, s in events if tok.start() <= pos < tok.end()]
        starts.append(min(hits) if hits else (starts[-1] if starts else lo))
    out = []
    for k, tok in enumerate(tokens):
        s = max(starts[k], lo)
        limit = starts[k + 1] if k + 1 < len(tokens) else hi
        f0, f1 = s // per, max(s // per + 1, limit // per)
        while f0 < f1 - 1 and rms[f0] < _SILENT:  # move past leading digital silence
            f0 += 1
        end_f = f1
        while end_f > f0 + 1 and rms[end_f - 1] < _SILENT:  # trailing pause belongs to no word
            end_f -= 1
        start_s = max(s, f0 * per)
        end_s = max(start_s + 1, min(end_f * per, limit))
        out.append((tok.start(), tok.end(), (start_s - lo) / utt.rate, (end_s - lo) / utt.rate))
    return out, lo, hi


# --------------------------------------------------------------------------- case description


@dataclass
class Segment:
    """A stretch of a paragraph: what the transcript says and what the audio says.

    ``same``: written and spoken alike. ``missing``: written, never spoken. ``extra``: spoken,
    not in the transcript. ``gap``: the transcript writes a marker (``(inaudible)``), the audio
    has ``spoken`` buried under loud noise.
    """

    written: str
    spoken: str
    kind: SegmentKind = "same"


@dataclass
class Paragraph:
    segments: list[Segment]
    label: str | None = None  # speaker label written as "LABEL: " (not spoken)
    voice: Voice | None = None  # None: the case's voice


def para(text: str, label: str | None = None, voice: Voice | None = None) -> Paragraph:
    """A paragraph spoken exactly as written."""
    return Paragraph([Segment(text, text)], label, voice)


@dataclass
class CaseSpec:
    name: str
    paragraphs: list[Paragraph]
    voice: Voice = field(default_factory=Voice)
    headings: list[str] = field(default_factory=list)  # written at the top, never spoken
    noise_snr_db: float | None = None  # white noise under everything at this SNR
    gap_noise_db: float = -12.0  # SNR over a gap's buried words (negative: noise louder)
    audio_format: Literal["wav", "mp3"] = "wav"
    seed: int = 1
    sentence_pause: tuple[float, float] = (0.3, 0.8)
    paragraph_pause: tuple[float, float] = (0.6, 1.5)
    lead_in: float = 0.5

    def key(self) -> str:
        """Cache key: the parameters, this module's synthesis version and espeak-ng's version."""
        blob = json.dumps([SYNTH_VERSION, Espeak.get().version, asdict(self)], sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


@dataclass
class CaseFiles:
    name: str
    directory: Path
    transcript: Path
    audio: Path
    truth_path: Path

    def truth(self) -> dict:
        return json.loads(self.truth_path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- building


class _Track:
    """The recording being assembled at espeak's rate, with the truth gathered on the way."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.samples = array("h")
        self.speech_energy = 0.0  # sum of squares over speech, for the SNR
        self.speech_count = 0

    @property
    def now(self) -> float:
        return len(self.samples) / self.rate

    def pause(self, seconds: float) -> None:
        self.samples.frombytes(bytes(2 * int(round(seconds * self.rate))))

    def add(self, utt: Utterance, lo: int, hi: int) -> float:
        start = self.now
        piece = utt.samples[lo:hi]
        self.samples.extend(piece)
        self.speech_energy += sum(x * x for x in piece)
        self.speech_count += len(piece)
        return start

    def speech_rms(self) -> float:
        return math.sqrt(self.speech_energy / max(1, self.speech_count))

    def bury(self, t0: float, t1: float, snr_db: float, rng: random.Random) -> None:
        """Add white noise over [t0, t1) so that speech there sits ``snr_db`` above it."""
        amp = self.speech_rms() / (10 ** (snr_db / 20))
        a, b = int(t0 * self.rate), min(len(self.samples), int(t1 * self.rate))
        for i in range(a, b):
            v = self.samples[i] + rng.gauss(0.0, amp)
            self.samples[i] = int(max(-32768, min(32767, v)))


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s]


def _compose(spec: CaseSpec, rng: random.Random) -> tuple[str, dict, _Track]:
    """Write the transcript and speak it, gathering the truth. Returns (text, truth, track)."""
    espeak = Espeak.get()
    track = _Track(espeak.rate)
    truth: dict = {"words": [], "paragraphs": [], "gaps": [], "untranscribed": [], "missing": []}
    parts: list[str] = []
    pos = 0

    def write(s: str) -> int:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start

    for heading in spec.headings:
        write(heading)
        write("\n\n")
    track.pause(spec.lead_in)
    buried: list[tuple[float, float]] = []
    first_para = True
    for p in spec.paragraphs:
        voice = p.voice or spec.voice
        written_any = any(s.written for s in p.segments)
        if written_any and pos > 0 and not "".join(parts[-2:]).endswith("\n\n"):
            write("\n\n")
        if not first_para:
            track.pause(rng.uniform(*spec.paragraph_pause))
        first_para = False
        if written_any and p.label:
            write(f"{p.label}: ")
        para_first: dict | None = None
        prev_ended: bool | None = None  # None: nothing spoken yet in this paragraph
        for seg in p.segments:
            if seg.written and parts and not parts[-1].endswith((" ", "\n")):
                write(" ")
            w0 = write(seg.written) if seg.written else pos
            if seg.kind == "missing":
                truth["missing"].append({"start": w0, "end": w0 + len(seg.written)})
                continue
            spoken_words: list[tuple[float, float]] = []
            cursor = 0
            for sentence in _sentences(seg.spoken):
                if prev_ended is not None:
                    # a new sentence after a pause; a segment boundary inside a sentence: 0.2 s
                    track.pause(rng.uniform(*spec.sentence_pause) if prev_ended else 0.2)
                prev_ended = sentence[-1:] in ".!?"
                utt = espeak.speak(sentence, voice)
                words, lo, hi = _word_times(utt, sentence)
                t0 = track.add(utt, lo, hi)
                if seg.kind == "same":  # written == spoken: where this sentence sits in the text
                    sent_off = seg.written.index(sentence, cursor)
                    cursor = sent_off + len(sentence)
                for c0, c1, ts, te in words:
                    spoken_words.append((t0 + ts, t0 + te))
                    if seg.kind == "same":
                        off = w0 + sent_off + c0
                        w = {
                            "start": off,
                            "end": off + (c1 - c0),
                            "text": sentence[c0:c1],
                            "time": round(t0 + ts, 3),
                            "time_end": round(t0 + te, 3),
                        }
                        truth["words"].append(w)
                        if para_first is None:
                            para_first = {"start": off, "time": w["time"], "voice": voice.name}
            if not spoken_words:
                continue
            span = (round(spoken_words[0][0], 3), round(spoken_words[-1][1], 3))
            if seg.kind == "extra":
                truth["untranscribed"].append(
                    {"time": span[0], "time_end": span[1], "text": seg.spoken}
                )
            elif seg.kind == "gap":
                truth["gaps"].append(
                    {
                        "start": w0,
                        "end": w0 + len(seg.written),
                        "time": span[0],
                        "time_end": span[1],
                        "spoken": seg.spoken,
                    }
                )
                buried.append(span)
        if para_first is not None:
            truth["paragraphs"].append(para_first)
        if spec.paragraphs and p is spec.paragraphs[-1]:
            track.pause(0.5)
    for t0, t1 in buried:
        track.bury(t0 - 0.25, t1 + 0.25, spec.gap_noise_db, rng)
    text = "".join(parts).rstrip("\n") + "\n"
    return text, truth, track


def _write_wav(path: Path, samples: array, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


def _sox(*args: str) -> None:
    # -R: repeatable noise and dither. espeak-ng itself varies by a few ms between builds (the
    # truth follows it), so it is the cache that keeps a case the same from one bench to the next
    subprocess.run(["sox", "-V1", "-R", *args], check=True)


_NOISE_RMS_PER_VOL: list[float] = []


def _noise_rms_per_vol() -> float:
    """RMS (full scale 1) of sox's ``whitenoise`` per unit of ``vol``, measured once.

    Measured rather than assumed: sox's generator is neither uniform nor Gaussian in level
    (about 0.38 here), and an SNR is only as right as this factor.
    """
    if not _NOISE_RMS_PER_VOL:
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "probe.wav"
            _sox("-n", "-r", str(SAMPLE_RATE), "-b", "16", "-c", "1", str(probe),
                 "synth", "10", "whitenoise", "vol", "0.1")  # fmt: skip
            with wave.open(str(probe)) as w:
                data = array("h")
                data.frombytes(w.readframes(w.getnframes()))
        rms = math.sqrt(sum(x * x for x in data) / len(data)) / 32768
        _NOISE_RMS_PER_VOL.append(rms / 0.1)
    return _NOISE_RMS_PER_VOL[0]


def _finish_audio(spec: CaseSpec, track: _Track, directory: Path) -> Path:
    """Resample to 16 kHz mono, mix in background noise, encode; returns the audio file.

    The noise is made at 16 kHz, after resampling, so the SNR is the one in the file (noise
    made at 22 kHz would lose a quarter of its power above 8 kHz in the resampling).
    """
    raw = directory / "speech-22k.wav"
    _write_wav(raw, track.samples, track.rate)
    wav = directory / "case.wav"
    fmt = ["-r", str(SAMPLE_RATE), "-b", "16", "-c", "1"]
    if spec.noise_snr_db is None:
        _sox(str(raw), *fmt, str(wav))
    else:
        speech, noise = directory / "speech.wav", directory / "noise.wav"
        _sox(str(raw), *fmt, str(speech))
        target = track.speech_rms() / 32768 / (10 ** (spec.noise_snr_db / 20))
        duration = len(track.samples) / track.rate
        _sox("-n", *fmt, str(noise), "synth", f"{duration:.4f}", "whitenoise",
             "vol", f"{target / _noise_rms_per_vol():.6f}")  # fmt: skip
        _sox("-m", "-v", "1", str(speech), "-v", "1", str(noise), *fmt, str(wav))
        speech.unlink()
        noise.unlink()
    raw.unlink()
    if spec.audio_format == "wav":
        return wav
    out = directory / f"case.{spec.audio_format}"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(wav), "-b:a", "64k", str(out)],
        check=True,
    )
    wav.unlink()
    return out


def build_into(spec: CaseSpec, directory: Path) -> CaseFiles:
    """Build ``spec`` into ``directory`` (no cache): transcript, audio and truth."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(spec.seed)
    text, truth, track = _compose(spec, rng)
    (directory / "case.txt").write_text(text, encoding="utf-8", newline="\n")
    audio = _finish_audio(spec, track, directory)
    truth["duration"] = round(len(track.samples) / track.rate, 3)
    truth["sample_rate"] = SAMPLE_RATE
    truth["case"] = {
        "name": spec.name,
        "key": spec.key(),
        "voice": asdict(spec.voice),
        "noise_snr_db": spec.noise_snr_db,
        "audio": audio.name,
    }
    truth_path = directory / "case.truth.json"
    truth_path.write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return CaseFiles(spec.name, directory, directory / "case.txt", audio, truth_path)


def build_case(name_or_spec: str | CaseSpec, out_root: Path = OUT) -> CaseFiles:
    """The case's files, built once per set of parameters and then read from the cache."""
    spec = CASES[name_or_spec]() if isinstance(name_or_spec, str) else name_or_spec
    directory = out_root / f"{spec.name}-{spec.key()}"
    audio = directory / f"case.{spec.audio_format}"
    if (directory / "case.truth.json").exists() and audio.exists():
        return CaseFiles(
            spec.name, directory, directory / "case.txt", audio, directory / "case.truth.json"
        )
    out_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{spec.name}-", dir=out_root))
    try:
        build_into(spec, tmp)
        if directory.exists():
            shutil.rmtree(directory)
        tmp.rename(directory)
        for stale in out_root.glob(f"{spec.name}-*"):  # older parameters: gigabytes add up
            if stale != directory and stale.is_dir() and len(stale.name) == len(directory.name):
                shutil.rmtree(stale)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return build_case(spec, out_root)


# --------------------------------------------------------------------------- text and cases

_ACTORS = [
    "my delegation",
    "the Secretary-General",
    "the Security Council",
    "the international community",
    "every member state",
    "the African Union",
    "regional organizations",
    "humanitarian agencies",
    "this Assembly",
    "the special envoy",
    "civil society",
    "our government",
]
_VERBS = [
    "welcomes",
    "remains deeply concerned about",
    "strongly supports",
    "calls for renewed attention to",
    "underlines the importance of",
    "reaffirms its commitment to",
    "takes note of the report on",
    "will continue to work towards",
]
_TOPICS = [
    "the protection of civilians",
    "the humanitarian situation in the region",
    "the peace process",
    "sustainable development",
    "climate adaptation in small island states",
    "the rule of law",
    "access to clean water and sanitation",
    "the rights of women and girls",
    "the safety of peacekeepers",
    "nuclear disarmament",
    "food security",
    "the return of refugees",
    "free and fair elections",
    "the fight against terrorism",
    "universal health coverage",
    "the reform of the financial architecture",
    "quality education for every child",
    "the mandate of the mission",
    "accountability for serious crimes",
    "debt relief",
]
_TEMPLATES = [
    "{Actor} {verb} {topic}.",
    "We must work together to ensure {topic}.",
    "In this regard, {actor} {verb} {topic} and {topic2}.",
    "Let me be clear: there can be no lasting peace without {topic}.",
    "Allow me to turn now to {topic}.",
    "{Actor} has repeatedly stressed that {topic} is a shared responsibility.",
    "We are encouraged by the progress made on {topic}, but much remains to be done.",
    "The situation on the ground remains fragile, and {actor} must act without delay.",
    "We call on all parties to respect international humanitarian law.",
    "{Topic} cannot wait.",
    "It is our collective duty to protect the most vulnerable.",
    "Over the past year, {actor} has made important strides towards {topic}.",
    "We believe that {topic} and {topic2} go hand in hand.",
    "No country can address these challenges alone.",
    "Our region has paid a heavy price, and our people expect results.",
    "We therefore urge {actor} to give priority to {topic}.",
]
_COUNTRIES = [
    "Norway",
    "Brazil",
    "Kenya",
    "Indonesia",
    "Mexico",
    "Ghana",
    "Canada",
    "Chile",
    "Jordan",
    "Viet Nam",
    "Ireland",
    "Senegal",
    "Peru",
    "Fiji",
    "Estonia",
    "Malawi",
]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def statement_sentences(rng: random.Random) -> Iterator[str]:
    """Endless plausible UN-statement sentences from templates (public-domain style, made up)."""
    while True:
        actor, topic, topic2 = rng.choice(_ACTORS), rng.choice(_TOPICS), rng.choice(_TOPICS)
        while topic2 == topic:
            topic2 = rng.choice(_TOPICS)
        t = rng.choice(_TEMPLATES)
        yield t.format(
            actor=actor,
            Actor=_cap(actor),
            verb=rng.choice(_VERBS),
            topic=topic,
            Topic=_cap(topic),
            topic2=topic2,
        )


def _paragraph_texts(rng: random.Random, words: int, per_para: tuple[int, int]) -> list[str]:
    """Paragraphs of 2-6 sentences adding up to about ``words`` words."""
    gen = statement_sentences(rng)
    out: list[str] = []
    total = 0
    while total < words:
        sentences = [next(gen) for _ in range(rng.randint(*per_para))]
        out.append(" ".join(sentences))
        total += sum(len(WORD.findall(s)) for s in sentences)
    return out


def _words_for(seconds: float, rate: int) -> int:
    """Words that fill ``seconds`` at ``rate`` wpm, allowing ~12% for pauses."""
    return int(seconds * 0.88 * rate / 60)


def clean_5min() -> CaseSpec:
    rng = random.Random(5)
    voice = Voice("en-us", 165, 50)
    texts = _paragraph_texts(rng, _words_for(300, voice.rate), (3, 6))
    texts[0] = "Thank you, Madam President. " + texts[0]
    texts[-1] += " I thank you."
    return CaseSpec("clean-5min", [para(t) for t in texts], voice=voice, seed=5)


def hard() -> CaseSpec:
    """Unspoken headings, a chair's untranscribed intro, a missing sentence, a buried gap, noise."""
    rng = random.Random(7)
    voice = Voice("en-gb-x-rp", 195, 40)
    texts = _paragraph_texts(rng, _words_for(210, voice.rate), (3, 5))
    paragraphs = [
        Paragraph(
            [Segment("", "I now give the floor to the representative of Norway.", "extra")],
            voice=Voice("en-us+f2", 160, 60),
        ),
    ]
    for i, t in enumerate(texts):
        if i == 2:  # a sentence of the transcript the speaker skipped
            sentences = _sentences(t)
            skipped = "This sentence was in the written statement but the speaker skipped it."
            paragraphs.append(
                Paragraph(
                    [
                        Segment(sentences[0], sentences[0]),
                        Segment(skipped, "", "missing"),
                        Segment(" ".join(sentences[1:]), " ".join(sentences[1:])),
                    ]
                )
            )
        elif i == 4:  # words drowned out by noise; the transcriber wrote a marker
            before, after = "We call on all parties to open", "without further delay."
            paragraphs.append(
                Paragraph(
                    [
                        Segment(t, t),
                        Segment(before, before),
                        Segment("(inaudible)", "the humanitarian corridors in the north", "gap"),
                        Segment(after, after),
                    ]
                )
            )
        else:
            paragraphs.append(para(t))
    return CaseSpec(
        "hard",
        paragraphs,
        voice=voice,
        headings=[
            "Permanent Mission of Norway to the United Nations",
            "Security Council open debate on the protection of civilians",
        ],
        noise_snr_db=15.0,
        audio_format="mp3",
        seed=7,
    )


_SPEAKERS = [
    ("Mr. OKAFOR (Nigeria)", Voice("en-us", 165, 45)),
    ("Ms. LINDQVIST (Sweden)", Voice("en+f3", 175, 55)),
    ("Mr. HASSAN (Egypt)", Voice("en-gb-x-rp", 155, 35)),
    ("Ms. TANAKA (Japan)", Voice("en-us+f2", 180, 60)),
    ("Mr. MORALES (Peru)", Voice("en+m7", 170, 50)),
    ("Ms. DUBOIS (France)", Voice("en-gb-scotland+f4", 160, 50)),
]


def session_60min(minutes: float = 60.0) -> CaseSpec:
    """A meeting: the President gives the floor in turn; speakers of several voices alternate."""
    rng = random.Random(60)
    president = Voice("en-029", 170, 50)
    paragraphs: list[Paragraph] = []
    spoken = 0.0  # rough running duration in seconds
    speaker_i = 0
    while spoken < minutes * 60:
        label, voice = _SPEAKERS[speaker_i % len(_SPEAKERS)]
        country = label.split("(")[1].rstrip(")")
        intro = f"I now give the floor to the representative of {country}."
        paragraphs.append(para(intro, "THE PRESIDENT", president))
        texts = _paragraph_texts(rng, rng.randint(250, 500), (3, 6))
        for k, t in enumerate(texts):
            paragraphs.append(para(t, label if k == 0 else None, voice))
        spoken += (
            (
                len(WORD.findall(intro)) / president.rate
                + sum(len(WORD.findall(t)) for t in texts) / voice.rate
            )
            * 60
            / 0.88
        )
        speaker_i += 1
    return CaseSpec("session-60min", paragraphs, voice=president, seed=60)


CASES = {"clean-5min": clean_5min, "hard": hard, "session-60min": session_60min}


def clip_spec(
    voice: Voice | None = None,
    noise_snr_db: float | None = None,
    mismatch: bool = False,
    audio_format: Literal["wav", "mp3"] = "wav",
) -> CaseSpec:
    """~10 s: a heading, two paragraphs, a gap whose words are buried in noise.

    ``mismatch`` adds a chair's untranscribed sentence before the speaker and a transcript
    sentence the speaker skips (~14 s then).
    """
    first = "Thank you, Madam President. My delegation welcomes the report on food security."
    paragraphs = [
        para(first),
        Paragraph(
            [
                Segment("We call on all parties to open", "We call on all parties to open"),
                Segment("(inaudible)", "the northern corridors", "gap"),
                Segment("without delay.", "without delay."),
            ]
        ),
    ]
    if mismatch:
        chair = Segment("", "I give the floor to Ghana.", "extra")
        paragraphs.insert(0, Paragraph([chair], voice=Voice("en+f3", 170, 60)))
        skipped = Segment("Peace is a shared responsibility.", "", "missing")
        paragraphs[2].segments.insert(0, skipped)
    return CaseSpec(
        "clip",
        paragraphs,
        voice=voice or Voice("en-us", 175, 50),
        headings=["Statement by the delegation of Ghana"],
        noise_snr_db=noise_snr_db,
        audio_format=audio_format,
        seed=10,
        sentence_pause=(0.4, 0.4),
        paragraph_pause=(0.8, 0.8),
    )


def short_clip(
    directory: Path,
    voice: Voice | None = None,
    noise_snr_db: float | None = None,
    mismatch: bool = False,
    audio_format: Literal["wav", "mp3"] = "wav",
) -> CaseFiles:
    """Make the ~10 s clip in ``directory`` (not cached; well under 3 s): for end-to-end tests.

    Files: ``case.txt``, ``case.wav`` (or ``.mp3``), ``case.truth.json`` (see the module
    docstring).
    """
    return build_into(clip_spec(voice, noise_snr_db, mismatch, audio_format), Path(directory))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="*", help=f"which ({', '.join(CASES)}); default all")
    ap.add_argument("--out", type=Path, default=OUT, help="cache folder (default %(default)s)")
    ap.add_argument("--clip", type=Path, help="write the ~10 s clip into this folder instead")
    args = ap.parse_args(argv)
    why = espeak_available()
    if why:
        print(f"cannot synthesise: {why}", file=sys.stderr)
        return 2
    if args.clip:
        files = [short_clip(args.clip)]
    else:
        unknown = [c for c in args.cases if c not in CASES]
        if unknown:
            ap.error(f"unknown case(s) {unknown}; known: {', '.join(CASES)}")
        files = [build_case(c, args.out) for c in (args.cases or CASES)]
    for f in files:
        t = f.truth()
        print(
            f"{f.name}: {t['duration']:.1f} s, {len(t['words'])} words, "
            f"{len(t['paragraphs'])} paragraphs -> {f.directory}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
