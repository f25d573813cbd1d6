"""Review mode: the queue, its filter, and one key per verdict, on real sidecars."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import SIZE, cursor_text, loaded
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.records import Role
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.dialogs import ConfirmDialog, PromptDialog
from transcript_review.tui.review_screen import ReviewScreen


def propose(path: Path, user: str = "ana") -> list[str]:
    """Two proposals by ``user``: words for the seed's gap, and a replacement."""
    session = EditingSession.open(path, Config(), user=user)
    gap = next(i for i in session.items if i.kind == "gap")
    first = session.resolve_gap(gap, "in our collective efforts")
    text = session.transcript.text
    start = text.index("has also flown to")
    second = session.replace(start, start + len("has also flown to"), "has also flowed to")
    session.save("Ana's proposals")
    return [first, second]


@pytest.fixture
def proposed(transcript_copy) -> tuple[Path, list[str]]:
    path = transcript_copy()
    return path, propose(path)


def review_app(path: Path, user: str = "ben", config: Config | None = None) -> TranscriptReviewApp:
    return TranscriptReviewApp.for_file(path, config or Config(), user, Role.REVIEWER)


def statuses(app: TranscriptReviewApp) -> dict[str, str]:
    return {c.id: c.status.value for c in app.session.state.corrections.values()}


async def test_review_flag_opens_the_queue_sorted_by_position(proposed) -> None:
    path, ids = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert [r.id for r in screen.rows] == ids
        detail = str(screen.query_one("#detail").render())
        assert "resolve-gap by ana" in detail and "in our collective efforts" in detail
        assert "evidence: listened" in detail


async def test_approve_reject_amend_and_save_as_one_reviewer_revision(proposed) -> None:
    path, (gap_fix, replace) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert statuses(app)[gap_fix] == "approved"
        await pilot.press("r")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"wrong verb", "enter")
        assert statuses(app)[replace] == "rejected"
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
    (last,) = load_sidecar(sidecar_path_for(path)).revisions[-1:]
    assert (last.author, last.role.value, len(last.events)) == ("ben", "reviewer", 2)
    assert last.message == "Approve 1 correction, reject 1 correction"


async def test_amend_records_the_reviewers_words(proposed) -> None:
    path, (gap_fix, _) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, PromptDialog)
        assert dialog.query_one("Input").value == "in our collective efforts"
        dialog.query_one("Input").value = "in all our efforts"
        await pilot.press("enter")
        corr = app.session.state.corrections[gap_fix]
        assert (corr.status.value, corr.text, corr.amended_by) == (
            "approved",
            "in all our efforts",
            "ben",
        )


async def test_skip_and_filter(proposed) -> None:
    path, ids = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        table = screen.query_one("#queue")
        await pilot.press("s")
        assert table.cursor_row == 1
        await pilot.press("slash")
        dialog = app.screen
        dialog.query_one("Input").value = "kind:replace"
        await pilot.press("enter")
        assert [r.id for r in screen.rows] == [ids[1]]
        await pilot.press("slash")
        app.screen.query_one("Input").value = "author:nobody"
        await pilot.press("enter")
        assert screen.rows == []
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""
        await pilot.press("enter")
        assert len(screen.rows) == 2


async def test_own_proposals_cannot_be_approved_and_the_key_says_why(proposed) -> None:
    path, (gap_fix, _) = proposed
    app = review_app(path, user="ana")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert statuses(app)[gap_fix] == "proposed"
        assert any("own proposal" in n.message for n in app._notifications)
        assert "your own proposal" in str(app.screen.query_one("#detail").render())


async def test_self_approval_when_the_setting_allows(proposed) -> None:
    path, (gap_fix, _) = proposed
    app = review_app(path, user="ana", config=Config(allow_self_approval=True))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert statuses(app)[gap_fix] == "approved"


async def test_approve_all_visible_states_the_count(proposed) -> None:
    path, ids = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("A")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and "Approve all 2" in dialog.question
        await pilot.press("y")
        assert set(statuses(app).values()) == {"approved"}


async def test_open_in_text_and_back(proposed) -> None:
    path, ids = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("s", "o")
        assert not isinstance(app.screen, ReviewScreen)
        assert cursor_text(app) == "has"
        await pilot.press("R")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)
        assert app.session.role is Role.EDITOR


async def test_unsaved_verdicts_keep_the_reviewer_role(proposed) -> None:
    path, _ = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("a", "escape")
        assert app.session.role is Role.REVIEWER
        assert any("Still a reviewer" in n.message for n in app._notifications)


async def test_editor_key_switches_to_review_and_the_styling_follows(proposed) -> None:
    path, (gap_fix, _) = proposed
    app = TranscriptReviewApp.for_file(path, Config(), "ben")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("R")
        assert isinstance(app.screen, ReviewScreen) and app.session.role is Role.REVIEWER
        await pilot.press("a", "ctrl+s", "enter")
        await pilot.pause()
        assert statuses(app)[gap_fix] == "approved" and not app.session.dirty
        await pilot.press("escape")  # back in the editor, which shows the approval
        spans = app.query_one("TranscriptView").document.spans
        tags = {s.tag for s in spans.overlapping(0, len(app.session.transcript.text))}
        assert "approved-old" in tags
        assert "gaps 0 open · 0 proposed" in app.query_one("#status-line").plain


async def test_outdated_proposal_is_marked(transcript_copy) -> None:
    path = transcript_copy()
    propose(path)
    text = path.read_text(encoding="utf-8")
    path.write_text("A new first line was added by the transcriber.\n\n" + text, encoding="utf-8")
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert all(r.outdated for r in screen.rows)
        assert "outdated" in str(screen.query_one("#detail").render())


async def test_review_palette_and_help(proposed) -> None:
    path, _ = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in (
            "Approve the selected proposal",
            "Reject the selected proposal",
            "Amend the proposed words",
            "Filter the queue",
            "Save the verdicts",
        ):
            assert wanted in titles
        await pilot.press("question_mark")
        first = app.screen.body.renderables[0]  # the queue's own keys come first here
        assert first.plain.strip().startswith("Review queue")


async def test_a_verdict_moves_to_the_very_next_proposal(transcript_copy) -> None:
    path = transcript_copy()
    ids = propose(path)
    session = EditingSession.open(path, Config(), user="ana")
    start = session.transcript.text.index("Canada strongly supports")
    third = session.replace(start, start + 6, "Canada")
    session.save("a third")
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert [r.id for r in screen.rows] == [ids[0], third, ids[1]]
        await pilot.press("a")  # the approved row stays (until the save); the cursor moves on
        assert screen.selected_row().id == third


async def test_o_then_r_comes_back_to_the_same_proposal_and_a_approves_it(proposed) -> None:
    path, (gap_fix, replace) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("s")
        assert app.screen.selected_row().id == replace
        await pilot.press("o")
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("R")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.selected_row().id == replace
        assert replace in str(screen.query_one("#detail").render())
        await pilot.press("a")
        assert statuses(app)[replace] == "approved" and statuses(app)[gap_fix] == "proposed"


async def test_leaving_the_queue_keeps_its_filter_selection_and_scroll(transcript_copy) -> None:
    import re

    path = transcript_copy()
    ana = EditingSession.open(path, Config(), user="ana")
    text = ana.transcript.text
    for start, end in [m.span() for m in re.finditer(r"[A-Za-z]{5,}", text)][:40]:
        ana.replace(start, end, text[start:end].upper())
    ana.save("many")
    app = review_app(path)
    async with app.run_test(size=(100, 24)) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("slash")
        app.screen.query_one("Input").value = "kind:replace"
        await pilot.press("enter")
        await pilot.press(*["s"] * 25)
        await pilot.pause()
        table = screen.query_one("#queue")
        chosen, scrolled = screen.selected_row().id, table.scroll_y
        assert scrolled > 0
        await pilot.press("o")
        await pilot.press("R")
        await pilot.pause()
        await pilot.pause()
        back = app.screen
        assert isinstance(back, ReviewScreen) and back is not screen
        assert back.query_text == "kind:replace"
        assert back.selected_row().id == chosen
        assert back.query_one("#queue").scroll_y == scrolled
        await pilot.press("escape", "R")  # through the editor: the same
        await pilot.pause()
        assert app.screen.selected_row().id == chosen


async def test_a_verdict_acts_on_the_proposal_the_details_show(proposed) -> None:
    path, (gap_fix, replace) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("r")  # the reject dialog opens on the first proposal …
        screen.query_one("#queue").move_cursor(row=1)  # … and the rows move under it
        await pilot.press(*"no", "enter")
        assert statuses(app)[gap_fix] == "rejected" and statuses(app)[replace] == "proposed"


async def test_approving_an_approved_proposal_again_is_a_note_and_writes_nothing(proposed) -> None:
    path, (gap_fix, _) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""  # all: the approved row stays listed
        await pilot.press("enter")
        await pilot.press("a", "up")
        assert app.screen.selected_row().id == gap_fix
        await pilot.press("a")
        assert len(app.session.actions) == 1
        assert f"{gap_fix} is already approved (by you, unsaved)" in app.editor.note
        assert f"{gap_fix} is already approved" in app.screen.query_one("#review-status").plain
        assert not app._notifications
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        await pilot.press("up", "a")
        assert not app.session.actions and "(by ben in revision 2)" in app.editor.note


async def test_verdicts_stay_in_view_marked_until_the_save(proposed) -> None:
    path, (gap_fix, replace) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("a")
        assert [r.id for r in screen.rows] == [gap_fix, replace]  # still there, filter kept
        assert screen.query_one("#queue").get_row_at(0)[5] == "approved •"
        assert screen.selected_row().id == replace
        header = str(screen.query_one("#review-status").render())
        assert "1 proposed · 1 approved · 0 rejected" in header, header
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert [r.id for r in screen.rows] == [replace]  # saved: it leaves status:proposed


async def test_superseded_alternatives_stay_in_view_marked_until_the_save(proposed) -> None:
    path, (gap_fix, _) = proposed
    other = EditingSession.open(path, Config(), user="cy")
    gap = next(i for i in other.items if i.kind == "gap")
    rival = other.resolve_gap(gap, "in our common efforts")
    other.save("an alternative")
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert screen.selected_row().id == gap_fix
        await pilot.press("a")
        assert statuses(app)[rival] == "rejected"
        row = next(r for r in screen.rows if r.id == rival)
        assert row.unsaved and row.saved_status.value == "proposed"


async def test_an_amendment_shows_the_words_it_replaced(proposed) -> None:
    path, (gap_fix, _) = proposed
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("e")
        app.screen.query_one("Input").value = "in all our efforts"
        await pilot.press("enter", "up")
        screen = app.screen
        assert screen.selected_row().id == gap_fix
        change = screen.query_one("#queue").get_row_at(0)[6].plain
        assert "in all our efforts (amended; proposed: in our collective efforts)" in change
        detail = str(screen.query_one("#detail").render())
        assert "in our collective efforts in all our efforts" in detail  # struck, then new
        assert "amend by ben (rev 2) (unsaved) “in all our efforts” in place of" in detail


async def test_details_show_the_context_as_it_reads_now(transcript_copy) -> None:
    path = transcript_copy()
    ana = EditingSession.open(path, Config(), user="ana")
    gap = next(i for i in ana.items if i.kind == "gap")
    gap_fix = ana.resolve_gap(gap, "in our collective efforts")
    start = ana.transcript.text.index("Note the Secretary General")
    near = ana.replace(start, start + len("Note"), "Noting")
    ana.save("two near each other")
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen

        def detail() -> str:
            return str(screen.query_one("#detail").render())

        assert screen.selected_row().id == gap_fix
        await pilot.press("a")  # approved (unsaved): the next one's context has the words
        assert screen.selected_row().id == near
        assert "in the future in our collective efforts.*" in detail()
        assert "(inaudible)" not in detail()
        await pilot.press("ctrl+s", "enter")  # and once saved
        await pilot.pause()
        assert screen.selected_row().id == near
        assert "in our collective efforts" in detail() and "(inaudible)" not in detail()
