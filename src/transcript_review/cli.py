"""The command line: every headless command, and ``open`` (the default) for the editor.

``transcript-review FILE`` is short for ``transcript-review open FILE``. Bad input of any kind
ends with one line on stderr naming the file and what to do, and exit status 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .console_views import print_items, print_status
from .core.config import Config, load_config
from .core.errors import InputError
from .core.items import find_items
from .core.transcript import Transcript, load_transcript

PROG = "transcript-review"


class _DefaultToOpen(click.Group):
    """A group where a first argument that is not a command is the FILE of ``open``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["open", *args]
        return super().parse_args(ctx, args)


file_argument = click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in README).")


@click.group(cls=_DefaultToOpen, context_settings={"help_option_names": ["-h", "--help"]})
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

    Run `transcript-review FILE` to open a transcript.
    """
    ctx.obj = load_config(config_path)


@cli.command("open")
@file_argument
@click.pass_obj
def open_command(config: Config, file: Path) -> None:
    """Open FILE for correcting (until the editor lands: print its summary)."""
    transcript = _load(file, config)
    print_status(_status(transcript))


@cli.command()
@file_argument
@json_option
@click.pass_obj
def status(config: Config, file: Path, as_json: bool) -> None:
    """Summarise FILE: words, paragraphs, gaps and uncertain passages."""
    transcript = _load(file, config)
    summary = _status(transcript)
    if as_json:
        _print_json(summary)
    else:
        print_status(summary)


@cli.command()
@file_argument
@json_option
@click.option(
    "--kind",
    type=click.Choice(["gap", "uncertain"]),
    help="Only gaps, or only uncertain passages.",
)
@click.pass_obj
def items(config: Config, file: Path, as_json: bool, kind: str | None) -> None:
    """List every gap and uncertain passage of FILE in document order."""
    transcript = _load(file, config)
    found = [i for i in find_items(transcript) if kind is None or i.kind == kind]
    if as_json:
        _print_json({"transcript": transcript.name, "items": [i.to_json() for i in found]})
    else:
        print_items(transcript.name, found)


def _load(file: Path, config: Config) -> Transcript:
    transcript = load_transcript(file, config.markers)
    for warning in transcript.source.warnings:
        click.echo(f"{PROG}: warning: {warning}", err=True)
    return transcript


def _status(transcript: Transcript) -> dict[str, Any]:
    items = find_items(transcript)
    gaps = [i for i in items if i.kind == "gap"]
    uncertain = [i for i in items if i.kind == "uncertain"]
    source = transcript.source
    return {
        "transcript": transcript.name,
        "path": str(transcript.path),
        "encoding": source.encoding,
        "bom": source.bom,
        "newline": {"\n": "lf", "\r\n": "crlf", "\r": "cr"}[source.newline],
        "sha256": transcript.sha256,
        "words": transcript.word_count,
        "paragraphs": sum(1 for p in transcript.paragraphs if p.kind == "body"),
        "headings": [
            " ".join(transcript.text[p.start : p.end].split())
            for p in transcript.paragraphs
            if p.kind == "header"
        ],
        "speakers": sorted({s.name for s in transcript.speakers}),
        "stamps": len(transcript.stamps),
        "gaps": {"total": len(gaps), "open": len(gaps)},
        "uncertain": {"total": len(uncertain), "open": len(uncertain)},
        "warnings": list(source.warnings),
    }


def _print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: runs the CLI and turns bad input into exit status 2."""
    try:
        result = cli.main(args=argv, prog_name=PROG, standalone_mode=False)
    except InputError as exc:
        click.echo(f"{PROG}: error: {exc}", err=True)
        return 2
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else PROG
        click.echo(f"{PROG}: error: {exc.format_message()} (see '{command} --help')", err=True)
        return 2
    except click.ClickException as exc:
        click.echo(f"{PROG}: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except click.Abort:
        click.echo(f"{PROG}: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error worth a traceback.
        sys.stderr.close()
        return 0
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
