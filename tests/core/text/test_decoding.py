"""Transcripts are read however they were saved, and refused clearly when they are not text."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from transcript_review.core.errors import InputError
from transcript_review.core.text.decoding import decode_bytes, read_text_file

TEXT = "Thank you, Mr. President. Café (inaudible) — “quoted”.\nSecond line.\n"


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", True),
    ],
)
def test_unicode_encodings_read_the_same_text(
    data: bytes, encoding: str, bom: bool, tmp_path: Path
) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    decoded = read_text_file(path)
    assert decoded.text == TEXT
    assert (decoded.encoding, decoded.bom, decoded.warnings) == (encoding, bom, ())


def test_cp1252_is_read_and_reported_not_guessed_silently(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 \u201cquoted\u201d (inaudible)\n".encode("cp1252"))
    decoded = read_text_file(path)
    assert decoded.text == "Café “quoted” (inaudible)\n"
    assert decoded.encoding == "cp1252"
    assert (
        len(decoded.warnings) == 1
        and "cp1252" in decoded.warnings[0]
        and "old.txt" in decoded.warnings[0]
    )


def test_bytes_neither_utf8_nor_cp1252_are_refused() -> None:
    with pytest.raises(InputError, match="not UTF-8 and not cp1252"):
        decode_bytes(b"abc \x81\x8d\x8f\x90\x9d", "x.txt")


@pytest.mark.parametrize(("newline", "name"), [("\r\n", "\r\n"), ("\r", "\r"), ("\n", "\n")])
def test_line_ends_are_normalised_and_remembered(newline: str, name: str) -> None:
    raw = newline.join(["one", "two", "", "three"])
    decoded = decode_bytes(raw.encode(), "t.txt")
    assert decoded.text == "one\ntwo\n\nthree"
    assert decoded.newline == name


def test_offsets_map_back_to_the_file_across_crlf() -> None:
    raw = "ab\r\ncd\r\n\r\nef"
    decoded = decode_bytes(raw.encode(), "t.txt")
    for offset, char in enumerate(decoded.text):
        if char != "\n":
            assert raw[decoded.file_offset(offset)] == char
    assert raw[decoded.file_offset(decoded.text.index("e"))] == "e"


def test_utf16_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "a (inaudible)\r\nb\r\n".encode("utf-16-le"))
    decoded = read_text_file(path)
    assert decoded.text == "a (inaudible)\nb\n" and decoded.newline == "\r\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "blank"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_empty_blank_and_binary_files_are_refused(data: bytes, reason: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_text_file(path)
    assert str(path) in str(info.value) and reason in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_folder_and_unreadable_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="folder"):
        read_text_file(tmp_path)
    locked = tmp_path / "locked.txt"
    locked.write_text("text")

    def refuse(path: object, flags: int, *args: object) -> int:  # root reads anything
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(InputError, match="permission denied"):
        read_text_file(locked)
    monkeypatch.undo()
