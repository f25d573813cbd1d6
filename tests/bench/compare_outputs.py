"""Byte-for-byte: do two source trees print the same for every read command?

``python tests/bench/compare_outputs.py OLD_SRC [NEW_SRC]`` runs ``status``, ``items``,
``check``, ``export``, ``show``, ``timing``, ``qc`` and ``log`` (text and JSON) on the seed, the
sample transcripts and a few generated marker-heavy transcripts, each with a sidecar of
corrections (made once, by the old tree), under both trees, and compares exit status, stdout
and stderr. Exit 0 when every output is identical.

For work that must not change what the program prints (speed-ups): get the old tree with
``git archive main | tar -x -C /tmp/old`` and pass ``/tmp/old/src``. NEW_SRC defaults to this
checkout's ``src``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seed/000_e442cc50386926eb.txt")

COMMANDS: list[list[str]] = [
    ["status"],
    ["status", "--json"],
    ["items"],
    ["items", "--json"],
    ["items", "--kind", "uncertain"],
    ["check"],
    ["check", "--json"],
    ["export"],
    ["export", "--format", "json"],
    ["export", "--format", "md", "--include-proposed"],
    ["export", "--format", "vtt"],
    ["show"],
    ["show", "--include-proposed"],
    ["timing"],
    ["qc", "--json"],
    ["log", "--json"],
]


def _generated(folder: Path) -> list[Path]:
    """Transcripts full of markers: many paragraphs, one long paragraph, nested markers."""
    paths = []
    many = folder / "many-markers.txt"
    paragraphs = [
        " ".join(
            f"Name{i} (ph) said" if i % 3 == 0 else f"word{p}x{i} (inaudible)." for i in range(100)
        )
        for p in range(30)
    ]
    many.write_text("Title line\n\n" + "\n\n".join(paragraphs) + "\n")
    paths.append(many)
    one = folder / "one-paragraph.txt"
    one.write_text("Title\n\n" + " ".join("We heard (inaudible)." for _ in range(2000)) + "\n")
    paths.append(one)
    mixed = folder / "mixed.txt"
    mixed.write_text(
        "Hearing on things\n\n"
        "CHAIR (00:00:05): We open. *The whole power (inaudible) of it.* Then [crosstalk] and "
        "Alassane Ouattara (ph) spoke [unclear: some words] and (maybe this?) ____ done.\n\n"
        "[00:01:00] Mr. Diallo: We met [inaudible 00:01:05] and [??] then. Dr. Who said "
        "(inaudible). Another sentence with Bamako (sp?) here.\n\n"
        + " ".join(f"Sentence {i} has a gap (inaudible) in it." for i in range(200))
        + "\n"
    )
    paths.append(mixed)
    return paths


def _run(src: Path, args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    env = dict(os.environ, PYTHONPATH=str(src), COLUMNS="100", NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-m", "transcript_review.cli", *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        check=False,
    )
    return done.returncode, _normalised(done.stdout, src), _normalised(done.stderr, src)


def _normalised(output: bytes, src: Path) -> bytes:
    """Output with what differs by tree or by the clock, not by the code, put aside: the path
    of the tree (``qc`` names its built-in glossary) and ``status``'s ``age_seconds``."""
    output = output.replace(str(src).encode(), b"<src>")
    return re.sub(rb'"age_seconds": \d+', b'"age_seconds": N', output)


def _add_corrections(src: Path, path: Path) -> None:
    """A few proposals and approvals on the first items, so item states are not all open."""
    code, out, _ = _run(src, ["items", "--json", str(path)], path.parent)
    if code != 0:
        return
    items = json.loads(out)["items"]
    gaps = [i for i in items if i["kind"] == "gap"]
    uncertain = [i for i in items if i["kind"] == "uncertain"]
    user = ["--user", "ana"]
    if gaps:
        _run(src, ["resolve", str(path), gaps[0]["id"], "heard words", *user], path.parent)
    if len(gaps) > 2:
        _run(src, ["confirm", str(path), gaps[2]["id"], *user], path.parent)
    if uncertain:
        _run(src, ["dismiss", str(path), uncertain[0]["id"], *user], path.parent)
    text = path.read_text()
    words = text.split()
    if len(words) > 40:
        quote = " ".join(words[30:33])
        if text.count(quote) == 1:
            _run(src, ["replace", str(path), "--quote", quote, "--with", "X Y", *user], path.parent)
            _run(
                src,
                ["flag", str(path), "--quote", words[36], "--occurrence", "1", *user],
                path.parent,
            )
    # A long replace over many items (most of the longest line, markers and all).
    line = max(text.splitlines(), key=len)
    quote = line[len(line) // 5 : 4 * len(line) // 5].strip()
    if len(quote) > 200 and text.count(quote) == 1:
        _run(src, ["replace", str(path), "--quote", quote, "--with", "Z", *user], path.parent)
    _, out, _ = _run(src, ["items", "--json", str(path)], path.parent)
    proposals = [c["id"] for c in json.loads(out)["corrections"]][:1] if out else []
    if proposals:
        _run(src, ["approve", str(path), *proposals, "--user", "rui"], path.parent)


def _show_difference(before: tuple[int, bytes, bytes], after: tuple[int, bytes, bytes]) -> None:
    for old, new in ((before[1], after[1]), (before[2], after[2])):
        diff = difflib.unified_diff(
            old.decode(errors="replace").splitlines(), new.decode(errors="replace").splitlines()
        )
        print("\n".join(list(diff)[:20]))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    trees = [a for a in argv if not a.startswith("-")]
    old = Path(trees[0]).resolve()
    new = Path(trees[1]).resolve() if len(trees) > 1 else ROOT / "src"
    differences = 0
    compared = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = [SEED, *sorted((ROOT / "sample_transcripts").glob("*.txt"))]
        paths = []
        for source in sources:
            if source.exists():
                target = folder / source.name
                shutil.copy(source, target)
                paths.append(target)
        paths += _generated(folder)
        for path in paths:
            _add_corrections(old, path)
        for path in paths:
            for command in COMMANDS:
                args = [command[0], path.name, *command[1:]]
                before = _run(old, args, folder)
                after = _run(new, args, folder)
                compared += 1
                if before != after:
                    differences += 1
                    print(f"DIFFERENT: {' '.join(args)} (exit {before[0]} vs {after[0]})")
                    if "-v" in argv:
                        _show_difference(before, after)
        for command in (["status", "--json"], ["items", "--json"], ["check"]):
            args = [command[0], str(folder), *command[1:]]
            compared += 1
            before, after = _run(old, args, folder), _run(new, args, folder)
            if before != after:
                differences += 1
                print(f"DIFFERENT: {' '.join(command)} FOLDER")
                if "-v" in argv:
                    _show_difference(before, after)
    print(f"{compared} outputs compared, {differences} different")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
