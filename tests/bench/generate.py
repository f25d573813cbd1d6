"""Large transcripts for benchmarks, generated from the samples.

Body paragraphs of every sample are repeated until the wanted word count is reached; a gap
``(inaudible)`` is put every ~``gap_every`` words and an uncertain ``*…*`` passage every
~``5 * gap_every`` words, so big documents have the marker density of real ones.
"""

from __future__ import annotations

import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "sample_transcripts"
_MARKUP = re.compile(r"\((?:inaudible|ph|sp\?)[^)]*\)|\[[^\]]*\]|\*|_{3,}|\([^)]*\?\)", re.I)


def _source_paragraphs() -> list[list[str]]:
    paragraphs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            words = _MARKUP.sub(" ", block).split()
            if len(words) > 30:
                paragraphs.append(words)
    return paragraphs


def generate_transcript(words: int, gap_every: int = 200) -> str:
    """A transcript of about ``words`` words with a title, paragraphs and markers."""
    source = _source_paragraphs()
    out = ["Generated benchmark transcript", "", "Unofficial Transcription from Webcast", ""]
    written = 0
    i = 0
    while written < words:
        para = source[i % len(source)]
        i += 1
        tokens = []
        for word in para:
            written += 1
            if written % gap_every == 0:
                tokens.append("(inaudible)")
            if written % (gap_every * 5) == gap_every // 2:
                tokens.append("*" + word)
                continue
            tokens.append(word)
            if written % (gap_every * 5) == gap_every // 2 + 6:
                tokens[-1] = tokens[-1] + "*"
            if written >= words:
                break
        paragraph = " ".join(tokens)
        if paragraph.count("*") % 2:
            paragraph += "*"
        out.append(paragraph)
        out.append("")
    return "\n".join(out)


def write_transcript(folder: Path, words: int, gap_every: int = 200) -> Path:
    """Write (once) and return ``folder/generated-<words>.txt``."""
    path = folder / f"generated-{words}.txt"
    if not path.exists():
        path.write_text(generate_transcript(words, gap_every), encoding="utf-8")
    return path
