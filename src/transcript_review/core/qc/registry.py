"""The rules of the final check: ids, default severities, and what each looks for.

Each rule is a function from a :class:`.document.QcDocument` to the :class:`.findings.Hit` s it
finds; the runner (:func:`run_qc`) grades them with the severity the config gives the rule
(``qc.rules`` in the config file: a severity, or ``off``) and places them in lines and
paragraphs. Rules live in modules by family: the work still open (:mod:`.open_work`), typing
slips (:mod:`.typography`), notation left in (:mod:`.notation`), speakers, stamps, sentences,
and names (:mod:`.names`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .document import QcDocument
from .findings import Finding, Hit, Severity, finding_id

RuleCheck = Callable[[QcDocument], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One rule of the final check."""

    id: str
    severity: Severity
    """Its default grade; the config may change it or switch the rule off."""
    summary: str
    check: RuleCheck


def all_rules() -> list[Rule]:
    """Every rule, in the order their findings are listed for the same place."""
    from . import names, notation, open_work, sentences, speakers, stamps, typography

    return [
        *open_work.RULES,
        *typography.RULES,
        *notation.RULES,
        *speakers.RULES,
        *stamps.RULES,
        *sentences.RULES,
        *names.RULES,
    ]


def rule_ids() -> list[str]:
    return [r.id for r in all_rules()]


def run_qc(doc: QcDocument, grades: Mapping[str, Severity | None] | None = None) -> list[Finding]:
    """Every finding in ``doc``, in text order. ``grades`` maps a rule id to the severity the
    config gives it, or None for a rule switched off; rules not in it keep their default."""
    grades = grades or {}
    order = {r.id: n for n, r in enumerate(all_rules())}
    raw: list[tuple[Rule, Hit]] = []
    for rule in all_rules():
        severity = grades.get(rule.id, rule.severity)
        if severity is None:
            continue
        graded = Rule(rule.id, severity, rule.summary, rule.check)
        raw.extend((graded, hit) for hit in rule.check(doc))
    raw.sort(key=lambda rh: (rh[1].start, rh[1].end, order[rh[0].id]))
    transcript = doc.transcript
    text = doc.text
    used: dict[str, int] = {}
    findings = []
    for rule, hit in raw:
        line, column = transcript.line_column(hit.start)
        para = transcript.paragraph_at(hit.start)
        source_start, source_end = doc.backward(hit.start, hit.end)
        findings.append(
            Finding(
                id=finding_id(rule.id, text, hit.start, hit.end, used, (para.start, para.end)),
                rule=rule.id,
                severity=rule.severity,
                start=hit.start,
                end=hit.end,
                paragraph=para.index,
                line=line,
                column=column,
                words=text[hit.start : hit.end],
                message=hit.message,
                suggestion=hit.suggestion,
                source_start=source_start,
                source_end=source_end,
                about=hit.about,
            )
        )
    return findings
