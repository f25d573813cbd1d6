"""Commands over the history in the sidecar: log, show, diff, check."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.text import Text

from ..core.config import Config
from ..core.corrections import (
    CorrectedText,
    State,
    apply_corrections,
    changed_regions,
    corrected_text,
    fold,
    own_overlaps,
)
from ..core.editing.session import EditingSession
from ..core.errors import InputError
from ..core.quoting import printable, visible
from ..core.sidecar.records import Role, event_counts
from ..core.sidecar.schema import format_time
from .common import (
    file_argument,
    json_option,
    open_session,
    print_json,
    print_text,
    report_invalid_verdicts,
    say,
)
from .options import recursive_option, refuse_recursive
from .views import console

#: Words, single punctuation marks and runs of space: "(inaudible)." diffs as four tokens.
_TOKEN = re.compile(r"\s+|\w+(?:['’\-]\w+)*|[^\w\s]")


@click.command()
@file_argument
@json_option
@click.pass_obj
def log(config: Config, file: Path, as_json: bool) -> None:
    """List the saved revisions of FILE's sidecar, oldest first."""
    session = open_session(config, file, None, Role.EDITOR)
    rows = []
    for rev in session.sidecar.revisions:
        rows.append(
            {
                "revision": rev.number,
                "id": rev.id,
                "parent": rev.parent,
                "author": rev.author,
                "role": rev.role.value,
                "saved": format_time(rev.saved),
                "message": rev.message,
                "events": event_counts(rev),
            }
        )
    if as_json:
        print_json({"transcript": session.transcript.name, "revisions": rows})
        return
    out = console()
    if not rows:
        out.print(Text(printable(f"{session.transcript.name}: no revisions saved yet.")))
    for row in rows:
        events = ", ".join(f"{n} {key}" for key, n in row["events"].items())
        author = printable(row["author"], one_line=True)
        out.print(
            Text.assemble(
                (f"r{row['revision']} {row['id']}", "bold yellow"),
                f"  {row['saved']}  {author} ({row['role']})\n    ",
                (printable(row["message"]), "bold"),
                f"\n    {events}",
            )
        )


def _state_at(session: EditingSession, revision: int | None) -> State:
    if revision is not None and not 0 <= revision <= session.saved_revision:
        raise InputError(
            session.sidecar_path,
            f"there is no revision {revision}; revisions go from 0 (the original) "
            f"to {session.saved_revision}",
        )
    return fold(
        session.sidecar.header,
        session.sidecar.revisions,
        session.transcript.text,
        revision,
        transcript_sha256=session.transcript.sha256,
        allow_self_approval=session.allow_self_approval,
    )


@click.command()
@file_argument
@click.option("--rev", type=int, help="Show the text as of revision N (0: the original).")
@click.option("--include-proposed", is_flag=True, help="Apply proposals not yet approved too.")
@click.pass_obj
def show(config: Config, file: Path, rev: int | None, include_proposed: bool) -> None:
    """Print the corrected text of FILE (approved corrections only, by default)."""
    session = open_session(config, file, None, Role.EDITOR)
    state = _state_at(session, rev)
    report_invalid_verdicts(state)
    text = corrected_text(state, include_proposed)
    print_text(text if text.endswith("\n") else text + "\n")


@click.command()
@file_argument
@click.option("--from", "from_rev", type=int, default=0, show_default=True, help="Older revision.")
@click.option("--to", "to_rev", type=int, help="Newer revision (default: the latest).")
@click.option("--include-proposed", is_flag=True, help="Compare with proposals applied too.")
@click.pass_obj
def diff(
    config: Config, file: Path, from_rev: int, to_rev: int | None, include_proposed: bool
) -> None:
    """Word-level differences between two revisions of FILE's corrected text."""
    session = open_session(config, file, None, Role.EDITOR)
    old_state, new_state = _state_at(session, from_rev), _state_at(session, to_rev)
    report_invalid_verdicts(new_state)
    old = apply_corrections(old_state, include_proposed)
    new = apply_corrections(new_state, include_proposed)
    coloured = sys.stdout.isatty()
    hunks = region_diff(session.transcript.text, old, new, visible if coloured else None)
    if not hunks:
        click.echo("no differences")
        return
    out = console()
    for line, text in hunks:
        header = f"@@ line {line} @@"
        if coloured:
            out.print(Text(header, style="cyan"))
            out.print(text)
        else:
            click.echo(header)
            click.echo(text.plain)


def region_diff(
    source: str,
    old: CorrectedText,
    new: CorrectedText,
    shown: Callable[[str], str] | None = None,
) -> list[tuple[int, Text]]:
    """:func:`word_diff` of only the paragraphs the corrections touch (see
    :func:`~..core.corrections.changed_regions`), with lines counted in the whole old text.
    ``shown`` maps text before it is compared (``visible`` at a terminal)."""
    hunks: list[tuple[int, Text]] = []
    line, counted = 1, 0
    for region in changed_regions(source, old, new):
        line += old.text.count("\n", counted, region.old_start)
        counted = region.old_start
        a, b = (shown(region.old), shown(region.new)) if shown else (region.old, region.new)
        hunks.extend((line + n - 1, text) for n, text in word_diff(a, b))
    return hunks


def word_diff(old: str, new: str) -> list[tuple[int, Text]]:
    """Changed paragraphs with the words removed ``[-…-]`` and added ``{+…+}``, like git's
    ``--word-diff``; one hunk per changed paragraph, headed by its line in the old text."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    marked = Text()
    changed_at: list[int] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            marked.append("".join(a[i1:i2]))
            continue
        changed_at.append(len(marked.plain))
        if i2 > i1:
            marked.append(f"[-{''.join(a[i1:i2])}-]", style="red strike")
        if j2 > j1:
            marked.append(f"{{+{''.join(b[j1:j2])}+}}", style="green bold")
    plain = marked.plain
    hunks: list[tuple[int, Text]] = []
    seen: set[int] = set()
    for pos in changed_at:
        start = plain.rfind("\n\n", 0, pos) + 2 if plain.rfind("\n\n", 0, pos) >= 0 else 0
        if start in seen:
            continue
        seen.add(start)
        end = plain.find("\n\n", pos)
        end = len(plain) if end < 0 else end
        line = old.count("\n", 0, _old_offset(plain, start)) + 1
        hunks.append((line, marked[start:end]))
    return hunks


def _old_offset(marked: str, pos: int) -> int:
    """Offset in the old text of a position in the marked-up text (markers removed)."""
    head = marked[:pos]
    head = re.sub(r"\{\+.*?\+\}", "", head, flags=re.S)
    return len(re.sub(r"\[-(.*?)-\]", r"\1", head, flags=re.S))


@click.command()
@file_argument
@json_option
@recursive_option
@click.pass_obj
def check(config: Config, file: Path, as_json: bool, recursive: bool) -> int:
    """Validate FILE's sidecar and re-anchor it: exit 0 clean, 1 problems listed, 2 bad input.

    Open questions (conflicting verdicts recorded by `merge`, not yet answered by a new verdict)
    are listed and count as problems: the review queue shows them (filter `is:question`).
    A folder: every sidecar in it, and the exit status is the worst.
    """
    if file.is_dir():
        from .folder_commands import check_folder

        return check_folder(config, file, as_json, recursive)
    refuse_recursive(file, recursive)
    session = open_session(config, file, None, Role.EDITOR)
    report = check_report(session)
    if as_json:
        print_json(report)
    else:
        print_check(session, report)
    return check_status(report)


def check_report(session: EditingSession) -> dict:
    """``check --json``'s object for one sidecar (keys in the README)."""
    state = session.state
    problems = [
        {"revision": p.revision, "correction": p.correction, "rule": p.rule, "message": p.message}
        for p in [*state.problems, *own_overlaps(state)]
    ]
    orphaned = [
        {
            "id": c.id,
            "kind": c.kind.value,
            "exact": c.anchor.exact,
            "prefix": c.anchor.prefix,
            "suffix": c.anchor.suffix,
            "reason": c.placement.reason if c.placement else "",
        }
        for c in state.orphaned
    ]
    questions = [
        {
            "id": q.id,
            "about": q.about,
            "revision": q.revision,
            "author": q.author,
            "text": q.text,
        }
        for q in state.open_questions
    ]
    return {
        "sidecar": str(session.sidecar_path),
        "revisions": session.saved_revision,
        "problems": problems,
        "orphaned": orphaned,
        "questions": questions,
        "warnings": list(session.sidecar.warnings),
        "revisions_on_other_transcript_versions": state.stale_revisions,
    }


def check_status(report: dict) -> int:
    """1 when the report lists anything (problems, orphans, open questions, warnings), else 0."""
    keys = ("problems", "orphaned", "questions", "warnings")
    return 1 if any(report[key] for key in keys) else 0


def print_check(session: EditingSession, report: dict) -> None:
    """``check``'s lines for people: one per problem, orphan, question and warning."""
    problems, orphaned = report["problems"], report["orphaned"]
    questions, warnings = report["questions"], report["warnings"]
    stale = report["revisions_on_other_transcript_versions"]
    name = session.sidecar_path.name
    if not session.sidecar.exists:
        say(f"{name}: no sidecar yet; nothing to check")
    for p in problems:
        say(f"{name}: revision {p['revision']}: {p['rule']}: {p['message']}")
    for o in orphaned:
        say(
            f"{name}: {o['id']} ({o['kind']}) is orphaned: its text "
            f"“{o['exact']}” is no longer in the transcript ({o['reason']})"
        )
    for q in questions:
        say(
            f"{name}: revision {q['revision']}: open question {q['id']} about "
            f"{q['about']}: {q['text']}"
        )
    for w in warnings:
        say(f"{name}: {w}")
    if stale:
        revs = ", ".join(map(str, stale))
        say(
            f"{name}: revisions {revs} were made on another version of the transcript"
            " (their anchors were re-placed)"
        )
    if not (problems or orphaned or questions or warnings) and session.sidecar.exists:
        say(f"{name}: {session.saved_revision} revision(s), all valid and anchored")
