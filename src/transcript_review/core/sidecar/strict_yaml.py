"""Strict YAML for sidecars: plain data in, plain data out, nothing clever in between.

A sidecar is edited by hand now and then and shared between people, so loading it must never
run code, expand alias bombs or guess types. We therefore do not use PyYAML's constructors at
all: we pull the *event* stream from libyaml's C parser (PyYAML's pure-Python parser when
libyaml is missing) and build dicts, lists and strings ourselves, refusing on the way

* any explicit tag (``!!python/object/apply:os.system``, ``!!str``, ``!foo`` alike),
* anchors and aliases (no reuse, so no billion-laughs),
* duplicate keys and non-scalar keys,
* nesting deeper than :data:`MAX_DEPTH`,

each with ``file:line:col``. Every plain scalar stays a string (``no``, ``12:30``, ``2024-01-02``,
``1e3`` included) except the plain null forms (empty, ``~``, ``null``); converting fields to int,
time etc. is the schema's job (:mod:`.schema`), which can then name the field it expected.
Building from events is also faster than PyYAML's composer (measured in tests/bench).

Dumping uses the C emitter when present: multi-line text as ``|`` blocks, Unicode as is, no line
folding, keys in the order given, and every string a YAML 1.1 or 1.2 reader could take for
something else (``no``, ``y``, ``12:30``, ``1e3``, ``null``, ``2024-01-02``) quoted.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..errors import InputError

#: Deepest nesting a sidecar needs is 5 (revision > events > item > propose > anchor); allow room.
MAX_DEPTH = 32

#: Plain scalars that mean "no value" (YAML's null forms); everything else plain is a string.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

#: Strings a YAML 1.2 reader (or a human) would take for a number, bool or null although
#: PyYAML's 1.1 resolver would write them plain: quote them too.
_AMBIGUOUS = re.compile(
    r"""^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
        |0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
        |y|Y|n|N|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE
        |~|null|Null|NULL|<<|=)$""",
    re.X,
)

_HAVE_C = bool(getattr(yaml, "__with_libyaml__", False))

#: What to do about a sidecar that does not parse (said after the reason).
_MENDING = "mend it at that place, or restore it from a copy or from git; nothing was written"


def c_loader_available() -> bool:
    """Whether libyaml's C parser and emitter are available to PyYAML here."""
    return _HAVE_C


def _loader_class(pure: bool) -> type:
    if not pure and _HAVE_C:
        return yaml.CSafeLoader
    return yaml.SafeLoader


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in the file."""

    line: int
    column: int


KeyPath = tuple[Any, ...]
"""Where a value sits: (document index, key or list index, ...)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic containers.

    A 10,000-revision sidecar creates millions of dicts and strings; letting the collector scan
    them over and over doubles load time. Nothing built here has cycles, so pausing is safe; the
    previous setting is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_documents(
    data: str | bytes,
    path: str | Path,
    *,
    pure: bool = False,
    first_line: int = 1,
) -> list[Any]:
    """Parse a YAML stream strictly into one plain value per document.

    ``first_line`` is the file line ``data`` starts at, so errors in a slice still point into the
    file. Raises :class:`InputError` with line and column for anything refused.
    """
    builder = _Builder(path, first_line, record_marks=False)
    with gc_paused():
        builder.run(_loader_class(pure)(data))
    return builder.documents


def locate(
    data: str | bytes, keypath: KeyPath, *, pure: bool = False, first_line: int = 1
) -> Mark | None:
    """The position of the value at ``keypath`` (or of its nearest enclosing value).

    Used only to report a schema error, so the fast path keeps no positions at all.
    """
    builder = _Builder("<locate>", first_line, record_marks=True)
    with suppress(InputError):
        builder.run(_loader_class(pure)(data))
    for n in range(len(keypath), 0, -1):
        mark = builder.marks.get(tuple(keypath[:n]))
        if mark is not None:
            return mark
    return None


class _Builder:
    """Builds plain values from parser events, refusing what a sidecar must not contain."""

    def __init__(self, path: str | Path, first_line: int, *, record_marks: bool) -> None:
        self.path = path
        self.first_line = first_line
        self.documents: list[Any] = []
        self.record_marks = record_marks
        self.marks: dict[KeyPath, Mark] = {}

    def _error(self, reason: str, mark: Any) -> InputError:
        if mark is None:
            return InputError(self.path, reason)
        return InputError(self.path, reason, mark.line + self.first_line, mark.column + 1)

    def _mark(self, mark: Any) -> Mark:
        return Mark(mark.line + self.first_line, mark.column + 1)

    def run(self, loader: Any) -> None:
        try:
            self._run(loader.get_event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            reason = f"invalid YAML: {exc.problem or exc.context}; {_MENDING}"
            raise self._error(reason, mark) from None
        except yaml.reader.ReaderError as exc:  # a character YAML refuses; no line, an offset
            reason = (
                f"invalid YAML: {exc.reason} (character {exc.character!r} at offset "
                f"{exc.position}); {_MENDING}"
            )
            raise InputError(self.path, reason) from None
        except yaml.YAMLError as exc:
            raise InputError(self.path, f"invalid YAML: {exc}; {_MENDING}") from None
        finally:
            loader.dispose()

    def _run(self, get_event: Callable[[], Any]) -> None:
        # A frame is [container, pending key or None, key path]; a list frame has no key.
        stack: list[list[Any]] = []
        record = self.record_marks
        documents = self.documents

        def attach(value: Any, mark: Any) -> None:
            if not stack:
                documents.append(value)
                return
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                if record:
                    self.marks[(*frame[2], len(container))] = self._mark(mark)
                container.append(value)
                return
            key = frame[1]
            if key is None:
                if type(value) is not str:
                    raise self._error("a mapping key must be a plain word or text", mark)
                if value in container:
                    raise self._error(f"duplicate key {value!r} in this mapping", mark)
                frame[1] = value
                return
            container[key] = value
            frame[1] = None
            if record:
                self.marks[(*frame[2], key)] = self._mark(mark)

        def child_path() -> KeyPath:
            if not stack:
                return (len(documents),)
            frame = stack[-1]
            step = len(frame[0]) if type(frame[0]) is list else frame[1]
            return (*frame[2], step)

        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.tag is not None:
                    raise self._error(f"tags such as {event.tag} are not allowed", event.start_mark)
                if event.anchor is not None:
                    raise self._error(
                        f"anchors (&{event.anchor}) are not allowed", event.start_mark
                    )
                value = event.value
                if event.implicit[0] and value in _NULLS:
                    value = None
                attach(value, event.start_mark)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None:
                    raise self._error(f"tags such as {event.tag} are not allowed", event.start_mark)
                if event.anchor is not None:
                    raise self._error(
                        f"anchors (&{event.anchor}) are not allowed", event.start_mark
                    )
                if len(stack) >= MAX_DEPTH:
                    raise self._error(
                        f"nested deeper than {MAX_DEPTH} levels; a sidecar never is",
                        event.start_mark,
                    )
                path = child_path() if record else ()
                if record and stack:
                    frame = stack[-1]
                    if type(frame[0]) is not list and frame[1] is not None:
                        self.marks[path] = self._mark(event.start_mark)
                if record and not stack:
                    self.marks[path] = self._mark(event.start_mark)
                container: Any = {} if kind is MappingStartEvent else []
                stack.append([container, None, path, event.start_mark])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                attach(frame[0], frame[3])
            elif kind is AliasEvent:
                raise self._error(f"aliases (*{event.anchor}) are not allowed", event.start_mark)
            elif kind is DocumentStartEvent:
                if event.tags:
                    raise self._error("%TAG directives are not allowed", event.start_mark)
            elif kind is DocumentEndEvent:
                pass
            elif kind is StreamEndEvent:
                return


# -- dumping ----------------------------------------------------------------------------------


class PlainTimestamp(str):
    """A UTC time string written unquoted (``saved: 2026-11-26T21:41:07Z``), as a person would.

    Our loader reads every plain scalar as a string anyway; other YAML tools see a timestamp,
    which is what it is. Any other string that looks like a time is quoted.
    """


def _represent_timestamp(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


#: Characters YAML readers take as line breaks; PyYAML's pure emitter writes them raw outside
#: double quotes (found by the round-trip property test), so such text is double-quoted.
_UNICODE_BREAKS = ("\x85", "\u2028", "\u2029")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(ch in value for ch in _UNICODE_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _make_dumper(base: type) -> type:
    """A safe dumper that quotes every ambiguous string and writes multi-line text as blocks."""
    dumper = type(f"Strict{base.__name__}", (base,), {})
    dumper.add_representer(str, _represent_str)
    dumper.add_representer(PlainTimestamp, _represent_timestamp)
    dumper.add_implicit_resolver(
        "tag:transcript-review,2026:ambiguous", _AMBIGUOUS, list("-+.0123456789yYnNoOtTfF~<=")
    )
    return dumper


_PURE_DUMPER = _make_dumper(yaml.SafeDumper)
_DUMPER = _make_dumper(yaml.CSafeDumper) if _HAVE_C else _PURE_DUMPER

#: No line folding: a transcript line is never wrapped in the sidecar.
_WIDTH = 1 << 30


def dump_document(
    data: dict[str, Any], *, start: bool = True, end: bool = True, pure: bool = False
) -> str:
    """One YAML document (``---`` ... ``...`` markers by default) for ``data``.

    ``pure`` forces PyYAML's pure-Python emitter (the fallback; tests check both agree).
    """
    return yaml.dump(
        data,
        Dumper=_PURE_DUMPER if pure else _DUMPER,
        allow_unicode=True,
        width=_WIDTH,
        sort_keys=False,
        default_flow_style=False,
        explicit_start=start,
        explicit_end=end,
    )
