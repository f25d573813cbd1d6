"""The folder commands: status, items, check and export given a DIR, their JSON and exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from transcript_review.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def meeting(tmp_path: Path) -> Path:
    """The four samples, a binary file, and a subfolder with one more transcript."""
    folder = tmp_path / "meeting"
    folder.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02" * 20)
    (folder / "day2").mkdir()
    shutil.copy(SAMPLES / "canada-r2p-2011.txt", folder / "day2" / "closing.txt")
    return folder


def _gap_id(capsys: pytest.CaptureFixture[str], path: Path) -> str:
    _, out, _ = run(capsys, "items", "--json", "--kind", "gap", str(path))
    return json.loads(out)["items"][0]["id"]


def _resolve(capsys: pytest.CaptureFixture[str], path: Path, words: str) -> str:
    """Propose words for the first gap as ana; the correction's id."""
    gap = _gap_id(capsys, path)
    code, out, err = run(capsys, "resolve", str(path), gap, words, "--user", "ana", "--json")
    assert code == 0, err
    return json.loads(out)["created"][0]["id"]


def test_status_dir_json_has_the_single_file_keys_per_file_and_totals(
    meeting: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = meeting / "canada-r2p-2011.txt"
    _resolve(capsys, seed, "our shared resolve")
    code, out, _ = run(capsys, "status", "--json", str(seed))
    single = json.loads(out)

    code, out, err = run(capsys, "status", "--json", str(meeting))
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"folder", "recursive", "files", "totals", "unattached"}
    rows = {r["file"]: r for r in data["files"]}
    assert set(rows) == {
        "canada-r2p-2011.txt",
        "human-rights-council-bracket-times.txt",
        "press-briefing-stamped-lines.txt",
        "scan.pdf",
        "security-council-briefing-speakers.txt",
    }
    row = rows["canada-r2p-2011.txt"]
    # Every key of `status FILE --json`, with the same values, plus the folder's own.
    assert {k: row[k] for k in single} == single
    assert set(row) - set(single) == {
        "file", "error", "timing_source", "duration", "last_revision",
    }  # fmt: skip
    assert row["gaps"]["proposed"] == 1 and row["corrections"]["proposed"] == 1
    assert row["last_revision"]["author"] == "ana" and row["last_revision"]["revision"] == 1
    assert 0 <= row["last_revision"]["age_seconds"] < 600
    assert "binary" in rows["scan.pdf"]["error"]
    totals = data["totals"]
    assert totals["transcripts"] == 5 and totals["errors"] == 1 and totals["sidecars"] == 1
    good = [r for r in data["files"] if r["error"] is None]
    assert totals["words"] == sum(r["words"] for r in good)
    assert totals["gaps"]["total"] == sum(r["gaps"]["total"] for r in good)

    code, out, _ = run(capsys, "status", "--json", "--recursive", str(meeting))
    assert "day2/closing.txt" in {r["file"] for r in json.loads(out)["files"]}


def test_status_dir_text_lists_every_file_and_the_errors(
    meeting: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "status", str(meeting))
    assert code == 0 and err == ""
    assert "press-briefing" in out and "unreadable" in out and "total:" in out
    assert "scan.pdf: this is a binary file" in out


def test_status_of_a_file_is_unchanged_and_recursive_needs_a_folder(
    meeting: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = meeting / "canada-r2p-2011.txt"
    code, out, _ = run(capsys, "status", "--json", str(seed))
    assert code == 0 and "file" not in json.loads(out)
    code, _, err = run(capsys, "status", "--recursive", str(seed))
    assert code == 2 and "--recursive applies to a folder" in err and err.count("\n") == 1


def test_items_dir_json_every_item_and_correction_carries_its_file(
    meeting: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _resolve(capsys, meeting / "press-briefing-stamped-lines.txt", "the agenda")
    code, out, err = run(capsys, "items", "--json", str(meeting))
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"folder", "items", "corrections", "errors"}
    files = {i["file"] for i in data["items"]}
    assert "security-council-briefing-speakers.txt" in files and len(files) == 4
    single_code, single_out, _ = run(
        capsys, "items", "--json", str(meeting / "press-briefing-stamped-lines.txt")
    )
    single = json.loads(single_out)
    mine = [i for i in data["items"] if i["file"] == "press-briefing-stamped-lines.txt"]
    assert [{k: v for k, v in i.items() if k != "file"} for i in mine] == single["items"]
    assert [c["file"] for c in data["corrections"]] == ["press-briefing-stamped-lines.txt"]
    assert [e["file"] for e in data["errors"]] == ["scan.pdf"]
    code, out, _ = run(capsys, "items", "--json", "--kind", "uncertain", str(meeting))
    assert {i["kind"] for i in json.loads(out)["items"]} == {"uncertain"}


def test_check_dir_checks_every_sidecar_and_exits_with_the_worst(
    meeting: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(meeting))
    assert code == 0 and "no sidecars yet" in out
    seed = meeting / "canada-r2p-2011.txt"
    _resolve(capsys, seed, "our shared resolve")
    _resolve(capsys, meeting / "press-briefing-stamped-lines.txt", "the agenda")
    code, out, _ = run(capsys, "check", "--json", str(meeting))
    data = json.loads(out)
    assert code == 0 and data["exit"] == 0
    assert [s["file"] for s in data["sidecars"]] == [
        "canada-r2p-2011.txt",
        "press-briefing-stamped-lines.txt",
    ]
    assert all(s["revisions"] == 1 and s["problems"] == [] for s in data["sidecars"])

    # The gap's words are gone from the transcript: its correction is orphaned -> 1.
    seed.write_text(seed.read_text().replace("(inaudible)", "words"))
    code, out, _ = run(capsys, "check", "--json", str(meeting))
    data = json.loads(out)
    assert code == 1 and data["exit"] == 1
    assert [s["exit"] for s in data["sidecars"]] == [1, 0]
    assert data["sidecars"][0]["orphaned"]

    # A sidecar that cannot be read -> 2, and the others are still checked.
    (meeting / "press-briefing-stamped-lines.txt.review.yaml").write_text("- [unclosed\n")
    code, out, err = run(capsys, "check", str(meeting))
    assert code == 2
    assert "is orphaned" in out and "press-briefing-stamped-lines.txt.review.yaml" in err

    # A sidecar whose transcript is gone counts as a problem.
    (meeting / "press-briefing-stamped-lines.txt.review.yaml").unlink()
    (meeting / "gone.txt.review.yaml").write_text("x\n")
    code, out, _ = run(capsys, "check", "--json", str(meeting))
    assert code == 1 and json.loads(out)["unattached"] == ["gone.txt.review.yaml"]


def test_export_dir_writes_one_file_per_transcript_and_nothing_beside_them(
    meeting: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = meeting / "canada-r2p-2011.txt"
    proposal = _resolve(capsys, seed, "our shared resolve")
    assert run(capsys, "approve", str(seed), proposal, "--user", "ben")[0] == 0
    before = sorted(p.relative_to(meeting) for p in meeting.rglob("*"))
    out = tmp_path / "exports"
    code, _, err = run(
        capsys, "export", str(meeting), "--format", "md", "--out", str(out), "--recursive"
    )
    assert code == 2  # scan.pdf could not be exported; the others were
    assert "scan.pdf" in err and "exported 5 of 6 transcript(s)" in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == [
        "canada-r2p-2011.md",
        "day2/closing.md",
        "human-rights-council-bracket-times.md",
        "press-briefing-stamped-lines.md",
        "security-council-briefing-speakers.md",
    ]
    assert sorted(p.relative_to(meeting) for p in meeting.rglob("*")) == before
    single_code, single, _ = run(capsys, "export", str(seed), "--format", "md")
    assert (out / "canada-r2p-2011.md").read_text() == single
    assert "our shared resolve" in single

    os.remove(meeting / "scan.pdf")
    code, _, _ = run(capsys, "export", str(meeting), "--format", "txt", "--out", str(out))
    assert code == 0 and (out / "canada-r2p-2011.txt").exists()


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        (lambda m: m, "is the folder being exported"),
        (lambda m: m / "out", "inside the folder being exported"),
        (lambda m: m.parent, "contains the folder being exported"),
        (lambda m: m / "canada-r2p-2011.txt", "is a file"),
    ],
    ids=["same", "inside", "parent", "file"],
)
def test_export_dir_refuses_an_out_folder_among_the_transcripts(
    meeting: Path, where, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.relative_to(meeting) for p in meeting.rglob("*"))
    code, out, err = run(capsys, "export", str(meeting), "--out", str(where(meeting)))
    assert code == 2 and reason in err and err.count("\n") == 1 and out == ""
    assert sorted(p.relative_to(meeting) for p in meeting.rglob("*")) == before


def test_export_options_that_name_one_file_are_refused_for_a_folder(
    meeting: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = meeting / "canada-r2p-2011.txt"
    for args, reason in [
        (["export", str(meeting)], "give --out OUTDIR"),
        (["export", str(meeting), "-o", str(tmp_path / "x.txt")], "give --out OUTDIR"),
        (["export", str(meeting), "--out", str(tmp_path / "o"), "--timing", str(seed)], "--timing"),
        (["export", str(seed), "--out", str(tmp_path / "o")], "use -o OUT"),
        (["items", str(meeting), "--reference", str(seed)], "--reference"),
    ]:
        code, _, err = run(capsys, *args)
        assert code == 2 and reason in err and err.count("\n") == 1, (args, err)
