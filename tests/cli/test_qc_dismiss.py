"""``qc --dismiss/--restore/--include-dismissed``, ``qc DIR`` and ``items --qc``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcript_review.cli import main

from .test_qc import FINDING_KEYS


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def findings(capsys, path: Path, *extra: str) -> dict:
    code, out, err = run(capsys, "qc", path, "--json", *extra)
    assert code in (0, 1), err
    return json.loads(out)


def test_dismissing_an_error_from_the_command_line_saves_it_and_the_exit_is_0(
    capsys, tmp_path: Path
) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank *the delegates.\n")
    (finding,) = findings(capsys, path)["findings"]
    assert finding["rule"] == "unbalanced" and run(capsys, "qc", path)[0] == 1
    code, out, err = run(
        capsys, "qc", path, "--dismiss", finding["id"][:4], "--note", "as in the original",
        "--user", "ana",
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "saved revision 1 to s.txt.review.yaml"
    assert lines[1].startswith(f"dismissed {finding['id']} (unbalanced: “*”) as d-")
    code, out, _ = run(capsys, "qc", path)
    assert code == 0 and out == "s.txt: no findings; 1 dismissed; ready to publish\n"
    data = findings(capsys, path, "--include-dismissed")
    assert data["findings"] == [] and data["dismissals_not_found"] == []
    (dismissed,) = data["dismissed"]
    assert set(dismissed) == FINDING_KEYS | {"dismissals"}
    (d,) = dismissed["dismissals"]
    assert (d["author"], d["note"], d["revision"]) == ("ana", "as in the original", 1)
    assert "dismissed" not in findings(capsys, path)  # the keys stay as they were without it


def test_restoring_lists_the_finding_again(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank the the delegates.\n")
    (finding,) = findings(capsys, path)["findings"]
    assert run(capsys, "qc", path, "--dismiss", finding["id"], "--user", "ana")[0] == 0
    code, out, err = run(capsys, "qc", path, "--restore", finding["id"], "--json", "--user", "b")
    assert code == 0, err
    data = json.loads(out)
    assert data["revision"] == 2 and data["author"] == "b"
    assert [r["finding"] for r in data["restored"]] == [finding["id"]]
    assert [f["id"] for f in findings(capsys, path)["findings"]] == [finding["id"]]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--dismiss", "q-zzzz"], "no finding with id 'q-zzzz'"),
        (["--restore", "q-zzzz"], "no dismissed finding"),
        (["--note", "why"], "--note goes with --dismiss or --restore"),
        (["--user", "ana"], "go with --dismiss or --restore"),
        (["--dismiss", "q-", "--restore", "q-"], "one at a time"),
    ],
)
def test_wrong_dismissals_are_one_line_and_exit_2(capsys, tmp_path, args, says) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We met (inaudible) here.\n")
    code, out, err = run(capsys, "qc", path, *args)
    assert code == 2 and out == ""
    assert err.startswith("transcript-review: error: ") and says in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "s.txt.review.yaml").exists()


def test_open_work_and_a_second_dismissal_are_refused(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We met (inaudible) the the day.\n")
    data = findings(capsys, path)["findings"]
    gap = next(f for f in data if f["rule"] == "gap-open")
    doubled = next(f for f in data if f["rule"] == "doubled-word")
    code, _, err = run(capsys, "qc", path, "--dismiss", gap["id"])
    assert code == 2 and "open work" in err
    assert run(capsys, "qc", path, "--dismiss", doubled["id"], "--user", "a")[0] == 0
    code, _, err = run(capsys, "qc", path, "--dismiss", doubled["id"], "--user", "b")
    assert code == 2 and "already dismissed (by a in revision 1)" in err


def test_a_folder_is_checked_file_by_file_with_the_worst_exit(capsys, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("We thank the the delegates.\n")
    (tmp_path / "b.txt").write_text("We thank *the delegates.\n")
    code, out, err = run(capsys, "qc", tmp_path)
    assert code == 1, err
    assert "a.txt:1:10: warning: doubled-word" in out and "b.txt:1:10: error: unbalanced" in out
    assert out.rstrip().endswith(
        "total: 2 transcript(s) checked, 0 unreadable; 1 error(s), 1 warning(s), 0 note(s)"
    )
    code, out, _ = run(capsys, "qc", tmp_path, "--json")
    data = json.loads(out)
    assert code == 1 and data["exit"] == 1
    assert [(f["file"], f["exit"], f["error"]) for f in data["files"]] == [
        ("a.txt", 0, None),
        ("b.txt", 1, None),
    ]
    assert data["counts"] == {"error": 1, "warning": 1, "info": 0}
    assert [(f["file"], f["rule"]) for f in data["findings"]] == [
        ("a.txt", "doubled-word"),
        ("b.txt", "unbalanced"),
    ]
    assert set(data["findings"][0]) == FINDING_KEYS | {"file"}
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary\x00")
    code, out, err = run(capsys, "qc", tmp_path, "--json")
    data = json.loads(out)
    assert code == 2 and data["exit"] == 2
    assert data["files"][2]["file"] == "c.txt" and data["files"][2]["error"]
    code, _, err = run(capsys, "qc", tmp_path, "--dismiss", "q-1")
    assert code == 2 and "is a folder" in err


def test_items_lists_findings_only_when_asked(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We met (inaudible) and the the delegates.\n")
    code, out, _ = run(capsys, "items", path, "--json")
    plain = json.loads(out)
    assert code == 0 and [i["kind"] for i in plain["items"]] == ["gap"]
    code, out, _ = run(capsys, "items", path, "--json", "--qc")
    data = json.loads(out)
    assert [i["kind"] for i in data["items"]] == ["gap", "qc"]
    assert data["items"][0] == plain["items"][0] and data["corrections"] == plain["corrections"]
    qc = data["items"][1]
    assert (qc["rule"], qc["style"], qc["marker"], qc["suggestion"]) == (
        "doubled-word",
        "doubled-word",
        "the the",
        "the",
    )
    assert qc["status"] == "open" and qc["time_source"] == "estimated"
    code, out, _ = run(capsys, "items", path, "--json", "--kind", "qc")
    assert [i["kind"] for i in json.loads(out)["items"]] == ["qc"]
    code, out, _ = run(capsys, "items", tmp_path, "--json", "--qc")
    assert [(i["file"], i["kind"]) for i in json.loads(out)["items"]] == [
        ("s.txt", "gap"),
        ("s.txt", "qc"),
    ]


def test_an_ambiguous_id_names_the_candidates(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank the the delegates ,, today.\n")
    ids = [f["id"] for f in findings(capsys, path)["findings"]]
    assert len(ids) >= 2
    code, _, err = run(capsys, "qc", path, "--dismiss", "q-")
    assert code == 2 and "could be any of" in err and ids[0] in err
    assert not (tmp_path / "s.txt.review.yaml").exists()


def test_a_dismissal_under_a_guessed_name_says_which_and_how_to_choose(
    capsys, tmp_path: Path
) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank *the delegates.\n")
    (finding,) = findings(capsys, path)["findings"]
    code, out, err = run(capsys, "qc", path, "--dismiss", finding["id"])
    assert code == 0 and out.startswith("saved revision 1")
    assert err.startswith("transcript-review: note: saved as “") and err.count("\n") == 1
    code, out, err = run(capsys, "qc", path, "--restore", finding["id"], "--user", "ana")
    assert code == 0 and err == ""  # chosen with --user
