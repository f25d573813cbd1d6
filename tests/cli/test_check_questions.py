"""`check` lists the open questions a merge recorded, and counts them as problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.sharing.helpers import SPEECH, rev, span_of, write
from transcript_review.cli import main
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sharing.merge import merge_files
from transcript_review.core.sidecar.records import (
    Approve,
    Evidence,
    ProposalKind,
    Propose,
    Reject,
    Role,
)
from transcript_review.core.sidecar.store import sidecar_path_for

GAP = span_of(SPEECH, "(inaudible)")
BASE = [rev("b1", [Propose("c-gap", ProposalKind.RESOLVE_GAP, GAP, "w", Evidence.LISTENED)])]


def merged_with_a_question(folder: Path) -> Path:
    """speech.txt with a sidecar where ann approved c-gap and ben rejected it, merged."""
    transcript = folder / "speech.txt"
    transcript.write_text(SPEECH, encoding="utf-8")
    base = write(folder / "base.review.yaml", BASE)
    ours = write(
        folder / "ours.review.yaml",
        BASE + [rev("o1", [Approve("c-gap")], parent="b1", author="ann", role=Role.REVIEWER)],
    )
    theirs = write(
        folder / "theirs.review.yaml",
        BASE
        + [
            rev(
                "t1",
                [Reject("c-gap")],
                parent="b1",
                author="ben",
                role=Role.REVIEWER,
                minute=3,
            )
        ],
    )
    result, _ = merge_files(base, ours, theirs)
    assert len(result.questions) == 1
    sidecar_path_for(transcript).write_bytes(result.encode())
    return transcript


def test_check_lists_an_open_question_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = merged_with_a_question(tmp_path)
    assert main(["check", str(transcript)]) == 1
    out = capsys.readouterr().out
    (line,) = [x for x in out.splitlines() if "open question" in x]
    assert line.startswith("speech.txt.review.yaml: revision 4: open question q-")
    assert " about c-gap: Conflicting verdicts merged: approved by ann" in line
    assert "rejected by ben" in line
    assert "all valid" not in out


def test_check_json_has_the_questions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript = merged_with_a_question(tmp_path)
    assert main(["check", str(transcript), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (question,) = report["questions"]
    assert question["about"] == "c-gap" and question["id"].startswith("q-")
    assert question["revision"] == 4 and "Conflicting verdicts" in question["text"]
    assert question["author"] == "transcript-review merge"
    assert report["problems"] == [] and report["orphaned"] == []


def test_a_new_verdict_answers_the_question_and_check_is_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = merged_with_a_question(tmp_path)
    session = EditingSession.open(transcript, Config(), user="cleo", role=Role.REVIEWER)
    assert [q.about for q in session.state.open_questions] == ["c-gap"]
    session.approve("c-gap", "listened again: the words are right")
    session.save("settle the merged question")
    assert main(["check", str(transcript), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"] == []
    assert main(["check", str(transcript)]) == 0
    assert "5 revision(s), all valid and anchored" in capsys.readouterr().out


def test_a_sidecar_without_questions_reports_an_empty_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = tmp_path / "speech.txt"
    transcript.write_text(SPEECH, encoding="utf-8")
    write(sidecar_path_for(transcript), BASE)
    assert main(["check", str(transcript), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"] == []
