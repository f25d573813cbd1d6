"""`merge` and `git-setup` on the command line: exit statuses, one-line errors, outputs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.core.sharing.helpers import SPEECH, rev, span_of, write
from transcript_review.cli import COMMANDS, main
from transcript_review.core.sidecar.records import (
    Approve,
    Evidence,
    Flag,
    ProposalKind,
    Propose,
    Reject,
    Role,
)
from transcript_review.core.sidecar.store import load_sidecar

GAP = span_of(SPEECH, "(inaudible)")
BASE = [rev("b1", [Propose("c-gap", ProposalKind.RESOLVE_GAP, GAP, "w", Evidence.LISTENED)])]


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the commands in-process whether or not cli/__init__.py lists them yet."""
    monkeypatch.setitem(COMMANDS, "merge", "merge_commands:merge")
    monkeypatch.setitem(COMMANDS, "git-setup", "merge_commands:git_setup")


def _three(tmp_path: Path, ours_events: list, theirs_events: list) -> tuple[Path, Path, Path]:
    base = write(tmp_path / "base.review.yaml", BASE)
    ours = write(
        tmp_path / "speech.txt.review.yaml",
        BASE + [rev("o1", ours_events, parent="b1", author="ann", role=Role.REVIEWER, minute=2)],
    )
    theirs = write(
        tmp_path / "theirs.review.yaml",
        BASE + [rev("t1", theirs_events, parent="b1", author="ben", role=Role.REVIEWER, minute=3)],
    )
    return base, ours, theirs


def test_clean_merge_writes_ours_in_place_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _three(tmp_path, [Approve("c-gap")], [Flag("f-1", GAP, "odd")])
    assert main(["merge", str(base), str(ours), str(theirs)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("transcript-review: merged speech.txt.review.yaml: 3 revisions")
    loaded = load_sidecar(ours)
    assert [r.id for r in loaded.revisions] == ["b1", "o1", "t1"] and not loaded.warnings
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob(".*.new"))


def test_conflicting_verdicts_exit_1_with_a_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = _three(tmp_path, [Approve("c-gap")], [Reject("c-gap")])
    out = tmp_path / "merged.review.yaml"
    assert main(["merge", str(base), str(ours), str(theirs), "-o", str(out)]) == 1
    assert "1 conflicting verdict recorded as a question for the review queue (c-gap)" in (
        capsys.readouterr().out
    )
    assert "- question:" in out.read_text()
    assert "question" not in ours.read_text()  # -o given: OURS untouched
    # As git's driver the same merge succeeds (the question waits in the review queue).
    assert main(["merge", "--git", str(base), str(ours), str(theirs), "--path", "x"]) == 0
    assert "merged x:" in capsys.readouterr().err
    assert "- question:" in ours.read_text()


def test_output_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, ours, theirs = _three(tmp_path, [Approve("c-gap")], [Flag("f-1", GAP, "odd")])
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(theirs), "-o", "-"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("schema: transcript-review/1\n") and "id: t1" in out.out
    assert "merged" in out.err and ours.read_bytes() == before


@pytest.mark.parametrize(
    "problem",
    ["missing", "not-yaml", "other-transcript", "torn"],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], problem: str
) -> None:
    base, ours, theirs = _three(tmp_path, [Approve("c-gap")], [Flag("f-1", GAP, "odd")])
    if problem == "missing":
        theirs.unlink()
    elif problem == "not-yaml":
        theirs.write_text("schema: transcript-review/1\ntranscript: speech.txt\n<<<<<<< HEAD\n")
    elif problem == "other-transcript":
        theirs.write_text(theirs.read_text().replace("transcript: speech.txt", "transcript: b.txt"))
    else:
        with open(theirs, "a") as fh:
            fh.write("---\nrevision: 3\n")
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(theirs)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err
    assert ours.read_bytes() == before


def test_git_setup_outside_a_repository_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["git-setup"]) == 2
    err = capsys.readouterr().err
    assert "not inside a git repository" in err and err.count("\n") == 1


def test_git_setup_is_idempotent_locally_and_globally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitattributes").write_text("*.txt text")  # no final newline
    monkeypatch.chdir(repo / "sub")
    for _ in range(2):
        assert main(["git-setup"]) == 0
    assert (repo / ".gitattributes").read_text() == (
        "*.txt text\n*.review.yaml merge=transcript-review\n"
    )
    driver = subprocess.run(
        ["git", "config", "--local", "merge.transcript-review.driver"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert driver.endswith(" merge --git %O %A %B --path %P")
    out = capsys.readouterr().out
    assert "added `*.review.yaml merge=transcript-review`" in out and "already routes" in out
    # --global: the user's config and attributes file, also from outside any repository.
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        assert main(["git-setup", "--global"]) == 0
    attributes = home / ".config" / "git" / "attributes"
    assert attributes.read_text() == "*.review.yaml merge=transcript-review\n"
    gitconfig = subprocess.run(
        ["git", "config", "--global", "merge.transcript-review.name"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert gitconfig.strip() == "transcript-review sidecar merge"
