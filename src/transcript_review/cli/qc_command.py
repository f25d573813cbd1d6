"""``qc``: is the corrected transcript ready to publish? The rule-based final check.

Also for a folder (each transcript in turn, the exit status the worst), and the one place a
finding is dismissed from the command line (``--dismiss ID``, saved as a ``qc-dismiss`` event)
or listed again (``--restore ID``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.text import Text

from ..core.config import Config
from ..core.editing.session import EditingSession
from ..core.errors import InputError
from ..core.qc.check import GlossaryCache, QcResult, check_session
from ..core.qc.decisions import dismiss_finding, restore_finding
from ..core.qc.findings import Finding, Severity
from ..core.qc.registry import all_rules
from ..core.sidecar.records import QcDismiss, QcRestore, Role
from .common import (
    break_lock_option,
    json_option,
    message_option,
    note_guessed_name,
    open_session,
    print_json,
    revision_json,
    say,
    user_option,
    warn,
)
from .options import recursive_option, refuse_recursive
from .views import console, safe

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _list_rules(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--rules``: print every rule with its default severity, then stop."""
    if not value or ctx.resilient_parsing:
        return
    for rule in all_rules():
        click.echo(f"{rule.id:26} {rule.severity.value:8} {rule.summary}")
    ctx.exit(0)


@click.command("qc")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path), required=False)
@json_option
@click.option("--include-proposed", is_flag=True, help="Check the text with proposals applied too.")
@click.option(
    "--include-dismissed",
    is_flag=True,
    help="List the findings dismissed in the sidecar too (marked as such).",
)
@click.option(
    "--dismiss",
    "dismiss_id",
    metavar="ID",
    help="Dismiss the finding ID for this transcript (saved in the sidecar), then exit.",
)
@click.option(
    "--restore",
    "restore_id",
    metavar="ID",
    help="List the dismissed finding ID again (saved in the sidecar), then exit.",
)
@click.option("--note", help="With --dismiss or --restore: why (kept in the sidecar).")
@recursive_option
@user_option
@message_option
@break_lock_option
@click.option(
    "--rules",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_list_rules,
    help="List the rules, their ids and default severities, and exit.",
)
@click.pass_obj
def qc_command(
    config: Config,
    file: Path | None,
    as_json: bool,
    include_proposed: bool,
    include_dismissed: bool,
    dismiss_id: str | None,
    restore_id: str | None,
    note: str | None,
    recursive: bool,
    user: str | None,
    message: str | None,
    break_lock: bool,
) -> int:
    """Check FILE as corrected before publishing: exit 0 no errors, 1 errors, 2 bad input.

    Given a folder, every transcript in it; the exit status is the worst. Rules can be switched
    off or re-graded under `qc: rules:` in the config file.
    """
    if file is None:
        raise click.UsageError("missing FILE (the transcript to check)")
    changing = dismiss_id is not None or restore_id is not None
    if dismiss_id is not None and restore_id is not None:
        raise InputError(file, "--dismiss and --restore go one at a time")
    if note is not None and not changing:
        raise InputError(file, "--note goes with --dismiss or --restore")
    if file.is_dir():
        if changing:
            raise InputError(
                file, "is a folder; --dismiss and --restore take one transcript (its file)"
            )
        return qc_folder(config, file, as_json, include_proposed, include_dismissed, recursive)
    refuse_recursive(file, recursive)
    if not changing and (user, message, break_lock) != (None, None, False):
        raise InputError(file, "--user, -m and --break-lock go with --dismiss or --restore")
    session = open_session(config, file, user, Role.EDITOR)
    result = check_session(session, config, include_proposed=include_proposed)
    for warning in result.warnings:
        warn(warning)
    if dismiss_id is not None:
        finding = _finding(session, result, dismiss_id)
        dismiss_finding(session, finding, note)
        return _save(session, config, message, break_lock, as_json)
    if restore_id is not None:
        restore_finding(session, restore_id, note)
        return _save(session, config, message, break_lock, as_json)
    name = session.transcript.name
    if as_json:
        data = _result_json(name, result, include_dismissed)
        print_json({"transcript": name, **data})
    else:
        _print_result(name, result, include_dismissed)
        _print_summary(name, result)
    return 1 if result.errors else 0


# -- dismissing and restoring -----------------------------------------------------------------


def _finding(session: EditingSession, result: QcResult, wanted: str) -> Finding:
    """The finding whose id is ``wanted`` or starts with it uniquely (like git's short ids)."""
    key = wanted.strip().lower()
    path = session.transcript.path
    every = [*result.findings, *result.dismissed]
    exact = [f for f in every if f.id == key]
    matching = exact or [f for f in every if key and f.id.startswith(key)]
    if len(matching) == 1:
        (found,) = matching
        if found.id in result.dismissals:
            by = result.dismissals[found.id][0]
            raise InputError(
                path,
                f"{found.id} is already dismissed (by {by.author} in revision {by.revision}); "
                "nothing to do, nothing was written",
            )
        return found
    why = (
        f"{wanted!r} could be any of {', '.join(f.id for f in matching[:5])}; give more of the id"
        if matching
        else f"no finding with id {wanted!r}"
    )
    raise InputError(path, f"{why}; `transcript-review qc {path} --json` lists them")


def _save(
    session: EditingSession, config: Config, message: str | None, break_lock: bool, as_json: bool
) -> int:
    """Save the one dismissal (or restore) and print what was saved."""
    result = session.save(message, break_lock=break_lock)
    dismissed = [e for e in result.revision.events if isinstance(e, QcDismiss)]
    restored = [e for e in result.revision.events if isinstance(e, QcRestore)]
    findings = {d.id: d.finding for d in session.state.dismissals.values()}
    if as_json:
        print_json(
            {
                **revision_json(session, result),
                "dismissed": [
                    {
                        "id": d.id,
                        "finding": d.finding,
                        "rule": d.rule,
                        "words": d.words,
                        "note": d.note,
                    }
                    for d in dismissed
                ],  # fmt: skip
                "restored": [
                    {"id": r.id, "finding": findings.get(r.id), "comment": r.comment}
                    for r in restored
                ],
                "summary": result.summary(),
            }
        )
    else:
        say(result.summary())
        for d in dismissed:
            say(f"dismissed {d.finding} ({d.rule}: “{d.words}”) as {d.id}")
        for r in restored:
            say(f"restored {findings.get(r.id)} (took back dismissal {r.id})")
    note_guessed_name(session, config)
    return 0


# -- one transcript ---------------------------------------------------------------------------


def _dismissed_json(finding: Finding, result: QcResult) -> dict[str, Any]:
    return {
        **finding.to_json(),
        "dismissals": [_dismissal_json(d) for d in result.dismissals.get(finding.id, [])],
    }


def _dismissal_json(d: Any) -> dict[str, Any]:
    return {
        "id": d.id,
        "finding": d.finding,
        "rule": d.rule,
        "words": d.words,
        "author": d.author,
        "revision": d.revision,
        "note": d.note,
    }


def _result_json(name: str, result: QcResult, include_dismissed: bool) -> dict[str, Any]:
    """``qc --json``'s keys for one transcript (without ``transcript``)."""
    data: dict[str, Any] = {
        "include_proposed": result.include_proposed,
        "glossary": {"files": result.glossary_files, "terms": result.glossary_terms},
        "rules": result.grades,
        "counts": result.counts(),
        "findings": [f.to_json() for f in result.findings],
    }
    if include_dismissed:
        data["dismissed"] = [_dismissed_json(f, result) for f in result.dismissed]
        data["dismissals_not_found"] = [_dismissal_json(d) for d in result.stale_dismissals()]
    return data


def _line(label: str, f: Finding, dismissed: str | None = None) -> Text:
    line = Text.assemble(
        safe(f"{label}:{f.line}:{f.column}: "),
        (f.severity.value, _STYLE[f.severity]),
        f": {f.rule}: ",
        safe(f.message),
    )
    if f.suggestion is not None:
        line.append(" → ")
        fix = safe(f"“{f.suggestion}”")
        fix.stylize("green")
        line.append(fix)
    if dismissed is not None:
        aside = safe(f" [{f.id} dismissed by {dismissed}]")
        aside.stylize("dim")
        line.append(aside)
    return line


def _print_result(label: str, result: QcResult, include_dismissed: bool) -> None:
    """One finding, one line (grep and editors jump to it), in text order; with
    ``include_dismissed`` the dismissed ones among them, saying who dismissed them."""
    out = console()
    listed: list[tuple[Finding, str | None]] = [(f, None) for f in result.findings]
    if include_dismissed:
        for f in result.dismissed:
            d = result.dismissals[f.id][0]
            listed.append((f, d.author + (f": {d.note}" if d.note else "")))
        listed.sort(key=lambda fd: (fd[0].start, fd[0].end))
    for f, by in listed:
        out.print(_line(label, f, by), soft_wrap=True)


def _print_summary(name: str, result: QcResult) -> None:
    out = console()
    counts = result.counts()
    aside = f"; {len(result.dismissed)} dismissed" if result.dismissed else ""
    if result.findings:
        out.print(
            safe(
                f"{name}: {counts['error']} error(s), {counts['warning']} warning(s), "
                f"{counts['info']} note(s){aside}"
            ),
            soft_wrap=True,
        )
    else:
        out.print(safe(f"{name}: no findings{aside}; ready to publish"), soft_wrap=True)


# -- a folder ---------------------------------------------------------------------------------


def qc_folder(
    config: Config,
    path: Path,
    as_json: bool,
    include_proposed: bool,
    include_dismissed: bool,
    recursive: bool,
) -> int:
    """``qc DIR``: every transcript of the folder (as ``status DIR`` finds them), its findings
    and counts, then the totals; exit status the worst of them (2 for a file that cannot be
    read or checked; the others are still checked)."""
    from ..core.workspace.scan import shown_name
    from .folder_commands import _error, _session, folder_of

    folder = folder_of(path, recursive)
    cache: GlossaryCache = {}
    files: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    dismissed: list[dict[str, Any]] = []
    totals = {s.value: 0 for s in Severity}
    worst = 0
    out = console()
    for entry in folder.entries:
        try:
            session = _session(config, entry)
            result = check_session(
                session, config, include_proposed=include_proposed, glossary_cache=cache
            )
        except InputError as exc:
            worst = 2
            files.append({"file": entry.relative, "exit": 2, "error": shown_name(str(exc))})
            if not as_json:
                _error(str(exc))
            continue
        for warning in result.warnings:
            warn(warning)
        code = 1 if result.errors else 0
        worst = max(worst, code)
        counts = result.counts()
        for k, v in counts.items():
            totals[k] += v
        files.append(
            {
                "file": entry.relative,
                "exit": code,
                "error": None,
                "counts": counts,
                "dismissed": len(result.dismissed),
            }
        )
        findings += [{"file": entry.relative, **f.to_json()} for f in result.findings]
        if include_dismissed:
            dismissed += [
                {"file": entry.relative, **_dismissed_json(f, result)} for f in result.dismissed
            ]
        if not as_json:
            _print_result(entry.relative, result, include_dismissed)
            _print_summary(entry.relative, result)
    if as_json:
        data: dict[str, Any] = {
            "folder": shown_name(str(path)),
            "recursive": recursive,
            "include_proposed": include_proposed,
            "files": files,
            "counts": totals,
            "findings": findings,
        }
        if include_dismissed:
            data["dismissed"] = dismissed
        data["exit"] = worst
        print_json(data)
        return worst
    checked = sum(1 for f in files if f["error"] is None)
    if not files:
        out.print(safe(f"{path}: no transcripts; nothing to check"))
    else:
        out.print(
            safe(
                f"total: {checked} transcript(s) checked, {len(files) - checked} unreadable; "
                f"{totals['error']} error(s), {totals['warning']} warning(s), "
                f"{totals['info']} note(s)"
            ),
            soft_wrap=True,
        )
    return worst
