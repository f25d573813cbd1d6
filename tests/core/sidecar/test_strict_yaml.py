"""Strict YAML: hostile input is refused with file:line:col, text round-trips as text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcript_review.core.errors import InputError
from transcript_review.core.sidecar.store import MAX_SIDECAR_BYTES, load_sidecar
from transcript_review.core.sidecar.strict_yaml import (
    MAX_DEPTH,
    c_loader_available,
    dump_document,
    load_documents,
)

HEADER = "schema: transcript-review/1\ntranscript: speech.txt\n...\n"
SHA = "0" * 64
REVISION = f"""---
revision: 1
id: 7f3a9c2e
parent: null
author: transcriber-a
role: editor
saved: 2026-11-26T21:41:07Z
transcript_sha256: {SHA}
message: Resolve the gap
events:
- propose:
    id: c-4be1
    kind: resolve-gap
    text: {{TEXT}}
    evidence: listened
    anchor: {{exact: (inaudible), prefix: 'future ', suffix: ., start: 812, end: 823}}
...
"""


def write(tmp_path: Path, body: str, name: str = "speech.txt.review.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_sidecar(path)
    return caught.value


def sidecar_with_text(text: str) -> str:
    return HEADER + REVISION.replace("{TEXT}", text)


@pytest.mark.parametrize("pure", [False, True])
def test_hand_typed_words_stay_words(tmp_path: Path, pure: bool) -> None:
    for word in ["no", "yes", "off", "12:30", "2024-01-02", "1e3", "0x1F", "~x", ".inf"]:
        loaded = load_sidecar(write(tmp_path, sidecar_with_text(word)), pure=pure)
        assert loaded.revisions[0].events[0].text == word


def test_text_null_is_refused_with_a_hint(tmp_path: Path) -> None:
    error = refused(write(tmp_path, sidecar_with_text("null")))
    assert "must be text" in error.reason and "quote it" in error.reason
    assert (error.line, error.column) == (17, 11)


def test_code_execution_tag_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, sidecar_with_text("!!python/object/apply:os.system ['touch pwned']"))
    error = refused(path)
    assert "tags" in error.reason and error.line == 17
    assert not (tmp_path / "pwned").exists()
    assert str(error).startswith(f"{path}:17:")


@pytest.mark.parametrize("tagged", ["!!str no", "!custom x", "!<tag:yaml.org,2002:int> 3"])
def test_every_explicit_tag_is_refused(tmp_path: Path, tagged: str) -> None:
    assert "tags" in refused(write(tmp_path, sidecar_with_text(tagged))).reason


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lines.append(f"{chr(i)}: &{chr(i)} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    began = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - began < 1
    assert "anchors" in error.reason and (error.line, error.column) == (1, 4)


def test_alias_alone_is_refused() -> None:
    with pytest.raises(InputError, match="aliases"):
        load_documents("a: x\nb: *a\n", "f.yaml")


def test_duplicate_keys_are_refused_with_position(tmp_path: Path) -> None:
    body = sidecar_with_text("words").replace("author: transcriber-a\n", "author: a\nauthor: b\n")
    error = refused(write(tmp_path, body))
    assert "duplicate key 'author'" in error.reason
    assert (error.line, error.column) == (9, 1)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    error = refused(
        write(tmp_path, HEADER + "---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n...\n")
    )
    # Our own limit, or libyaml's (PyYAML >= 6.0.4 stops at 1000 levels before we look).
    assert f"deeper than {MAX_DEPTH}" in error.reason or "nesting depth" in error.reason
    assert error.line is not None


def test_fifty_megabytes_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt.review.yaml"
    with open(path, "wb") as fh:
        fh.write(HEADER.encode())
        fh.truncate(50 * 1024 * 1024)
    began = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - began < 0.5
    assert "limit" in error.reason and MAX_SIDECAR_BYTES < 50 * 1024 * 1024


def test_wrong_types_name_the_field_and_place(tmp_path: Path) -> None:
    body = sidecar_with_text("words").replace("revision: 1", "revision: one")
    error = refused(write(tmp_path, body))
    assert "`revision` must be a whole number" in error.reason
    assert (error.line, error.column) == (5, 11)
    body = sidecar_with_text("words").replace("start: 812", "start: [812]")
    error = refused(write(tmp_path, body))
    assert "`start`" in error.reason and error.line == 19


def test_date_only_saved_is_refused(tmp_path: Path) -> None:
    body = sidecar_with_text("w").replace("saved: 2026-11-26T21:41:07Z", "saved: 2024-01-02")
    error = refused(write(tmp_path, body))
    assert "UTC time" in error.reason and (error.line, error.column) == (10, 8)


def test_offset_times_are_converted_to_utc(tmp_path: Path) -> None:
    body = sidecar_with_text("w").replace("21:41:07Z", "23:41:07+02:00")
    saved = load_sidecar(write(tmp_path, body)).revisions[0].saved
    assert (saved.hour, saved.utcoffset().total_seconds()) == (21, 0)


def test_unknown_fields_and_events_are_refused(tmp_path: Path) -> None:
    body = sidecar_with_text("w").replace("evidence: listened", "evidnce: listened")
    assert "lacks the field `evidence`" in refused(write(tmp_path, body)).reason
    body = sidecar_with_text("w").replace("message:", "mood: good\nmessage:")
    assert "unknown field `mood`" in refused(write(tmp_path, body)).reason
    body = sidecar_with_text("w").replace("- propose:", "- teleport:")
    assert "unknown event `teleport`" in refused(write(tmp_path, body)).reason


def test_anchor_must_agree_with_its_quote(tmp_path: Path) -> None:
    body = sidecar_with_text("w").replace("end: 823", "end: 830")
    assert "`exact` has 11 characters" in refused(write(tmp_path, body)).reason


def test_newer_schema_asks_for_an_upgrade(tmp_path: Path) -> None:
    body = sidecar_with_text("w").replace("transcript-review/1", "transcript-review/2")
    error = refused(write(tmp_path, body))
    assert "newer transcript-review" in error.reason and "upgrade" in error.reason
    assert error.line == 1
    body = sidecar_with_text("w").replace("transcript-review/1", "some-other-tool/1")
    assert "not a transcript-review sidecar" in refused(write(tmp_path, body)).reason


def test_broken_yaml_reports_position(tmp_path: Path) -> None:
    error = refused(write(tmp_path, HEADER + "---\nrevision: [1\n...\n"))
    assert "invalid YAML" in error.reason and error.line is not None


def test_c_loader_is_used_when_present() -> None:
    import yaml

    assert c_loader_available() == bool(yaml.__with_libyaml__)


AMBIGUOUS = ["no", "No", "y", "n", "on", "12:30", "2024-01-02", "1e3", "1.5", "0o17", "null", "~"]


@pytest.mark.parametrize(
    "value", AMBIGUOUS + ["", " lead", "trail ", "- dash", "#x", "a: b", "a\x85b", "\x85\n"]
)
@pytest.mark.parametrize("pure", [False, True])
def test_ambiguous_strings_are_quoted_and_round_trip(value: str, pure: bool) -> None:
    dumped = dump_document({"text": value}, pure=pure)
    assert f"text: {value}\n" not in dumped or value == "- dash"
    assert load_documents(dumped, "x") == [{"text": value}]


def test_multi_line_text_is_a_block_and_not_folded() -> None:
    long_line = "word " * 100 + "end"
    dumped = dump_document({"text": f"first line\n{long_line}\nlast"})
    assert "text: |" in dumped
    assert long_line in dumped  # on one line: no folding
    # A line ending in a space cannot be a block in YAML; it is double-quoted, still unfolded.
    spaced = dump_document({"text": f"ends with space \n{long_line}"})
    assert f"\\n{long_line}" in spaced


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "text", "note"]), _TEXT, max_size=4))
def test_any_text_round_trips(data: dict[str, str]) -> None:
    dumped = dump_document(data)
    assert load_documents(dumped, "x") == [data]
    assert load_documents(dumped, "x", pure=True) == [data]
    assert load_documents(dump_document(data, pure=True), "x") == [data]
