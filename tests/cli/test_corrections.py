"""The correction and history commands: each appends exactly one revision; bad input exits 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from transcript_review.cli import main
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    target = tmp_path / "canada.txt"
    shutil.copy(SEED, target)
    return target


class Run:
    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def json(self, *args: str) -> dict:
        return json.loads(self.ok(*args, "--json"))

    def fails(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 2, (code, out, err)
        assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err
        return err


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(capsys)


def revisions(path: Path) -> int:
    return len(load_sidecar(sidecar_path_for(path)).revisions)


def gap_id(run: Run, path: Path) -> str:
    return next(i["id"] for i in run.json("items", path)["items"] if i["kind"] == "gap")


def test_resolve_then_approve_by_another_reviewer(run: Run, seed: Path) -> None:
    gap = gap_id(run, seed)
    out = run.ok(
        "resolve", seed, gap, "in our collective efforts", "--user", "ana", "-m", "Heard it"
    )
    assert "saved revision 1" in out and revisions(seed) == 1
    items = run.json("items", seed)["items"]
    (correction,) = next(i for i in items if i["id"] == gap)["corrections"]
    assert run.json("status", seed)["gaps"] == {"total": 1, "open": 0, "proposed": 1, "resolved": 0}
    err = run.fails("approve", seed, correction, "--user", "ana")
    assert "own proposal" in err and revisions(seed) == 1
    run.ok("approve", seed, correction, "--user", "ben", "--comment", "matches the webcast")
    status = run.json("status", seed)
    assert status["gaps"]["resolved"] == 1 and status["revision"] == 2
    assert status["corrections"]["approved"] == 1
    assert "in our collective efforts" in run.ok("export", seed)
    assert "(inaudible)" not in run.ok("export", seed)
    log = run.json("log", seed)["revisions"]
    assert [(r["revision"], r["author"], r["role"], r["message"]) for r in log] == [
        (1, "ana", "editor", "Heard it"),
        (2, "ben", "reviewer", "Approve 1 correction"),
    ]
    assert log[0]["events"] == {"propose": 1} and log[1]["events"] == {"approve": 1}


def test_self_approval_allowed_by_config(run: Run, seed: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("allow_self_approval: true\n")
    run.ok("resolve", seed, gap_id(run, seed), "words", "--user", "ana")
    (cid,) = next(i for i in run.json("items", seed)["items"] if i["kind"] == "gap")["corrections"]
    run.ok("--config", config, "approve", seed, cid, "--user", "ana")
    assert run.json("--config", config, "status", seed)["gaps"]["resolved"] == 1
    # A reader without the setting applies the rules `check` enforces: not approved for them.
    assert run.json("status", seed)["gaps"]["resolved"] == 0


def test_confirm_dismiss_and_reject(run: Run, seed: Path) -> None:
    gap = gap_id(run, seed)
    run.ok("confirm", seed, gap, "--user", "ana")
    run.ok("dismiss", seed, gap, "--user", "cy", "--note", "a cough")
    ids = next(i for i in run.json("items", seed)["items"] if i["id"] == gap)["corrections"]
    assert len(ids) == 2
    run.ok("reject", seed, ids[1], "--user", "ben", "--comment", "it is speech")
    data = json.loads(run.ok("export", seed, "--format", "json"))
    kinds = {c["kind"]: c["status"] for c in data["corrections"]}
    assert kinds == {"confirm-gap": "proposed", "dismiss-gap": "rejected"}
    assert revisions(seed) == 3


def test_flag_and_replace_by_quote(run: Run, seed: Path) -> None:
    err = run.fails("flag", seed, "--quote", "Secretary General", "--reason", "title")
    assert "occurs 3 times" in err and "--occurrence" in err
    run.ok("flag", seed, "--quote", "Secretary General", "--occurrence", "2", "--reason", "title")
    assert run.json("status", seed)["flags"] == 1  # a proposed flag stands until rejected
    run.fails("replace", seed, "--quote", "not in the text", "--with", "x")
    run.ok("replace", seed, "--quote", "has also flown to", "--with", "has also flowed to")
    assert revisions(seed) == 2
    shown = run.ok("show", seed, "--include-proposed")
    assert "has also flowed to" in shown
    assert "has also flown to" in run.ok("show", seed)  # not approved yet
    assert (
        run.ok("show", seed, "--rev", "0") == SEED.read_text(encoding="utf-8").rstrip("\n") + "\n"
    )


def test_diff_marks_words_plainly_when_piped(run: Run, seed: Path) -> None:
    run.ok("replace", seed, "--quote", "has also flown to", "--with", "has also flowed to")
    assert run.ok("diff", seed) == "no differences\n"
    out = run.ok("diff", seed, "--include-proposed")
    assert "[-flown-]{+flowed+}" in out and out.startswith("@@ line 15 @@")
    run.fails("diff", seed, "--to", "9")


def test_export_formats_and_gap_styles(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "council.txt"
    shutil.copy(SAMPLES / "security-council-briefing-speakers.txt", path)
    txt = run.ok("export", path, "--gap-style", "inaudible-time")
    assert "[inaudible 00:03:05]" in txt and "[inaudible 00:05:12]" in txt
    assert "(Inaudible.)" not in txt and "been [inaudible] We call" in txt  # time estimated
    assert "[crosstalk]" in txt  # crosstalk is not inaudible speech: left as typed
    templated = run.ok("export", path, "--gap-style", "(inaudible at {time})")
    assert "(inaudible at 00:05:12)" in templated and "(inaudible at 00:03:05)" in templated
    assert "remains (inaudible) in the north" in templated  # no exact time: kept as typed
    run.fails("export", path, "--gap-style", "loud")
    md = run.ok("export", path, "--format", "md")
    assert md.startswith("# Security Council Open Debate") and "[^1]: uncertain" in md
    vtt = run.ok("export", path, "--format", "vtt")
    assert vtt.startswith("WEBVTT") and "00:00:05.000 --> " in vtt
    srt = run.ok("export", path, "--format", "srt")
    assert srt.startswith("1\n00:00:05,000 --> ")
    out = tmp_path / "out.txt"
    run.ok("export", path, "-o", out)
    assert out.read_text(encoding="utf-8").startswith("Security Council")
    assert "never overwritten" in run.fails("export", path, "-o", path)


def test_check_reports_orphans_with_exit_1_and_bad_sidecars_with_2(run: Run, seed: Path) -> None:
    assert run("check", seed)[0] == 0
    run.ok("replace", seed, "--quote", "has also flown to", "--with", "has also flowed to")
    assert run("check", seed)[0] == 0
    text = seed.read_text(encoding="utf-8")
    seed.write_text(
        text.replace("financial support has also flown to the African", "money went to")
    )
    code, out, _ = run("check", seed)
    assert code == 1 and "orphaned" in out and "has also flown to" in out
    sidecar = sidecar_path_for(seed)
    whole = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(whole + "--- !!python/object/apply:os.system ['echo pwned']\n...\n")
    err = run.fails("check", seed)
    assert str(sidecar) in err and "pwned" not in err
    sidecar.write_text(whole + "---\nrevision: 2\nid: 0bad")  # a save cut short: torn tail
    code, out, _ = run("check", seed)
    assert code == 1 and "unfinished revision" in out


def test_hostile_sidecar_is_refused_by_every_command_and_never_overwritten(
    run: Run, seed: Path
) -> None:
    sidecar = sidecar_path_for(seed)
    hostile = "schema: transcript-review/9\ntranscript: canada.txt\n"
    sidecar.write_text(hostile)
    gap = gap_id_without_sidecar(seed)
    for args in (("status", seed), ("items", seed), ("resolve", seed, gap, "w"), ("log", seed)):
        err = run.fails(*args)
        assert "upgrade" in err or "newer" in err, err
    assert sidecar.read_text() == hostile


def gap_id_without_sidecar(path: Path) -> str:
    from transcript_review.core.text.items import find_items
    from transcript_review.core.text.transcript import load_transcript

    return next(i.id for i in find_items(load_transcript(path)) if i.kind == "gap")


def test_unknown_ids_and_missing_files(run: Run, seed: Path, tmp_path: Path) -> None:
    assert "no gap or uncertain passage" in run.fails("resolve", seed, "g-zzzz", "w")
    assert "no correction" in run.fails("approve", seed, "c-nothing", "--user", "ben")
    assert "no such file" in run.fails("resolve", tmp_path / "none.txt", "g-1", "w")
    assert revisions(seed) == 0


def test_timing_command_and_suggestions_from_captions_beside(run: Run, seed: Path) -> None:
    vtt = seed.with_suffix(".vtt")
    vtt.write_text(
        "WEBVTT\n\nNOTE illustrative times written for this test\n\n"
        "00:00:01.000 --> 00:00:04.000\nThank you very much Mr. President, I shall be brief.\n\n"
        "00:00:30.000 --> 00:00:36.000\n"
        "The whole power of diplomacy will be relevant in the future in our collective efforts.\n\n"
        "00:00:37.000 --> 00:00:40.000\nNote the Secretary General believes\n",
        encoding="utf-8",
    )
    data = run.json("timing", seed)
    assert data["timing_file"].endswith("canada.vtt") and data["coverage"] > 0
    first = data["paragraphs"][0]
    assert first["source"] == "aligned" and first["time"] == pytest.approx(1.0)
    gap = next(i for i in run.json("items", seed)["items"] if i["kind"] == "gap")
    assert gap["time_source"] in {"aligned", "estimated"}
    (suggestion,) = gap["suggestions"]
    assert suggestion["source"] == "captions" and "collective efforts" in suggestion["text"]


def test_ids_take_unique_prefixes_and_ambiguity_is_named(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_text("One (inaudible) here.\n\nTwo (inaudible) there.\n", encoding="utf-8")
    err = run.fails("resolve", path, "g-", "words")
    assert "could be any of" in err
    first = gap_id(run, path)
    run.ok("resolve", path, first, "words", "--user", "ana")
    (cid,) = next(i for i in run.json("items", path)["items"] if i["id"] == first)["corrections"]
    run.ok("approve", path, cid[:6], "--user", "ben")
    assert run.json("status", path)["gaps"]["resolved"] == 1
    assert "no correction" in run.fails("approve", path, "c-zz", "--user", "ben")


def test_control_characters_in_a_transcript_never_reach_the_terminal(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "esc.txt"
    path.write_text("We act \x1b[31m(inaudible)\x1b[0m now.\n", encoding="utf-8")
    out = run.ok("items", path)
    assert "\x1b[31m" not in out and "�" in out


def test_a_verdict_repeating_the_standing_one_is_refused_and_nothing_is_written(
    run: Run, seed: Path
) -> None:
    run.ok("resolve", seed, gap_id(run, seed), "in our collective efforts", "--user", "ana")
    run.ok("replace", seed, "--quote", "has also flown to", "--with", "flowed", "--user", "ana")
    first, second = (
        c["id"] for c in json.loads(run.ok("export", seed, "--format", "json"))["corrections"]
    )
    run.ok("approve", seed, first, "--user", "ben")
    run.ok("reject", seed, second, "--user", "ben")
    before = sidecar_path_for(seed).read_bytes()
    err = run.fails("approve", seed, first, "--user", "cy")
    assert f"{first} is already approved (by ben in revision 3)" in err and "nothing" in err
    err = run.fails("reject", seed, second, "--user", "cy")
    assert f"{second} is already rejected (by ben in revision 4)" in err
    # one of several ids already decided: the others are not approved either
    err = run.fails("approve", seed, second, first, "--user", "cy")
    assert "already approved" in err
    assert sidecar_path_for(seed).read_bytes() == before
    # the opposite verdict is a change of mind, and allowed
    run.ok("reject", seed, first, "--user", "cy")
    assert revisions(seed) == 5


def test_export_json_keeps_the_proposers_words_in_an_amended_history(run: Run, seed: Path) -> None:
    from transcript_review.core.config import Config
    from transcript_review.core.editing.session import EditingSession
    from transcript_review.core.sidecar.records import Role

    run.ok("resolve", seed, gap_id(run, seed), "in our collective efforts", "--user", "ana")
    (cid,) = (
        c["id"]
        for c in json.loads(run.ok("export", seed, "--format", "json", "--include-proposed"))[
            "corrections"
        ]
    )
    reviewer = EditingSession.open(seed, Config(), user="ben", role=Role.REVIEWER)
    reviewer.amend(cid, "in all our efforts")
    reviewer.save()
    (corr,) = json.loads(run.ok("export", seed, "--format", "json"))["corrections"]
    assert corr["text"] == "in all our efforts"
    assert [(h["action"], h["by"], h["text"]) for h in corr["history"]] == [
        ("propose", "ana", "in our collective efforts"),
        ("amend", "ben", "in all our efforts"),
    ]


def test_a_save_under_a_guessed_name_says_which_and_how_to_choose(
    run: Run, seed: Path, tmp_path: Path
) -> None:
    code, out, err = run("flag", seed, "--quote", "has also flown to", "--reason", "odd")
    assert code == 0 and out.startswith("saved revision 1")
    assert err.startswith("transcript-review: note: saved as “") and err.count("\n") == 1
    assert "--user NAME, or user: NAME in " in err and "config.yaml" in err
    _, _, err = run("flag", seed, "--quote", "Canada", "--occurrence", "1", "--user", "ana")
    assert err == ""  # chosen with --user
    config = tmp_path / "config.yaml"
    config.write_text("user: Jane Doe\n")
    _, _, err = run("--config", config, "flag", seed, "--quote", "Canada", "--occurrence", "2")
    assert err == ""  # chosen in the config
    assert load_sidecar(sidecar_path_for(seed)).revisions[-1].author == "Jane Doe"


def test_commands_that_create_ids_print_them_and_json_gives_them(run: Run, seed: Path) -> None:
    out = run.ok(
        "replace", seed, "--quote", "has also flown to", "--with", "flowed", "--user", "ana"
    )
    summary, created = out.splitlines()
    assert summary.startswith("saved revision 1 to ") and created.startswith("created c-")
    replace_id = created.split()[1]
    assert created == f"created {replace_id} (replace)"
    run.ok("approve", seed, replace_id, "--user", "ben")  # a script can follow with the id
    data = run.json("flag", seed, "--quote", "Canada", "--occurrence", "1", "--user", "ana")
    assert data["revision"] == 3 and data["author"] == "ana" and data["role"] == "editor"
    assert data["sidecar"] == "canada.txt.review.yaml" and data["withdrawn"] == []
    (flag,) = data["created"]
    assert flag["kind"] == "flag" and flag["id"].startswith("f-")
    gap = gap_id(run, seed)
    for command, kind in (("confirm", "confirm-gap"), ("dismiss", "dismiss-gap")):
        (made,) = run.json(command, seed, gap, "--user", command)["created"]
        assert made["kind"] == kind
    (made,) = run.json("resolve", seed, gap, "words", "--user", "ana")["created"]
    assert made["kind"] == "resolve-gap"
    again = run.json("resolve", seed, gap, "other words", "--user", "ana")  # revises her own
    assert again["withdrawn"] == [made["id"]] and again["created"][0]["kind"] == "resolve-gap"
    ids = {c["id"]: c for c in run.json("items", seed)["corrections"]}
    assert ids[replace_id]["status"] == "approved" and ids[replace_id]["items"] == []
    assert ids[replace_id]["quote"] == "has also flown to" and ids[replace_id]["line"] == 15
    assert ids[flag["id"]]["reason"] == "uncertain" and ids[made["id"]]["status"] == "withdrawn"
    assert ids[again["created"][0]["id"]]["items"] == [gap]
    assert len(ids) == 6  # every correction, flag and proposal, whatever its status


def test_items_json_keeps_its_keys_and_lists_corrections_beside_them(run: Run, seed: Path) -> None:
    data = run.json("items", seed)
    assert list(data) == ["transcript", "items", "corrections"] and data["corrections"] == []
