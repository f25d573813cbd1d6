"""``qc``: is the corrected transcript ready to publish? The rule-based final check."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from ..core.config import Config
from ..core.qc.check import check_session
from ..core.qc.findings import Severity
from ..core.qc.registry import all_rules
from ..core.sidecar.records import Role
from .common import json_option, open_session, print_json, warn
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
    "--rules",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_list_rules,
    help="List the rules, their ids and default severities, and exit.",
)
@click.pass_obj
def qc_command(config: Config, file: Path | None, as_json: bool, include_proposed: bool) -> int:
    """Check FILE as corrected before publishing: exit 0 no errors, 1 errors, 2 bad input.

    Rules can be switched off or re-graded under `qc: rules:` in the config file.
    """
    if file is None:
        raise click.UsageError("missing FILE (the transcript to check)")
    session = open_session(config, file, None, Role.EDITOR)
    result = check_session(session, config, include_proposed=include_proposed)
    for message in result.warnings:
        warn(message)
    name = session.transcript.name
    if as_json:
        print_json(
            {
                "transcript": name,
                "include_proposed": include_proposed,
                "glossary": {"files": result.glossary_files, "terms": result.glossary_terms},
                "rules": result.grades,
                "counts": result.counts(),
                "findings": [f.to_json() for f in result.findings],
            }
        )
        return 1 if result.errors else 0
    out = console()
    for f in result.findings:
        line = Text.assemble(
            safe(f"{name}:{f.line}:{f.column}: "),
            (f.severity.value, _STYLE[f.severity]),
            f": {f.rule}: ",
            safe(f.message),
        )
        if f.suggestion is not None:
            line.append(" → ")
            fix = safe(f"“{f.suggestion}”")
            fix.stylize("green")
            line.append(fix)
        out.print(line, soft_wrap=True)  # one finding, one line: grep and editors jump to it
    counts = result.counts()
    if result.findings:
        out.print(
            safe(
                f"{name}: {counts['error']} error(s), {counts['warning']} warning(s), "
                f"{counts['info']} note(s)"
            )
        )
    else:
        out.print(safe(f"{name}: no findings; ready to publish"))
    return 1 if result.errors else 0
