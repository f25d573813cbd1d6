"""Merging sidecars: three versions from git (or two copies in shared folders) into one.

A sidecar is an append-only log of revisions, each with a random id, so two copies that grew
apart merge as a *union*: every revision of either side is kept exactly once (by id). What
needs care is the order, because the fold applies events in order (a later approval wins):

* the longest common prefix of OURS and THEIRS comes first, unchanged;
* the rest follows topologically: a revision after its ``parent`` and after the revision that
  precedes it in either file, ties broken by saved time, then id. Both sides contribute the
  same constraints, so ``merge(base, a, b)`` and ``merge(base, b, a)`` give the same bytes;
  and when THEIRS adds nothing, OURS comes out as it was.

Revision *numbers* are positions (the fold's ``upto`` and a correction's history count them;
anchors do not use them), so the merged revisions are renumbered 1..n; ids and parents stay.

Conflicting verdicts, each given in revisions the other side lacks, are not settled by the
merge: one side approved or amended a proposal and the other rejected it, or the two amended it
differently, or each approved a different alternative for overlapping text (the fold would let
the later approval supersede the other). The fold still applies everything in merge order, so
the state is defined, and the merge appends one revision by :data:`MERGE_AUTHOR` holding a
``question`` event per conflict. A question stays open in the review queue
(:attr:`.corrections.State.open_questions`) until a later verdict on the correction it is
about. Everything in that revision (id, time, words) is derived from its inputs, so the same
merge done on two machines writes the same revision, and merging those merges dedupes it.

:func:`added_since` serves shared folders: what others appended since a session loaded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..corrections import spans_conflict
from ..errors import InputError
from ..quoting import short
from ..safe_files import read_regular
from ..sidecar import MAX_SIDECAR_BYTES, LoadedSidecar, encode_sidecar, format_time, load_sidecar
from ..sidecar.records import (
    TEXT_KINDS,
    Amend,
    Approve,
    Header,
    Propose,
    Question,
    Reject,
    Revision,
    Role,
    event_counts,
)

#: The author of the revision a merge writes when it records questions.
MERGE_AUTHOR = "transcript-review merge"


# -- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SideVerdict:
    """The last verdict one side gave on a correction, in revisions the other side lacks."""

    side: str
    """``ours`` or ``theirs`` (for messages; never written to the file)."""
    correction: str
    revision: Revision
    action: str
    """``approve``, ``amend`` or ``reject``."""
    text: str | None = None
    """The amended words (``amend`` only)."""

    @property
    def outcome(self) -> tuple[str, str | None]:
        """What the verdict makes of the proposal: approved as is, with words, or rejected."""
        return ("reject", None) if self.action == "reject" else ("approve", self.text)


@dataclass(frozen=True)
class VerdictConflict:
    """Two verdicts that cannot both stand: on one correction, or approving two alternatives."""

    correction: str
    """The correction the question is about (for alternatives: the one superseded for now)."""
    verdicts: tuple[SideVerdict, SideVerdict]
    """In merged order: the second is the one the fold applies last (it stands for now)."""
    alternative: str | None = None
    """Set when the sides approved two different proposals for overlapping text: the other one
    (the later approval, which supersedes :attr:`correction` in the fold)."""


@dataclass(frozen=True)
class MergeResult:
    """The merged sidecar, and what the merge found on the way."""

    header: Header
    revisions: tuple[Revision, ...]
    """Every revision, renumbered 1..n, the question revision (if any) last."""
    conflicts: tuple[VerdictConflict, ...]
    questions: tuple[Question, ...]
    """Questions this merge added (already-recorded ones are not repeated)."""
    only_ours: int
    only_theirs: int
    warnings: tuple[str, ...] = ()

    def encode(self) -> bytes:
        """The merged sidecar's bytes."""
        return encode_sidecar(self.header, self.revisions)

    def summary(self, name: str) -> str:
        """One line for the user: what was merged and whether questions wait for review."""
        line = (
            f"merged {name}: {len(self.revisions)} revisions "
            f"({self.only_ours} only in ours, {self.only_theirs} only in theirs)"
        )
        n = len(self.questions)
        if n:
            line += (
                f"; {n} conflicting verdict{'s' if n != 1 else ''} recorded as "
                f"{'questions' if n != 1 else 'a question'} for the review queue "
                f"({', '.join(q.about for q in self.questions)})"
            )
        return line


# -- loading ----------------------------------------------------------------------------------


def load_for_merge(path: str | Path, *, role: str, optional: bool = False) -> LoadedSidecar | None:
    """Load one input of a merge; ``optional`` (the base) accepts a missing or empty file,
    which is what git passes when both branches created the sidecar independently."""
    path = Path(path)
    if optional:
        try:
            if not read_regular(path, MAX_SIDECAR_BYTES, "a sidecar file").strip():
                return None
        except FileNotFoundError:
            return None
    loaded = load_sidecar(path)
    if not loaded.exists:
        if optional:
            return None
        raise InputError(path, f"no such file ({role} side of the merge)")
    if loaded.torn is not None:
        raise InputError(
            path,
            f"ends with an unfinished revision ({loaded.torn.length} bytes of an interrupted "
            "save); open and save it once (the bytes go to a .torn file) and merge again",
        )
    return loaded


def merge_files(
    base: str | Path, ours: str | Path, theirs: str | Path
) -> tuple[MergeResult, LoadedSidecar]:
    """Load three sidecars and merge them; also returns OURS as loaded (its snapshot guards
    writing the result in place). Raises :class:`InputError` for bad input."""
    base_loaded = load_for_merge(base, role="base", optional=True)
    ours_loaded = load_for_merge(ours, role="ours")
    theirs_loaded = load_for_merge(theirs, role="theirs")
    assert ours_loaded is not None and theirs_loaded is not None
    return merge_sidecars(base_loaded, ours_loaded, theirs_loaded), ours_loaded


# -- merging ----------------------------------------------------------------------------------


def merge_sidecars(
    base: LoadedSidecar | None, ours: LoadedSidecar, theirs: LoadedSidecar
) -> MergeResult:
    """The three-way merge of loaded sidecars (see the module notes for the rules)."""
    header = _merge_headers(base, ours, theirs)
    sides = [("ours", ours), ("theirs", theirs)]
    if base is not None:
        sides.insert(0, ("base", base))
    by_id: dict[str, Revision] = {}
    where: dict[str, Path] = {}
    for _, loaded in sides:
        for rev in loaded.revisions:
            known = by_id.get(rev.id)
            if known is None:
                by_id[rev.id] = rev
                where[rev.id] = loaded.path
            elif _identity(known) != _identity(rev):
                raise InputError(
                    loaded.path,
                    f"revision {rev.id} differs from the revision with that id in "
                    f"{where[rev.id]}: revisions are never edited, so one copy was changed "
                    "by hand; restore it and merge again",
                )
    warnings: list[str] = []
    if base is not None:
        for name, loaded in (("ours", ours), ("theirs", theirs)):
            present = {r.id for r in loaded.revisions}
            lost = [r.id for r in base.revisions if r.id not in present]
            if lost:
                warnings.append(
                    f"{loaded.path}: {len(lost)} revision(s) of the common ancestor are missing "
                    f"from {name} ({', '.join(lost[:5])}); kept, since sidecars are append-only"
                )
    seq_ours = [r.id for r in ours.revisions]
    seq_theirs = [r.id for r in theirs.revisions]
    prefix = _common_prefix(seq_ours, seq_theirs)
    chains = [seq_ours[len(prefix) :], seq_theirs[len(prefix) :]]
    if base is not None:
        chains.append([r.id for r in base.revisions])
    in_prefix = set(prefix)
    rest = [i for i in by_id if i not in in_prefix]
    order = prefix + _topological(rest, by_id, chains)
    merged = [dataclasses.replace(by_id[i], number=n) for n, i in enumerate(order, start=1)]
    number = {r.id: r.number for r in merged}

    theirs_ids, ours_ids = set(seq_theirs), set(seq_ours)
    only_ours = [r for r in ours.revisions if r.id not in theirs_ids]
    only_theirs = [r for r in theirs.revisions if r.id not in ours_ids]
    conflicts = _verdict_conflicts(only_ours, only_theirs, merged, number)
    asked = {
        e.id for r in merged for e in r.events if isinstance(e, Question)
    }  # a merge repeated elsewhere already recorded these
    questions = [q for q in (_question(c, number) for c in conflicts) if q.id not in asked]
    if questions:
        merged.append(_question_revision(merged, questions))
    return MergeResult(
        header,
        tuple(merged),
        tuple(conflicts),
        tuple(questions),
        len(only_ours),
        len(only_theirs),
        tuple(warnings),
    )


def _identity(rev: Revision) -> Revision:
    """A revision without its number (its position may differ between copies)."""
    return dataclasses.replace(rev, number=0)


def _merge_headers(
    base: LoadedSidecar | None, ours: LoadedSidecar, theirs: LoadedSidecar
) -> Header:
    a, b = ours.header, theirs.header
    assert a is not None and b is not None
    names = {a.transcript, b.transcript} | (
        {base.header.transcript} if base and base.header else set()
    )
    if len(names) > 1:
        raise InputError(
            theirs.path,
            f"is the sidecar of {b.transcript!r}, but {ours.path} is that of {a.transcript!r}: "
            "only versions of one transcript's sidecar can be merged",
        )
    o = base.header if base is not None else None
    fields = {}
    for field in ("webcast", "media"):
        mine, yours = getattr(a, field), getattr(b, field)
        old = getattr(o, field) if o is not None else None
        if mine == yours or yours == old:
            fields[field] = mine
        elif mine == old:
            fields[field] = yours
        else:
            raise InputError(
                theirs.path,
                f"the header's `{field}` was changed on both sides ({mine!r} and {yours!r}); "
                "make them agree by hand and merge again",
            )
    return Header(transcript=a.transcript, **fields)


def _common_prefix(a: Sequence[str], b: Sequence[str]) -> list[str]:
    out: list[str] = []
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        out.append(x)
    return out


def _topological(
    ids: list[str], by_id: dict[str, Revision], chains: Iterable[Sequence[str]]
) -> list[str]:
    """``ids`` ordered after their parents and their predecessors in each chain, ties (and
    contradictory chains, which only a hand-reordered file makes) broken by (saved, id)."""
    wanted = set(ids)
    after: dict[str, set[str]] = {i: set() for i in ids}
    for i in ids:
        parent = by_id[i].parent
        if parent in wanted and parent != i:
            after[parent].add(i)
    for chain in chains:
        kept = [i for i in chain if i in wanted]
        for x, y in zip(kept, kept[1:], strict=False):
            if x != y:
                after[x].add(y)
    indegree = {i: 0 for i in ids}
    for successors in after.values():
        for s in successors:
            indegree[s] += 1

    def key(i: str) -> tuple[str, str]:
        return (format_time(by_id[i].saved), i)

    ready = [key(i) for i in ids if indegree[i] == 0]
    heapq.heapify(ready)
    out: list[str] = []
    done: set[str] = set()
    while len(out) < len(ids):
        if not ready:  # a cycle: take the earliest remaining revision
            ready = [min(key(i) for i in ids if i not in done)]
        _, i = heapq.heappop(ready)
        if i in done:
            continue
        done.add(i)
        out.append(i)
        for s in sorted(after[i]):
            indegree[s] -= 1
            if indegree[s] == 0 and s not in done:
                heapq.heappush(ready, key(s))
    return out


def _last_verdicts(side: str, revisions: Sequence[Revision]) -> dict[str, SideVerdict]:
    out: dict[str, SideVerdict] = {}
    for rev in revisions:
        for event in rev.events:
            if isinstance(event, Approve):
                out[event.id] = SideVerdict(side, event.id, rev, "approve")
            elif isinstance(event, Amend):
                out[event.id] = SideVerdict(side, event.id, rev, "amend", event.text)
            elif isinstance(event, Reject):
                out[event.id] = SideVerdict(side, event.id, rev, "reject")
    return out


def _verdict_conflicts(
    only_ours: Sequence[Revision],
    only_theirs: Sequence[Revision],
    merged: Sequence[Revision],
    number: dict[str, int],
) -> list[VerdictConflict]:
    """Corrections the sides decided differently, then alternatives both sides approved."""
    mine = _last_verdicts("ours", only_ours)
    yours = _last_verdicts("theirs", only_theirs)

    def ordered(a: SideVerdict, b: SideVerdict) -> tuple[SideVerdict, SideVerdict]:
        return (a, b) if number[a.revision.id] < number[b.revision.id] else (b, a)

    out = []
    for cid in sorted(mine.keys() & yours.keys()):
        a, b = mine[cid], yours[cid]
        if a.outcome != b.outcome:
            out.append(VerdictConflict(cid, ordered(a, b)))
    out.extend(_approved_alternatives(mine, yours, merged, number))
    return out


def _approved_alternatives(
    mine: dict[str, SideVerdict],
    yours: dict[str, SideVerdict],
    merged: Sequence[Revision],
    number: dict[str, int],
) -> list[VerdictConflict]:
    """Pairs of text-changing proposals, one approved on each side, whose spans overlap: the
    fold lets the later approval supersede the other, which would pick one silently.

    Spans are compared as saved (the merge has no transcript), so only proposals recorded on
    the same transcript version are compared. A sweep over spans sorted by start keeps this
    near-linear when approvals are many and mostly disjoint.
    """

    def position(v: SideVerdict) -> int:
        return number[v.revision.id]

    proposals: dict[str, tuple[Propose, str]] = {}
    for rev in merged:
        for event in rev.events:
            if isinstance(event, Propose) and event.kind in TEXT_KINDS:
                proposals.setdefault(event.id, (event, rev.transcript_sha256))
    approved: dict[str, list[tuple[int, int, str, SideVerdict]]] = {}
    for verdicts in (mine, yours):
        for cid, verdict in verdicts.items():
            found = proposals.get(cid)
            if found is None or verdict.outcome[0] != "approve":
                continue
            if (mine.get(cid) or verdict).outcome != (yours.get(cid) or verdict).outcome:
                continue  # already a conflict on the correction itself
            proposal, digest = found
            span = (proposal.anchor.start, proposal.anchor.end)
            approved.setdefault(digest, []).append((*span, cid, verdict))
    out: dict[tuple[str, str], VerdictConflict] = {}
    for spans in approved.values():
        # Ties are broken by merged position, never by side, so swapping the sides cannot
        # change which verdicts a question names.
        spans.sort(key=lambda s: (s[0], s[1], s[2], position(s[3])))
        for i, (start, end, cid, verdict) in enumerate(spans):
            for start2, end2, cid2, verdict2 in spans[i + 1 :]:
                if start2 > max(end, start):
                    break
                if (
                    cid == cid2
                    or verdict.side == verdict2.side
                    or not spans_conflict((start, end), (start2, end2))
                ):
                    continue
                first, last = sorted((verdict, verdict2), key=position)
                key = (first.correction, last.correction)
                out.setdefault(
                    key, VerdictConflict(first.correction, (first, last), last.correction)
                )
    return [out[k] for k in sorted(out)]


def _describe(v: SideVerdict, number: dict[str, int]) -> str:
    n = number[v.revision.id]
    what = {"approve": "approved", "reject": "rejected"}.get(v.action, "")
    if v.action == "amend":
        what = f"amended to “{short(v.text or '', 60)}”"
    return f"{what} by {v.revision.author} (revision {n}, {format_time(v.revision.saved)})"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:8]


def _question(conflict: VerdictConflict, number: dict[str, int]) -> Question:
    """The question for one conflict; its id and words depend only on the two verdicts."""
    first, last = conflict.verdicts
    if conflict.alternative is None:
        text = (
            f"Conflicting verdicts merged: {_describe(first, number)}, but "
            f"{_describe(last, number)}. The later one applies until you decide: approve, "
            "amend or reject it again."
        )
    else:
        text = (
            f"Alternatives approved in parallel: {first.correction} was "
            f"{_describe(first, number)}, and {last.correction} was "
            f"{_describe(last, number)}. The later approval applies and {first.correction} "
            f"is superseded until you decide: approve, amend or reject {first.correction} again."
        )
    rev_ids = sorted(v.revision.id for v in conflict.verdicts)
    key = (conflict.correction, conflict.alternative or "", *rev_ids)
    return Question(f"q-{_digest(*key)}", conflict.correction, text)


def _question_revision(merged: Sequence[Revision], questions: Sequence[Question]) -> Revision:
    """The revision holding the questions, derived from its inputs only (same merge, same
    revision, wherever it is done)."""
    last = merged[-1]
    return Revision(
        number=len(merged) + 1,
        id=_digest("merge", *(q.id for q in questions)),
        parent=last.id,
        author=MERGE_AUTHOR,
        role=Role.REVIEWER,
        saved=max(r.saved for r in merged),
        transcript_sha256=last.transcript_sha256,
        message=(
            f"Merge: {len(questions)} conflicting verdict{'s' if len(questions) != 1 else ''} "
            "to decide"
        ),
        events=tuple(questions),
    )


# -- shared folders: what others added --------------------------------------------------------


@dataclass(frozen=True)
class AddedSince:
    """Revisions in the sidecar now that were not there when a session loaded it."""

    revisions: tuple[Revision, ...]
    """New revisions, in file order."""
    rewritten: bool
    """The revisions the session loaded are no longer the file's first ones, unchanged (a merge
    put others' revisions between them, or a hand edit): its save would be refused as
    "rewritten", so it must reload (keeping its unsaved actions) before saving."""

    def __bool__(self) -> bool:
        return bool(self.revisions) or self.rewritten

    def by_author(self) -> dict[str, list[Revision]]:
        """New revisions grouped by author, authors in order of their first new revision."""
        out: dict[str, list[Revision]] = {}
        for rev in self.revisions:
            out.setdefault(rev.author, []).append(rev)
        return out

    def summary(self, limit: int = 3) -> str:
        """One line such as ``bob added 2 revisions since you opened this: “Resolve gap g-1”
        (1 propose), “Approve c-3” (1 approve)``; empty when nothing was added."""
        parts = []
        for author, revs in self.by_author().items():
            items = []
            for rev in revs[:limit]:
                counts = ", ".join(f"{n} {k}" for k, n in event_counts(rev).items())
                items.append(f"“{short(rev.message, 40)}” ({counts or 'no events'})")
            if len(revs) > limit:
                items.append(f"and {len(revs) - limit} more")
            n = len(revs)
            parts.append(
                f"{author} added {n} revision{'s' if n != 1 else ''} since you opened this: "
                + ", ".join(items)
            )
        if self.rewritten:
            parts.append("the sidecar was rewritten (merged) since you opened it")
        return "; ".join(parts)


def added_since(loaded: LoadedSidecar, current: LoadedSidecar | None = None) -> AddedSince:
    """What others saved to ``loaded``'s sidecar since it was loaded.

    ``current`` is the sidecar as it is now (read from ``loaded.path`` when None). Revisions
    are matched by id, so a merge that renumbered or reordered them still lists only the new
    ones. Raises :class:`InputError` if the current file is invalid.
    """
    if current is None:
        current = load_sidecar(loaded.path)
    before = {r.id for r in loaded.revisions}
    new = tuple(r for r in current.revisions if r.id not in before)
    # Saves append, so the loaded revisions must still be the file's first ones, unchanged;
    # otherwise the file was rewritten (a merge put revisions between them, or a hand edit).
    head = current.revisions[: len(loaded.revisions)]
    rewritten = len(head) < len(loaded.revisions) or any(
        a != b for a, b in zip(loaded.revisions, head, strict=True)
    )
    return AddedSince(new, rewritten)
