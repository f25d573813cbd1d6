"""Installing ``transcript-review merge`` as git's merge driver for sidecars.

Without it git merges ``*.review.yaml`` line by line: two branches that each appended revisions
both changed the end of the file, so git writes ``<<<<<<<`` markers into it (and the sidecar no
longer loads). With it, git hands the three versions to :mod:`.merge`, which keeps every revision.

Two pieces of git configuration are needed, and :func:`git_setup` writes both:

* the driver, in git config (the repository's ``.git/config``, or the user's with ``--global``)::

      [merge "transcript-review"]
          name = transcript-review sidecar merge
          driver = transcript-review merge --git %O %A %B --path %P

* the attribute that routes sidecars to it: ``*.review.yaml merge=transcript-review`` in the
  repository's ``.gitattributes`` (committed, so every clone routes sidecars the same way), or
  with ``--global`` in the user's attributes file (``core.attributesFile``, by default
  ``~/.config/git/attributes``), so every repository of that user does.

Both steps are idempotent: ``git config`` replaces the values, and the attribute line is only
appended when missing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..safe_files import open_for_append_nofollow, read_regular

#: An attributes file is a few lines; one larger than this is not read.
_MAX_ATTRIBUTES_BYTES = 1024 * 1024

DRIVER = "transcript-review"
DRIVER_NAME = "transcript-review sidecar merge"
ATTRIBUTE_PATTERN = "*.review.yaml"
ATTRIBUTES_LINE = f"{ATTRIBUTE_PATTERN} merge={DRIVER}"


def program_command() -> str:
    """How git should call this program: the bare name when ``transcript-review`` on PATH is
    this installation, else the absolute path of this installation's console script (git may
    run without the virtual environment active), else ``python -m transcript_review.cli``."""
    script = Path(sys.executable).parent / "transcript-review"
    found = shutil.which("transcript-review")
    if found and script.exists() and Path(found).resolve() == script.resolve():
        return "transcript-review"
    if script.exists():
        return shlex.quote(str(script))
    if found:
        return "transcript-review"
    return f"{shlex.quote(sys.executable)} -m transcript_review.cli"


def driver_command(program: str | None = None) -> str:
    """The driver line git runs (git quotes the file names it substitutes for ``%O`` etc.)."""
    return f"{program or program_command()} merge --git %O %A %B --path %P"


@dataclass(frozen=True)
class GitSetupResult:
    """What :func:`git_setup` wrote, for the lines the CLI prints."""

    scope: str
    """``repository`` or ``global``."""
    driver: str
    attributes: Path
    attributes_added: bool

    def lines(self) -> list[str]:
        where = (
            "this repository's git config"
            if self.scope == "repository"
            else ("your global git config")
        )
        out = [f'merge driver "{DRIVER}" written to {where}: {self.driver}']
        if self.attributes_added:
            out.append(f"added `{ATTRIBUTES_LINE}` to {self.attributes}")
        else:
            out.append(f"{self.attributes} already routes sidecars to the driver")
        if self.scope == "repository":
            out.append(
                f"commit {self.attributes.name} so other clones merge sidecars the same way "
                "(each clone still needs `transcript-review git-setup`, or --global once)"
            )
        return out


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=30
        )
    except FileNotFoundError:
        raise InputError(None, "git is not installed (or not on PATH)") from None


def repository_top(cwd: Path) -> Path | None:
    """The top folder of the git work tree containing ``cwd``, or None outside one."""
    proc = _git(["rev-parse", "--show-toplevel"], cwd)
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return Path(proc.stdout.strip())


def global_attributes_file(cwd: Path) -> Path:
    """The user's git attributes file: ``core.attributesFile``, else git's XDG default."""
    proc = _git(["config", "--global", "--get", "core.attributesFile"], cwd)
    if proc.returncode == 0 and proc.stdout.strip():
        return Path(os.path.expanduser(proc.stdout.strip()))
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(xdg) / "git" / "attributes"


def has_attribute_line(text: str) -> bool:
    """True when some line gives ``*.review.yaml`` the ``merge=transcript-review`` attribute."""
    for line in text.splitlines():
        words = line.split()
        if words and words[0] == ATTRIBUTE_PATTERN and f"merge={DRIVER}" in words[1:]:
            return True
    return False


def add_attribute_line(path: Path, *, follow_link: bool = False) -> bool:
    """Append :data:`ATTRIBUTES_LINE` to ``path`` unless it is there; True when appended.

    A repository's ``.gitattributes`` arrives with a clone, so it may be a symlink a
    collaborator committed (to ``~/.bashrc``, say): it is never appended through unless
    ``follow_link`` (the user's own global attributes file, often a dotfiles link).
    """
    if not follow_link and path.is_symlink():
        raise InputError(
            path,
            "is a symbolic link; refusing to append through it (replace it with a plain "
            f"file, or add the line `{ATTRIBUTES_LINE}` yourself)",
        )
    try:
        text = read_regular(path, _MAX_ATTRIBUTES_BYTES, "a git attributes file").decode("utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError:
        raise InputError(path, "cannot read the attributes file: it is not UTF-8") from None
    if has_attribute_line(text):
        return False
    addition = ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTES_LINE + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if follow_link:
            path = path.resolve()
        fd = open_for_append_nofollow(path)
        try:
            os.write(fd, addition.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(path, f"cannot write the attributes file: {exc.strerror}") from None
    return True


def git_setup(
    cwd: str | Path, *, global_: bool = False, program: str | None = None
) -> GitSetupResult:
    """Write the merge driver into git config and route ``*.review.yaml`` to it.

    Repository-local by default (``cwd`` must be inside a work tree: :class:`InputError`
    otherwise); ``global_`` writes the user's git config and attributes file instead.
    """
    cwd = Path(cwd)
    top = repository_top(cwd)
    if top is None and not global_:
        raise InputError(
            cwd,
            "not inside a git repository: run git-setup inside the repository, or with "
            "--global to set it up for all your repositories",
        )
    driver = driver_command(program)
    scope_args = ["--global"] if global_ else ["--local"]
    for key, value in (("name", DRIVER_NAME), ("driver", driver)):
        proc = _git(["config", *scope_args, f"merge.{DRIVER}.{key}", value], top or cwd)
        if proc.returncode != 0:
            reason = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"
            raise InputError(None, f"git config could not be written: {reason}")
    attributes = global_attributes_file(cwd) if global_ else (top or cwd) / ".gitattributes"
    added = add_attribute_line(attributes, follow_link=global_)
    return GitSetupResult("global" if global_ else "repository", driver, attributes, added)
