"""Any audio or video file -> 16 kHz mono signed 16-bit PCM, the recogniser's input.

ffmpeg does the decoding when it is installed (it reads every container and codec a webcast
comes in); otherwise mpv, which the player already needs, with ``--ao=pcm``. Nothing here is
written by hand: decoding media is what these two do well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ...safe_files import check_regular

#: Samples per second the acoustic model was trained on.
SAMPLE_RATE = 16_000
#: Bytes per second of 16-bit mono PCM at :data:`SAMPLE_RATE`.
BYTES_PER_SECOND = 2 * SAMPLE_RATE
#: Audio, video and container extensions looked for beside a transcript.
MEDIA_EXTENSIONS = (
    ".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma", ".webm",
    ".mp4", ".m4v", ".mkv", ".mov", ".avi", ".mpg", ".mpeg", ".ts",
)  # fmt: skip
#: Bytes of the media file's head hashed for its identity (with its size).
HEAD_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Pcm:
    """Decoded audio: 16 kHz mono 16-bit little-endian samples."""

    data: bytes

    @property
    def duration(self) -> float:
        return len(self.data) / BYTES_PER_SECOND

    def slice(self, start: float, end: float) -> bytes:
        """The samples between two times (seconds), clamped to the audio."""
        return bytes(self.view(start, end))

    def view(self, start: float, end: float) -> memoryview:
        """Like :meth:`slice` without copying: an hour of chunks would double the memory."""
        a = max(0, int(start * SAMPLE_RATE)) * 2
        b = min(len(self.data), int(end * SAMPLE_RATE) * 2)
        return memoryview(self.data)[a : max(a, b)]


def is_url(name: str) -> bool:
    """True for ``http://…`` and other scheme URLs: the recording must be downloaded first."""
    head, sep, _ = name.partition("://")
    return bool(sep) and head.isalpha()


def url_refused(name: str) -> InputError:
    """Why a URL cannot be aligned to, and what to do instead."""
    return InputError(
        name,
        "is a URL; download the recording first (the webcast page's download link, or "
        "yt-dlp -x URL) and pass the file with --media",
    )


def check_media_path(path: Path) -> None:
    """Refuse what cannot be a recording before any program opens it: a URL, a missing path,
    a folder, a FIFO or a device (a decoder would block on a FIFO or read a device forever)."""
    if is_url(str(path)):
        raise url_refused(str(path))
    try:
        check_regular(path, "the recording (an audio or video file)")
    except FileNotFoundError:
        raise InputError(path, "no such recording; check the path given to --media") from None
    if not os.access(path, os.R_OK):
        raise InputError(path, "permission denied; check the file's permissions")


def find_media(transcript_path: Path) -> Path | None:
    """A recording beside the transcript with its stem (``speech.mp3`` for ``speech.txt``)."""
    for ext in MEDIA_EXTENSIONS:
        for candidate in (
            transcript_path.with_suffix(ext),
            transcript_path.with_suffix(ext.upper()),
        ):
            if candidate.is_file():
                return candidate
    return None


def decode(path: Path) -> Pcm:
    """Decode ``path`` to PCM, or raise one :class:`InputError` saying why it cannot be."""
    check_media_path(path)
    if shutil.which("ffmpeg"):
        data = _ffmpeg(path)
    elif shutil.which(os.environ.get("TRANSCRIPT_REVIEW_MPV", "mpv")):
        data = _mpv(path)
    else:
        raise InputError(
            path,
            "cannot decode audio: neither ffmpeg nor mpv is installed "
            "(sudo apt-get install ffmpeg)",
        )
    if len(data) < BYTES_PER_SECOND // 10:
        raise InputError(path, "has no audio track, or less than 0.1 s of it; is it the recording?")
    return Pcm(data)


def _ffmpeg(path: Path) -> bytes:
    cmd = [
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", str(path),
        "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-",
    ]  # fmt: skip
    try:
        done = subprocess.run(cmd, capture_output=True, check=False)
    except OSError as exc:
        raise InputError(path, f"cannot run ffmpeg: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise InputError(path, f"cannot be decoded as audio ({_last_line(done.stderr)})")
    return done.stdout


def _mpv(path: Path) -> bytes:
    program = os.environ.get("TRANSCRIPT_REVIEW_MPV", "mpv")
    with tempfile.TemporaryDirectory(prefix="transcript-review-") as folder:
        out = Path(folder) / "audio.raw"
        cmd = [
            program, "--no-config", "--really-quiet", "--vo=null", "--vid=no", "--ao=pcm",
            f"--ao-pcm-file={out}", "--ao-pcm-waveheader=no", "--audio-format=s16",
            f"--audio-samplerate={SAMPLE_RATE}", "--audio-channels=mono", "--",
            str(path),
        ]  # fmt: skip
        try:
            done = subprocess.run(cmd, capture_output=True, check=False, stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise InputError(path, f"cannot run mpv: {exc.strerror or exc}") from None
        if done.returncode != 0 or not out.exists():
            raise InputError(path, f"cannot be decoded as audio ({_last_line(done.stderr)})")
        return out.read_bytes()


def _last_line(stderr: bytes) -> str:
    lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    text = lines[-1].strip() if lines else "the decoder gave no reason"
    return "".join(ch if ch.isprintable() else "?" for ch in text)[:200]
