"""A stateful test of the whole sidecar cycle against a small independent model.

Random sequences of proposals, verdicts, saves and reloads, with a second writer appending
behind our back and transcript edits that move paragraphs around. The invariant after every
step: the state folded from disk equals the model's, and every revision once saved is there.

The transcript is made of paragraphs of unique words so that every correction (placed at least
40 characters from a paragraph's edges) can be found again exactly wherever its paragraph
moves: the model tracks each correction as (paragraph, offset, length).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from transcript_review.core.corrections import Draft, ReviewRuleError, Status, fold
from transcript_review.core.sidecar.records import (
    Amend,
    Approve,
    ClearFlag,
    Evidence,
    Flag,
    Header,
    Propose,
    Reject,
    Revision,
    Role,
    Withdraw,
)
from transcript_review.core.sidecar.store import (
    LoadedSidecar,
    Snapshot,
    append_revision,
    load_sidecar,
    sidecar_path_for,
)
from transcript_review.core.text.anchors import Anchor, text_sha256

USERS = {"alice": Role.EDITOR, "bob": Role.REVIEWER, "carol": Role.REVIEWER}
TEXT_KINDS = {"resolve-gap", "confirm-gap", "dismiss-gap", "replace"}
MARGIN = 40


def make_paragraph(n: int) -> str:
    words = [f"w{n}x{i}" for i in range(24)]
    words[12] = "(inaudible)"
    return " ".join(words) + "."


@dataclass
class Place:
    """Where a correction sits: a paragraph (its text is unique), an offset and a length."""

    paragraph: str
    offset: int
    length: int


@dataclass
class ModelCorrection:
    kind: str
    author: str
    status: str = "proposed"
    text: str | None = None
    superseded_by: str | None = None
    flag: str | None = None


class SidecarMachine(RuleBasedStateMachine):
    """Us (one user at a time) and another writer sharing one sidecar."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sidecar-stateful-"))
        self.transcript = self.folder / "speech.txt"
        self.sidecar = sidecar_path_for(self.transcript)
        self.paragraphs = [make_paragraph(n) for n in range(5)]
        self.next_paragraph = 5
        self.places: dict[str, Place] = {}
        self.saved: list[Revision] = []
        self.user = "alice"
        self.draft: Draft | None = None
        self.loaded: LoadedSidecar
        self.others_since_load = 0
        self._write_transcript()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- helpers ------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    def _write_transcript(self) -> None:
        self.transcript.write_text(self.text, encoding="utf-8")

    def _start_of(self, paragraph: str) -> int:
        return self.text.index(paragraph)

    def _span(self, place: Place) -> tuple[int, int]:
        start = self._start_of(place.paragraph) + place.offset
        return start, start + place.length

    def _reload(self) -> None:
        self.loaded = load_sidecar(self.sidecar)
        self.draft = None
        self.others_since_load = 0

    def _draft(self) -> Draft:
        if self.draft is None:
            state = fold(self.loaded.header, self.loaded.revisions, self.text)
            self.draft = Draft(state, self.user, USERS[self.user])
        return self.draft

    def _choose_place(self, data: st.DataObject, gap: bool) -> Place:
        paragraph = data.draw(st.sampled_from(self.paragraphs), label="paragraph")
        if gap:
            offset = paragraph.index("(inaudible)")
            return Place(paragraph, offset, len("(inaudible)"))
        starts = [i + 1 for i, ch in enumerate(paragraph) if ch == " "]
        starts = [s for s in starts if MARGIN <= s <= len(paragraph) - MARGIN - 10]
        start = data.draw(st.sampled_from(starts), label="word")
        words = data.draw(st.integers(1, 3), label="words")
        end = start
        for _ in range(words):
            nxt = paragraph.find(" ", end + 1)
            if nxt < 0 or nxt > len(paragraph) - MARGIN:
                break
            end = nxt
        end = max(end, paragraph.index(" ", start))
        return Place(paragraph, start, end - start)

    def _propose(self, draft: Draft, data: st.DataObject) -> None:
        kind = data.draw(
            st.sampled_from(["replace", "resolve-gap", "confirm-gap", "dismiss-gap", "flag"]),
            label="kind",
        )
        place = self._choose_place(data, gap=kind.endswith("gap"))
        start, end = self._span(place)
        anchor = Anchor.from_span(self.text, start, end)
        if kind == "replace":
            cid = draft.replace(anchor, data.draw(st.sampled_from(["no", "12:30", "x y", ""])))
        elif kind == "resolve-gap":
            cid = draft.resolve_gap(anchor, "heard words", Evidence.LISTENED)
        elif kind == "confirm-gap":
            cid = draft.confirm_gap(anchor)
        elif kind == "dismiss-gap":
            cid = draft.dismiss_gap(anchor)
        else:
            cid = draft.flag(anchor, "doubtful")
        self.places[cid] = place

    def _verdict(self, draft: Draft, data: st.DataObject) -> None:
        ids = list(draft.state.corrections)  # proposal order: ids are random, order is not
        if not ids:
            return
        target = data.draw(st.sampled_from(ids), label="target")
        verdict = data.draw(
            st.sampled_from(["approve", "reject", "amend", "withdraw", "clear"]), label="verdict"
        )
        try:
            if verdict == "approve":
                draft.approve(target, "ok")
            elif verdict == "reject":
                draft.reject(target, "no")
            elif verdict == "amend":
                draft.amend(target, "amended words")
            elif verdict == "withdraw":
                draft.withdraw(target)
            else:
                cid = draft.clear_flag(target)
                self.places[cid] = self.places[target]
        except ReviewRuleError:
            pass

    # -- rules --------------------------------------------------------------------------------

    @initialize()
    def start(self) -> None:
        self._reload()

    @rule(data=st.data())
    def propose(self, data: st.DataObject) -> None:
        self._propose(self._draft(), data)

    @rule(data=st.data())
    def give_verdict(self, data: st.DataObject) -> None:
        self._verdict(self._draft(), data)

    @precondition(lambda self: self.draft is not None and self.draft.events)
    @rule(keep_snapshot=st.booleans())
    def save(self, keep_snapshot: bool) -> None:
        assert self.draft is not None
        rev = self.draft.revision("save", text_sha256(self.text))
        result = append_revision(
            self.sidecar, rev, self.loaded.snapshot, header=Header(self.transcript.name)
        )
        assert len(result.others) == self.others_since_load
        assert result.revision.number == len(self.saved) + 1
        assert result.revision.parent == (
            self.loaded.revisions[-1].id if self.loaded.revisions else None
        )
        self.saved.append(result.revision)
        self._reload()
        assert result.snapshot == self.loaded.snapshot
        if keep_snapshot:
            assert self.loaded.snapshot == result.snapshot

    @rule(user=st.sampled_from(sorted(USERS)), data=st.data())
    def another_writer_saves(self, user: str, data: st.DataObject) -> None:
        loaded = load_sidecar(self.sidecar)
        state = fold(loaded.header, loaded.revisions, self.text)
        draft = Draft(state, user, USERS[user])
        if data.draw(st.booleans(), label="propose?"):
            self._propose(draft, data)
        else:
            self._verdict(draft, data)
        if not draft.events:
            return
        rev = draft.revision("theirs", text_sha256(self.text))
        snapshot = loaded.snapshot if loaded.exists else Snapshot.missing()
        result = append_revision(self.sidecar, rev, snapshot, header=Header("speech.txt"))
        assert result.others == ()
        self.saved.append(result.revision)
        self.others_since_load += 1

    @precondition(lambda self: self.draft is None or not self.draft.events)
    @rule(user=st.sampled_from(sorted(USERS)))
    def switch_user(self, user: str) -> None:
        self.user = user
        self._reload()

    @precondition(lambda self: self.draft is None or not self.draft.events)
    @rule(data=st.data())
    def edit_transcript(self, data: st.DataObject) -> None:
        if data.draw(st.booleans(), label="insert?"):
            at = data.draw(st.integers(0, len(self.paragraphs)), label="at")
            self.paragraphs.insert(at, make_paragraph(self.next_paragraph))
            self.next_paragraph += 1
        else:
            i = data.draw(st.integers(0, len(self.paragraphs) - 1), label="i")
            j = data.draw(st.integers(0, len(self.paragraphs) - 1), label="j")
            self.paragraphs[i], self.paragraphs[j] = self.paragraphs[j], self.paragraphs[i]
        self._write_transcript()
        self._reload()

    @rule()
    def reload(self) -> None:
        self._reload()

    # -- the model and the invariant ----------------------------------------------------------

    def model(self) -> dict[str, ModelCorrection]:
        model: dict[str, ModelCorrection] = {}
        for rev in self.saved:
            for event in rev.events:
                self._model_apply(model, event, rev)
        return model

    def _model_apply(self, model: dict[str, ModelCorrection], event: object, rev: Revision) -> None:
        if isinstance(event, Propose | Flag | ClearFlag):
            if event.id in model:
                return
            if isinstance(event, ClearFlag):
                target = model.get(event.flag)
                if target is None or target.kind != "flag":
                    return
                model[event.id] = ModelCorrection("clear-flag", rev.author, flag=event.flag)
            elif isinstance(event, Flag):
                model[event.id] = ModelCorrection("flag", rev.author)
            else:
                model[event.id] = ModelCorrection(event.kind.value, rev.author, text=event.text)
            return
        corr = model.get(event.id)  # type: ignore[attr-defined]
        if corr is None or corr.status == "withdrawn":
            return
        if isinstance(event, Withdraw):
            if corr.status != "approved":
                corr.status = "withdrawn"
            return
        if isinstance(event, Reject):
            corr.status = "rejected"
            return
        if isinstance(event, Amend):
            if corr.kind not in ("resolve-gap", "replace"):
                return
            corr.text = event.text
        assert isinstance(event, Approve | Amend)
        corr.status = "approved"
        corr.superseded_by = None
        if corr.kind not in TEXT_KINDS:
            return
        a0, a1 = self._span(self.places[event.id])
        for oid, other in model.items():
            if oid == event.id or other.kind not in TEXT_KINDS:
                continue
            if other.status not in ("proposed", "approved"):
                continue
            b0, b1 = self._span(self.places[oid])
            if a0 < b1 and b0 < a1:
                other.status = "rejected"
                other.superseded_by = event.id

    @invariant()
    def disk_matches_model(self) -> None:
        loaded = load_sidecar(self.sidecar)
        assert loaded.warnings == ()
        assert [r.id for r in loaded.revisions] == [r.id for r in self.saved]
        assert list(loaded.revisions) == self.saved
        state = fold(loaded.header, loaded.revisions, self.text)
        model = self.model()
        assert sorted(state.corrections) == sorted(model)
        assert not state.problems or all(
            not p.skipped or p.rule != "duplicate-id" for p in state.problems
        )
        for cid, expected in model.items():
            corr = state.corrections[cid]
            assert corr.status is Status(expected.status), cid
            assert corr.text == expected.text
            assert corr.superseded_by == expected.superseded_by
            assert corr.span == self._span(self.places[cid])


SidecarMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=40, deadline=None)
TestSidecarCycle = pytest.mark.slow(SidecarMachine.TestCase)
