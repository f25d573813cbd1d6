"""The IPC client against a fake mpv: replies, events, stale replies, timeouts, a dying player."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from transcript_review.media import (
    MediaError,
    MpvError,
    MpvIpc,
    NothingLoaded,
    Player,
    PlayerGone,
    PlayerTimeout,
)

Handler = Callable[[dict, "FakeMpv"], bool]
"""Called for each command; returns False to stop serving (the fake then closes the socket)."""


class FakeMpv:
    """A thread serving one client on a UNIX socket, answering commands like mpv would."""

    def __init__(self, path: Path, handler: Handler) -> None:
        self.path = str(path)
        self.handler = handler
        self.received: list[dict] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(1)
        self.server.settimeout(5.0)
        self.conn: socket.socket | None = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def send(self, obj: dict | bytes) -> None:
        assert self.conn is not None
        data = obj if isinstance(obj, bytes) else json.dumps(obj).encode() + b"\n"
        self.conn.sendall(data)

    def reply(self, command: dict, data: object = None, error: str = "success") -> None:
        message = {"request_id": command["request_id"], "error": error}
        if data is not None:
            message["data"] = data
        self.send(message)

    def _serve(self) -> None:
        try:
            self.conn, _ = self.server.accept()
            self.conn.settimeout(5.0)
            reader = self.conn.makefile("rb")
            for line in reader:
                command = json.loads(line)
                self.received.append(command)
                if not self.handler(command, self):
                    break
        except OSError:
            pass
        finally:
            if self.conn is not None:
                self.conn.close()
            self.server.close()

    def stop(self) -> None:
        self.server.close()
        if self.conn is not None:
            self.conn.close()
        self.thread.join(timeout=2.0)


@pytest.fixture
def serve(short_dir: Path) -> Iterator[Callable[[Handler], FakeMpv]]:
    fakes: list[FakeMpv] = []

    def start(handler: Handler) -> FakeMpv:
        fake = FakeMpv(short_dir / f"fake{len(fakes)}.sock", handler)
        fakes.append(fake)
        return fake

    yield start
    for fake in fakes:
        fake.stop()


def properties(values: dict[str, object], die_on: str | None = None) -> Handler:
    """Answer get/set_property from ``values``; on command ``die_on`` send half a reply and die."""

    def handle(command: dict, fake: FakeMpv) -> bool:
        name, *args = command["command"]
        if name == die_on:
            fake.send(b'{"request_id": %d, "error": "succ' % command["request_id"])
            return False
        if name == "get_property":
            if args[0] in values:
                fake.reply(command, values[args[0]])
            else:
                fake.reply(command, error="property unavailable")
        elif name == "set_property":
            values[args[0]] = args[1]
            fake.reply(command)
        else:
            fake.reply(command, error="invalid parameter")
        return True

    return handle


def test_replies_are_matched_by_request_id_and_events_are_kept(serve) -> None:
    def handle(command: dict, fake: FakeMpv) -> bool:
        rid = command["request_id"]
        fake.send({"event": "seek"})
        fake.send({"request_id": rid + 1000, "error": "success", "data": "someone else's"})
        fake.send(b"not json at all\n\n")
        fake.send({"event": "playback-restart"})
        fake.reply(command, {"asked": command["command"]})
        return True

    fake = serve(handle)
    with MpvIpc.connect(fake.path, timeout=2.0) as ipc:
        assert ipc.command("get_property", "time-pos") == {"asked": ["get_property", "time-pos"]}
        assert ipc.next_event(timeout=0.5)["event"] == "seek"
        assert ipc.next_event(("playback-restart",), timeout=0.5)["event"] == "playback-restart"
        assert ipc.command("set_property", "pause", True) == {
            "asked": ["set_property", "pause", True]
        }
    ids = [c["request_id"] for c in fake.received]
    assert ids == sorted(set(ids)) and all(isinstance(i, int) for i in ids)


def test_text_from_a_transcript_travels_as_one_json_string(serve) -> None:
    nasty = 'speech.mp3"\n{"command": ["quit"]}\n; rm -rf ~ `x` $(y) é'
    fake = serve(lambda c, f: (f.reply(c, c["command"][1]), True)[1])
    with MpvIpc.connect(fake.path) as ipc:
        assert ipc.command("loadfile", nasty) == nasty
    assert len(fake.received) == 1  # the newline inside did not make a second command


def test_an_error_reply_raises_mpv_error(serve) -> None:
    fake = serve(properties({"pause": False}))
    with MpvIpc.connect(fake.path) as ipc:
        with pytest.raises(MpvError, match="property unavailable") as info:
            ipc.get_property("time-pos")
        assert info.value.error == "property unavailable"
        assert ipc.get_property_or("time-pos", -1) == -1
        assert ipc.get_property("pause") is False  # still usable afterwards


def test_no_answer_times_out_and_a_late_answer_is_not_taken_for_the_next(serve) -> None:
    held: list[dict] = []

    def handle(command: dict, fake: FakeMpv) -> bool:
        if command["command"][0] == "slow":
            held.append(command)  # answered only with the next command
            return True
        for old in held:
            fake.reply(old, "late answer to slow")
        held.clear()
        fake.reply(command, "fresh")
        return True

    fake = serve(handle)
    with MpvIpc.connect(fake.path) as ipc:
        started = time.monotonic()
        with pytest.raises(PlayerTimeout, match="did not answer 'slow'"):
            ipc.command("slow", timeout=0.3)
        assert time.monotonic() - started < 1.5
        assert ipc.command("quick") == "fresh"


def test_player_dying_mid_command_raises_player_gone_without_hanging(serve) -> None:
    fake = serve(properties({"pause": True, "time-pos": 4.0}, die_on="seek"))
    ipc = MpvIpc.connect(fake.path, timeout=5.0)
    assert ipc.get_property("time-pos") == 4.0
    started = time.monotonic()
    with pytest.raises(PlayerGone, match="closed the connection during 'seek'"):
        ipc.command("seek", 1.0, "absolute+exact")
    assert time.monotonic() - started < 2.0  # far below the 5 s timeout: EOF, not a timeout
    assert ipc.closed
    with pytest.raises(PlayerGone):  # and at once for every later call
        ipc.get_property("time-pos")
    with pytest.raises(PlayerGone):
        ipc.next_event(timeout=5.0)


def test_player_over_a_dying_mpv_lets_the_caller_report_it(serve) -> None:
    """What the editor does: catch MediaError, show its one-line message, carry on."""
    values: dict[str, object] = {
        "mpv-version": "fake 0.1",
        "path": "/srv/speech.mp3",
        "pause": True,
        "idle-active": False,
        "time-pos": 12.5,
    }
    fake = serve(properties(values, die_on="seek"))
    player = Player.attach(fake.path)
    assert player.media == "/srv/speech.mp3" and not player.owned
    assert player.position() == 12.5
    assert player.play_pause() is True and values["pause"] is False
    status = None
    try:
        player.seek(3.0, relative=True)
    except MediaError as exc:  # the editor's handler
        status = str(exc)
        gone = isinstance(exc, PlayerGone)
    assert gone and status and "\n" not in status and "mpv" in status
    assert not player.alive()
    player.close()  # never raises, even now
    player.close()


def test_nothing_loaded_is_its_own_error(serve) -> None:
    fake = serve(properties({"mpv-version": "fake", "idle-active": True, "pause": False}))
    player = Player.attach(fake.path)
    with pytest.raises(NothingLoaded, match="no media loaded"):
        player.seek(1.0)
    with pytest.raises(NothingLoaded):
        player.play_window(1.0, 2.0, loop=True)
    assert player.position() is None
    player.close()


def test_a_socket_that_does_not_answer_like_mpv_is_refused(serve) -> None:
    fake = serve(properties({}))
    with pytest.raises(PlayerGone, match="does not answer like mpv"):
        Player.attach(fake.path)


def test_connecting_to_nothing_says_so_quickly(short_dir: Path) -> None:
    started = time.monotonic()
    with pytest.raises(PlayerGone, match="no such socket.*--input-ipc-server"):
        MpvIpc.connect(short_dir / "absent.sock", retry_for=0.2)
    assert time.monotonic() - started < 1.5
    plain = short_dir / "plain-file"
    plain.write_text("not a socket")
    with pytest.raises(PlayerGone, match="cannot connect"):
        MpvIpc.connect(plain)


def test_a_stuck_server_times_out_on_every_call(serve) -> None:
    fake = serve(lambda command, fake: True)  # reads, never answers
    with MpvIpc.connect(fake.path, timeout=0.2) as ipc:
        for _ in range(3):
            started = time.monotonic()
            with pytest.raises(PlayerTimeout):
                ipc.get_property("time-pos")
            assert time.monotonic() - started < 1.0
        with pytest.raises(PlayerTimeout):
            ipc.next_event(timeout=0.1)


def test_calls_from_several_threads_each_get_their_own_answer(serve) -> None:
    fake = serve(lambda c, f: (f.reply(c, c["command"][1]), True)[1])
    results: dict[int, object] = {}
    with MpvIpc.connect(fake.path) as ipc:

        def ask(n: int) -> None:
            results[n] = [ipc.command("echo", n * 100 + k) for k in range(20)]

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=5.0)
    assert results == {n: [n * 100 + k for k in range(20)] for n in range(4)}
