"""The app: ``transcript-review FILE`` opens a transcript in the editor.

The app keeps only what is app-wide: it reads the file, shows the editor at once
(:class:`~.editor_screen.EditorScreen`, the text before anything is parsed), opens the session in
a thread worker (a 1M-word session takes about a second to index) and hands it to the editor,
binds the keys that work on every screen of the session (saving, undo, listening: in the editor
and in the review queue over it), and passes the screens' messages (:mod:`.messages`) to the
screen they concern. The screens never import this module.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.text.decoding import DecodedText, read_text_file
from .editor_screen import SHARED_KEYS, EditorOptions, EditorScreen
from .key_footer import bindings
from .keys import (
    EDITOR_KEYS,
    HELP_SECTIONS,
    REVIEW,
    REVIEW_KEYS,
    Section,
    help_rows,
    on_every_screen,
    palette,
)
from .messages import Say, SessionChanged, SessionEdited

if TYPE_CHECKING:
    from rich.console import Group

    from ..core.editing.session import EditingSession

    # The rest of the domain (sidecar, corrections, timing) is imported by the load worker
    # after the first paint: a person sees the text while those modules load.
    from ..core.sidecar.records import Role
    from ..core.sidecar.store import LoadedSidecar
    from ..core.timing.transcript_times import TranscriptTiming
    from .prepared import Prepared
    from .view_document import GutterTime


@dataclass
class Loaded(Message):
    """The worker finished parsing and timing: the session is ready."""

    session: EditingSession
    timing: TranscriptTiming
    gutter: dict[int, GutterTime]
    prepared: Prepared
    editor: EditorScreen
    """The editor it was loaded for (from a workspace, it may have been left meanwhile)."""


@dataclass
class LoadFailed(Message):
    """The worker could not open the transcript or its sidecar."""

    error: InputError
    editor: EditorScreen


def read_transcript(path: Path) -> DecodedText:
    """``path``'s text, read and checked as the editor needs it (a binary, empty or oversized
    file, a caption file or a sidecar given by mistake: InputError with its one line), for
    ``transcript-review FILE`` and for a file opened from the workspace alike."""
    from ..core.text.wrong_file import refuse_if_not_a_transcript

    decoded = read_text_file(path)
    refuse_if_not_a_transcript(path, decoded.text)  # a caption file, a sidecar
    return decoded


class TranscriptReviewApp(App[int]):
    """``transcript-review FILE``: correct a transcript, save revisions to its sidecar."""

    TITLE = "transcript-review"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    #: The keys of every screen (help, quit; saving, undo, listening once a session is open),
    #: made from the key table (tui/keys.py); the editor binds its own.
    BINDINGS: ClassVar[list[BindingType]] = bindings(SHARED_KEYS)

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Every toast goes through here: messages quote names, reasons and file names, whose
        control characters (ESC, BEL, CR…) are shown escaped, never sent to the terminal, and
        whose brackets are text, never markup (a warning quoting ``[inaudible 00:12:34]`` or a
        file named ``[b]x.txt`` must read as written). Forced, not defaulted: a screen's or a
        widget's ``notify`` passes Textual's ``markup=True`` on here."""
        kwargs["markup"] = False
        super().notify(printable(message), *args, **kwargs)


    def __init__(
        self,
        path: Path | None,
        decoded: DecodedText | None,
        sidecar: LoadedSidecar | None,
        config: Config,
        user: str | None,
        role: Role | None = None,
        *,
        timing_path: Path | None = None,
        reference_path: Path | None = None,
        media: str | None = None,
        webcast: str | None = None,
        mpv_socket: str | None = None,
        user_source: str | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.decoded = decoded
        self.sidecar = sidecar
        self.config = config
        self.user = user or ""
        """Who saves (without --user: found by the load worker, as asking git takes a while)."""
        self.user_source = user_source
        """Where ``user`` came from when neither ``--user`` nor the config chose it (git's
        user.name, the login name): the editor's first save says so, once, and how to choose."""
        self.role = role
        """The role asked for on the command line: REVIEWER opens the review queue at once."""
        self.editor: EditorScreen | None = (
            EditorScreen(
                path,
                decoded,
                config,
                EditorOptions(timing_path, reference_path, media, webcast, mpv_socket, role),
            )
            if path is not None and decoded is not None
            else None  # no file yet: a workspace makes an editor per file it opens
        )
        """The transcript's editor: the first screen, and the keeper of the open session."""
        self.load_error: InputError | None = None
        """Why the transcript could not be opened (the CLI prints it after the app exits)."""

    @property
    def session(self) -> EditingSession | None:
        """The open session (None while the worker opens it, or no file is open)."""
        return self.editor.session if self.editor is not None else None

    @property
    def timing(self) -> TranscriptTiming | None:
        """The open session's times (stamps and alignment change them)."""
        return self.editor.timing if self.editor is not None else None

    @classmethod
    def for_file(
        cls,
        path: str | Path,
        config: Config,
        user: str | None,
        role: Role | None = None,
        **options: Any,
    ) -> TranscriptReviewApp:
        """The app for ``path``: the text is read (and checked) before it starts, so bad input
        is reported on the command line, not inside the editor (the sidecar: see below).
        ``options`` are the constructor's keyword options (timing_path, media, …)."""
        path = Path(path)
        for name in ("timing_path", "reference_path"):
            extra = options.get(name)
            if extra is not None and not Path(extra).is_file():
                raise InputError(extra, "no such file; check the path")
        decoded = read_transcript(path)
        # The sidecar is read by the load worker, after the first paint (YAML and the sidecar
        # modules cost tens of milliseconds); a broken one ends the editor with its error line
        # on the command line, as before, nothing having been written.
        return cls(path, decoded, None, config, user, role, **options)

    def get_default_screen(self) -> Screen:
        return self.editor

    def on_mount(self) -> None:
        # Parse only once the text is on screen: the worker competes for the interpreter.
        self.call_after_refresh(lambda: self._load(self.editor, self.editor.text_width()))

    def on_ready(self) -> None:
        """The first frame is on the screen: the garbage collector, paused for the start-up by
        the command line (see ``open_command``), runs again. What start-up made lives as long as
        the program, so it is frozen first (never walked again): else the first collection walks
        all of it (~15 ms on the seed) right when the frame is being written to the terminal."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    @work(thread=True, exclusive=True, group="load")
    def _load(self, editor: EditorScreen, width: int | None) -> None:
        """Parse, fold, time and lay out ``editor``'s transcript off the event loop; post the
        result (for that editor: from a workspace, one editor after another is loaded)."""
        from ..core.editing.session import EditingSession
        from ..core.editing.session_timing import time_session
        from ..core.sidecar.records import Role
        from ..core.sidecar.store import load_sidecar, sidecar_path_for
        from ..core.text.transcript import parse_transcript
        from .prepared import gutter_of, prepare

        try:
            if not self.user:  # after the first paint: git is asked in a subprocess
                from ..core.config import resolve_user

                self.user, self.user_source = resolve_user(self.config, None)
            path = editor.path
            sidecar = self.sidecar  # (given with the app's one file; else read here)
            if sidecar is None:
                sidecar = load_sidecar(sidecar_path_for(path))
            session = EditingSession.open(
                path,
                self.config,
                user=self.user,
                role=self.role or Role.EDITOR,
                transcript=parse_transcript(editor.decoded, path, self.config.markers),
                sidecar=sidecar,
            )
            timing = time_session(session, **editor.timing_options)  # type: ignore[arg-type]
            gutter = gutter_of(timing)
            prepared = prepare(session, timing, gutter, width)
        except InputError as exc:
            self.post_message(LoadFailed(exc, editor))
            return
        self.post_message(Loaded(session, timing, gutter, prepared, editor))

    def on_loaded(self, message: Loaded) -> None:
        if message.editor is not self.editor:
            return  # left (back to the workspace) before it was loaded
        self.editor.open_session(
            message.session,
            message.timing,
            message.prepared,
            user_source=self.user_source,
            gutter=message.gutter,
        )

    def on_load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.error
        self.exit(return_code=2)

    # -- what the screens say -------------------------------------------------------------------

    def on_session_edited(self, message: SessionEdited) -> None:
        """A screen over the editor (the review queue) changed the session: the editor is told
        (it brings its text up to date when it is shown again)."""
        self.editor.post_message(SessionChanged())

    def on_say(self, message: Say) -> None:
        """A confirmation from a screen over the editor: the editor's note shows it."""
        self.editor.post_message(Say(message.text))

    # -- the keys of every screen -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer (and show in the footer) only the keys that apply: the session's keys once it
        is open and no dialog has the keyboard; undo, redo and save when there is something to
        undo, redo or save."""
        if action not in _ON_EVERY_SCREEN:
            return True  # Textual's own actions (command_palette…) and help/quit
        if self.screen.is_modal:
            return False  # a dialog has the keyboard; its own keys are on its buttons
        session = self.editor.session
        if session is None:
            return False

        def history(this: list[object], other: list[object]) -> bool | None:
            # Undo and redo show side by side once either applies; the other one dimmed.
            return True if this else (None if other else False)

        applies = {
            "undo": lambda: history(session.actions, session.undone),
            "redo": lambda: history(session.undone, session.actions),
            "save": lambda: session.dirty,
        }
        rule = applies.get(action)
        return True if rule is None else rule()

    # The editor keeps the session, the player and the note: these keys are its, wherever
    # they are pressed (in the review queue they act on the selected proposal).

    def action_save(self) -> None:
        self.editor.action_save()

    def action_undo(self) -> None:
        self.editor.action_undo()

    def action_redo(self) -> None:
        self.editor.action_redo()

    def action_listen(self, action: str) -> None:
        self.editor.action_listen(action)

    def action_jump(self, seconds: float) -> None:
        self.editor.action_jump(seconds)

    def action_play_passage(self) -> None:
        self.editor.action_play_passage()

    def action_loop_passage(self) -> None:
        self.editor.action_loop_passage()

    def action_resize_loop(self, step: float) -> None:
        self.editor.action_resize_loop(step)

    def action_webcast(self) -> None:
        self.editor.action_webcast()

    async def action_quit(self) -> None:
        session = self.session
        if session is None or not session.dirty:
            self.exit(0)
            return
        from .dialogs import ConfirmDialog, lose_unsaved

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(0)

        self.push_screen(
            ConfirmDialog(
                lose_unsaved(len(session.actions), "Quit"),
                yes="Quit without saving",
                no="Keep editing",
            ),
            answer,
        )

    # -- help and palette ---------------------------------------------------------------------

    def action_help(self) -> None:
        from .dialogs import MessageDialog

        self.push_screen(MessageDialog("Keys", help_text(review_first=_is_review(self.screen))))

    def get_system_commands(self, screen: Screen):
        """Every action in the command palette (ctrl+p), with its key."""
        yield from super().get_system_commands(screen)
        commands = REVIEW_PALETTE if _is_review(screen) else PALETTE
        for title, action, help_ in commands:
            yield SystemCommand(title, help_, lambda a=action: self.run_action(a))


#: The app's actions that apply only once a session is open (the rest: help and quit).
_ON_EVERY_SCREEN = on_every_screen(EDITOR_KEYS)

#: (title, action, help) for the command palette: the editor's (its own keys run on the
#: screen), then the review queue's.
PALETTE = [
    entry if key in SHARED_KEYS else (entry[0], f"screen.{entry[1]}", entry[2])
    for key in EDITOR_KEYS
    for entry in palette((key,))
]
REVIEW_PALETTE = palette(REVIEW_KEYS, on_screen=True)


def help_text(review_first: bool = False, first: Section | None = None) -> Group:
    """The keys, a table per section (descriptions wrap under themselves, not under the keys);
    in the review queue its own section comes first; ``first``, when given, before all (an
    editor opened from the workspace: how to go back)."""
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text
    sections = list(HELP_SECTIONS)
    if review_first:
        sections.sort(key=lambda section: section is not REVIEW)
    if first is not None:
        sections.insert(0, first)
    parts: list[RenderableType] = []
    for section in sections:
        parts.append(Text(f"\n{section.title}", style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold #ffa62b", no_wrap=True, min_width=14)
        table.add_column(ratio=1)
        for keys, what in help_rows(section):
            table.add_row(keys, what)
        parts.append(table)
    return Group(*parts)



def _is_review(screen: object) -> bool:
    """Whether ``screen`` is the review queue (without importing it at start-up)."""
    return getattr(screen, "is_review_queue", False)
