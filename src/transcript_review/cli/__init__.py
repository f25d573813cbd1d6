"""The command line: every headless command, and ``open`` (the default) for the editor.

``transcript-review FILE`` is short for ``transcript-review open FILE``; a first word that is
neither a command nor a file is taken for a mistyped command. Bad input of any kind
ends with one line on stderr naming the file and what to do, and exit status 2.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..core.config import load_config
from ..core.errors import InputError
from ..core.quoting import one_line

PROG = "transcript-review"

#: Command name -> "module:function", imported only when the command runs, so that opening the
#: editor does not first load every other command's dependencies.
COMMANDS: dict[str, str] = {
    "open": "open_command:open_command",
    "status": "inspect_commands:status",
    "items": "inspect_commands:items",
    "timing": "inspect_commands:timing",
    "resolve": "correct_commands:resolve",
    "confirm": "correct_commands:confirm",
    "dismiss": "correct_commands:dismiss",
    "flag": "correct_commands:flag",
    "replace": "correct_commands:replace",
    "approve": "correct_commands:approve",
    "reject": "correct_commands:reject",
    "log": "history_commands:log",
    "show": "history_commands:show",
    "diff": "history_commands:diff",
    "export": "export_command:export_command",
    "check": "history_commands:check",
    "merge": "merge_commands:merge",
    "git-setup": "merge_commands:git_setup",
    "play": "play_command:play_command",
    "align": "align_command:align_command",
    "qc": "qc_command:qc_command",
    "queue": "queue_command:queue_command",
}


class _LazyGroup(click.Group):
    """Commands load on first use; a first argument that is not a command is ``open``'s FILE."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """A first word that is no command opens a file when it is one, or looks like a path
        (``open`` then says what is wrong with it); anything else is a mistyped command.
        Decided here rather than before parsing, so global options may come first."""
        name = args[0]
        if name in COMMANDS or name.startswith("-") or ctx.resilient_parsing:
            return super().resolve_command(ctx, args)
        if _names_a_file(name):
            return "open", self.get_command(ctx, "open"), args
        raise NoCommandOrFile(name)


def _names_a_file(word: str) -> bool:
    """True when ``word`` is an existing path, or has a folder separator or a suffix."""
    if any(sep and sep in word for sep in (os.sep, os.altsep, "/")):
        return True
    path = Path(word)
    return bool(path.suffix) or path.exists()


class NoCommandOrFile(click.ClickException):
    """The first word is neither a command nor a file: most likely a mistyped command."""

    exit_code = 2

    def __init__(self, word: str) -> None:
        import difflib  # only for a mistyped command (not on the editor's way to its first paint)

        close = difflib.get_close_matches(word.lower(), list(COMMANDS), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        super().__init__(f'no command or file "{word}"{hint} ({PROG} --help lists commands)')

    def show(self, file: object = None) -> None:
        # The same one line whether the CLI runs from main() or from click's own runner.
        click.echo(f"{PROG}: error: {one_line(self.format_message())}", err=True)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name=PROG)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Settings file (default: config.yaml in your per-user config folder).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """Correct unofficial webcast transcripts: resolve gaps, flag doubts, review edits.

    Run `transcript-review FILE` to open a transcript in the editor.
    """
    ctx.obj = load_config(config_path)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: runs the CLI and turns bad input into exit status 2."""
    try:
        result = cli.main(args=argv, prog_name=PROG, standalone_mode=False)
    except InputError as exc:
        click.echo(f"{PROG}: error: {exc}", err=True)
        return 2
    except click.exceptions.NoArgsIsHelpError as exc:
        # Nothing asked: the help, as --help gives it (not an error message wrapped round it);
        # exit 2 still tells a script that no command ran.
        click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        return 2
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else PROG
        message = one_line(exc.format_message())  # quotes what was typed: escaped, capped
        click.echo(f"{PROG}: error: {message} (see '{command} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"{PROG}: error: {one_line(exc.format_message())}", err=True)
        return exc.exit_code
    except click.Abort:
        click.echo(f"{PROG}: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
    return result if isinstance(result, int) else 0
