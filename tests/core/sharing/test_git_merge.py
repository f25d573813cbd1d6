"""A real git repository: two branches add revisions to one sidecar, then `git merge`.

Without the driver git merges the YAML line by line and leaves conflict markers (the sidecar no
longer loads); with `transcript-review git-setup` the merge completes and keeps everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from transcript_review.core.corrections import Status, fold
from transcript_review.core.errors import InputError
from transcript_review.core.sharing.merge import MERGE_AUTHOR
from transcript_review.core.sidecar.store import load_sidecar
from transcript_review.core.text.items import find_items
from transcript_review.core.text.transcript import load_transcript

from .helpers import SPEECH, console_script


class Repo:
    """A git repository in a temporary folder, with an isolated HOME and git config."""

    def __init__(self, root: Path, script: Path) -> None:
        self.root = root / "repo"
        self.root.mkdir()
        self.script = script
        home = root / "home"
        home.mkdir()
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(root),
        }
        self.env.pop("GIT_CONFIG_GLOBAL", None)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Tester")
        self.git("config", "user.email", "tester@example.org")
        self.git("config", "commit.gpgsign", "false")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            args, cwd=self.root, env=self.env, capture_output=True, text=True, timeout=60
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
        return proc

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("git", *args, check=check)

    def tr(self, *args: str) -> str:
        """Run the real CLI (``python -m transcript_review.cli``) in the repository."""
        return self.run(sys.executable, "-m", "transcript_review.cli", *args).stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)


def _correction_ids(path: Path) -> dict[str, Status]:
    loaded = load_sidecar(path)
    state = fold(loaded.header, loaded.revisions, SPEECH)
    return {cid: c.status for cid, c in state.corrections.items()}


@pytest.fixture
def branches(tmp_path: Path) -> tuple[Repo, dict[str, object]]:
    """main: a transcript with one proposal; branch `ann` and branch `bob` each add revisions:
    proposals for the same gap (alternatives), flags, and opposite verdicts on one proposal."""
    repo = Repo(tmp_path, console_script())
    transcript = repo.root / "speech.txt"
    transcript.write_text(SPEECH, encoding="utf-8")
    gap1, gap2 = (i.id for i in find_items(load_transcript(transcript)) if i.kind == "gap")
    repo.tr("resolve", "speech.txt", gap1, "in our efforts", "--user", "tina", "-m", "First")
    repo.commit("Transcript and first proposal")
    (first,) = _correction_ids(repo.root / "speech.txt.review.yaml")

    repo.git("checkout", "-q", "-b", "ann")
    repo.tr("approve", "speech.txt", first, "--user", "ann", "-m", "Ann approves")
    repo.tr("flag", "speech.txt", "--quote", "flown", "--reason", "flown?", "--user", "ann")
    repo.tr("resolve", "speech.txt", gap2, "generous", "--user", "ann")
    repo.commit("Ann's review")

    repo.git("checkout", "-q", "main")
    repo.git("checkout", "-q", "-b", "bob")
    repo.tr("reject", "speech.txt", first, "--user", "bob", "--comment", "not what I hear")
    repo.tr("resolve", "speech.txt", gap2, "external", "--user", "bob")  # an alternative
    repo.tr("replace", "speech.txt", "--quote", "apply", "--with", "applaud", "--user", "bob")
    repo.commit("Bob's review")
    sidecar = repo.root / "speech.txt.review.yaml"
    sides = {}
    for branch in ("ann", "bob"):
        repo.git("checkout", "-q", branch)
        sides[branch] = load_sidecar(sidecar).revisions
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "ann")  # a fast-forward: main is now ann's branch
    return repo, {"first": first, "sides": sides}


def test_git_merge_without_the_driver_leaves_conflict_markers(
    branches: tuple[Repo, dict[str, object]],
) -> None:
    repo, _ = branches
    proc = repo.git("merge", "bob", "-m", "Merge bob", check=False)
    assert proc.returncode != 0 and "CONFLICT" in proc.stdout
    text = (repo.root / "speech.txt.review.yaml").read_text()
    assert "<<<<<<<" in text and ">>>>>>>" in text
    with pytest.raises(InputError):
        load_sidecar(repo.root / "speech.txt.review.yaml")


def test_git_merge_with_the_driver_keeps_every_revision_of_both(
    branches: tuple[Repo, dict[str, object]],
) -> None:
    repo, info = branches
    out = repo.run(str(repo.script), "git-setup").stdout
    assert "added `*.review.yaml merge=transcript-review`" in out
    repo.git("add", ".gitattributes")
    repo.git("commit", "-q", "-m", "Merge sidecars with transcript-review")
    proc = repo.git("merge", "bob", "-m", "Merge bob")
    assert "1 conflicting verdict recorded as a question" in proc.stdout + proc.stderr
    sidecar = repo.root / "speech.txt.review.yaml"
    text = sidecar.read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    assert repo.git("status", "--porcelain").stdout.strip() == ""  # merged and committed
    loaded = load_sidecar(sidecar)
    assert loaded.warnings == () and loaded.torn is None
    ids = [r.id for r in loaded.revisions]
    sides = info["sides"]
    assert isinstance(sides, dict)
    every = {r.id for revs in sides.values() for r in revs}
    assert len(ids) == len(set(ids)) == len(every) + 1  # + the question revision
    assert set(ids) - every == {loaded.revisions[-1].id}
    assert loaded.revisions[-1].author == MERGE_AUTHOR
    state = fold(loaded.header, loaded.revisions, SPEECH)
    proposed_on_a_side = {
        e.id for revs in sides.values() for r in revs for e in r.events if hasattr(e, "anchor")
    }
    assert proposed_on_a_side <= set(state.corrections)
    assert [q.about for q in state.open_questions] == [info["first"]]
    assert not state.problems
    # The merge is recorded in history; the CLI still reads the file.
    assert "question" in repo.tr("log", "speech.txt")
    check = repo.run(
        sys.executable, "-m", "transcript_review.cli", "check", "speech.txt", check=False
    )
    assert check.returncode in (0, 1) and "error" not in check.stderr
