"""The user's settings: who they are, and extra marker patterns for their house style.

Looked up from ``--config FILE``, else ``config.yaml`` in the platform's per-user config folder
(``~/.config/transcript-review/`` on Linux, via platformdirs). A missing default file is fine;
a broken one is an error naming the file, never silently ignored.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .errors import InputError
from .qc.rule_ids import GRADES, RULE_IDS
from .safe_files import read_regular
from .text.markers import MarkerPatterns

APP_NAME = "transcript-review"

#: A config is a few lines; anything larger is not one.
MAX_CONFIG_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Config:
    """Settings that apply to every transcript the user opens."""

    path: Path | None = None
    """Where they were read from (None: built-in defaults)."""
    user: str | None = None
    allow_self_approval: bool = False
    """Whether a reviewer may approve their own proposals (off: a second pair of eyes)."""
    markers: MarkerPatterns = field(default_factory=MarkerPatterns)
    qc: QcSettings = field(default_factory=lambda: QcSettings())


@dataclass(frozen=True)
class QcSettings:
    """Settings of the final check (``qc``)."""

    rules: tuple[tuple[str, str], ...] = ()
    """(rule id, grade) for each rule the user re-graded; grade ``off`` switches it off."""
    starter_glossary: bool = True
    """Whether the glossary shipped with the package (UN Member States, organs, bodies) is used."""

    def grade(self, rule_id: str) -> str | None:
        return dict(self.rules).get(rule_id)


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.yaml"


def load_config(path: str | Path | None = None) -> Config:
    """Read the config named, else the per-user default when it exists, else defaults."""
    explicit = path is not None
    p = Path(path) if explicit else default_config_path()
    if not explicit and not p.exists():
        return Config()
    try:
        raw = read_regular(p, MAX_CONFIG_BYTES, "a config file").decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(p, "config file not found; check the --config path") from None
    except UnicodeDecodeError as exc:
        raise InputError(p, f"config file is not UTF-8 text (byte {exc.start})") from None
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
    known = {"user", "allow_self_approval", "markers", "qc"}
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
        qc=_qc_settings(path, data.get("qc")),
    )


def _qc_settings(path: Path, data: object) -> QcSettings:
    """``qc: {rules: {RULE: error|warning|info|off}, starter_glossary: true|false}``."""
    if data is None:
        return QcSettings()
    if not isinstance(data, dict) or set(data) - {"rules", "starter_glossary"}:
        raise InputError(
            path, "'qc' takes 'rules' (rule id: error, warning, info or off) and 'starter_glossary'"
        )
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise InputError(path, "'qc.rules' must map rule ids to error, warning, info or off")
    grades = []
    for rule, grade in rules.items():
        if rule not in RULE_IDS:
            close = difflib.get_close_matches(str(rule), RULE_IDS, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise InputError(
                path,
                f"qc.rules: no rule {str(rule)!r}{hint}; `transcript-review qc --rules` lists them",
            )
        if grade is False:  # YAML reads a bare `off` as false
            grade = "off"
        if grade not in GRADES:
            raise InputError(path, f"qc.rules.{rule}: {grade!r} is not one of {', '.join(GRADES)}")
        grades.append((str(rule), str(grade)))
    starter = data.get("starter_glossary", True)
    if not isinstance(starter, bool):
        raise InputError(path, "'qc.starter_glossary' must be true or false")
    return QcSettings(tuple(grades), starter)


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


def resolve_user(config: Config, user: str | None = None) -> tuple[str, str | None]:
    """The name to save under, and where it came from: ``user`` when given (``--user``),
    else as :func:`guess_user` finds it. The one rule for the CLI, the editor and
    :meth:`.session.EditingSession.open`; the source is None when the user chose the name."""
    return (user, None) if user else guess_user(config)


def guess_user(config: Config) -> tuple[str, str | None]:
    """The config's user, else git's ``user.name``, else the login name; and where the name
    came from: None when the user chose it (the config's ``user``), else ``git's user.name``
    or ``your login name``, so a save under a guessed name can say once which name it used
    and how to choose another. Asks git in a subprocess: the editor calls it (through
    :func:`resolve_user`) after the first paint."""
    if config.user:
        return config.user, None
    try:
        out = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip(), "git's user.name"
    except (OSError, subprocess.SubprocessError):
        pass
    import getpass  # (with termios) only when no name was given: not before the first paint

    try:
        return getpass.getuser(), "your login name"
    except (KeyError, OSError):
        return "unknown", "no name found"


def how_to_name_yourself(config: Config) -> str:
    """The two ways to choose the name saves go under, for a note after a guessed one."""
    where = config.path or default_config_path()
    return f"--user NAME, or user: NAME in {where}"
