"""Running the final check on a small transcript written for a test."""

from __future__ import annotations

from pathlib import Path

from transcript_review.core.config import Config, QcSettings
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.qc.check import QcResult, check_session
from transcript_review.core.qc.findings import Finding
from transcript_review.core.sidecar.records import Role


def open_as(path: Path, user: str = "ana", role: Role = Role.EDITOR) -> EditingSession:
    return EditingSession.open(path, Config(), user=user, role=role)


def write(tmp_path: Path, text: str, name: str = "speech.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(
    session: EditingSession, *, include_proposed: bool = False, config: Config | None = None
) -> QcResult:
    return check_session(session, config or Config(), include_proposed=include_proposed)


def findings(tmp_path: Path, text: str, rule: str | None = None, **kw: object) -> list[Finding]:
    """The findings of ``text`` (of one rule when given), with every rule at its default."""
    result = check(open_as(write(tmp_path, text)), **kw)  # type: ignore[arg-type]
    return [f for f in result.findings if rule is None or f.rule == rule]


def only(rule: str, grade: str = "warning") -> Config:
    return Config(qc=QcSettings(rules=((rule, grade),)))
