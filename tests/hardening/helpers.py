"""Running the CLI on hostile files: in-process, with an alarm so a hang fails instead of
blocking the suite, and the one-line error contract checked in one place."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEED
from transcript_review.cli import main

#: Seconds a command on a hostile file may take before the test calls it a hang.
HANG_AFTER = 10


class Hung(Exception):
    """The command did not finish: it blocked on a FIFO or read without end."""


@contextlib.contextmanager
def alarm(seconds: int = HANG_AFTER) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli:
    """``cli(*args)`` runs ``transcript-review args`` and returns code, stdout, stderr."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: object) -> Result:
        with alarm():
            code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return Result(code, out, err)

    def fails(self, *args: object, warnings: bool = False) -> str:
        """The command ends with one error line and status 2; returns the line. With
        ``warnings``, warning lines may come first (a torn tail is reported, say)."""
        r = self(*args)
        assert r.code == 2, (r.code, r.out, r.err)
        assert "Traceback" not in r.err and "\x1b" not in r.err, r.err
        lines = r.err.splitlines()
        assert r.err.endswith("\n") and lines, r.err
        assert lines[-1].startswith("transcript-review: error: "), r.err
        if warnings:
            assert all(line.startswith("transcript-review: warning: ") for line in lines[:-1])
        else:
            assert len(lines) == 1, r.err
        return lines[-1]

    def ok(self, *args: object) -> str:
        r = self(*args)
        assert r.code == 0, (r.code, r.err)
        return r.out


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


def seed_copy(folder: Path, name: str = "speech.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(SEED.read_bytes())
    return target


def sidecar_of(transcript: Path) -> Path:
    return transcript.with_name(transcript.name + ".review.yaml")
