"""Fixtures of the hardening tests (issue 13): every hostile file is made in ``tmp_path``."""

from tests.hardening.helpers import cli  # noqa: F401  (the fixture)
