"""The filter syntax shared by the review queue and the workspace: ``key:value`` terms, ``-``
to exclude, any other words.

One grammar for both lists, so a reviewer who types ``status:proposed author:ana -is:question``
in the queue can type the same in the folder's list. Only what the keys *mean* differs per
list (see :class:`.review_queue.QueueFilter` and :class:`.workspace_rows.WorkspaceFilter`);
parsing and matching are here. Textual-free.

- ``key:value`` (a key the list knows, a non-empty value): values of one key are alternatives
  (``status:proposed status:approved``), different keys must all match; a value matches
  when it is a prefix of one of the row's values for that key (``status:prop``).
- ``-key:value`` excludes the rows it would match.
- Anything else is a word: every word must occur in the row's text (case-insensitive).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FilterTerms:
    """A filter as typed, parsed for one list's keys."""

    wanted: tuple[tuple[str, tuple[str, ...]], ...]
    """(key, values) for every key of the list, in the list's order (empty: no condition)."""
    words: tuple[str, ...] = ()
    without: tuple[tuple[str, str], ...] = ()
    """Excluded terms as (key, value): ``-is:question`` is ``("is", "question")``."""

    @classmethod
    def parse(cls, text: str, keys: tuple[str, ...]) -> FilterTerms:
        found: dict[str, list[str]] = {key: [] for key in keys}
        words: list[str] = []
        without: list[tuple[str, str]] = []
        for term in text.lower().split():
            negated = term.startswith("-") and len(term) > 1
            key, sep, value = term.removeprefix("-").partition(":")
            if sep and key in found and value:
                if negated:
                    without.append((key, value))
                else:
                    found[key].append(value)
            else:
                words.append(term)
        return cls(
            tuple((key, tuple(values)) for key, values in found.items()),
            tuple(words),
            tuple(without),
        )

    def values(self, key: str) -> tuple[str, ...]:
        """The wanted values of ``key`` (empty when none was typed)."""
        return dict(self.wanted).get(key, ())

    def matches(self, values: Mapping[str, tuple[str, ...]], haystack: str = "") -> bool:
        """Whether a row with these values per key (lower case) and this text is shown.
        ``haystack`` is only looked at when words were typed (build it lazily if costly)."""
        for key, wanted in self.wanted:
            if wanted and not any(v.startswith(w) for w in wanted for v in values.get(key, ())):
                return False
        for key, unwanted in self.without:
            if any(v.startswith(unwanted) for v in values.get(key, ())):
                return False
        if self.words:
            lowered = haystack.lower()
            return all(w in lowered for w in self.words)
        return True
