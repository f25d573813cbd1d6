"""The user's settings: who they are, and extra marker patterns for their house style.

Looked up from ``--config FILE``, else ``config.yaml`` in the platform's per-user config folder
(``~/.config/transcript-review/`` on Linux, via platformdirs). A missing default file is fine;
a broken one is an error naming the file, never silently ignored.
"""

from __future__ import annotations

import getpass
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .errors import InputError
from .markers import MarkerPatterns

APP_NAME = "transcript-review"


@dataclass(frozen=True)
class Config:
    """Settings that apply to every transcript the user opens."""

    path: Path | None = None
    """Where they were read from (None: built-in defaults)."""
    user: str | None = None
    allow_self_approval: bool = False
    """Whether a reviewer may approve their own proposals (off: a second pair of eyes)."""
    markers: MarkerPatterns = field(default_factory=MarkerPatterns)


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.yaml"


def load_config(path: str | Path | None = None) -> Config:
    """Read the config named, else the per-user default when it exists, else defaults."""
    explicit = path is not None
    p = Path(path) if explicit else default_config_path()
    if not explicit and not p.exists():
        return Config()
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(p, "config file not found; check the --config path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(p, f"config file cannot be read: {exc}") from None
    import yaml  # only when there is a file to read: the editor's first paint does not wait

    try:
        data = yaml.safe_load(raw) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            p,
            f"invalid YAML: {exc.problem}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(p, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(p, "the config must be a mapping of settings (e.g. 'user: Jane')")
    return _parse(p, data)


def _parse(path: Path, data: dict) -> Config:
    known = {"user", "allow_self_approval", "markers"}
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        raise InputError(
            path, f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    user = data.get("user")
    if user is not None and not isinstance(user, str):
        raise InputError(path, "'user' must be a name in quotes")
    allow = data.get("allow_self_approval", False)
    if not isinstance(allow, bool):
        raise InputError(path, "'allow_self_approval' must be true or false")
    markers = data.get("markers") or {}
    if not isinstance(markers, dict) or set(markers) - {"gaps", "uncertain"}:
        raise InputError(
            path, "'markers' takes two lists of regular expressions: 'gaps' and 'uncertain'"
        )
    return Config(
        path=path,
        user=user,
        allow_self_approval=allow,
        markers=MarkerPatterns(
            gaps=_compile(path, "gaps", markers.get("gaps")),
            uncertain=_compile(path, "uncertain", markers.get("uncertain")),
        ),
    )


def _compile(path: Path, key: str, patterns: object) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise InputError(path, f"'markers.{key}' must be a list of regular expressions in quotes")
    compiled = []
    for pattern in patterns:
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise InputError(
                path, f"bad regular expression in markers.{key}: {pattern!r}: {exc}"
            ) from None
        if regex.match(""):
            raise InputError(
                path, f"markers.{key}: {pattern!r} matches empty text; it must match something"
            )
        compiled.append(regex)
    return tuple(compiled)


def default_user(config: Config) -> str:
    """The config's user, else git's ``user.name``, else the login name."""
    if config.user:
        return config.user
    try:
        out = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
