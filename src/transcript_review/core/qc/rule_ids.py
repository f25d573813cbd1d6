"""The ids of the final check's rules, in a module of their own so the config can check its
``qc.rules`` keys without importing the rules (which import the session, which imports the
config). tests/core/qc/test_rules.py keeps this list and the registry the same."""

RULE_IDS = (
    "gap-open",
    "uncertain-open",
    "flag-open",
    "proposal-unreviewed",
    "unbalanced",
    "doubled-word",
    "doubled-punctuation",
    "space-before-punctuation",
    "double-space",
    "notation-left",
    "speaker-variants",
    "stamp-backwards",
    "stamp-past-end",
    "lowercase-sentence",
    "glossary-near-miss",
)

#: What a rule may be set to in the config: a severity, or ``off``.
GRADES = ("error", "warning", "info", "off")

#: The rules whose findings are the open work itself (the editor's gaps, doubts, flags and
#: proposals), with what makes each go away. They cannot be dismissed: doing the work does it,
#: so the final check and the open-work panel never disagree.
OPEN_WORK_RULES = {
    "gap-open": "resolve the gap, confirm it inaudible, or dismiss the gap as no gap",
    "uncertain-open": "correct the passage, or take away its marks if it is right",
    "flag-open": "clear the flag",
    "proposal-unreviewed": "a reviewer approves or rejects it",
}
