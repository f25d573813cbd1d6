"""Word timings from recognizer JSON: Whisper, AWS Transcribe, Google STT and a generic shape.

No library reads these (each vendor SDK only *produces* its own shape), and they are small:
one function per shape, chosen by :func:`sniff_json` from the keys actually present, so a
``.json`` file needs no naming convention. Times arrive as floats, numeric strings, Google's
``"1.300s"`` or ``{seconds, nanos}``, or (generic shape) integer milliseconds; all end up as
float seconds. A shape we recognise but cannot read (a word without a start) raises
:class:`InputError` naming the JSON path, because JSON has no useful line numbers after a
minifier.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError
from .model import TimedWord, spread_words


def load_json(path: Path, text: str) -> Any:
    """Parse JSON, turning a syntax error into ``file:line:column: reason``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            path, f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply to be a timing file") from None


def sniff_json(data: Any) -> str | None:
    """Name of the JSON shape (``whisper``, ``aws``, ``google``, ``words``) or None."""
    if isinstance(data, dict):
        results = data.get("results")
        if isinstance(results, dict) and isinstance(results.get("items"), list):
            return "aws"
        if isinstance(results, list) and any(
            isinstance(r, dict) and isinstance(r.get("alternatives"), list) for r in results
        ):
            return "google"
        segments = data.get("segments")
        if (
            isinstance(segments, list)
            and segments
            and isinstance(segments[0], dict)
            and "start" in segments[0]
            and "end" in segments[0]
        ):
            return "whisper"
        words = data.get("words")
        if (
            isinstance(words, list)
            and words
            and isinstance(words[0], dict)
            and "start" in words[0]
            and ("text" in words[0] or "word" in words[0])
        ):
            return "words"
    if (
        isinstance(data, list)
        and data
        and isinstance(data[0], dict)
        and ("start_time" in data[0] or data[0].get("type") in ("pronunciation", "punctuation"))
    ):
        return "aws"  # a bare items list, as some tools save it
    return None


def _num(path: Path, value: Any, where: str) -> float:
    """A float from a number or numeric string (AWS gives strings); InputError otherwise."""
    if isinstance(value, bool):
        value = None
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise InputError(path, f"{where}: expected a time in seconds, found {value!r}") from None
    if not math.isfinite(out) or out < 0:
        raise InputError(path, f"{where}: time {value!r} is negative or not finite")
    return out


def _conf(value: Any) -> float | None:
    """A confidence in [0, 1] or None (punctuation items often carry null or nothing)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def _whisper(path: Path, data: dict[str, Any]) -> list[TimedWord]:
    """openai-whisper (``probability``) and whisper-timestamped (``confidence``) output.

    Segments without ``words`` (whisper run without word timestamps) fall back to the segment
    text spread over the segment, marked interpolated.
    """
    out: list[TimedWord] = []
    for s, seg in enumerate(data["segments"]):
        where = f"segments[{s}]"
        if not isinstance(seg, dict):
            raise InputError(path, f"{where}: expected an object")
        words = seg.get("words")
        if isinstance(words, list) and words:
            for w, word in enumerate(words):
                wh = f"{where}.words[{w}]"
                if not isinstance(word, dict):
                    raise InputError(path, f"{wh}: expected an object")
                text = str(word.get("word", word.get("text", ""))).strip()
                if not text:
                    continue
                start = _num(path, word.get("start"), f"{wh}.start")
                end = _num(path, word.get("end"), f"{wh}.end")
                conf = _conf(word.get("probability", word.get("confidence")))
                out.append(TimedWord(text, start, max(end, start), conf))
        else:
            start = _num(path, seg.get("start"), f"{where}.start")
            end = _num(path, seg.get("end"), f"{where}.end")
            out.extend(spread_words(str(seg.get("text", "")), start, end))
    return out


def _aws(path: Path, data: Any) -> list[TimedWord]:
    """AWS Transcribe ``results.items``; punctuation items attach to the word before them."""
    items = data["results"]["items"] if isinstance(data, dict) else data
    out: list[TimedWord] = []
    for i, item in enumerate(items):
        where = f"results.items[{i}]"
        if not isinstance(item, dict):
            raise InputError(path, f"{where}: expected an object")
        alts = item.get("alternatives") or [{}]
        alt = alts[0] if isinstance(alts[0], dict) else {}
        content = str(alt.get("content", "")).strip()
        if not content:
            continue
        if item.get("type") == "punctuation" or "start_time" not in item:
            if out:
                last = out[-1]
                out[-1] = TimedWord(
                    last.text + content, last.start, last.end, last.confidence, last.interpolated
                )
            continue
        start = _num(path, item.get("start_time"), f"{where}.start_time")
        end = _num(path, item.get("end_time", start), f"{where}.end_time")
        out.append(TimedWord(content, start, max(start, end), _conf(alt.get("confidence"))))
    return out


def _google_time(path: Path, value: Any, where: str) -> float:
    """Google STT time: ``"1.300s"`` (v1 JSON) or ``{"seconds": "1", "nanos": 300000000}``."""
    if isinstance(value, dict):
        seconds = _num(path, value.get("seconds", 0), f"{where}.seconds")
        nanos = _num(path, value.get("nanos", 0), f"{where}.nanos")
        return seconds + nanos / 1e9
    if isinstance(value, str) and value.endswith("s"):
        value = value[:-1]
    if value is None:
        return 0.0  # Google omits zero-valued fields: a word at 0 s has no startTime
    return _num(path, value, where)


def _google(path: Path, data: dict[str, Any]) -> list[TimedWord]:
    """Google Speech-to-Text: the first (best) alternative of each result."""
    out: list[TimedWord] = []
    for r, result in enumerate(data["results"]):
        if not isinstance(result, dict) or not result.get("alternatives"):
            continue
        alt = result["alternatives"][0]
        for w, word in enumerate(alt.get("words") or []):
            where = f"results[{r}].alternatives[0].words[{w}]"
            text = str(word.get("word", "")).strip()
            if not text:
                continue
            start = _google_time(path, word.get("startTime", word.get("startOffset")), where)
            end = _google_time(path, word.get("endTime", word.get("endOffset")), where)
            out.append(TimedWord(text, start, max(start, end), _conf(word.get("confidence"))))
    return out


def _generic(path: Path, data: dict[str, Any]) -> list[TimedWord]:
    """``{"words": [{"start", "end", "text" | "word", "confidence"?}]}``.

    Milliseconds rule: when every start and end is a JSON *integer* and the median word lasts
    20 units or more, the unit is milliseconds (AssemblyAI writes ``"start": 1100``); no real
    word lasts 20 seconds, and seconds from any tool we know are written as floats.
    """
    rows = data["words"]
    parsed: list[tuple[str, Any, Any, dict[str, Any]]] = []
    for i, word in enumerate(rows):
        where = f"words[{i}]"
        if not isinstance(word, dict):
            raise InputError(path, f"{where}: expected an object")
        text = str(word.get("text", word.get("word", ""))).strip()
        if not text:
            continue
        if "start" not in word:
            raise InputError(path, f"{where}: word {text!r} has no start time")
        parsed.append((text, word.get("start"), word.get("end", word.get("start")), word))
    ints = all(
        isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool)
        for _, s, e, _ in parsed
    )
    scale = 1.0
    if ints and parsed:
        durations = [e - s for _, s, e, _ in parsed]
        if statistics.median(durations) >= 20:
            scale = 1000.0
    out: list[TimedWord] = []
    for i, (text, s, e, word) in enumerate(parsed):
        start = _num(path, s, f"words[{i}].start") / scale
        end = _num(path, e, f"words[{i}].end") / scale
        out.append(TimedWord(text, start, max(start, end), _conf(word.get("confidence"))))
    return out


READERS: dict[str, Callable[[Path, Any], list[TimedWord]]] = {
    "whisper": _whisper,
    "aws": _aws,
    "google": _google,
    "words": _generic,
}


def parse_json_timing(path: Path, text: str) -> tuple[str, list[TimedWord]]:
    """Sniff the JSON shape and read its words; InputError when the shape is unknown."""
    data = load_json(path, text)
    shape = sniff_json(data)
    if shape is None:
        raise InputError(
            path,
            "JSON of an unknown shape: expected Whisper 'segments', AWS 'results.items', "
            "Google 'results[].alternatives' or a 'words' list with start/end/text",
        )
    words = READERS[shape](path, data)
    if not words:
        raise InputError(path, f"no timed words found in this {shape} JSON")
    return shape, words
