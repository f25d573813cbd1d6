"""One call for the final check of a transcript, shared by the ``qc`` command and the editor:
find the glossaries and the recording's length, build the corrected document, run the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, default_config_path
from ..corrections import Dismissal
from ..editing.session import EditingSession
from ..errors import InputError
from ..timing.audio import alignment_path, read_alignment
from .document import QcDocument
from .findings import Finding, Severity
from .glossary import GlossaryIndex, glossary_paths, load_glossaries
from .registry import all_rules, run_qc


@dataclass
class QcResult:
    """The findings of one transcript, and what the check was made with."""

    findings: list[Finding]
    grades: dict[str, str]
    """Each rule's grade in this run: a severity, or ``off``."""
    glossary_files: list[str]
    glossary_terms: int
    include_proposed: bool
    warnings: list[str] = field(default_factory=list)
    dismissed: list[Finding] = field(default_factory=list)
    """Findings set aside in the sidecar (``qc-dismiss``): not in :attr:`findings`, not
    counted, never an error."""
    dismissals: dict[str, list[Dismissal]] = field(default_factory=dict)
    """The dismissals that stand, by finding id (also those whose finding is no longer found:
    its words were corrected since, or its rule is off)."""
    document: QcDocument | None = None
    """What the rules read (to place findings in the transcript: :mod:`.work_items`)."""

    def stale_dismissals(self) -> list[Dismissal]:
        """Standing dismissals whose finding this run did not find, in the order made."""
        found = {f.id for f in self.dismissed}
        return [ds[0] for fid, ds in self.dismissals.items() if fid not in found]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def counts(self) -> dict[str, int]:
        return {s.value: sum(1 for f in self.findings if f.severity is s) for s in Severity}


def rule_grades(config: Config) -> dict[str, Severity | None]:
    """The config's grade for every rule (None: off), defaults where it says nothing."""
    grades: dict[str, Severity | None] = {}
    for rule in all_rules():
        wanted = config.qc.grade(rule.id)
        grades[rule.id] = (
            rule.severity if wanted is None else None if wanted == "off" else Severity(wanted)
        )
    return grades


#: Indexed glossaries by the files they were read from (see :func:`glossary_for`'s ``cache``).
GlossaryCache = dict[tuple[str, ...], tuple[GlossaryIndex, list[str]]]


def glossary_for(
    config: Config, transcript_path: Path | None, cache: GlossaryCache | None = None
) -> tuple[GlossaryIndex, list[str]]:
    """The merged glossaries that apply to a transcript, indexed; and their files.

    ``cache`` (kept by the caller for one command) holds what was indexed for the same list
    of files: every transcript of a folder shares the starter list and the folder's
    glossary, which are then read and indexed once, not once per transcript."""
    config_dir = config.path.parent if config.path is not None else default_config_path().parent
    paths = glossary_paths(transcript_path, config_dir, starter=config.qc.starter_glossary)
    key = tuple(str(p) for p in paths)
    if cache is not None and key in cache:
        return cache[key]
    glossary = load_glossaries(paths)
    found = (GlossaryIndex(glossary.terms), glossary.files)
    if cache is not None:
        cache[key] = found
    return found


def recording_end(transcript_path: Path | None) -> tuple[float | None, list[str]]:
    """The recording's length from ``align``'s file beside the transcript, if there is one.

    The media's length does not depend on the transcript's version, so a file made from an
    older version still tells it."""
    if transcript_path is None:
        return None, []
    path = alignment_path(transcript_path)
    if not path.is_file():
        return None, []
    try:
        return read_alignment(path).media.duration, []
    except InputError as exc:
        return None, [
            f"{exc} (the recording's length is unknown; stamps are not checked against it)"
        ]


def check_session(
    session: EditingSession,
    config: Config,
    *,
    include_proposed: bool = False,
    glossary_cache: GlossaryCache | None = None,
) -> QcResult:
    """Run every rule the config leaves on over the session's transcript as corrected.

    Findings dismissed in the session's state (saved ``qc-dismiss`` events and unsaved
    dismissals alike) go to :attr:`QcResult.dismissed`, not :attr:`QcResult.findings`."""
    path = session.transcript.path
    index, files = glossary_for(config, path, glossary_cache)
    end, warnings = recording_end(path)
    doc = QcDocument.build(
        session,
        include_proposed=include_proposed,
        markers=config.markers,
        recording_end=end,
        glossary=index,
    )
    grades = rule_grades(config)
    findings = run_qc(doc, grades)
    dismissals = session.state.dismissed()
    return QcResult(
        findings=[f for f in findings if f.id not in dismissals],
        grades={k: "off" if v is None else v.value for k, v in grades.items()},
        glossary_files=files,
        glossary_terms=len(index),
        include_proposed=include_proposed,
        warnings=warnings,
        dismissed=[f for f in findings if f.id in dismissals],
        dismissals=dismissals,
        document=doc,
    )
