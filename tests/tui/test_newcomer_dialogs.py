"""What a newcomer tripped over in the dialogs (issue 15, items 8–11): enter in the resolve
dialog, refused input that must keep its dialog open, line breaks in a correction, and
unmarking an uncertain passage as one decision."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.widgets import Button, Label, RadioSet

from tests.tui.conftest import SIZE, cursor_text, loaded, view
from transcript_review.tui.dialogs import PromptDialog
from transcript_review.tui.edit_dialog import EditDialog
from transcript_review.tui.resolve_dialog import ResolveDialog


async def test_enter_proposes_the_words_while_the_evidence_buttons_have_focus(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our collective efforts", "tab")
        assert isinstance(app.screen.focused, RadioSet)
        await pilot.press("enter")
        assert not isinstance(app.screen, ResolveDialog)
        (corr,) = app.session.state.corrections.values()
        assert (corr.text, corr.evidence.value) == ("in our collective efforts", "listened")


async def test_enter_on_a_decision_button_presses_that_button(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter")
        app.screen.query_one("#confirm", Button).focus()
        await pilot.press("enter")
        assert [c.kind.value for c in app.session.state.corrections.values()] == ["confirm-gap"]


async def test_resolve_without_words_says_so_under_the_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", "enter")
        assert isinstance(app.screen, ResolveDialog)
        error = app.screen.query_one("#words-error", Label)
        assert error.display and "Type the words" in str(error.render())


def _prompt_error(app) -> str:
    error = app.screen.query_one("#prompt-error", Label)
    return str(error.render()) if error.display else ""


async def test_go_to_a_wrong_place_keeps_the_dialog_open_with_the_reason(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("g", *"abc", "enter")
        assert isinstance(app.screen, PromptDialog)
        assert "neither a time" in _prompt_error(app)
        await pilot.press(*"999")  # these keys must land in the field, not in the text
        assert app.screen.query_one("#prompt-input").value == "abc999"
        assert app.session.actions == [] and _prompt_error(app) == ""
        await pilot.press("enter")
        assert "numbered 1 to" in _prompt_error(app) or "neither" in _prompt_error(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, PromptDialog)


async def test_go_to_a_time_past_the_end_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        before = cursor_text(app)
        await pilot.press("g", *"99:00", "enter")
        assert isinstance(app.screen, PromptDialog)
        assert "99:00" in _prompt_error(app) and "past the end" in _prompt_error(app)
        assert cursor_text(app) == before
        await pilot.press("ctrl+a", "ctrl+k", *"3", "enter")  # mended: it goes
        assert not isinstance(app.screen, PromptDialog)


async def test_flag_without_a_reason_keeps_the_dialog_open(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f", "enter")
        assert isinstance(app.screen, PromptDialog)
        assert "reason" in _prompt_error(app)
        await pilot.press(*"name spelling", "enter")
        assert not isinstance(app.screen, PromptDialog)
        (flag,) = app.session.state.corrections.values()
        assert flag.reason == "name spelling"


async def test_enter_in_the_passage_editor_keeps_the_edit_without_a_line_break(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "enter")  # the *…* passage: its own editor
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        area = dialog.query_one("TextArea")
        # pasted words across a line break, then enter: kept, the break a space
        area.text = area.text.replace("diplomacy will", "diplomacy\nshall")
        await pilot.press("enter")
        assert not isinstance(app.screen, EditDialog)
        (corr,) = app.session.state.corrections.values()
        assert corr.text == "shall"  # "will" → "shall"; the break between words is a space


async def test_a_passage_over_two_paragraphs_keeps_its_line_breaks(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("g", "2", "enter", "shift+up", "e")
        dialog = app.screen
        assert isinstance(dialog, EditDialog) and "\n" in dialog.text
        area = dialog.query_one("TextArea")
        area.text = area.text.replace("\n", " ")  # the paragraphs joined: refused
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EditDialog) and app.session.actions == []


async def test_no_correction_lets_text_out_of_its_column(make_app) -> None:
    """Whatever a correction holds (a line break, a tab, an escape), every row of the view is
    exactly its width and holds no character that moves the terminal's cursor."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = app.session.transcript.text
        start = text.index("whole power")
        app.session.replace(start, start + len("whole"), "entire\n\n\tforce\x1b[2J\r\nof")
        app.editor.refresh_document()
        await pilot.pause()
        width = view(app).scrollable_content_region.width
        for y in range(view(app).scrollable_content_region.height):
            strip = view(app).render_line(y)
            assert strip.cell_length == width
            for segment in strip:
                assert segment.text.isprintable(), repr(segment.text)


def _screen_text(app) -> str:
    shown = view(app)
    return "\n".join(
        "".join(segment.text for segment in shown.render_line(y))
        for y in range(shown.scrollable_content_region.height)
    )


async def test_unmarking_an_uncertain_passage_is_one_decision_shown_cleanly(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "enter")  # the *…* passage: its own editor
        area = app.screen.query_one("TextArea")
        area.text = area.text.strip("*")
        await pilot.press("enter")
        (corr,) = app.session.state.corrections.values()
        passage = next(i for i in app.session.items if i.kind == "uncertain")
        assert corr.span == (passage.start, passage.end)
        assert corr.text == app.session.transcript.text[passage.inner_start : passage.inner_end]
        assert "right as typed" in app.editor.note and passage.id in app.editor.note
        # the gap inside is still open: unmarking the passage says nothing about it
        assert app.editor.counts.open_gaps == 1
        assert [(e.kind, e.state) for e in app.editor.worklist.entries] == [
            ("uncertain", "unsaved"),
            ("gap", "open"),
        ]
        screen = _screen_text(app)
        assert "The whole power" in screen and "The The" not in screen
        assert screen.count("whole power") == 1  # not the passage struck, then again


def burst(app: App, text: str) -> None:
    """Keys arriving all at once, then enter, as from a paste without bracketed paste or
    ``tmux send-keys "words" Enter``: sent without waiting for the app between keys
    (``pilot.press`` waits, so the field has always taken each key before the next)."""
    for char in text:
        app._driver.send_message(events.Key("space" if char == " " else char, char))
    app._driver.send_message(events.Key("enter", "\r"))


async def test_words_typed_in_one_burst_then_enter_are_proposed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter")
        assert isinstance(app.screen, ResolveDialog)
        burst(app, "in our collective efforts")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ResolveDialog)
        (corr,) = app.session.state.corrections.values()
        assert corr.text == "in our collective efforts"


async def test_an_edit_typed_in_one_burst_then_enter_is_kept_whole(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "enter")  # the *…* passage: its own editor
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        area = dialog.query_one("TextArea")
        area.move_cursor(area.document.end)
        burst(app, " indeed")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, EditDialog)
        (corr,) = app.session.state.corrections.values()
        assert corr.text.endswith("indeed")
