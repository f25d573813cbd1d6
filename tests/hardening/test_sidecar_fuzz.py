"""Random bytes and random YAML documents as sidecars, fed to every read command (issue 13):
each ends with exit 0 (or 1 from `check`, which lists problems) or 2, prints no traceback and
at most one error line (the last), and changes no file."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from tests.hardening.helpers import alarm
from transcript_review.cli import main

READ_COMMANDS: list[list[str]] = [
    ["status"],
    ["items", "--json"],
    ["timing"],
    ["log"],
    ["show"],
    ["diff", "--include-proposed"],
    ["check"],
    ["export", "--format", "json"],
]

#: Keys and values of real sidecars, so random documents get past the first checks often.
KEYS = [
    "schema",
    "transcript",
    "revision",
    "id",
    "parent",
    "author",
    "role",
    "saved",
    "transcript_sha256",
    "message",
    "events",
    "propose",
    "approve",
    "reject",
    "flag",
    "kind",
    "text",
    "anchor",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "evidence",
    "reason",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "transcript-review/1",
            "speech.txt",
            "editor",
            "reviewer",
            "c-0000abcd",
            "0badc0de",
            "2026-13-45T99:00:00Z",
            "0001-01-01T00:00:00+01:00",
            "2026-11-26T21:41:07Z",
            "replace",
            "resolve-gap",
            "listened",
            "Canada welcomes",
            "\x1b]0;pwned\x07",
            "0" * 64,
        ]
    ),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=25,
)
HEADER = "schema: transcript-review/1\ntranscript: speech.txt\n...\n"


def _run_all(sidecar_bytes: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        transcript = Path(folder) / "speech.txt"
        transcript.write_bytes(SEED.read_bytes())
        sidecar = Path(folder) / "speech.txt.review.yaml"
        sidecar.write_bytes(sidecar_bytes)
        before = {p.name: p.read_bytes() for p in Path(folder).iterdir()}
        for command in READ_COMMANDS:
            out, err = io.StringIO(), io.StringIO()
            with alarm(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([command[0], str(transcript), *command[1:]])
            _assert_one_line(command, code, err.getvalue())
        after = {p.name: p.read_bytes() for p in Path(folder).iterdir()}
        assert after == before


#: What a read command may warn about a sidecar it could still read (exit 0, or 1 from
#: ``check``): a torn tail left by an interrupted save, the revisions' numbering and parents
#: (hand edits, odd merges), verdicts that break the review rules. Each is one line; nothing
#: else may be printed, and a sidecar that cannot be read gets the error line alone.
LEGITIMATE_WARNINGS = (
    "are an unfinished revision (a save was interrupted)",
    "the position counts",
    "occurs twice (revision",
    "not an earlier revision",
    "the header names transcript",
    "break the review rules",
    "breaks the review rules",
)


def _assert_one_line(command: list[str], code: int, err: str) -> None:
    """Exit 2 with exactly the error line, or success with at most one line per warning."""
    lines = err.splitlines()
    allowed = (0, 1, 2) if command[0] == "check" else (0, 2)
    assert code in allowed, (command, code, err)
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("transcript-review: error: "), err
        return
    assert all(line.startswith("transcript-review: warning: ") for line in lines), err
    for line in lines:
        assert any(kind in line for kind in LEGITIMATE_WARNINGS), line
    assert len(lines) <= 2, err  # the torn tail, and the revisions' consistency in one line


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_as_a_sidecar(data: bytes) -> None:
    _run_all(data)


@FUZZ
@given(st.lists(DOCUMENTS, min_size=1, max_size=3), st.booleans())
def test_random_yaml_documents_as_a_sidecar(documents: list[object], with_header: bool) -> None:
    text = yaml.safe_dump_all(documents, explicit_start=True, explicit_end=True)
    _run_all(((HEADER + text) if with_header else text).encode("utf-8"))


@FUZZ
@given(st.binary(min_size=1, max_size=200), st.integers(0, 2000))
def test_a_valid_sidecar_with_random_bytes_spliced_in(data: bytes, at: int) -> None:
    valid = (
        HEADER + "---\nrevision: 1\nid: 0badc0de\nparent: null\nauthor: ana\nrole: editor\n"
        "saved: '2026-11-26T21:41:07Z'\ntranscript_sha256: " + "0" * 64 + "\nmessage: m\n"
        "events:\n- flag:\n    id: f-0000abcd\n    reason: r\n    anchor:\n"
        "      exact: Canada welcomes\n      prefix: ''\n      suffix: ''\n"
        "      start: 2747\n      end: 2762\n...\n"
    ).encode()
    at = min(at, len(valid))
    _run_all(valid[:at] + data + valid[at:])


def test_a_sidecar_with_many_inconsistent_revisions_gets_one_warning_line(tmp_path: Path) -> None:
    """Every revision misnumbered, repeated and with an unknown parent: one line, not one per
    problem (there were five here, and a long hand-edited sidecar printed hundreds)."""
    revision = (
        "---\nrevision: {n}\nid: 0badc0de\nparent: {parent}\nauthor: ana\nrole: editor\n"
        "saved: '2026-11-26T21:41:07Z'\ntranscript_sha256: " + "0" * 64 + "\nmessage: m\n"
        "events:\n- flag:\n    id: f-0000abc{n}\n    reason: r\n    anchor:\n"
        "      exact: Canada welcomes\n      prefix: ''\n      suffix: ''\n"
        "      start: 2747\n      end: 2762\n...\n"
    )
    transcript = tmp_path / "speech.txt"
    transcript.write_bytes(SEED.read_bytes())
    sidecar = tmp_path / "speech.txt.review.yaml"
    sidecar.write_text(
        HEADER + revision.format(n=5, parent="p1") + revision.format(n=7, parent="p2")
    )
    for command in READ_COMMANDS:
        out, err = io.StringIO(), io.StringIO()
        with alarm(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([command[0], str(transcript), *command[1:]])
        assert len(err.getvalue().splitlines()) == 1, err.getvalue()
        _assert_one_line(command, code, err.getvalue())
        assert "revision 1 is numbered 5" in err.getvalue()
        assert "(and 2 more like these)" in err.getvalue()
