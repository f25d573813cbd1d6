"""One transcript that trips each rule, and one like it that must not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transcript_review.core.qc.registry import all_rules
from transcript_review.core.qc.rule_ids import RULE_IDS
from transcript_review.core.timing.audio import alignment_path

from .helpers import check, findings, open_as, write

#: rule id -> (text that trips it, words the finding is on, its suggestion, a text that does not)
TEXT_RULES: dict[str, tuple[str, str, str | None, str]] = {
    "unbalanced": (
        "We thank the (Chair for her work.\n",
        "(",
        None,
        "We thank the (Chair) for her work, and 1) the team.\n",
    ),
    "doubled-word": (
        "We support the the resolution.\n",
        "the the",
        "the",
        "We think that that is right, and we had had doubts.\n",
    ),
    "doubled-punctuation": (
        "We support it,, fully.\n",
        ",,",
        ",",
        "We support it... fully, and so on…, and on.\n",
    ),
    "space-before-punctuation": (
        "We support it , fully.\n",
        " ,",
        ",",
        "We support it, fully ... and here.\n",
    ),
    "double-space": (
        "We support  it.\n",
        "  ",
        " ",
        "We support it.  Two spaces after a full stop are a convention.\n",
    ),
    "notation-left": (
        "The camp at Kadugli (ph) is full.\n",
        "Kadugli (ph)",
        "Kadugli",
        "The camp at Kadugli is full.\n",
    ),
    "lowercase-sentence": (
        "We support it. the Council agrees.\n",
        "the",
        "The",
        "We met at 10 a.m. and, e.g. the Council, agreed. Mr. Smith spoke (Applause.) and left.\n",
    ),
    "glossary-near-miss": (
        "We thank the delegation of the Phillipines.\n",
        "Phillipines",
        "Philippines",
        "We thank the Philippine delegation, the Philippines and Vietnam.\n",
    ),
    "speaker-variants": (
        "MR. PRESIDENT: Thank you.\n\nMs. Lee: Thanks.\n\nMR. PRESIDENT: Next.\n\n"
        "Mr President: Go on.\n",
        "Mr President",
        "MR. PRESIDENT",
        "MR. PRESIDENT: Thank you.\n\nMs. Lee: Thanks.\n\nMR. PRESIDENT: Next.\n",
    ),
    "stamp-backwards": (
        "[00:01:00] We begin.\n\n[00:03:00] We go on.\n\n[00:02:00] We end.\n",
        "[00:02:00]",
        None,
        "[00:01:00] We begin.\n\n[00:02:00] We go on.\n\n[00:03:00] We end.\n",
    ),
}


def test_the_registry_and_the_config_know_the_same_rules() -> None:
    assert [r.id for r in all_rules()] == list(RULE_IDS)


@pytest.mark.parametrize("rule", sorted(TEXT_RULES))
def test_a_text_rule_trips_on_its_slip(tmp_path: Path, rule: str) -> None:
    text, words, suggestion, _ = TEXT_RULES[rule]
    found = findings(tmp_path, text, rule)
    assert [f.words for f in found] == [words]
    assert found[0].suggestion == suggestion
    line, column = found[0].line, found[0].column
    assert text.splitlines()[line - 1][column - 1 :].startswith(words)


@pytest.mark.parametrize("rule", sorted(TEXT_RULES))
def test_a_text_rule_stays_quiet_on_clean_text(tmp_path: Path, rule: str) -> None:
    _, _, _, clean = TEXT_RULES[rule]
    assert findings(tmp_path, clean, rule) == []


def test_markers_are_not_taken_for_slips(tmp_path: Path) -> None:
    text = (
        "We recall the [??] session. We met (Inaudible.) at noon (ceasefire proposal?) this "
        "week. Goma (sp?) and the [unclear: national mechanisms] here.\n"
    )
    rules = {f.rule for f in findings(tmp_path, text)}
    assert not rules & {
        "lowercase-sentence",
        "doubled-punctuation",
        "space-before-punctuation",
        "unbalanced",
    }


@pytest.mark.parametrize(("typed", "fix"), [("..", "."), (",.", "."), (";,", ","), (".,", ".")])
def test_doubled_punctuation_keeps_the_stronger_mark(tmp_path: Path, typed: str, fix: str) -> None:
    [found] = findings(tmp_path, f"We support it{typed} fully.\n", "doubled-punctuation")
    assert (found.words, found.suggestion) == (typed, fix)


def test_a_lone_star_is_unbalanced_but_a_passage_is_not(tmp_path: Path) -> None:
    assert findings(tmp_path, "We *support it.\n", "unbalanced")[0].words == "*"
    assert findings(tmp_path, "We *support it* fully.\n", "unbalanced") == []


def test_an_open_gap_is_an_error_until_it_is_decided(tmp_path: Path) -> None:
    path = write(tmp_path, "We met (inaudible) in Geneva.\n")
    session = open_as(path)
    [finding] = [f for f in check(session).findings if f.rule == "gap-open"]
    assert finding.severity.value == "error" and finding.words == "(inaudible)"
    assert check(session).errors == 1
    gap = session.items[0]
    session.resolve_gap(gap, "last week")
    result = check(session)
    assert [f.rule for f in result.findings] == ["proposal-unreviewed"]
    assert result.findings[0].words == "(inaudible)"  # approved text only: the marker stands
    proposed = check(session, include_proposed=True)
    assert proposed.findings[0].words == "last week"
    assert proposed.findings[0].source_start is None  # words a correction put there


def test_an_approved_resolution_leaves_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "We met (inaudible) in Geneva.\n")
    ana = open_as(path, "ana")
    fill = ana.resolve_gap(ana.items[0], "last week")
    ana.save("fill")
    from transcript_review.core.sidecar.records import Role

    ben = open_as(path, "ben", Role.REVIEWER)
    ben.approve(fill)
    ben.save("ok")
    assert check(open_as(path)).findings == []


def test_uncertain_passages_open_and_settled(tmp_path: Path) -> None:
    path = write(tmp_path, "We *support the text* fully.\n")
    session = open_as(path)
    assert [f.rule for f in check(session).findings] == ["uncertain-open"]
    item = session.items[0]
    session.replace(item.start, item.end, "support the text")
    assert "uncertain-open" not in {f.rule for f in check(session).findings}


def test_a_flag_stands_until_cleared(tmp_path: Path) -> None:
    path = write(tmp_path, "We support the text fully.\n")
    session = open_as(path)
    assert check(session).findings == []
    flag = session.flag(3, 10, "name spelling")
    found = [f for f in check(session).findings if f.rule == "flag-open"]
    assert [f.words for f in found] == ["support"]
    assert "name spelling" in found[0].message
    session.clear_flag(flag)
    assert not [f for f in check(session, include_proposed=True).findings if f.rule == "flag-open"]


def test_stamps_past_the_recordings_end(tmp_path: Path) -> None:
    path = write(tmp_path, "[00:00:10] We begin.\n\n[00:20:00] We end.\n")
    assert findings(tmp_path, path.read_text(), "stamp-past-end") == []  # length unknown
    alignment = {
        "media": {"duration": 600.0},
    }
    alignment_path(path).write_text(json.dumps(alignment))  # broken: warned, not checked
    result = check(open_as(path))
    assert result.warnings and not [f for f in result.findings if f.rule == "stamp-past-end"]


def test_stamps_past_the_recordings_end_with_a_real_alignment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcript_review.core.qc import check as check_module

    path = write(tmp_path, "[00:00:10] We begin.\n\n[00:20:00] We end.\n")
    monkeypatch.setattr(check_module, "recording_end", lambda p: (600.0, []))
    found = [f for f in check(open_as(path)).findings if f.rule == "stamp-past-end"]
    assert [f.words for f in found] == ["[00:20:00]"]
    monkeypatch.setattr(check_module, "recording_end", lambda p: (1500.0, []))
    assert not [f for f in check(open_as(path)).findings if f.rule == "stamp-past-end"]


def test_rules_are_switched_off_and_regraded_by_the_config(tmp_path: Path) -> None:
    from transcript_review.core.config import Config, QcSettings

    path = write(tmp_path, "We met (inaudible) in  Geneva.\n")
    session = open_as(path)
    default = {f.rule: f.severity.value for f in check(session).findings}
    assert default == {"gap-open": "error", "double-space": "info"}
    config = Config(qc=QcSettings(rules=(("gap-open", "warning"), ("double-space", "off"))))
    regraded = check(session, config=config)
    assert {f.rule: f.severity.value for f in regraded.findings} == {"gap-open": "warning"}
    assert regraded.errors == 0 and regraded.grades["double-space"] == "off"


def test_findings_after_an_approved_correction_point_back_into_the_file(tmp_path: Path) -> None:
    """Positions are the corrected text's; source offsets are the file's, past the edit."""
    from transcript_review.core.sidecar.records import Role

    text = "We met (inaudible) in Geneva.\n\nWe thank the the Chair.\n"
    path = write(tmp_path, text)
    ana = open_as(path, "ana")
    fill = ana.resolve_gap(ana.items[0], "on a long and sunny afternoon")
    ana.save("fill")
    ben = open_as(path, "ben", Role.REVIEWER)
    ben.approve(fill)
    ben.save("ok")
    [found] = check(open_as(path)).findings
    assert found.rule == "doubled-word" and found.line == 3 and found.paragraph == 1
    corrected = "We met on a long and sunny afternoon in Geneva.\n\nWe thank the the Chair.\n"
    assert corrected[found.start : found.end] == "the the"
    assert text[found.source_start : found.source_end] == "the the"


def test_a_slip_inside_corrected_words_has_no_place_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "We met (inaudible) in Geneva.\n")
    session = open_as(path)
    session.resolve_gap(session.items[0], "on on Tuesday")
    [found] = [
        f for f in check(session, include_proposed=True).findings if f.rule == "doubled-word"
    ]
    assert found.words == "on on"
    assert (found.source_start, found.source_end) == (None, None)
