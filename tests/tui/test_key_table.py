"""The key table (tui/keys.py) agrees with itself and with the app: each key documented, each
footer entry bound, no key meaning two things at once, each palette entry runnable.

Each check is a function over a table so it can be shown to fail on a broken one (the
``test_the_checks_catch_…`` tests below)."""

from __future__ import annotations

from itertools import combinations

from transcript_review.tui.app import PALETTE, REVIEW_PALETTE, TranscriptReviewApp
from transcript_review.tui.editor_screen import EditorScreen
from transcript_review.tui.key_footer import action_name
from transcript_review.tui.keys import (
    EDITOR_KEYS,
    HELP_SECTIONS,
    REVIEW_KEYS,
    WORKSPACE,
    WORKSPACE_KEYS,
    Context,
    Key,
    can_clash,
    footer_order,
    help_keys,
    palette,
)
from transcript_review.tui.review_screen import ReviewScreen
from transcript_review.tui.transcript_view import TranscriptView
from transcript_review.tui.work_table import WorkTable
from transcript_review.tui.workspace_screen import WorkspaceScreen

_SHARED = (Context.EVERY_SCREEN, Context.ANYWHERE)
#: Each screen's keys: the review queue also has the app's keys that work on every screen.
SCREENS: dict[str, tuple[Key, ...]] = {
    "editor": EDITOR_KEYS,
    "review": REVIEW_KEYS
    + tuple(k for k in EDITOR_KEYS if k.context in _SHARED and k.binds),
    # The workspace is a screen of its own: only the app's keys of anywhere reach it.
    "workspace": WORKSPACE_KEYS
    + tuple(k for k in EDITOR_KEYS if k.context is Context.ANYWHERE and k.binds),
}


def undocumented(keys: tuple[Key, ...]) -> list[str]:
    """Ids of keys with no help row, and none they point to."""
    sections = (*HELP_SECTIONS, WORKSPACE)
    documented = {k.id for section in sections for k in section.keys if k.help}
    titles = {section.title for section in sections}
    return [
        k.id
        for k in keys
        if not k.help and k.help_in not in documented and k.help_in not in titles
    ]


def unbound_footer(keys: tuple[Key, ...], bound_actions: set[str]) -> list[str]:
    """Footer entries no shown binding of the screen runs."""
    return [name for name in footer_order(keys) if name not in bound_actions]


def clashes(keys: tuple[Key, ...]) -> list[tuple[str, str, str]]:
    """(key, id, id) for two actions on one key where both can apply at once."""
    found = []
    for one, other in combinations(keys, 2):
        if one.action == other.action:
            continue  # the same action listed for two screens
        shared = set(one.keys.split(",")) & set(other.keys.split(","))
        if shared and can_clash(one.context, other.context):
            found.append((min(shared), one.id, other.id))
    return found


def _shown_actions(*binding_lists: list) -> set[str]:
    return {action_name(b.action) for bindings in binding_lists for b in bindings if b.show}


# -- the table ------------------------------------------------------------------------------


def test_every_binding_has_help_text() -> None:
    assert undocumented(EDITOR_KEYS + REVIEW_KEYS) == []
    ids = {k.id for k in EDITOR_KEYS + REVIEW_KEYS}
    made = TranscriptReviewApp.BINDINGS + EditorScreen.BINDINGS + ReviewScreen.BINDINGS
    assert {b.id for b in made} <= ids, "every binding comes from the key table"


def test_every_footer_entry_is_a_binding() -> None:
    app = TranscriptReviewApp.BINDINGS
    editor = _shown_actions(
        app, EditorScreen.BINDINGS, WorkTable.BINDINGS, TranscriptView.BINDINGS
    )
    assert unbound_footer(EDITOR_KEYS, editor) == []
    review = _shown_actions(ReviewScreen.BINDINGS) | {
        k.name for k in EDITOR_KEYS if k.context in _SHARED and k.binds and k.show
    }
    assert unbound_footer(REVIEW_KEYS, review) == []


def test_no_key_is_bound_twice_in_one_context() -> None:
    for screen, keys in SCREENS.items():
        assert clashes(keys) == [], screen


def test_every_palette_entry_runs_an_action_of_the_app_or_screen() -> None:
    for entries, screen in ((PALETTE, EditorScreen), (REVIEW_PALETTE, ReviewScreen)):
        for _, action, _ in entries:
            owner = screen if action.startswith("screen.") else TranscriptReviewApp
            assert hasattr(owner, f"action_{action_name(action)}"), action


def test_the_app_binds_only_the_keys_of_every_screen_and_the_editor_the_rest() -> None:
    """The editor's own keys are the editor screen's bindings (so they cannot fire over the
    review queue); the app's are those that work on every screen."""
    app = {b.id for b in TranscriptReviewApp.BINDINGS if b.id}
    editor = {b.id for b in EditorScreen.BINDINGS}
    assert app == {k.id for k in EDITOR_KEYS if k.context in _SHARED and k.binds}
    assert editor == {k.id for k in EDITOR_KEYS if k.context not in _SHARED and k.binds}


def test_a_key_the_queue_shares_is_the_apps_binding() -> None:
    """The queue's entries for the app's keys (save, undo…) rank and document them there;
    they must name the app's binding, not a key of their own."""
    app = {k.id: k for k in EDITOR_KEYS}
    for key in REVIEW_KEYS:
        if not key.binds:
            assert key.id in app, key.id
            assert (key.keys, key.action) == (app[key.id].keys, app[key.id].action)


def test_the_queues_help_panel_names_each_of_its_keys() -> None:
    """ReviewScreen.HELP (Textual's help panel) is prose kept beside the table: it must still
    name every key the queue binds, and its save key."""
    for key in REVIEW_KEYS:
        if key.binds or key.name == "save":
            for shown in help_keys(key).split("  "):
                assert f"`{shown}`" in ReviewScreen.HELP, shown


def test_the_workspace_keys_come_from_the_table_and_its_footer_entries_are_bound() -> None:
    assert undocumented(WORKSPACE_KEYS) == []
    ids = {k.id for k in WORKSPACE_KEYS}
    assert {b.id for b in WorkspaceScreen.BINDINGS} <= ids
    shown = _shown_actions(WorkspaceScreen.BINDINGS) | {
        k.name for k in EDITOR_KEYS if k.context is Context.ANYWHERE and k.binds and k.show
    }
    assert unbound_footer(WORKSPACE_KEYS, shown) == []
    for _, action, _ in palette(WORKSPACE_KEYS, on_screen=True):
        owner = WorkspaceScreen if action.startswith("screen.") else TranscriptReviewApp
        assert hasattr(owner, f"action_{action_name(action)}"), action


def test_a_workspace_key_never_clashes_with_the_editors_or_the_queues() -> None:
    """n, s, enter, / mean other things in the editor and the queue: other screens."""
    assert not can_clash(Context.WORKSPACE, Context.EDITOR)
    assert not can_clash(Context.WORKSPACE, Context.QUEUE)
    assert not can_clash(Context.WORKSPACE, Context.EVERY_SCREEN)
    assert can_clash(Context.WORKSPACE, Context.ANYWHERE)
    again = Key("q", "quietly", "quietly", "Q", Context.WORKSPACE, help=("q",))
    assert clashes(SCREENS["workspace"] + (again,)) != []


# -- the checks can fail ----------------------------------------------------------------------


def test_the_checks_catch_a_broken_table() -> None:
    bare = Key("z", "zap", "zap", "Zap", Context.EDITOR, footer=5)
    assert undocumented((bare,)) == ["zap"]
    assert unbound_footer((bare,), set()) == ["zap"]
    again = Key("f", "fold", "fold", "Fold", Context.EDITOR, help=("fold",))
    assert clashes(EDITOR_KEYS + (again,)) == [("f", "flag", "fold")]
    # on a gap and on an uncertain passage at once is impossible: enter may mean both
    gap = Key("enter", "a", "a", "A", Context.OPEN_GAP)
    passage = Key("enter", "b", "b", "B", Context.UNCERTAIN)
    assert clashes((gap, passage)) == []
    # …but a key of the whole editor clashes with one of a gap
    assert clashes((Key("enter", "c", "c", "C", Context.EDITOR), gap)) != []
