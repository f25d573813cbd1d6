"""Options shared by the commands (kept free of heavy imports: the editor starts from here)."""

from __future__ import annotations

import math
from pathlib import Path

import click

file_argument = click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON (keys in README).")
user_option = click.option(
    "--user", help="Your name in the sidecar (default: config, then git user.name, then login)."
)
recursive_option = click.option(
    "--recursive", is_flag=True, help="With a folder: its subfolders too."
)


def refuse_recursive(file: Path, recursive: bool) -> None:
    """``--recursive`` means something only for a folder: say so rather than ignore it."""
    if recursive:
        from ..core.errors import InputError

        raise InputError(file, "is a file; --recursive applies to a folder of transcripts")


break_lock_option = click.option(
    "--break-lock",
    is_flag=True,
    help="Remove a lock left behind by a crashed save (only when no one else is saving).",
)
message_option = click.option("-m", "--message", help="The revision message (default: a summary).")
timing_option = click.option(
    "--timing",
    "timing_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Captions or ASR output of the webcast (default: FILE's stem + .vtt/.srt/.sbv/.json).",
)
reference_option = click.option(
    "--reference",
    "reference_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An official text of the speech, aligned without times, for gap suggestions.",
)


class FiniteFloatRange(click.FloatRange):
    """A number in a range that is also finite: click's ``FloatRange`` lets ``nan`` through
    (every comparison with it is false) and ``inf`` where there is no upper bound."""

    name = "finite float range"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number
