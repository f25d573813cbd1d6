"""Toasts quote file names, warnings and words from files: they show as written."""

from __future__ import annotations

from tests.tui.conftest import SIZE, loaded


async def test_toasts_show_brackets_as_written(make_app) -> None:
    from textual.widgets._toast import Toast

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        app.notify("x.vtt: [inaudible 00:12:34] and [b]bold[/b] stay as typed", timeout=30)
        await pilot.pause(0.3)
        shown = " ".join(str(t.render()) for t in app.query(Toast))
        assert "[inaudible 00:12:34]" in shown and "[b]bold[/b]" in shown


async def test_a_screens_toasts_show_brackets_as_written_too(make_app) -> None:
    """The editor is a screen now: its ``notify`` is Textual's Widget.notify, which passes
    ``markup=True`` on to the app; the app's notify still shows the brackets as written."""
    from textual.widgets._toast import Toast

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        app.editor.notify("warning: [inaudible 00:12:34] and [b]bold[/b] as typed", timeout=30)
        await pilot.pause(0.3)
        shown = " ".join(str(t.render()) for t in app.query(Toast))
        assert "[inaudible 00:12:34]" in shown and "[b]bold[/b]" in shown
