"""A first word that is neither a command nor a file is a mistyped command: one line, exit 2."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEED
from transcript_review.cli import cli, main

HELP = "(transcript-review --help lists commands)"


@pytest.fixture
def seed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "canada.txt"
    shutil.copy(SEED, target)
    return target


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr


def test_a_mistyped_command_is_named_with_the_closest_one(seed: Path) -> None:
    code, err = invoke("stauts", seed.name)
    assert code == 2
    assert err == (
        f'transcript-review: error: no command or file "stauts"; did you mean "status"? {HELP}\n'
    )


@pytest.mark.parametrize(
    ("typed", "meant"), [("exprot", "export"), ("aprove", "approve"), ("Status", "status")]
)
def test_other_typos(seed: Path, typed: str, meant: str) -> None:
    code, err = invoke(typed, seed.name)
    assert code == 2 and f'did you mean "{meant}"?' in err and err.count("\n") == 1


def test_no_close_command_still_says_where_the_commands_are(seed: Path) -> None:
    code, err = invoke("xyzzy")
    assert code == 2
    assert err == f'transcript-review: error: no command or file "xyzzy" {HELP}\n'


def test_global_options_may_come_before_the_typo(seed: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("user: ana\n", encoding="utf-8")
    code, err = invoke("--config", str(config), "stauts", seed.name)
    assert code == 2 and 'did you mean "status"?' in err


def test_an_existing_file_still_opens(seed: Path, tmp_path: Path) -> None:
    # Not a terminal: opening prints the summary.
    code, _ = invoke(seed.name)
    assert code == 0
    plain = tmp_path / "speech"  # no suffix, no folder: it exists, so it is a file to open
    shutil.copy(SEED, plain)
    result = CliRunner().invoke(cli, ["speech"])
    assert result.exit_code == 0 and "Transcript" in result.stdout


@pytest.mark.parametrize("missing", ["nope.txt", "sub/nope", "sub/speech"])
def test_a_missing_path_is_file_not_found(
    seed: Path, missing: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([missing]) == 2
    err = capsys.readouterr().err
    assert err == f"transcript-review: error: {missing}: no such file; check the path\n"


def test_a_typo_through_main(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stauts", seed.name]) == 2
    assert capsys.readouterr().err.startswith(
        'transcript-review: error: no command or file "stauts"; did you mean "status"?'
    )


@pytest.mark.skipif(shutil.which("transcript-review") is None, reason="console script missing")
def test_the_console_script(seed: Path) -> None:
    typo = subprocess.run(
        ["transcript-review", "stauts", seed.name], capture_output=True, text=True, check=False
    )
    assert typo.returncode == 2 and typo.stdout == ""
    assert typo.stderr == (
        f'transcript-review: error: no command or file "stauts"; did you mean "status"? {HELP}\n'
    )
    status = subprocess.run(
        ["transcript-review", "status", seed.name], capture_output=True, text=True, check=False
    )
    assert status.returncode == 0 and "canada.txt" in status.stdout
    missing = subprocess.run(
        ["transcript-review", "gone.txt"], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 2 and missing.stderr.startswith("transcript-review: error: ")
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr
