"""The review queue refuses to approve or amend an orphaned correction, and says why."""

from __future__ import annotations

from tests.tui.conftest import SIZE, loaded
from tests.tui.test_review_keys import review_app, statuses
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.tui.dialogs import PromptDialog


async def test_a_and_e_on_an_orphan_notify_and_change_nothing(transcript_copy) -> None:
    path = transcript_copy()
    ana = EditingSession.open(path, Config(), user="ana")
    start = ana.transcript.text.index("has also flown to")
    cid = ana.replace(start, start + len("has also flown to"), "has also flowed to")
    ana.save("Ana's proposal")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("support has also flown to the", "support for"), "utf-8")
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        app.screen.query_one("Input").value = "status:orphaned"
        await pilot.press("enter")
        assert [r.id for r in app.screen.rows] == [cid]
        await pilot.press("a")
        await pilot.pause()
        assert statuses(app)[cid] == "orphaned" and not app.session.dirty
        assert any(f"{cid} is orphaned" in n.message for n in app._notifications)
        await pilot.press("e")  # refused at once: no prompt for words that cannot be recorded
        await pilot.pause()
        assert not isinstance(app.screen, PromptDialog)
        assert not app.session.dirty
        messages = [n.message for n in app._notifications if "orphaned" in n.message]
        assert len(messages) == 2 and "reject it" in messages[-1]
