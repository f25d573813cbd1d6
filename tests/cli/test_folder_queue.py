"""``queue DIR``, ``approve DIR ID…``, ``reject DIR ID…``: the folder's review queue headless."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from transcript_review.cli import main
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def propose(capsys, path: Path, quote: str, new: str, user: str) -> str:
    code, out, err = run(
        capsys, "replace", path, "--quote", quote, "--occurrence", 1, "--with", new,
        "--user", user, "--json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["created"][0]["id"]


@pytest.fixture
def meeting(tmp_path: Path, capsys) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "meeting"
    (folder / "day2").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "day2/c.txt"):
        shutil.copy(SEED, folder / name)
    shutil.copy(SAMPLES / "press-briefing-stamped-lines.txt", folder / "quiet.txt")
    (folder / "scan\x1b[2J.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02" * 20)
    ids = {
        "a1": propose(capsys, folder / "a.txt", "Secretary General", "Secretary-General", "ana"),
        "b1": propose(capsys, folder / "b.txt", "regional organizations", "regional bodies", "cy"),
        "c1": propose(capsys, folder / "day2/c.txt", "Secretary General", "SecGen", "ben"),
    }
    return folder, ids


def test_queue_dir_json_has_the_file_rows_keys_plus_file(meeting, capsys) -> None:
    folder, ids = meeting
    code, out, err = run(capsys, "queue", folder / "a.txt", "--json")
    single = json.loads(out)["rows"]
    code, out, err = run(capsys, "queue", folder, "--json", "--recursive")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"folder", "recursive", "filter", "rows", "problems"}
    assert [(r["file"], r["id"]) for r in data["rows"]] == [
        ("a.txt", ids["a1"]),
        ("b.txt", ids["b1"]),
        ("day2/c.txt", ids["c1"]),
    ]
    assert data["rows"][0] == {"file": "a.txt", **single[0]}
    assert data["rows"][1]["change"] == "regional organizations → regional bodies"
    (problem,) = data["problems"]
    assert problem["file"] == "scan\x1b[2J.pdf" and "\x1b" not in problem["error"]
    assert "\x1b" not in out  # the file name is a JSON escape, never the raw character
    assert err.count("\n") == 0  # problems are in the JSON, not repeated on stderr
    code, out, _ = run(capsys, "queue", folder, "--json", "--filter", "file:b author:cy")
    assert [r["id"] for r in json.loads(out)["rows"]] == [ids["b1"]]
    code, out, _ = run(capsys, "queue", folder, "--json")  # not recursive: no day2/
    assert [r["file"] for r in json.loads(out)["rows"]] == ["a.txt", "b.txt"]


def test_queue_dir_table_names_the_file_and_the_problem(meeting, capsys) -> None:
    folder, ids = meeting
    code, out, err = run(capsys, "queue", folder)
    assert code == 0
    assert "2 proposal(s) matching “status:proposed” in 2 file(s)" in out
    assert ids["a1"] in out and ids["b1"] in out and "\x1b" not in out + err
    (line,) = err.splitlines()
    assert line.startswith("transcript-review: error: ") and "scan\\x1b[2J.pdf" in line


def test_approve_dir_saves_one_revision_per_touched_sidecar(meeting, capsys) -> None:
    folder, ids = meeting
    code, out, err = run(
        capsys, "approve", folder, ids["a1"], ids["b1"][:6], "--user", "ben", "-m", "day one"
    )
    assert code == 0, err
    assert out.splitlines() == [
        "a.txt: saved revision 2 to a.txt.review.yaml",
        "b.txt: saved revision 2 to b.txt.review.yaml",
    ]
    for name in ("a.txt", "b.txt"):
        last = load_sidecar(sidecar_path_for(folder / name)).revisions[-1]
        assert last.message == "day one" and last.author == "ben"
    code, out, err = run(capsys, "queue", folder, "--json", "--filter", "status:approved")
    assert [r["id"] for r in json.loads(out)["rows"]] == [ids["a1"], ids["b1"]]


def test_reject_dir_refuses_self_approval_and_bad_ids_saving_nothing(meeting, capsys) -> None:
    folder, ids = meeting
    before = sidecar_path_for(folder / "a.txt").read_bytes()
    code, out, err = run(
        capsys, "approve", folder, ids["a1"], f"day2/c.txt:{ids['c1']}", "--user", "ben",
        "--recursive",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.startswith("transcript-review: error: ") and err.count("\n") == 1
    assert "c.txt" in err
    assert sidecar_path_for(folder / "a.txt").read_bytes() == before
    code, out, err = run(capsys, "reject", folder, "nosuchid", "--user", "ben")
    assert code == 2 and "no correction with id 'nosuchid'" in err and err.count("\n") == 1
    code, out, err = run(capsys, "reject", folder, ids["b1"], "--user", "ben", "--comment", "no")
    assert code == 0 and out.startswith("b.txt: saved revision 2")


def test_an_id_in_two_files_is_refused_naming_both(meeting, capsys) -> None:
    folder, ids = meeting
    shutil.copy(folder / "a.txt", folder / "copy.txt")
    shutil.copy(sidecar_path_for(folder / "a.txt"), sidecar_path_for(folder / "copy.txt"))
    code, out, err = run(capsys, "approve", folder, ids["a1"], "--user", "ben")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "is in both a.txt and copy.txt; give it as FILE:ID" in err
    code, out, err = run(capsys, "approve", folder, f"copy.txt:{ids['a1']}", "--user", "ben")
    assert code == 0 and out.startswith("copy.txt: saved revision 2"), err


def test_recursive_with_a_file_and_a_missing_folder_are_one_line(meeting, capsys) -> None:
    folder, ids = meeting
    for args in (
        ("queue", folder / "a.txt", "--recursive"),
        ("approve", folder / "a.txt", ids["a1"], "--recursive", "--user", "ben"),
        ("queue", folder / "nowhere/", "--json"),
        ("queue", folder, "--filter", "status:aproved"),
    ):
        code, out, err = run(capsys, *args)
        assert code == 2 and out == "", args
        assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err


def test_a_file_that_cannot_be_saved_is_an_error_line_and_exit_2(meeting, capsys, monkeypatch):
    from transcript_review.core.editing import session as session_module
    from transcript_review.core.sidecar.store import LockError

    folder, ids = meeting
    real = session_module.append_revision

    def locked_for_a(path, *args, **kwargs):
        if Path(path).name == "a.txt.review.yaml":
            raise LockError(path, "locked by mallory (pid 4242); try again when she is done")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(session_module, "append_revision", locked_for_a)
    code, out, err = run(capsys, "approve", folder, ids["a1"], ids["b1"], "--user", "ben")
    assert code == 2
    assert out.splitlines() == ["b.txt: saved revision 2 to b.txt.review.yaml"]
    assert err.splitlines() == [
        "transcript-review: error: a.txt: not saved: locked by mallory (pid 4242); try again "
        "when she is done; run the command again for its ids"
    ]
