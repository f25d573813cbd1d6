"""The headless commands: their JSON keys, and one-line errors with exit status 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from transcript_review.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_json_of_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "--json", str(SEED))
    data = json.loads(out)
    assert code == 0
    assert data["transcript"] == "canada-r2p-2011.txt"
    assert data["gaps"] == {"total": 1, "open": 1, "proposed": 0, "resolved": 0}
    assert data["uncertain"] == {"total": 1, "open": 1, "proposed": 0, "resolved": 0}
    assert data["revision"] == 0 and data["sidecar"] is None
    assert data["words"] == 584 and data["paragraphs"] == 6
    assert {"encoding", "sha256", "headings", "speakers", "stamps", "warnings"} <= set(data)


def test_items_json_keys_and_kind_filter(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "items", "--json", str(SEED))
    items = json.loads(out)["items"]
    assert code == 0 and [i["kind"] for i in items] == ["uncertain", "gap"]
    assert set(items[1]) >= {
        "id",
        "kind",
        "marker",
        "start",
        "end",
        "paragraph",
        "line",
        "time",
        "context",
    }
    text = SEED.read_text(encoding="utf-8")
    assert text[items[1]["start"] : items[1]["end"]] == "(inaudible)"
    _, out, _ = run(capsys, "items", "--json", "--kind", "gap", str(SEED))
    assert [i["kind"] for i in json.loads(out)["items"]] == ["gap"]


def test_items_table_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "items", str(SAMPLES / "security-council-briefing-speakers.txt"))
    assert code == 0 and "[crosstalk]" in out and "00:03:05" in out and "~00:0" in out


def test_the_file_alone_opens_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(SEED))
    assert code == 0 and "canada-r2p-2011.txt" in out


def _one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith("transcript-review: error: "), err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", ["status", "items", "open"])
def test_bad_files_give_one_line_and_status_2(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    cases = [
        (tmp_path / "missing.txt", "no such file"),
        (empty, "empty"),
        (binary, "binary"),
    ]
    if command == "open":  # status and items take a folder (tests/cli/test_folder.py)
        cases.append((tmp_path, "folder"))
    for path, reason in cases:
        err = _one_line_error(capsys, command, str(path))
        assert str(path) in err and reason in err


def test_usage_errors_are_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert "Missing argument" in _one_line_error(capsys, "items")
    assert "--kind" in _one_line_error(capsys, "items", "--kind", "nope", str(SEED))


def test_config_adds_patterns_and_bad_config_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "t.txt"
    transcript.write_text("We heard [no sound] then {Mr. Diallo} spoke.\n")
    config = tmp_path / "config.yaml"
    config.write_text(
        "markers:\n  gaps: ['\\[no sound\\]']\n  uncertain: ['\\{(?P<text>[^}]+)\\}']\n"
    )
    code, out, _ = run(capsys, "--config", str(config), "items", "--json", str(transcript))
    assert code == 0
    assert [(i["kind"], i["marker"]) for i in json.loads(out)["items"]] == [
        ("gap", "[no sound]"),
        ("uncertain", "{Mr. Diallo}"),
    ]
    config.write_text("markers:\n  gaps: ['[unclosed']\n")
    assert "bad regular expression" in _one_line_error(
        capsys, "--config", str(config), "status", str(transcript)
    )
    config.write_text("markers: [\n")
    assert "config.yaml:" in _one_line_error(
        capsys, "--config", str(config), "status", str(transcript)
    )
    assert "not found" in _one_line_error(
        capsys, "--config", str(tmp_path / "no.yaml"), "status", str(transcript)
    )


def test_per_user_config_is_found_in_the_platform_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "transcript-review").mkdir()
    (tmp_path / "transcript-review" / "config.yaml").write_text("markers:\n  gaps: ['<gap>']\n")
    transcript = tmp_path / "t.txt"
    transcript.write_text("A <gap> here.\n")
    _, out, _ = run(capsys, "status", "--json", str(transcript))
    assert json.loads(out)["gaps"]["total"] == 1


def test_cp1252_is_reported_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\xe9 (inaudible) done.\n".encode("latin-1"))
    code, out, err = run(capsys, "status", "--json", str(path))
    assert code == 0 and "cp1252" in err and json.loads(out)["encoding"] == "cp1252"


def test_the_console_script_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "transcript_review.cli", "status", "--json", str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["gaps"]["total"] == 1
    bad = subprocess.run(
        [sys.executable, "-m", "transcript_review.cli", "items", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (
        bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.splitlines()) == 1
    )


@pytest.mark.parametrize(
    "sidecar",
    [b"\x00\x00broken", b"revisions: [\n  - {number: 1,\n", b"\xff\xfe\x00garbage"],
    ids=["nul-bytes", "unclosed", "bad-encoding"],
)
def test_a_mangled_sidecar_is_one_line_naming_it_and_what_to_do(
    tmp_path: Path, sidecar: bytes
) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    side = tmp_path / "speech.txt.review.yaml"
    side.write_bytes(sidecar)
    result = subprocess.run(
        [sys.executable, "-m", "transcript_review.cli", "status", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "speech.txt.review.yaml" in lines[0] and "restore it" in lines[0]
    assert side.read_bytes() == sidecar  # nothing written over it


@pytest.mark.parametrize(
    ("content", "hint"),
    [(b"", "right file"), (b"\x00\x01\x02abc", "plain-text file"), (b"   \n\n", "right file")],
)
def test_an_unreadable_transcript_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, hint: str
) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(content)
    code, _, err = run(capsys, "status", str(path))
    assert code == 2 and hint in err and len(err.strip().splitlines()) == 1
