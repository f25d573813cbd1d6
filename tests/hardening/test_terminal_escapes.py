"""Nothing from a file reaches the terminal raw (issue 13): author names, messages, notes and
reasons holding ESC, BEL, CR or C1 controls are shown escaped by log, show, check, the status
line and the review queue, so a sidecar cannot set the terminal's title or clear the screen."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.hardening.helpers import Cli, seed_copy
from tests.tui.conftest import SIZE, loaded
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.quoting import json_printable, printable, visible
from transcript_review.core.sidecar.records import Role
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.review_screen import ReviewScreen
from transcript_review.tui.status_line import Part, fit

TITLE = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J\x1b[H"  # clears the screen
CSI = "\x9b31m"  # a one-byte CSI (C1)
HOSTILE = f"ana{TITLE}{CLEAR}\r{CSI}"
RAW = ("\x1b", "\x07", "\r", "\x9b")


def _clean(text: str) -> bool:
    return not any(c in text for c in RAW)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A sidecar whose author, message, reason, note and comment are all hostile."""
    path = seed_copy(tmp_path)
    session = EditingSession.open(path, Config(), user=HOSTILE)
    text = session.transcript.text
    start = text.index("has also flown")
    session.replace(start, start + len("has also flown"), f"has also flowed{CLEAR}")
    start = text.index("Canada welcomes")
    session.flag(start, start + len("Canada welcomes"), f"reason{TITLE}", note=f"note{CSI}")
    session.save(f"message{TITLE}\r{CLEAR}")
    reviewer = EditingSession.open(path, Config(), user=f"ben{TITLE}", role=Role.REVIEWER)
    cid = next(c for c in reviewer.state.corrections if c.startswith("c-"))
    reviewer.approve(cid, comment=f"ok{CLEAR}")
    reviewer.save(f"review{TITLE}")
    return path


def test_printable_escapes_controls_and_keeps_text() -> None:
    assert printable(HOSTILE) == "ana\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H\\r\\x9b31m"
    assert printable("Zürich — 東京\n\tok") == "Zürich — 東京\n\tok"
    assert printable("a\nb", one_line=True) == "a\\nb"
    assert visible("a\x1bb") == "a\ufffdb"  # same length, for offsets and spans
    assert printable("\u202eevil") == "\\u202eevil"  # a bidi override
    data = json.dumps({"a": "x\x9by"}, ensure_ascii=False)
    assert json.loads(json_printable(data)) == {"a": "x\x9by"} and _clean(json_printable(data))


@pytest.mark.parametrize(
    "command",
    [["log"], ["log", "--json"], ["check"], ["check", "--json"], ["status"], ["items"]],
)
def test_history_commands_escape_what_the_sidecar_says(
    cli: Cli, hostile: Path, command: list[str]
) -> None:
    r = cli(command[0], hostile, *command[1:])
    assert r.code in (0, 1), r.err
    assert _clean(r.out) and _clean(r.err)
    if command == ["log"]:
        assert "\\x1b]0;pwned\\x07" in r.out


def test_show_and_export_at_a_terminal_show_controls_as_a_mark(
    cli: Cli, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "has also flowed" in cli.ok("show", hostile)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    for command in ("show", "export", "diff"):
        out = cli.ok(command, hostile)
        # diff colours its output itself; nothing of the file's own sequences gets through
        assert CLEAR not in out and TITLE not in out and "flowed\ufffd" in out
        assert command == "diff" or _clean(out)


def test_a_hostile_file_name_in_a_warning_is_escaped(cli: Cli, tmp_path: Path) -> None:
    path = seed_copy(tmp_path, "speech\x1b[2J.txt")
    path.with_name(path.name + ".review.yaml").write_text(
        "schema: transcript-review/1\ntranscript: other.txt\n...\n"
    )
    r = cli("status", path)
    assert r.code == 0 and _clean(r.err) and "\\x1b[2J" in r.err


def test_the_status_line_escapes_notes() -> None:
    part = Part(f"Flagged: {TITLE}", note=True)
    assert _clean(part.text)
    assert _clean(fit([part, Part(HOSTILE)], 200).plain)


async def test_the_review_queue_escapes_author_note_reason_and_comment(hostile: Path) -> None:
    app = TranscriptReviewApp.for_file(hostile, Config(), "cy", Role.REVIEWER)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("/")
        app.screen.query_one("Input").value = ""
        await pilot.press("enter")
        await pilot.pause()
        table = screen.query_one("#queue")
        lines = [table.render_line(y).text for y in range(table.size.height)]
        assert any("ana" in line for line in lines)
        assert all(_clean(line) for line in lines)
        seen = []
        for _ in screen.rows:
            detail = str(screen.query_one("#detail").render())
            seen.append(detail)
            assert _clean(detail)
            await pilot.press("down")
            await pilot.pause()
        assert any("\\x1b]0;pwned\\x07" in d for d in seen)
        assert any("note\\x9b31m" in d or "reason\\x1b" in d for d in seen)


async def test_the_editor_shows_control_characters_in_the_text_as_a_mark(tmp_path: Path) -> None:
    from tests.tui.conftest import view

    path = tmp_path / "esc.txt"
    path.write_text(f"Title\n\nWe act {CLEAR}(inaudible) now{TITLE}.\n", encoding="utf-8")
    app = TranscriptReviewApp.for_file(path, Config(), "ana")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text_view = view(app)
        rows = [text_view.render_line(y).text for y in range(text_view.size.height)]
        assert any("We act" in row for row in rows)
        assert all(_clean(row) for row in rows)
        assert any("\ufffd[2J" in row for row in rows)
