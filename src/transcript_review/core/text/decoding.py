"""Reading text files as people actually save them.

Transcripts and caption files arrive as UTF-8 with or without a BOM, UTF-16/32 with a BOM from
Windows tools, or cp1252 from old word processors, with CRLF, CR or LF line ends. We decode
strictly: a BOM decides, else UTF-8, else cp1252 *reported* in :attr:`DecodedText.warnings`,
never a silent guess. Binary and empty files are refused with a reason.

Offsets elsewhere in the program are code points in the decoded text with line ends normalised
to ``\\n``; :meth:`DecodedText.file_offset` maps one back to the code point offset in the file as
read (before normalising), which differs only where a CRLF became one ``\\n``.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..safe_files import read_regular

#: BOMs in the order they must be tested (UTF-32-LE starts with the UTF-16-LE BOM).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that do not occur in text files; many of them mean "binary".
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

#: Largest file we read whole; a 10-hour session transcript is a few MB.
MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class DecodedText:
    """A text file's content with ``\\n`` line ends, and how it was stored."""

    text: str
    encoding: str
    """Codec the bytes were decoded with, e.g. ``utf-8``, ``utf-16-le``, ``cp1252``."""
    bom: bool
    newline: str
    """The dominant line end in the file: ``\\n``, ``\\r\\n``, ``\\r``, or ``\\n`` for one line."""
    warnings: tuple[str, ...] = ()
    crlf_at: tuple[int, ...] = field(default=(), repr=False)
    """Sorted offsets in :attr:`text` of each ``\\n`` that was a ``\\r\\n`` in the file."""

    def file_offset(self, offset: int) -> int:
        """Code point offset in the file as decoded (before line-end normalising)."""
        return offset + bisect.bisect_left(self.crlf_at, offset)


#: What to do about a file that is not text.
_GIVE_TEXT = "give a plain-text file (e.g. the transcript saved as .txt)"


def decode_bytes(data: bytes, path: str | Path) -> DecodedText:
    """Decode ``data`` read from ``path`` (used only in messages); raise :class:`InputError`."""
    if not data:
        raise InputError(path, "the file is empty; nothing to read (is it the right file?)")
    encoding, bom = _detect_encoding(data)
    warnings: list[str] = []
    raw = data[len(_bom_bytes(encoding)) :] if bom else data
    if encoding == "utf-8":
        if b"\x00" in raw:
            raise InputError(
                path, f"this is a binary file, not text (it contains NUL bytes); {_GIVE_TEXT}"
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise InputError(
                    path,
                    f"not UTF-8 and not cp1252 text (undecodable byte at offset {exc.start}); "
                    "save it as UTF-8 and try again",
                ) from None
            encoding = "cp1252"
            warnings.append(f"{path}: not valid UTF-8; read as cp1252 (Windows Western)")
    else:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"has a {encoding} byte order mark but invalid {encoding} at byte {exc.start}; "
                "save it as UTF-8 and try again",
            ) from None
    if _looks_binary(text):
        raise InputError(
            path,
            f"this is a binary file, not text (it is full of control characters); {_GIVE_TEXT}",
        )
    if not text.strip():
        raise InputError(
            path, "the file holds only blank space; nothing to read (is it the right file?)"
        )
    return _normalise_newlines(text, encoding, bom, tuple(warnings))


def read_text_file(path: str | Path, what: str = "a transcript file") -> DecodedText:
    """Read and decode a text file, turning every OS failure into a one-line :class:`InputError`.

    Anything but a regular file (a FIFO, ``/dev/zero``, a socket, a symlink loop) is refused
    before it is opened, and at most :data:`MAX_BYTES` are read (see :mod:`.safe_files`).
    """
    try:
        data = read_regular(path, MAX_BYTES, what)
    except FileNotFoundError:
        raise InputError(path, "no such file; check the path") from None
    return decode_bytes(data, path)


def _detect_encoding(data: bytes) -> tuple[str, bool]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, True
    return "utf-8", False


def _bom_bytes(encoding: str) -> bytes:
    return next(b for b, name in _BOMS if name == encoding)


def _looks_binary(text: str) -> bool:
    """True when control characters are more than 1% of the first 64k code points."""
    sample = text[:65536]
    if "\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def _normalise_newlines(
    text: str, encoding: str, bom: bool, warnings: tuple[str, ...]
) -> DecodedText:
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    counts = {"\r\n": crlf, "\r": lone_cr, "\n": lf}
    newline = max(counts, key=lambda k: counts[k]) if any(counts.values()) else "\n"
    crlf_at: tuple[int, ...] = ()
    if crlf:
        # Offsets of "\n" in the normalised text that stood for "\r\n": the k-th CRLF found at
        # raw offset r lands at r - k after the k earlier CRLFs each lost one code point.
        crlf_at = tuple(m.start() - k for k, m in enumerate(re.finditer("\r\n", text)))
        text = text.replace("\r\n", "\n")
    if lone_cr:
        text = text.replace("\r", "\n")
    return DecodedText(text, encoding, bom, newline, warnings, crlf_at)
