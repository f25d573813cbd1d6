"""Every key of the editor and the review queue, declared once.

Before this module a key was declared in up to seven parallel tables (the bindings, the
footer's order, the gating sets, the command palette, the help screen) that nothing checked
against each other. Here each action is one :class:`Key`: its key(s), action, binding id, footer
label and importance, the context it applies in, its palette entry and its help row. The
sections below are the help screen's sections, in its order; the app, the editor screen and
the review screen make their bindings, footer order, palette and gating from them (see the
functions at the end), and tests/tui/test_key_table.py checks the table against itself and
against the screens.

Textual-free on purpose (like posting's bindings with ids and harlequin's action table): the
table is data, readable and testable without starting an app; the screens turn it into
``Binding`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Context(Enum):
    """Where a key applies: the app offers it (and shows it in the footer) only there."""

    ANYWHERE = "anywhere, even before the transcript is loaded"
    EVERY_SCREEN = "the editor and the review queue, once the transcript is loaded"
    EDITOR = "the editor, anywhere in the text"
    OPEN_GAP = "the editor, on an open gap"
    OWN_DECISION = "the editor, on a gap you decided"
    OTHERS_DECISION = "the editor, on a gap someone else decided"
    UNCERTAIN = "the editor, on an uncertain passage"
    FINDING = "the editor, on a finding of the final check (qc)"
    FLAG = "the editor, on a flag (not on a finding)"
    NO_FLAG = "the editor, where no flag or finding is"
    QUEUE = "the review queue"
    WORKSPACE = "the workspace (a folder of transcripts)"


#: Contexts that exclude each other (enter acts on one item; x on a finding, else a flag, else
#: says there is nothing): a key may be bound once in each. Any other two contexts can hold at
#: once (see :func:`can_clash`).
_EXCLUSIVE = (
    {
        Context.OPEN_GAP,
        Context.OWN_DECISION,
        Context.OTHERS_DECISION,
        Context.UNCERTAIN,
        Context.FINDING,
    },
    {Context.FINDING, Context.FLAG, Context.NO_FLAG},
)
_EDITOR_ONLY = {
    Context.EDITOR,
    Context.OPEN_GAP,
    Context.OWN_DECISION,
    Context.OTHERS_DECISION,
    Context.UNCERTAIN,
    Context.FINDING,
    Context.FLAG,
    Context.NO_FLAG,
}


def can_clash(one: Context, other: Context) -> bool:
    """Whether a key bound in both contexts could mean two things at once."""
    if one is other:
        return True
    if Context.WORKSPACE in (one, other):  # a screen of its own too
        return not ({one, other} & (_EDITOR_ONLY | {Context.QUEUE, Context.EVERY_SCREEN}))
    if Context.QUEUE in (one, other):  # the queue is a screen of its own
        return not ({one, other} & _EDITOR_ONLY)
    return not any(one in group and other in group for group in _EXCLUSIVE)


@dataclass(frozen=True)
class Key:
    """One action of a screen: everything the bindings, footer, palette, help and gating say
    about it."""

    keys: str
    """Textual's key names, comma-separated (``"u,ctrl+z"``)."""
    action: str
    """The action run, as Textual writes it (``"act('gap')"``, ``"screen.toggle_focus"``)."""
    id: str
    """The binding's id (stable, so keys can one day be remapped by id, as in posting)."""
    label: str
    """The footer's label (the binding's description)."""
    context: Context
    footer: int | None = None
    """Importance in the footer, lower first (a window shows as many as fit, help always);
    None: not ranked. Numbers go in tens so a new key fits between two without renumbering."""
    show: bool = True
    """Whether the binding may be shown in the footer at all."""
    priority: bool = False
    """Textual's priority binding (it works even when a widget would take the key)."""
    help: tuple[str, ...] = ()
    """The help screen's row: the first line beside the keys, later lines continue under it."""
    help_keys: str = ""
    """The keys as the help shows them; empty: made from :attr:`keys`."""
    help_in: str = ""
    """When this key has no help row of its own: the id of the key whose row describes it
    too (``[  ]`` for back and forward), or the title of the section that names it."""
    palette: str = ""
    """The command palette's title; empty: not in the palette."""
    palette_help: str = ""
    """The palette's line under the title: the key, then what it does."""
    palette_action: str = ""
    """The action the palette runs, when not :attr:`action` (enter's ``act`` acts on
    whatever is under the cursor)."""
    binds: bool = True
    """False: the binding is made elsewhere (a widget's, or the app's for a key the review
    queue shares); this entry ranks and documents it on its screen."""

    @property
    def name(self) -> str:
        """The action's name without parameters or namespace: ``app.act('gap')`` -> ``act``
        (what the footer order and the gating sets use)."""
        return self.action.split("(", 1)[0].rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Note:
    """A help row that is not one of this table's bindings: keys a widget or Textual binds
    (the cursor keys, ``ctrl+p``), or the legend of the text's marks."""

    keys: str
    help: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A section of the help screen, with the keys (and notes) it lists, in order."""

    title: str
    rows: tuple[Key | Note, ...]

    @property
    def keys(self) -> tuple[Key, ...]:
        return tuple(row for row in self.rows if isinstance(row, Key))


_E = Context.EDITOR
_EVERY = Context.EVERY_SCREEN
_ANY = Context.ANYWHERE
_Q = Context.QUEUE

MOVING = Section(
    "Moving",
    (
        Note("← →", ("previous / next word (gaps, stamps and labels are one step)",)),
        Note("↑ ↓", ("row up / down",)),
        Note("pgup pgdn", ("page up / down",)),
        Note("home end", ("start / end of the transcript",)),
        Note("shift+← → ↑ ↓", ("select words (escape clears the selection)",)),
        Key("n", "next_item", "next_item", "Next", _E, footer=20,
            help=("next open item: gap, uncertain passage, flag, proposal or finding",),
            palette="Next open item",
            palette_help="n — the next gap, uncertain passage, flag, proposal or finding"),
        Key("N,p", "previous_item", "previous_item", "Previous", _E, footer=30,
            help=("previous open item",),
            palette="Previous open item", palette_help="N or p — jump to the previous one"),
        Key("g", "go_to", "go_to", "Go to", _E, footer=100,
            help=("go to a time (12:34, 1:02:03) or a paragraph number",),
            palette="Go to a time or paragraph", palette_help="g"),
        # Bound by the panel (WorkTable, shown) and the text (TranscriptView, hidden).
        Key("tab", "screen.toggle_focus", "toggle_focus", "Text", _E, footer=110, binds=False,
            help=("switch between the text and the open-work panel (enter there jumps)",),
            palette="Switch between text and panel", palette_action="toggle_focus",
            palette_help="tab"),
        Key("W", "toggle_panel", "toggle_panel", "Panel", _E, footer=120,
            help=("show / hide the panel (hidden below 100 columns; tab still visits it)",),
            palette="Show or hide the open-work panel",
            palette_help="W — hidden below 100 columns"),
    ),
)

CORRECTING = Section(
    "Correcting",
    (
        # enter does one thing on a gap and another on an uncertain passage: the footer names it.
        Key("enter", "act('gap')", "resolve_gap", "Resolve gap", Context.OPEN_GAP, footer=10,
            help=(
                "on a gap: the resolve dialog — type the words, enter proposes them",
                "(evidence “listened”; tab to choose captions, official text, guess);",
                "ctrl+g takes a suggestion, ctrl+t: truly inaudible, ctrl+d: not a gap",
                "on an uncertain passage: edit it",
            ),
            palette="Resolve the gap under the cursor", palette_action="act",
            palette_help="enter — words, truly inaudible, or not a gap; "
            "on an uncertain passage: edit it"),
        # A gap already decided: yours to revise, or someone else's to propose an alternative
        # to (an approved one is not offered: enter edits the passage around it, if any).
        Key("enter", "act('revise')", "revise_gap", "Revise gap", Context.OWN_DECISION,
            footer=10, help_in="resolve_gap"),
        Key("enter", "act('alternative')", "alternative_gap", "Alternative",
            Context.OTHERS_DECISION, footer=10, help_in="resolve_gap"),
        Key("enter", "act('uncertain')", "edit_uncertain", "Edit passage", Context.UNCERTAIN,
            footer=10, help_in="resolve_gap"),
        # A finding of the final check (the check runs by itself once the text is shown).
        Key("enter", "act('qc')", "propose_fix", "Propose fix", Context.FINDING, footer=10,
            help=("on a finding (◆): propose its suggested fix (one undoable correction);",
                  "a finding without one says so: e edits the words, x dismisses it"),
            palette="Propose the finding's fix", palette_action="act",
            palette_help="enter on a finding — its suggested fix as a correction"),
        Key("f", "flag", "flag", "Flag", _E, footer=50,
            help=("flag the selection (else the sentence) as uncertain, with a reason",),
            palette="Flag as uncertain", palette_help="f — the selection, else the sentence"),
        # Not in the footer: from a gap to a finding (n) only enter's label changes then, one
        # key repainted, where a key more would lay the footer out again on every such n (30 ms
        # of a 1M-word transcript's 45); the status line says "x dismisses" on a finding.
        Key("x", "dismiss_finding", "dismiss_finding", "Dismiss", Context.FINDING, show=False,
            help=("on a finding: dismiss it for this transcript (saved with ctrl+s, so a",
                  "colleague sees the same list; u undoes it)"),
            palette="Dismiss the finding under the cursor",
            palette_help="x on a finding — saved in the sidecar with ctrl+s"),
        Key("x", "clear_flag", "clear_flag", "Clear flag", Context.FLAG, footer=60,
            help=("clear the flag under the cursor",),
            palette="Clear the flag under the cursor", palette_help="x"),
        # x where no flag is: not in the footer, but says why nothing happened.
        Key("x", "no_flag", "no_flag", "Clear flag", Context.NO_FLAG, show=False,
            help_in="clear_flag"),
        Key("e", "edit", "edit", "Edit", _E, footer=40,
            help=("edit the selection (else the paragraph); ctrl+s in the editor keeps it",),
            palette="Edit the selection or paragraph",
            palette_help="e — changes become replace proposals"),
        Key("u,ctrl+z", "undo", "undo", "Undo", _EVERY, footer=80,
            help=("undo the last unsaved action",),
            palette="Undo", palette_help="u or ctrl+z — unsaved actions"),
        Key("U,ctrl+y", "redo", "redo", "Redo", _EVERY, footer=90,
            help=("redo what was undone",), palette="Redo", palette_help="U or ctrl+y"),
        Key("ctrl+s", "save", "save", "Save", _EVERY, footer=70, priority=True,
            help=("save the unsaved actions as one revision (asks for a message)",),
            palette="Save a revision", palette_help="ctrl+s — asks for a message"),
    ),
)

REVIEW = Section(
    "Review queue (R, or transcript-review FILE --review)",
    (
        Key("a", "approve", "review.approve", "Approve", _Q, footer=10,
            help=("approve the selected proposal (not your own unless the config allows)",),
            palette="Approve the selected proposal", palette_help="a"),
        Key("r", "reject", "review.reject", "Reject", _Q, footer=20,
            help=("reject it, with an optional comment",),
            palette="Reject the selected proposal",
            palette_help="r — with an optional comment"),
        Key("e", "amend", "review.amend", "Amend", _Q, footer=30,
            help=("amend the proposed words (recorded as your amendment)",),
            palette="Amend the proposed words", palette_help="e — recorded as your amendment"),
        Key("s", "skip", "review.skip", "Skip", _Q, footer=40,
            help=("skip to the next one",),
            palette="Skip to the next proposal", palette_help="s"),
        Key("o", "open_in_text", "review.open", "Open in text", _Q, footer=100,
            help=("open it in the text",),
            palette="Open the proposal in the text", palette_help="o"),
        Key("A", "approve_all", "review.approve_all", "Approve all", _Q, footer=110,
            help=("approve all proposals shown (asks first, with the count)",),
            palette="Approve all proposals shown",
            palette_help="A — asks first, with the count"),
        Key("slash", "filter", "review.filter", "Filter", _Q, footer=80,
            help=(
                "filter: status:proposed author:ana kind:replace is:question is:outdated",
                "is:unsaved, any words; -term excludes (-author:ana); empty shows all",
            ),
            palette="Filter the queue",
            palette_help="/ — status: author: kind: is:question, -term, words"),
        # The app's keys, ranked and named for the queue (bound once, by the app).
        Key("ctrl+s", "save", "save", "Save", _EVERY, footer=50, binds=False,
            help=("save the verdicts as one revision (role reviewer)",),
            palette="Save the verdicts", palette_help="ctrl+s — one revision, role reviewer"),
        Key("u,ctrl+z", "undo", "undo", "Undo", _EVERY, footer=60, binds=False,
            help_in="undo", palette="Undo", palette_help="u or ctrl+z"),
        Key("U,ctrl+y", "redo", "redo", "Redo", _EVERY, footer=70, binds=False,
            help_in="redo", palette="Redo", palette_help="U or ctrl+y"),
        Key("R,escape", "leave", "review.leave", "Editor", _Q, footer=90,
            help=("back to the editor",),
            palette="Back to the editor", palette_help="R or escape"),
        Key("question_mark", "help", "help", "Help", _ANY, footer=130, binds=False,
            help_in="help", palette="Help", palette_help="?"),
        Key("q", "quit", "quit", "Quit", _ANY, footer=120, binds=False,
            help_in="quit", palette="Quit", palette_help="q"),
    ),
)

LISTENING = Section(
    "Listening (needs mpv, and --media FILE or URL)",
    (
        Key("space", "listen('play_pause')", "play_pause", "Play/pause", _EVERY, show=False,
            help=("play / pause",), palette="Play or pause", palette_help="space"),
        Key("left_square_bracket", "jump(-3)", "back", "Back 3 s", _EVERY, show=False,
            help_keys="[  ]", help=("back / forward 3 seconds",),
            palette="Back 3 seconds", palette_help="["),
        Key("right_square_bracket", "jump(3)", "forward", "Forward 3 s", _EVERY, show=False,
            help_in="back", palette="Forward 3 seconds", palette_help="]"),
        Key("minus", "listen('slower')", "slower", "Slower", _EVERY, show=False,
            help_keys="-  +", help=("slower / faster (0.5× to 2×)",),
            palette="Slower", palette_help="- (down to 0.5×)"),
        Key("plus,equals_sign", "listen('faster')", "faster", "Faster", _EVERY, show=False,
            help_in="slower", palette="Faster", palette_help="+ (up to 2×)"),
        Key("l", "play_passage", "play_passage", "Play passage", _EVERY, show=False,
            help=("play the passage under the cursor from 2 s before it; on a gap located in "
                  "the recording (align), loop exactly its window",),
            palette="Play the passage from a little before", palette_help="l"),
        Key("L", "loop_passage", "loop_passage", "Loop", _EVERY, show=False,
            help=("loop the passage (±3 s); , narrower · . wider · L again stops",),
            palette="Loop the passage", palette_help="L — again to stop; , narrower · . wider"),
        Key("comma", "resize_loop(-1)", "narrower", "Narrower loop", _EVERY, show=False,
            help_in="loop_passage"),
        Key("full_stop", "resize_loop(1)", "wider", "Wider loop", _EVERY, show=False,
            help_in="loop_passage"),
        Key("F", "follow", "follow", "Follow playback", _E, show=False,
            help=("follow mode: the cursor goes where the player is",),
            palette="Follow playback", palette_help="F — the cursor goes where the player is"),
        Key("t", "stamp", "stamp", "Stamp time", _E, show=False,
            help=("stamp: pin this paragraph's time to the playback position",),
            palette="Stamp the paragraph's time",
            palette_help="t — pins it to the playback position"),
        Key("w", "webcast", "webcast", "Webcast", _EVERY, show=False,
            help=("open the webcast (--webcast URL) at this passage's time in the browser",),
            palette="Open the webcast here",
            palette_help="w — in the browser, at this passage's time"),
        Key("T", "align", "align", "Align times", _E, show=False,
            help=("align times to the recording, in the background (T again cancels)",),
            palette="Align times to the recording",
            palette_help="T — in the background; T again cancels"),
    ),
)

OTHER = Section(
    "Other",
    (
        Key("o", "orphaned", "orphaned", "Orphaned", _E, show=False,
            help=("in the editor: orphaned corrections (their text is no longer there)",),
            palette="Show orphaned corrections",
            palette_help="o — corrections whose text is gone"),
        Key("R", "review", "review", "Review", _E, footer=130,
            help_in=REVIEW.title,
            palette="Review queue", palette_help="R — approve, reject or amend proposals"),
        Note("ctrl+p", ("command palette: every action by name",)),
        Key("question_mark", "help", "help", "Help", _ANY, footer=150,
            help=("this help",), palette="Help", palette_help="? — every key"),
        Key("q", "quit", "quit", "Quit", _ANY, footer=140, help_keys="q  ctrl+q",
            help=("quit (asks first when there are unsaved changes)",),
            palette="Quit", palette_help="q — asks first when there are unsaved changes"),
        Key("ctrl+q", "quit", "quit_ctrl", "Quit", _ANY, show=False, priority=True,
            help_in="quit"),
    ),
)

LEGEND = Section(
    "In the text",
    (
        Note("●", ("an open gap (red); ? an uncertain passage (underlined); ⚑ a flag (shaded)",)),
        Note("✎", (
            "a proposal: the old words struck through, the new words after them",
            "approved words are green; unsaved ones italic",
        )),
        Note("◆", (
            "a finding of the final check (a doubled word, an unclosed *, a near-miss name…),",
            "underlined; found in the background once the text is shown, checked again",
            "after each change (the status line's “qc” counts them)",
        )),
        Note("~00:12:34", ("an estimated time (no captions, stamp or pin says it)",)),
        Note("¶ 12/40", ("on the status line: the paragraph under the cursor (g 12 goes there)",)),
    ),
)

_WS = Context.WORKSPACE

WORKSPACE = Section(
    "Workspace (transcript-review DIR: every transcript of a folder)",
    (
        Note("↑ ↓  pgup pgdn  home end", ("move between the files",)),
        # enter is the table's key too: the screen's binding has priority, so the footer
        # names it and the screen posts the message the app opens the editor on.
        Key("enter", "open_transcript", "workspace.open", "Open", _WS, footer=10, priority=True,
            help=("open the transcript under the cursor in the editor",),
            palette="Open the transcript", palette_help="enter"),
        Key("n", "next_open", "workspace.next", "Next open", _WS, footer=20,
            help=("next file with open work (gaps, uncertain passages, flags, proposals)",),
            palette="Next file with open work", palette_help="n — round to the first"),
        Key("N,p", "previous_open", "workspace.previous", "Previous open", _WS, footer=60,
            help=("previous file with open work",),
            palette="Previous file with open work", palette_help="N or p"),
        Key("s", "next_sort", "workspace.sort", "Sort", _WS, footer=30,
            help=("sort by the next column: open work (the default), awaiting review,",
                  "last change, words, title, file"),
            palette="Sort by the next column", palette_help="s"),
        Key("S", "reverse_sort", "workspace.reverse", "Reverse", _WS, footer=70,
            help=("reverse the order",), palette="Reverse the order", palette_help="S"),
        Key("slash", "filter", "workspace.filter", "Filter", _WS, footer=40,
            help=(
                "filter: status:open|proposed|done|unreadable  is:open|timed|new|orphaned",
                "author:ana  timing:captions, any words; -term excludes; empty shows all",
            ),
            palette="Filter the files", palette_help="/ — status: is: author: timing:, words"),
        Key("question_mark", "help", "workspace.help", "Help", _WS, footer=130,
            help=("the workspace's keys",), palette="Help", palette_help="?"),
        Key("q", "quit", "quit", "Quit", _ANY, footer=120, binds=False, help_in="quit",
            palette="Quit", palette_help="q"),
    ),
)

#: The workspace's keys (its own, and the app's quit it shares).
WORKSPACE_KEYS: tuple[Key, ...] = WORKSPACE.keys

WORKSPACE_FILE = Section(
    "A file opened from the workspace",
    (
        # The editor's q, where the editor was opened from the workspace: that screen's own
        # binding, so it takes the place of the app's quit (ctrl+q still quits). Ranked
        # after save, before undo: at 80 columns the way back stays in the footer.
        Key("q", "leave", "editor.leave", "Workspace", _E, footer=75,
            help=("back to the workspace, the file's row brought up to date",
                  "(asks first when there are unsaved changes); ctrl+q quits"),
            palette="Back to the workspace",
            palette_help="q — asks first when there are unsaved changes"),
        Note("n", ("past the last open item: offers the next file with open work",)),
    ),
)

#: The keys of an editor opened from the workspace, besides the editor's.
WORKSPACE_FILE_KEYS: tuple[Key, ...] = WORKSPACE_FILE.keys

#: The help screen, in order.
HELP_SECTIONS: tuple[Section, ...] = (MOVING, CORRECTING, REVIEW, LISTENING, OTHER, LEGEND)

#: The editor's keys: those of every screen (``EVERY_SCREEN``, ``ANYWHERE``) bound by the app,
#: the rest by the editor screen (the panel and the text bind ``tab``).
EDITOR_KEYS: tuple[Key, ...] = (
    MOVING.keys + CORRECTING.keys + LISTENING.keys + OTHER.keys
)

#: The review queue's keys (its own, and the app's it shares).
REVIEW_KEYS: tuple[Key, ...] = REVIEW.keys


# -- what the screens make of the table -------------------------------------------------------

#: How the help shows Textual's key names that are not what the key prints.
_SHOWN = {"question_mark": "?", "slash": "/", "left_square_bracket": "[",
          "right_square_bracket": "]", "minus": "-", "plus": "+", "comma": ",",
          "full_stop": "."}


def help_keys(key: Key | Note) -> str:
    """The keys as the help screen's left column shows them."""
    if isinstance(key, Note):
        return key.keys
    return key.help_keys or "  ".join(_SHOWN.get(k, k) for k in key.keys.split(","))


def help_rows(section: Section) -> list[tuple[str, str]]:
    """(keys, what they do) rows of a section; "" keys continue the row above."""
    rows: list[tuple[str, str]] = []
    for row in section.rows:
        for i, line in enumerate(row.help):
            rows.append((help_keys(row) if i == 0 else "", line))
    return rows


def footer_order(keys: tuple[Key, ...]) -> tuple[str, ...]:
    """The action names the footer shows, most important first."""
    ranked = sorted((k for k in keys if k.footer is not None), key=lambda k: k.footer or 0)
    return tuple(dict.fromkeys(k.name for k in ranked))


def palette(keys: tuple[Key, ...], on_screen: bool = False) -> list[tuple[str, str, str]]:
    """(title, action, help) for the command palette. ``on_screen``: the keys a screen binds
    run on that screen (``screen.approve``), the app's on the app."""
    entries = []
    for key in keys:
        if key.palette:
            action = key.palette_action or key.action
            if on_screen and key.binds:
                action = f"screen.{action}"
            entries.append((key.palette, action, key.palette_help))
    return entries


def gated(keys: tuple[Key, ...]) -> frozenset[str]:
    """The actions offered only on the main screen with a transcript loaded (the rest: help
    and quit, anywhere)."""
    return frozenset(k.name for k in keys if k.context is not Context.ANYWHERE)


def on_every_screen(keys: tuple[Key, ...]) -> frozenset[str]:
    """Gated actions that also apply on the review screen."""
    return frozenset(k.name for k in keys if k.context is Context.EVERY_SCREEN)


def labels_of(keys: tuple[Key, ...], name: str) -> dict[str, str]:
    """The footer label of each parameter of action ``name`` (enter's ``act('gap')`` ->
    "Resolve gap"), for the footer to name what the key does here."""
    found = {}
    for key in keys:
        if key.name == name and "(" in key.action:
            found[key.action.split("(", 1)[1].rstrip(")").strip("'\"")] = key.label
    return found
