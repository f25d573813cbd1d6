"""The glossary: its file format, where glossaries are found, and what counts as a near miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcript_review.core.config import Config, QcSettings
from transcript_review.core.errors import InputError
from transcript_review.core.qc.check import glossary_for
from transcript_review.core.qc.glossary import (
    GlossaryIndex,
    Term,
    glossary_paths,
    load_glossaries,
    load_glossary_file,
    starter_path,
)
from transcript_review.core.qc.registry import all_rules

from .helpers import check, open_as, write


def _starter() -> GlossaryIndex:
    return GlossaryIndex(load_glossaries([starter_path()]).terms)


def test_the_starter_lists_all_193_member_states() -> None:
    text = starter_path().read_text(encoding="utf-8")
    section = text.split("# -- Member States (193)")[1].split("# -- Observer States")[0]
    states = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(states) == 193
    terms = {t.canonical for t in load_glossary_file(starter_path())}
    assert {"Philippines", "Kazakhstan", "Türkiye", "Security Council", "Secretariat"} <= terms


@pytest.mark.parametrize(
    ("text", "found", "suggestion"),
    [
        ("the Phillipines and", "Phillipines", "Philippines"),
        ("in Kazakstan we", "Kazakstan", "Kazakhstan"),
        ("the Security Counsel's work", "Security Counsel", "Security Council"),
        ("at the Untied Nations", "Untied Nations", "United Nations"),
        ("from Brunei Darusalam", "Brunei Darusalam", "Brunei Darussalam"),
        ("Mozambik and", "Mozambik", "Mozambique"),  # three edits, same sound
    ],
)
def test_near_misses_by_spelling_and_sound(text: str, found: str, suggestion: str) -> None:
    [hit] = list(_starter().scan(text))
    assert (hit.found, hit.form) == (found, suggestion)
    assert text[hit.start : hit.end] == found


@pytest.mark.parametrize(
    "text",
    [
        "Türkiye, Turkiye and Turkey",  # canonical and listed variants
        "Viet Nam and Vietnam",
        "the Nigerian, German and Somali delegations",  # adjectives and peoples
        "While the Council met, Iran and Iraq spoke",  # real words, short names
        "the Philippine Government and the Philippines",
        "Papua New Guinea, Guinea and Equatorial Guinea",
    ],
)
def test_names_spelled_right_and_listed_variants_are_never_flagged(text: str) -> None:
    assert list(_starter().scan(text)) == []


def test_a_variant_listed_in_a_users_glossary_is_never_flagged(tmp_path: Path) -> None:
    text = "The Phillipines Sea was calm.\n"
    path = write(tmp_path, text)
    assert [f.rule for f in check(open_as(path)).findings] == ["glossary-near-miss"]
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n- term: Philippines\n  variants: [Phillipines]\n  note: as the sea's name\n"
    )
    assert check(open_as(path)).findings == []


def test_glossaries_are_found_beside_the_transcript_in_its_folder_and_in_the_config_folder(
    tmp_path: Path,
) -> None:
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    folder = tmp_path / "meeting"
    folder.mkdir()
    transcript = write(folder, "Statement by Ambassador Okonkwo.\n")
    assert glossary_paths(transcript, config_dir) == [starter_path()]
    for place in (
        config_dir / "glossary.yaml",
        folder / "glossary.yaml",
        folder / "speech.txt.glossary.yaml",
    ):
        place.write_text("terms: [Okonkwo]\n")
    assert glossary_paths(transcript, config_dir) == [
        starter_path(),
        config_dir / "glossary.yaml",
        folder / "glossary.yaml",
        folder / "speech.txt.glossary.yaml",
    ]
    assert glossary_paths(transcript, config_dir, starter=False)[0] == config_dir / "glossary.yaml"


def test_a_name_from_the_folders_glossary_is_checked(tmp_path: Path) -> None:
    path = write(tmp_path, "We heard Ambassador Okonkow today.\n")
    (tmp_path / "glossary.yaml").write_text("terms:\n- Okonkwo\n")
    [finding] = check(open_as(path)).findings
    assert (finding.words, finding.suggestion) == ("Okonkow", "Okonkwo")
    assert "glossary.yaml" in finding.message


def test_the_starter_can_be_switched_off(tmp_path: Path) -> None:
    path = write(tmp_path, "We thank the Phillipines.\n")
    config = Config(qc=QcSettings(starter_glossary=False))
    assert check(open_as(path), config=config).findings == []
    index, files = glossary_for(config, path)
    assert len(index) == 0 and files == []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("terms: [Okonkwo", "invalid YAML"),
        ("- Okonkwo\n", "one key, 'terms'"),
        ("terms:\n- {term: Okonkwo, spelling: x}\n", "unknown key(s) spelling"),
        ("terms:\n- {term: Okonkwo, variants: Okonkow}\n", "'variants' must be a list"),
        ("terms:\n- 12\n", "term 1: write a name in quotes"),
    ],
)
def test_a_broken_glossary_is_an_input_error_naming_it(
    tmp_path: Path, content: str, says: str
) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(content)
    with pytest.raises(InputError) as raised:
        load_glossary_file(path)
    assert says in str(raised.value) and str(path) in str(raised.value)


def test_terms_listed_twice_keep_every_variant(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("terms:\n- {term: Viet Nam, variants: [Vietnam]}\n")
    b.write_text("terms:\n- {term: Viet Nam, variants: [Việt Nam], note: UN style}\n")
    [term] = load_glossaries([a, b]).terms
    assert term == Term("Viet Nam", ("Vietnam", "Việt Nam"), "UN style", "b.yaml")


def test_the_index_looks_at_each_distinct_word_once() -> None:
    """Indexing, not comparing every word to every term: a transcript repeating the same
    words a thousand times costs as many near-word look-ups as distinct words it has."""
    index = _starter()
    text = "The Phillipines and the Delegation of Kazakstan met in Geneva. " * 1000
    hits = list(index.scan(text))
    assert len(hits) == 2000
    assert len(index._near_cache) <= 6  # The, Phillipines, Delegation, Kazakstan, Geneva, ...


def test_every_rule_has_a_summary() -> None:
    assert all(r.summary for r in all_rules())
