"""``qc``: its JSON, its exit statuses (0 no errors, 1 errors, 2 bad input) and its lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEED
from transcript_review.cli import main
from transcript_review.core.qc.rule_ids import RULE_IDS

FINDING_KEYS = {
    "id", "rule", "severity", "paragraph", "line", "column", "start", "end", "words",
    "message", "suggestion", "source_start", "source_end", "about",
}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_of_the_seed_lists_its_open_gap_as_an_error(capsys, tmp_path: Path) -> None:
    seed = tmp_path / SEED.name
    seed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(capsys, "qc", seed, "--json")
    assert code == 1, err
    data = json.loads(out)
    assert set(data) == {
        "transcript", "include_proposed", "glossary", "rules", "counts", "findings",
    }  # fmt: skip
    assert data["transcript"] == SEED.name and data["include_proposed"] is False
    assert set(data["rules"]) == set(RULE_IDS)
    assert data["glossary"]["terms"] > 193
    rules = [f["rule"] for f in data["findings"]]
    assert rules == ["uncertain-open", "gap-open"]
    gap = data["findings"][1]
    assert set(gap) == FINDING_KEYS
    assert gap["severity"] == "error" and gap["words"] == "(inaudible)"
    assert gap["about"].startswith("g-") and gap["id"].startswith("q-")
    assert data["counts"] == {"error": 1, "warning": 1, "info": 0}


def test_exit_0_when_only_warnings_remain(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank the the Phillipines.\n")
    code, out, err = run(capsys, "qc", path)
    assert code == 0, err
    assert "s.txt:1:10: warning: doubled-word:" in out
    assert "glossary-near-miss" in out and "→ “Philippines”" in out
    assert out.rstrip().endswith("0 error(s), 2 warning(s), 0 note(s)")


def test_a_clean_transcript_says_ready(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank the Philippines.\n")
    code, out, _ = run(capsys, "qc", path)
    assert (code, out) == (0, "s.txt: no findings; ready to publish\n")


def test_include_proposed_checks_the_proposed_words(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We met (inaudible) in Geneva.\n")
    assert run(capsys, "resolve", path, "g-", "the the Phillipines", "--user", "ana")[0] == 0
    code, out, _ = run(capsys, "qc", path, "--json")
    assert code == 0  # the gap has a proposal: a warning, no error
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["proposal-unreviewed"]
    code, out, _ = run(capsys, "qc", path, "--json", "--include-proposed")
    data = json.loads(out)
    assert data["include_proposed"] is True
    rules = sorted(f["rule"] for f in data["findings"])
    assert rules == ["doubled-word", "glossary-near-miss", "proposal-unreviewed"]


def test_control_characters_from_the_file_never_reach_the_terminal(capsys, tmp_path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We thank the [unclear: Ambassador \x1bc Lee] today.\n")
    _, out, _ = run(capsys, "qc", path)
    assert "notation-left" in out and "Ambassador �c Lee" in out
    assert "\x1b" not in out


@pytest.mark.parametrize(
    ("setup", "args", "says"),
    [
        (None, ["missing.txt"], "no such file"),
        ("glossary", ["s.txt"], "glossary.yaml:2:1: invalid YAML"),
        ("config-rule", ["s.txt"], "no rule 'doubled-words' (did you mean \"doubled-word\"?)"),
        ("config-grade", ["s.txt"], "'fatal' is not one of"),
        ("config-starter", ["s.txt"], "'qc.starter_glossary' must be true or false"),
        ("config-shape", ["s.txt"], "'qc' takes 'rules'"),
        (None, [], "missing FILE"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path: Path, setup, args, says) -> None:
    (tmp_path / "s.txt").write_text("We thank the Philippines.\n")
    config = tmp_path / "config.yaml"
    config.write_text("user: ana\n")
    if setup == "glossary":
        (tmp_path / "glossary.yaml").write_text("terms: [Okonkwo\n")
    elif setup == "config-rule":
        config.write_text("qc:\n  rules:\n    doubled-words: off\n")
    elif setup == "config-grade":
        config.write_text("qc:\n  rules:\n    doubled-word: fatal\n")
    elif setup == "config-starter":
        config.write_text("qc:\n  starter_glossary: 'yes'\n")
    elif setup == "config-shape":
        config.write_text("qc: [doubled-word]\n")
    code, out, err = run(capsys, "--config", config, "qc", *[tmp_path / a for a in args])
    assert code == 2 and out == ""
    assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err
    assert says in err


def test_the_config_switches_a_rule_off_with_a_bare_off(capsys, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("We met (inaudible) in Geneva.\n")
    config = tmp_path / "config.yaml"
    config.write_text("qc:\n  rules:\n    gap-open: off\n")
    code, out, _ = run(capsys, "--config", config, "qc", path, "--json")
    data = json.loads(out)
    assert code == 0 and data["findings"] == [] and data["rules"]["gap-open"] == "off"


def test_rules_lists_every_rule_with_its_default(capsys) -> None:
    code, out, _ = run(capsys, "qc", "--rules")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULE_IDS)
    assert lines[0].split()[1] == "error"
