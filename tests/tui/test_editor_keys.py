"""Every key of the editor, driven with Textual's pilot on the real app and real files."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from tests.tui.conftest import SIZE, cursor_text, loaded, view
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.dialogs import ConfirmDialog, MessageDialog, PromptDialog
from transcript_review.tui.edit_dialog import EditDialog
from transcript_review.tui.resolve_dialog import ResolveDialog


async def test_opens_on_the_first_word_with_the_open_work_listed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert cursor_text(app) == "General"
        assert [e.kind for e in app.editor.worklist.entries] == ["uncertain", "gap"]
        status = str(app.query_one("#status-line").render())
        assert "canada-r2p-2011.txt" in status and "rev 0" in status and "alice" in status
        assert "gaps 1 open" in status


async def test_n_and_p_walk_the_open_items(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        assert cursor_text(app).startswith("The")  # first word of the *…* passage
        await pilot.press("n")
        assert cursor_text(app) == "(inaudible)"
        await pilot.press("p")
        assert cursor_text(app).startswith("The")
        await pilot.press("n", "N")
        assert cursor_text(app).startswith("The")
        await pilot.press("n", "n")  # past the last: round to the first
        assert cursor_text(app).startswith("The")
        await pilot.press("p")  # before the first: on to the last
        assert cursor_text(app) == "(inaudible)"


async def test_word_and_row_movement_and_document_ends(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("right", "right")
        assert cursor_text(app) == "Debate"
        await pilot.press("left")
        assert cursor_text(app) == "Assembly"
        await pilot.press("down")
        assert cursor_text(app) in {"Unofficial", "Transcription"}
        await pilot.press("up")
        assert cursor_text(app) in {"General", "Assembly"}
        await pilot.press("end")
        assert cursor_text(app) == "you"
        await pilot.press("home")
        assert cursor_text(app) == "General"
        await pilot.press("pagedown")
        assert view(app).scroll_offset.y > 0
        assert view(app).cursor[0] > 100
        await pilot.press("pageup")
        assert view(app).scroll_offset.y == 0


async def test_shift_arrows_select_a_span_and_escape_clears_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("shift+right", "shift+right")
        start, end = view(app).selection
        assert app.session.transcript.text[start:end] == "General Assembly Debate"
        await pilot.press("escape")
        assert view(app).selection is None


async def test_go_to_paragraph_and_time(make_app) -> None:
    app = make_app("security-council-briefing-speakers.txt")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("g")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"3", "enter")
        assert cursor_text(app) == "Under-Secretary-General (00:02:40): "
        await pilot.press("g", *"4:20", "enter")
        assert cursor_text(app) == "THE PRESIDENT (00:04:18): "
        await pilot.press("g", *"99", "enter")  # no such paragraph: a message, no move
        assert cursor_text(app) == "THE PRESIDENT (00:04:18): "


async def test_enter_on_the_gap_resolves_it_with_the_words_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter")
        assert isinstance(app.screen, ResolveDialog)
        await pilot.press(*"in our collective efforts", "enter")
        assert not isinstance(app.screen, ResolveDialog)
        (corr,) = app.session.state.corrections.values()
        assert (corr.kind.value, corr.text, corr.evidence.value) == (
            "resolve-gap",
            "in our collective efforts",
            "listened",
        )
        assert app.editor.worklist.entries[1].state == "unsaved"
        assert "1 unsaved" in str(app.query_one("#status-line").render())


async def test_resolve_dialog_confirm_dismiss_and_cancel(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", "escape")
        assert app.session.actions == []
        await pilot.press("enter", "ctrl+t")
        assert [c.kind.value for c in app.session.state.corrections.values()] == ["confirm-gap"]
        await pilot.press("u", "enter", "ctrl+d")
        assert [c.kind.value for c in app.session.state.corrections.values()] == ["dismiss-gap"]


async def test_resolve_with_other_evidence_chosen_with_tab(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our efforts")
        # evidence: guess, and enter there proposes the words with it
        await pilot.press("tab", "right", "right", "right", "enter")
        assert not isinstance(app.screen, ResolveDialog)
        (corr,) = app.session.state.corrections.values()
        assert (corr.text, corr.evidence.value) == ("in our efforts", "guess")


async def test_flag_the_sentence_with_a_reason_then_clear_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("g", "2", "enter")  # "Note the Secretary General believes at that…"
        await pilot.press("f")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"believes at that: garbled?", "enter")
        (flag,) = app.session.state.corrections.values()
        start, end = flag.span
        assert app.session.transcript.text[start:end].startswith("Note the Secretary General")
        assert flag.reason == "believes at that: garbled?"
        assert any(e.kind == "flag" for e in app.editor.worklist.entries)
        await pilot.press("x")
        assert app.session.state.active_flags(include_proposed=True) == []


async def test_flag_needs_a_reason(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f", "enter")
        assert app.session.actions == []


async def test_edit_the_paragraph_makes_word_level_replace_proposals(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("g", "5", "enter", "e")
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        area = dialog.query_one("TextArea")
        area.text = area.text.replace("has also flown to", "has also flowed to")
        await pilot.press("ctrl+s")
        (corr,) = app.session.state.corrections.values()
        start, end = corr.span
        assert (app.session.transcript.text[start:end], corr.text) == ("flown", "flowed")


async def test_edit_the_selection_and_enter_on_an_uncertain_passage(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "enter")  # the *…* passage: its own editor
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        area = dialog.query_one("TextArea")
        area.text = area.text.strip("*")
        await pilot.press("ctrl+s")
        kinds = {c.kind.value for c in app.session.state.corrections.values()}
        assert kinds == {"replace"}
        await pilot.press("escape", "home", "shift+right", "e")
        area = app.screen.query_one("TextArea")
        assert area.text == "General Assembly"
        await pilot.press("escape")


async def test_undo_and_redo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"words", "enter")
        await pilot.press("f", *"why", "enter")
        assert len(app.session.actions) == 2
        await pilot.press("u")
        assert [a.method for a in app.session.actions] == ["resolve_gap"]
        await pilot.press("ctrl+z")
        assert app.session.actions == [] and app.session.state.corrections == {}
        await pilot.press("U")
        await pilot.press("ctrl+y")
        assert [a.method for a in app.session.actions] == ["resolve_gap", "flag"]


async def test_save_then_reload_gives_the_same_state(make_app, transcript_copy) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our collective efforts", "enter")
        await pilot.press("ctrl+s")
        prompt = app.screen
        assert isinstance(prompt, PromptDialog)
        assert prompt.query_one("Input").value == "Resolve 1 gap"
        await pilot.press("enter")
        assert not app.session.dirty
        saved = {(c.kind, c.text, c.status) for c in app.session.state.corrections.values()}
    path = transcript_copy()
    sidecar = load_sidecar(sidecar_path_for(path))
    assert [r.message for r in sidecar.revisions] == ["Resolve 1 gap"]
    again = EditingSession.open(path, Config(), user="bob")
    assert {(c.kind, c.text, c.status) for c in again.state.corrections.values()} == saved
    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "rev 1" in str(app2.query_one("#status-line").render())
        assert app2.editor.worklist.entries[1].state == "proposed"


async def test_a_conflicting_save_keeps_both_and_says_so(make_app, transcript_copy) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        other = EditingSession.open(transcript_copy(), Config(), user="bob")
        other.flag(100, 120, "bob's doubt")
        other.save("Bob's flag")
        await pilot.press("n", "n", "enter", *"words", "enter", "ctrl+s", "enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        # Told at the save, or earlier by the two-second watch on the sidecar: both name it.
        assert any("by others" in m or "bob added" in m for m in messages), messages
        assert app.session.saved_revision == 2
        authors = {c.author for c in app.session.state.corrections.values()}
        assert authors == {"alice", "bob"}


async def test_quit_with_unsaved_changes_asks_first(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"words", "enter", "q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert app.is_running and app.session.dirty
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_changes_is_immediate(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_help_lists_every_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, MessageDialog)
        console = Console(width=100, record=True, color_system=None)
        console.print(app.screen.body)
        text = console.export_text()
        for key in ["enter", "ctrl+s", "undo", "flag", "go to", "orphaned", "ctrl+p", "shift+"]:
            assert key in text.lower(), key
        await pilot.press("escape")
        assert not isinstance(app.screen, MessageDialog)


async def test_palette_offers_every_action(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in [
            "Next open item",
            "Resolve the gap under the cursor",
            "Save a revision",
            "Undo",
            "Redo",
            "Flag as uncertain",
            "Go to a time or paragraph",
            "Help",
        ]:
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"go to a time", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)


async def test_panel_follows_the_cursor_and_enter_jumps(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        table = app.query_one("#worklist")
        await pilot.press("n", "n")
        assert table.cursor_row == 1
        await pilot.press("home", "tab")
        assert table.has_focus
        await pilot.press("down", "enter")
        assert cursor_text(app) == "(inaudible)" and view(app).has_focus


async def test_footer_shows_resolve_only_on_an_item(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.editor.check_action("act", ()) is False
        await pilot.press("n", "n")
        assert app.editor.check_action("act", ()) is True
        assert app.check_action("save", ()) is False
        await pilot.press("enter", *"w", "enter")
        assert app.check_action("save", ()) is True


async def test_orphaned_corrections_are_listed_with_their_context(
    make_app, transcript_copy
) -> None:
    path: Path = transcript_copy()
    session = EditingSession.open(path, Config(), user="bob")
    text = session.transcript.text
    start = text.index("has also flown to")
    session.replace(start, start + 17, "has also flowed to")
    session.save("Bob's fix")
    path.write_text(
        text.replace(
            "Canadian technical assistance and financial support has also flown to",
            "Canada's aid went",
        ),
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert len(app.session.state.orphaned) == 1
        assert "1 orphaned" in str(app.query_one("#status-line").render())
        await pilot.press("o")
        assert isinstance(app.screen, MessageDialog)
        assert "has also flown to" in str(app.screen.body)


async def test_what_others_save_shows_up_with_who_added_it(make_app, transcript_copy) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"my words", "enter")  # unsaved, kept
        other = EditingSession.open(transcript_copy(), Config(), user="bob")
        other.flag(100, 120, "bob's doubt")
        other.save("Bob's flag")
        app.editor._check_sidecar()
        await pilot.pause()
        assert any("bob added 1 revision" in n.message for n in app._notifications)
        assert app.session.saved_revision == 1 and app.session.dirty
        assert any(e.kind == "flag" for e in app.editor.worklist.entries)


async def test_the_save_prompt_names_who_saves(make_app) -> None:
    app = make_app(user="alice")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our collective efforts", "enter", "ctrl+s")
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.title_text == "Save a revision as alice (editor) — message:"


async def test_the_first_save_under_a_guessed_name_says_which_and_how_to_choose(
    transcript_copy,
) -> None:
    app = TranscriptReviewApp.for_file(
        transcript_copy(), Config(), "guessed", user_source="git's user.name"
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our collective efforts", "enter")
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        said = [n.message for n in app._notifications if "Saved as" in n.message]
        assert len(said) == 1
        assert "“guessed” (git's user.name)" in said[0] and "--user NAME" in said[0]
        assert "user: NAME in" in said[0]
        await pilot.press("f", *"odd", "enter", "ctrl+s", "enter")  # a second save: not again
        await pilot.pause()
        assert len([n for n in app._notifications if "Saved as" in n.message]) == 1
        assert app.session.saved_revision == 2
