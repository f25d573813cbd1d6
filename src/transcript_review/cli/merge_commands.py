"""Working together: ``merge`` (three-way merge of sidecars, also git's merge driver) and
``git-setup`` (installs that driver).

Kept free of the editor's and the timing's imports: git runs ``merge`` once per conflicting
sidecar, so it should start quickly.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..core.errors import InputError
from ..core.quoting import one_line
from ..core.sharing.git_setup import git_setup as run_git_setup
from ..core.sharing.merge import merge_files
from ..core.sidecar.store import load_sidecar, replace_sidecar
from . import PROG

_sidecar_path = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("base", type=_sidecar_path)
@click.argument("ours", type=_sidecar_path)
@click.argument("theirs", type=_sidecar_path)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help="Where to write the merged sidecar ('-': standard output). Default: OURS, in place.",
)
@click.option(
    "--git",
    "git_driver",
    is_flag=True,
    help="Run as git's merge driver: recorded questions still exit 0 (they wait in the review "
    "queue), so git does not report a conflict.",
)
@click.option(
    "--path",
    "label",
    metavar="NAME",
    help="The sidecar's name to show in messages (git's %P).",
)
def merge(
    base: Path,
    ours: Path,
    theirs: Path,
    output: Path | None,
    git_driver: bool,
    label: str | None,
) -> int:
    """Merge the sidecars OURS and THEIRS, both descended from BASE, keeping every revision.

    Conflicting verdicts (approved on one side, rejected on the other) are not decided: they
    are recorded as questions for the review queue. Exit status: 0 merged cleanly, 1 merged
    with questions recorded, 2 bad input (nothing written).

    As git's merge driver (see `git-setup`): transcript-review merge --git %O %A %B --path %P
    """
    result, ours_loaded = merge_files(base, ours, theirs)
    data = result.encode()
    to_stdout = output is not None and str(output) == "-"
    name = label or (ours.name if output is None or to_stdout else output.name)
    for warning in result.warnings:
        click.echo(f"{PROG}: warning: {one_line(warning, 2000)}", err=True)
    if to_stdout:
        click.echo(data, nl=False)  # bytes: written as they are
    elif output is None:
        if data != ours.read_bytes():
            replace_sidecar(ours, data, expected=ours_loaded.snapshot)
    else:
        _check_output(output)
        replace_sidecar(output, data)
    click.echo(f"{PROG}: {one_line(result.summary(name), 2000)}", err=to_stdout or git_driver)
    if result.questions and not git_driver:
        return 1
    return 0


@click.command("git-setup")
@click.option(
    "--global",
    "global_",
    is_flag=True,
    help="Set it up for all your repositories (your git config and attributes file).",
)
def git_setup(global_: bool) -> None:
    """Make git merge sidecars with `transcript-review merge` instead of conflict markers.

    Writes the [merge "transcript-review"] driver into git config (this repository's, or
    yours with --global) and the line `*.review.yaml merge=transcript-review` into the
    repository's .gitattributes (or your global attributes file).
    """
    result = run_git_setup(Path.cwd(), global_=global_)
    for line in result.lines():
        click.echo(one_line(line, 2000))


def _check_output(output: Path) -> None:
    """``-o`` may name a new file or an existing sidecar, never anything else (a transcript!)."""
    if not output.exists():
        return
    try:
        load_sidecar(output)
    except InputError:
        raise InputError(
            output, "exists and is not a sidecar; give a new file name (nothing was written)"
        ) from None
