"""The voice behind "Listen": eSpeak NG, run as its own process, one sentence at a time.

Why eSpeak NG: it is offline, small (about 1.5 MB for English and Spanish with its data), in
Debian (``espeak-ng``) and on Windows, and it plays through the default audio output itself, so
the app needs no audio library. It is a separate program, never linked in: a sentence is handed
to it on standard input (not on the command line, where ``ps`` would show it), and nothing is
written to disk unless a WAV file is asked for.

Qt-free: the window drives the same command lines through ``QProcess`` (ui/read_aloud.py) and
``mbc-reader speak`` through :mod:`subprocess` (:func:`render_wav`).
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from . import paths

log = logging.getLogger(__name__)

PROGRAM = "espeak-ng"
#: The voice for each language we read (speech_text.voice_language gives "en" or "es").
VOICES = {"en": "en-us", "es": "es"}
SENTENCE_TIMEOUT_S = 60  # one sentence rendered to WAV (the longest real ones take well under 1 s)


class Speed(Enum):
    """Words per minute (eSpeak's own default is 175: a little fast for health information)."""

    SLOWER = 130
    NORMAL = 160
    FASTER = 200


class EngineError(Exception):
    """The voice could not speak: the message says why, in plain words."""


@dataclass(frozen=True)
class Engine:
    program: Path
    data: Path | None = None  # a bundled espeak-ng-data folder's parent (None: the system's own)
    library: Path | None = None  # bundled shared libraries

    def command(self, language: str, speed: Speed = Speed.NORMAL, wav: Path | None = None,
                stdout: bool = False) -> list[str]:
        """The command line that reads standard input aloud (or into ``wav``, or as WAV on stdout)."""
        args = [str(self.program), "-v", VOICES.get(language, VOICES["en"]), "-s", str(speed.value), "-b", "1"]
        if self.data is not None:
            args += ["--path", str(self.data)]
        if wav is not None:
            args += ["-w", str(wav)]
        elif stdout:
            args.append("--stdout")
        return args

    def environment(self) -> dict[str, str]:
        """Variables to add for the process (a bundled engine finds its own libraries)."""
        if self.library is None:
            return {}
        found = os.environ.get("LD_LIBRARY_PATH", "")
        return {"LD_LIBRARY_PATH": os.pathsep.join(p for p in (str(self.library), found) if p)}


def find_engine() -> Engine | None:
    """eSpeak NG bundled with the app (``espeak-ng/`` beside its resources), else on PATH, else
    None (the window then greys out Listen and says why)."""
    bundled = paths.app_home() / "espeak-ng"
    for name in (PROGRAM, f"{PROGRAM}.exe"):
        program = bundled / "bin" / name
        if program.is_file() and os.access(program, os.X_OK):
            lib = bundled / "lib"
            return Engine(program, bundled if (bundled / "espeak-ng-data").is_dir() else None,
                          lib if lib.is_dir() else None)
    found = shutil.which(PROGRAM)
    return Engine(Path(found)) if found else None


def audio_failure(stderr: str) -> str | None:
    """eSpeak NG's own complaint when it could not open the audio output (it still exits 0)."""
    for line in stderr.splitlines():
        if line.strip().lower().startswith("error:"):
            return line.strip()
    return None


def render_wav(engine: Engine, sentences: Iterable[str], language: str, out: Path,
               speed: Speed = Speed.NORMAL) -> float:
    """Speak ``sentences`` into one WAV file at ``out``; returns its length in seconds.

    One eSpeak run per sentence, as the window reads them, joined into one file (each run's WAV
    comes on standard output; its header's sizes are unset there, so only its frames are kept).
    """
    params = None
    frames: list[bytes] = []
    env = {**os.environ, **engine.environment()}
    for text in sentences:
        try:
            done = subprocess.run(engine.command(language, speed, stdout=True), input=text.encode("utf-8"),
                                  capture_output=True, timeout=SENTENCE_TIMEOUT_S, env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"{engine.program} could not be run: {exc}") from exc
        if done.returncode != 0 or not done.stdout:
            reason = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
            raise EngineError(f"{engine.program} failed: {reason}")
        with wave.open(io.BytesIO(_fixed_sizes(done.stdout))) as part:
            params = params or part.getparams()
            frames.append(part.readframes(part.getnframes()))
    if params is None:
        raise EngineError("there is nothing to read in this article")
    out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(out), "wb") as whole:
        whole.setparams(params)
        for chunk in frames:
            whole.writeframes(chunk)
    return sum(len(chunk) for chunk in frames) / (params.sampwidth * params.nchannels) / params.framerate


def _fixed_sizes(data: bytes) -> bytes:
    """A streamed WAV (sizes set to 0x7fffffff) with its RIFF and data sizes made true."""
    at = data.find(b"data", 12)
    if not data.startswith(b"RIFF") or at < 0:
        return data
    body = len(data) - (at + 8)
    return (data[:4] + (len(data) - 8).to_bytes(4, "little") + data[8:at + 4] + body.to_bytes(4, "little")
            + data[at + 8:])
