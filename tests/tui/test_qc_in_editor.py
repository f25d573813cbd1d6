"""The final check's findings in the editor: checked in the background, listed and visited with
``n`` among the gaps, enter proposing a fix, ``x`` dismissing (undo, save, reopen), checked
again after an edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.tui.conftest import SIZE, checked, cursor_text, loaded
from transcript_review.core.config import Config
from transcript_review.core.sidecar.store import sidecar_path_for
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.dialogs import PromptDialog
from transcript_review.tui.edit_dialog import EditDialog


def with_slips(folder: Path) -> Path:
    """The seed with three slips: a doubled word (fix: one ``be``), an unclosed ``(`` (no
    fix) and a near miss of a member state's name (fix: the glossary's spelling)."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("I shall be brief", "I shall be be brief", 1)
    text = text.replace("Africa shows us the way", "Africa (and Kazakstan shows us the way", 1)
    path = folder / "slips.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def slips(tmp_path: Path) -> Path:
    return with_slips(tmp_path)


@pytest.fixture
def open_app(slips: Path) -> Callable[[], TranscriptReviewApp]:
    return lambda: TranscriptReviewApp.for_file(slips, Config(), "alice")


def rules(app: TranscriptReviewApp) -> list[str]:
    return [e.label for e in app.editor.worklist.entries if e.kind == "qc"]


def status(app: TranscriptReviewApp) -> str:
    return str(app.query_one("#status-line").render())


async def test_findings_are_listed_counted_and_visited_with_n_in_text_order(open_app) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        editor = app.editor
        assert editor.qc_state == "done"
        assert rules(app) == ["doubled-word", "unbalanced", "glossary-near-miss"]
        assert "qc 3 (1 error)" in status(app)
        panel = editor._table()
        assert panel is not None and panel.row_count == 5
        kinds = []
        for _ in range(5):
            await pilot.press("n")
            start = app.query_one("TranscriptView").cursor[0]
            kinds.append(editor.worklist.entries[editor.worklist.index_at(start)].kind)
        # in text order with the uncertain passage and the gap of the seed
        assert kinds == ["qc", "uncertain", "gap", "qc", "qc"]
        assert cursor_text(app) == "Kazakstan"
        # the status line says what the finding is, what enter and x do
        detail = app.editor.finding_detail()
        assert "“Kazakstan” looks like a misspelling of “Kazakhstan”" in detail
        assert "→ “Kazakhstan” (enter)" in detail and "x dismisses" in detail
        assert "glossary-near-miss (warning)" in detail
        assert "◆ “Kazakstan” looks like a misspelling" in status(app)
        await pilot.press("n")  # round to the first: the doubled word
        assert cursor_text(app) == "be"
        assert editor._act_here() == "qc"


async def test_enter_proposes_the_fix_and_the_recheck_drops_the_finding(open_app) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "enter")
        session = app.session
        assert [a.method for a in session.actions] == ["replace"]
        (fix,) = session.state.corrections.values()
        assert fix.text == "be" and "doubled-word" in (fix.note or "")
        # at once: the finding shows its fix proposed; after the re-check it is gone
        await checked(pilot)
        assert rules(app) == ["unbalanced", "glossary-near-miss"]
        assert "qc 2" in status(app)  # (the note of the fix leaves no room for "1 error")
        await pilot.press("u")  # one undo takes the fix back: the doubled word is found again
        assert session.actions == []
        await checked(pilot)
        assert rules(app) == ["doubled-word", "unbalanced", "glossary-near-miss"]


async def test_enter_on_a_finding_without_a_fix_says_what_to_do(open_app) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "n", "n")  # the unclosed "(": the cursor on "and" after it
        assert app.editor._finding_under_cursor().style == "unbalanced"
        await pilot.press("enter")
        assert app.session.actions == []
        note = app.editor.note
        assert "has no suggested fix" in note and "e edits" in note and "x dismisses" in note


async def test_x_dismisses_undo_brings_it_back_and_a_save_keeps_it(open_app, slips) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "n", "n", "n")  # Kazakstan
        await pilot.press("x")
        assert rules(app) == ["doubled-word", "unbalanced"]
        assert [a.method for a in app.session.actions] == ["dismiss_finding"]
        await pilot.press("u")
        assert rules(app) == ["doubled-word", "unbalanced", "glossary-near-miss"]
        await pilot.press("U")
        assert rules(app) == ["doubled-word", "unbalanced"]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")
        assert not app.session.dirty
    assert "qc-dismiss" in sidecar_path_for(slips).read_text(encoding="utf-8")
    again = open_app()
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert rules(again) == ["doubled-word", "unbalanced"]
        assert "qc 2 (1 error)" in str(again.query_one("#status-line").render())


async def test_x_on_a_finding_inside_a_flag_dismisses_the_finding(open_app) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "f", *"check", "enter")  # flag the sentence with "be be"
        assert app.editor._flag_under_cursor() is not None
        await pilot.press("x")
        assert [a.method for a in app.session.actions] == ["flag", "dismiss_finding"]
        await pilot.press("x")  # no finding here now: x clears the flag
        assert [a.method for a in app.session.actions][-1] == "clear_flag"


async def test_an_edit_that_fixes_the_slip_is_checked_again(open_app) -> None:
    app = open_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "n", "n", "e")  # the paragraph of the unclosed "("
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        area = dialog.query_one("TextArea")
        area.text = area.text.replace("Africa (and Kazakstan", "Africa and Kazakhstan")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditDialog)
        await checked(pilot)
        assert rules(app) == ["doubled-word"]
        assert "qc 1" in status(app) and "error" not in status(app)


async def test_a_broken_glossary_is_said_once_and_the_editor_works_on(slips: Path) -> None:
    slips.with_name("glossary.yaml").write_text("terms: [unclosed\n", encoding="utf-8")
    app = TranscriptReviewApp.for_file(slips, Config(), "alice")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.editor.qc_state == "failed"
        said = [n.message for n in app._notifications]
        assert any("final check did not run" in m and "glossary.yaml" in m for m in said)
        assert rules(app) == []  # no findings, and n still walks the gap and the passage
        await pilot.press("n", "n")
        assert app.editor._act_here() == "gap"


async def test_a_finding_on_a_whole_passage_leaves_enter_to_edit_it(make_app) -> None:
    """“Kadugli (ph)” is an uncertain passage and a finding (the (ph) left in): enter edits the
    passage, the fuller way to settle it; x dismisses the finding."""
    app = make_app("security-council-briefing-speakers.txt")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n")
        assert cursor_text(app) == "Kadugli"
        assert app.editor._finding_under_cursor().style == "notation-left"
        assert app.editor._act_here() == "uncertain"
        assert "(enter)" not in app.editor.finding_detail()
        await pilot.press("enter")
        assert isinstance(app.screen, EditDialog)
        await pilot.press("escape")
        await pilot.press("x")
        assert [a.method for a in app.session.actions] == ["dismiss_finding"]
        assert app.editor._finding_under_cursor() is None
