"""Verdicts are applied by the same rules everywhere (issue 13): a hand-written revision in
which the proposer approves their own proposal, or an editor approves, is flagged by `check`
and is not applied by show, export, the editor or the review queue, which list it as invalid
with its revision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hardening.helpers import Cli, seed_copy, sidecar_of
from tests.tui.conftest import SIZE, loaded
from transcript_review.core.config import Config
from transcript_review.core.sidecar.records import Role
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.review_screen import ReviewScreen


def _forge(cli: Cli, folder: Path, *, author: str, role: str) -> tuple[Path, str]:
    """ana proposes new words; then a hand-written revision approves them."""
    transcript = seed_copy(folder)
    cli.ok(
        "replace",
        transcript,
        "--quote",
        "has also flown",
        "--with",
        "has also flowed",
        "--user",
        "ana",
    )
    items = cli.ok("export", transcript, "--format", "json", "--include-proposed")
    (cid,) = [c["id"] for c in json.loads(items)["corrections"]]
    sidecar = sidecar_of(transcript)
    first_id = sidecar.read_text().split("\nid: ")[1].split("\n")[0]
    sidecar.write_text(
        sidecar.read_text()
        + f"---\nrevision: 2\nid: 0badc0de\nparent: {first_id}\nauthor: {author}\n"
        f"role: {role}\nsaved: '2026-11-27T10:00:00Z'\n"
        "transcript_sha256: " + "0" * 64 + "\nmessage: looks right to me\n"
        f"events:\n- approve: {{id: {cid}}}\n...\n"
    )
    return transcript, cid


FORGERIES = {
    "self-approval": {"author": "ana", "role": "reviewer"},
    "role": {"author": "ben", "role": "editor"},
}


@pytest.mark.parametrize("rule", list(FORGERIES))
def test_check_lists_it_and_show_and_export_do_not_apply_it(
    cli: Cli, tmp_path: Path, rule: str
) -> None:
    transcript, cid = _forge(cli, tmp_path, **FORGERIES[rule])
    r = cli("check", transcript)
    assert r.code == 1 and f"revision 2: {rule}:" in r.out
    for command in (["show"], ["export"], ["export", "--format", "md"], ["diff"]):
        r = cli(command[0], transcript, *command[1:])
        assert r.code == 0, r.err
        assert "has also flowed" not in r.out and ("has also flown" in r.out or command == ["diff"])
        assert f"revision 2: {rule} on {cid}" in r.err and "not applied" in r.err
    data = json.loads(cli.ok("export", transcript, "--format", "json"))
    assert data["corrections"] == [] or all(c["status"] != "approved" for c in data["corrections"])
    status = json.loads(cli.ok("status", transcript, "--json"))
    assert status["corrections"]["approved"] == 0 and status["corrections"]["proposed"] == 1


def test_a_reader_who_allows_self_approval_applies_it(cli: Cli, tmp_path: Path) -> None:
    transcript, _ = _forge(cli, tmp_path, author="ana", role="reviewer")
    config = tmp_path / "config.yaml"
    config.write_text("allow_self_approval: true\n")
    assert "has also flowed" in cli.ok("--config", config, "show", transcript)
    assert cli("--config", config, "check", transcript).code == 0


async def test_the_editor_and_the_queue_do_not_apply_it(cli: Cli, tmp_path: Path) -> None:
    transcript, cid = _forge(cli, tmp_path, author="ana", role="reviewer")
    app = TranscriptReviewApp.for_file(transcript, Config(), "cy", Role.REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.session.state.get(cid).status.value == "proposed"
        toasts = " ".join(str(n.message) for n in app._notifications)
        assert f"revision 2: self-approval on {cid}" in toasts
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert [r.id for r in screen.rows] == [cid]  # still waiting for a verdict
