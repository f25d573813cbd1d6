"""Whose name a save carries: ``--user``, else the config's ``user``, else git's ``user.name``,
else the login name; one rule (:func:`.config.resolve_user`) that the session, the CLI and the
editor share, with where a guessed name came from so the first save can say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.sidecar.helpers import SPEECH
from transcript_review.core.config import Config, resolve_user
from transcript_review.core.editing.session import EditingSession


@pytest.fixture
def git_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """git's user.name is "Grace Git" here (a global config of the test's own, outside a repo)."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Grace Git\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.chdir(tmp_path)
    return "Grace Git"


def test_the_name_given_wins_then_the_config_then_git(git_name: str) -> None:
    assert resolve_user(Config(user="cy"), "ana") == ("ana", None)
    assert resolve_user(Config(user="cy")) == ("cy", None)
    assert resolve_user(Config(), None) == (git_name, "git's user.name")
    assert resolve_user(Config(), "") == (git_name, "git's user.name")  # empty: not a name


def test_a_session_opened_without_a_name_says_where_its_name_came_from(
    git_name: str, tmp_path: Path
) -> None:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    guessed = EditingSession.open(path, Config())
    assert (guessed.user, guessed.user_source) == (git_name, "git's user.name")
    chosen = EditingSession.open(path, Config(), user="ana")
    assert (chosen.user, chosen.user_source) == ("ana", None)
