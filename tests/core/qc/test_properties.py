"""Whatever the text, every finding lies in it and says what it covers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.qc.document import QcDocument
from transcript_review.core.qc.glossary import GlossaryIndex, load_glossaries, starter_path
from transcript_review.core.qc.registry import run_qc
from transcript_review.core.sidecar.store import load_sidecar
from transcript_review.core.text.transcript import parse_text

_INDEX = GlossaryIndex(load_glossaries([starter_path()]).terms)

_PIECES = st.sampled_from(
    [
        "the", "The", "Phillipines", "Security", "Counsel", "(inaudible)", "*", "(", ")", "[",
        "]", "(ph)", "[unclear: x]", ",", ".", "..", "…", " ", "  ", "\n", "\n\n", "MR. PRESIDENT:",
        "Mr President:", "[00:01:00]", "[00:00:30]", "e.g.", "we", "Viet", "Nam", "’s", "Kenya",
    ]
)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=40))
def test_findings_lie_in_the_text(tmp_path_factory, pieces: list[str]) -> None:
    text = "Heading\n\n" + " ".join(pieces) + "\n"
    folder = tmp_path_factory.mktemp("p")
    transcript = parse_text(text)
    sidecar = load_sidecar(folder / "speech.txt.review.yaml")
    session = EditingSession(transcript, sidecar, user="ana")
    doc = QcDocument.build(session, recording_end=45.0, glossary=_INDEX)
    findings = run_qc(doc)
    ids = [f.id for f in findings]
    assert len(ids) == len(set(ids))
    assert [(f.start, f.end) for f in findings] == sorted((f.start, f.end) for f in findings)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.words == text[f.start : f.end]
        assert (f.source_start, f.source_end) == (f.start, f.end)  # nothing corrected
        line, column = f.line, f.column
        assert text.split("\n")[line - 1][column - 1 :].startswith(f.words.split("\n")[0])


def test_config_default_runs_every_rule() -> None:
    from transcript_review.core.qc.check import rule_grades

    assert all(g is not None for g in rule_grades(Config()).values())
