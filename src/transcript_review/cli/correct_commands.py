"""Commands that propose corrections or give verdicts; each appends exactly one revision."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.config import Config
from ..core.editing.session import EditingSession
from ..core.sidecar.records import Evidence, Role
from ..core.text.anchors import anchor_for_quote
from .common import (
    break_lock_option,
    file_argument,
    json_option,
    message_option,
    open_session,
    saved,
    user_option,
)
from .options import recursive_option, refuse_recursive

evidence_option = click.option(
    "--evidence",
    type=click.Choice([e.value for e in Evidence]),
    default=Evidence.LISTENED.value,
    show_default=True,
    help="How you know the words.",
)
note_option = click.option("--note", help="A note for the reviewer.")
occurrence_option = click.option(
    "--occurrence",
    type=click.IntRange(min=1),
    help="Which occurrence of the quote (1 = first), when it occurs more than once.",
)


@click.command()
@file_argument
@click.argument("item_id")
@click.argument("text")
@evidence_option
@note_option
@json_option
@user_option
@message_option
@break_lock_option
@click.pass_obj
def resolve(
    config: Config,
    file: Path,
    item_id: str,
    text: str,
    evidence: str,
    note: str | None,
    as_json: bool,
    user: str | None,
    message: str | None,
    break_lock: bool,
) -> None:
    """Propose TEXT for the gap ITEM_ID (see `items`)."""
    session = open_session(config, file, user, Role.EDITOR)
    session.resolve_gap(session.item(item_id), text, Evidence(evidence), note)
    saved(session, config, message, break_lock, as_json=as_json)


@click.command()
@file_argument
@click.argument("item_id")
@note_option
@json_option
@user_option
@message_option
@break_lock_option
@click.pass_obj
def confirm(
    config: Config,
    file: Path,
    item_id: str,
    note: str | None,
    as_json: bool,
    user: str | None,
    message: str | None,
    break_lock: bool,
) -> None:
    """Propose that the gap ITEM_ID is truly inaudible (the marker stays)."""
    session = open_session(config, file, user, Role.EDITOR)
    session.confirm_gap(session.item(item_id), note)
    saved(session, config, message, break_lock, as_json=as_json)


@click.command()
@file_argument
@click.argument("item_id")
@note_option
@json_option
@user_option
@message_option
@break_lock_option
@click.pass_obj
def dismiss(
    config: Config,
    file: Path,
    item_id: str,
    note: str | None,
    as_json: bool,
    user: str | None,
    message: str | None,
    break_lock: bool,
) -> None:
    """Propose that ITEM_ID is not a gap (the marker goes)."""
    session = open_session(config, file, user, Role.EDITOR)
    session.dismiss_gap(session.item(item_id), note)
    saved(session, config, message, break_lock, as_json=as_json)


@click.command()
@file_argument
@click.option("--quote", required=True, help="The exact words to flag.")
@occurrence_option
@click.option("--reason", default="uncertain", show_default=True, help="What is doubtful.")
@note_option
@json_option
@user_option
@message_option
@break_lock_option
@click.pass_obj
def flag(
    config: Config,
    file: Path,
    quote: str,
    occurrence: int | None,
    reason: str,
    note: str | None,
    as_json: bool,
    user: str | None,
    message: str | None,
    break_lock: bool,
) -> None:
    """Flag the words --quote as uncertain."""
    session = open_session(config, file, user, Role.EDITOR)
    start, end = find_quote(session, quote, occurrence)
    session.flag(start, end, reason, note)
    saved(session, config, message, break_lock, as_json=as_json)


@click.command()
@file_argument
@click.option("--quote", required=True, help="The exact words to replace.")
@click.option("--with", "new", required=True, help="What they should be.")
@occurrence_option
@note_option
@json_option
@user_option
@message_option
@break_lock_option
@click.pass_obj
def replace(
    config: Config,
    file: Path,
    quote: str,
    new: str,
    occurrence: int | None,
    note: str | None,
    as_json: bool,
    user: str | None,
    message: str | None,
    break_lock: bool,
) -> None:
    """Propose new words for --quote."""
    session = open_session(config, file, user, Role.EDITOR)
    start, end = find_quote(session, quote, occurrence)
    session.replace(start, end, new, note)
    saved(session, config, message, break_lock, as_json=as_json)


@click.command()
@file_argument
@click.argument("ids", nargs=-1, required=True)
@click.option("--comment", help="Why (shown to the proposer).")
@user_option
@message_option
@break_lock_option
@recursive_option
@click.pass_obj
def approve(
    config: Config,
    file: Path,
    ids: tuple[str, ...],
    comment: str | None,
    user: str | None,
    message: str | None,
    break_lock: bool,
    recursive: bool,
) -> int | None:
    """Approve the proposals IDS (as a reviewer).

    FILE may be a folder: each id is looked up in its transcripts (`FILE:ID` names the file
    when two have the id), and each touched sidecar gets one revision with the same message."""
    return _verdicts(config, file, "approve", ids, comment, user, message, break_lock, recursive)


@click.command()
@file_argument
@click.argument("ids", nargs=-1, required=True)
@click.option("--comment", help="Why (shown to the proposer).")
@user_option
@message_option
@break_lock_option
@recursive_option
@click.pass_obj
def reject(
    config: Config,
    file: Path,
    ids: tuple[str, ...],
    comment: str | None,
    user: str | None,
    message: str | None,
    break_lock: bool,
    recursive: bool,
) -> int | None:
    """Reject the proposals IDS (as a reviewer).

    FILE may be a folder: each id is looked up in its transcripts (`FILE:ID` names the file
    when two have the id), and each touched sidecar gets one revision with the same message."""
    return _verdicts(config, file, "reject", ids, comment, user, message, break_lock, recursive)


def find_quote(session: EditingSession, quote: str, occurrence: int | None) -> tuple[int, int]:
    """The span of the chosen occurrence of ``quote`` (InputError when missing or ambiguous)."""
    anchor = anchor_for_quote(
        session.transcript.text, quote, occurrence, path=session.transcript.path
    )
    return anchor.start, anchor.end


def _verdicts(
    config: Config,
    file: Path,
    verdict: str,
    ids: tuple[str, ...],
    comment: str | None,
    user: str | None,
    message: str | None,
    break_lock: bool,
    recursive: bool,
) -> int | None:
    """``approve``/``reject`` (``verdict``) on one transcript, or on a folder's: one revision
    per touched sidecar, all with the same message."""
    if file.is_dir():
        from .folder_queue_commands import verdicts_folder

        return verdicts_folder(
            config, file, verdict, ids, comment, user, message, break_lock, recursive
        )
    refuse_recursive(file, recursive)
    session = open_session(config, file, user, Role.REVIEWER)
    give = session.approve if verdict == "approve" else session.reject
    for correction_id in ids:
        give(correction_id, comment)
    saved(session, config, message, break_lock)
    return None
