"""The voice (speech.py) and ``mbc-reader speak``: finding eSpeak NG, its command lines, WAV output."""

from __future__ import annotations

import shutil
import stat
import sys
import wave
from pathlib import Path

import pytest

from mbc_reader import speech
from mbc_reader.cli import main
from mbc_reader.speech import Engine, Speed

from .conftest import SEED_ID, SEEDS


#: Stands in for espeak-ng: WAV on stdout as espeak-ng streams it (sizes unset), 0.01 s per character.
FAKE_ESPEAK = f"""#!{sys.executable}
import struct, sys
text = sys.stdin.buffer.read().decode("utf-8")
if "--stdout" not in sys.argv:
    sys.exit(3)
frames = b"\\x00\\x01" * (220 * len(text))
sys.stdout.buffer.write(b"RIFF" + struct.pack("<I", 0x7FFFFFFF) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 22050, 44100, 2, 16)
                        + b"data" + struct.pack("<I", 0x7FFFFFFF) + frames)
"""


def _program(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _duration(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_the_command_reads_stdin_in_the_articles_voice_at_the_chosen_speed():
    engine = Engine(Path("/usr/bin/espeak-ng"))
    assert engine.command("en") == ["/usr/bin/espeak-ng", "-v", "en-us", "-s", "160", "-b", "1"]
    assert engine.command("es", Speed.SLOWER)[2:5] == ["es", "-s", "130"]
    assert engine.command("fr", Speed.FASTER)[2:5] == ["en-us", "-s", "200"]  # a language we do not read
    assert engine.command("en", wav=Path("out.wav"))[-2:] == ["-w", "out.wav"]
    assert engine.command("en", stdout=True)[-1] == "--stdout"
    assert engine.environment() == {}
    assert "-m" not in engine.command("en") and "--ssml" not in engine.command("en")  # plain text, never markup


def test_a_bundled_engine_comes_first_with_its_data_and_libraries(tmp_path, monkeypatch):
    home = tmp_path / "bundle"
    program = _program(home / "espeak-ng" / "bin" / "espeak-ng", "#!/bin/sh\n")
    (home / "espeak-ng" / "espeak-ng-data").mkdir()
    (home / "espeak-ng" / "lib").mkdir()
    monkeypatch.setenv("MBC_READER_HOME", str(home))
    engine = speech.find_engine()
    assert engine == Engine(program, home / "espeak-ng", home / "espeak-ng" / "lib")
    assert engine.command("es")[-2:] == ["--path", str(home / "espeak-ng")]
    assert engine.environment()["LD_LIBRARY_PATH"].startswith(str(home / "espeak-ng" / "lib"))


def test_no_engine_anywhere_is_none(tmp_path, monkeypatch):
    monkeypatch.setenv("MBC_READER_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert speech.find_engine() is None


def test_espeaks_own_audio_complaint_is_recognised():
    stderr = ("ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
              "error: No such file or directory\n")
    assert speech.audio_failure(stderr) == "error: No such file or directory"
    assert speech.audio_failure("ALSA lib conf.c: a warning only\n") is None


def test_render_wav_joins_one_run_per_sentence(tmp_path):
    engine = Engine(_program(tmp_path / "espeak-ng", FAKE_ESPEAK))
    out = tmp_path / "out" / "speech.wav"
    seconds = speech.render_wav(engine, ["Hello there.", "Again."], "en", out)
    assert seconds == pytest.approx(0.01 * len("Hello there.Again."), rel=0.01)
    assert _duration(out) == pytest.approx(seconds)


def test_render_wav_failure_is_an_engine_error(tmp_path):
    engine = Engine(_program(tmp_path / "espeak-ng", "#!/bin/sh\necho 'error: no voice' >&2\nexit 1\n"))
    with pytest.raises(speech.EngineError, match="no voice"):
        speech.render_wav(engine, ["Hello."], "en", tmp_path / "x.wav")
    assert not (tmp_path / "x.wav").exists()


# --- mbc-reader speak ---------------------------------------------------------------------------


def test_speak_without_an_engine_exits_2_with_a_plain_message(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(speech, "find_engine", lambda: None)
    code = main(["speak", SEED_ID, "--wav", str(tmp_path / "out.wav")])
    out, err = capsys.readouterr()
    assert code == 2
    assert "eSpeak NG" in err and "apt-get install espeak-ng" in err and "Traceback" not in err
    assert not (tmp_path / "out.wav").exists()


def test_speak_an_unknown_article_exits_1(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(speech, "find_engine", lambda: Engine(Path("/no/such/espeak-ng")))
    assert main(["speak", "no-such-article", "--wav", str(tmp_path / "out.wav")]) == 1
    assert "no article 'no-such-article'" in capsys.readouterr().err


def test_speak_renders_every_sentence_with_a_stand_in_engine(capsys, tmp_path, monkeypatch):
    engine = Engine(_program(tmp_path / "bin" / "espeak-ng", FAKE_ESPEAK))
    monkeypatch.setattr(speech, "find_engine", lambda: engine)
    out = tmp_path / "seed.wav"
    assert main(["speak", SEED_ID, "--wav", str(out), "--speed", "slower"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"{out}: ") and " sentences, " in printed
    assert _duration(out) > 30


@pytest.mark.slow
def test_speak_renders_the_seed_with_espeak_ng_at_a_plausible_length(capsys, tmp_path):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (scripts/ensure-test-tools.sh installs it)")
    from mbc_reader.content.loader import load_library
    from mbc_reader.content.speech_text import article_speech

    out = tmp_path / "seed.wav"
    assert main(["speak", SEED_ID, "--wav", str(out)]) == 0, capsys.readouterr().err
    characters = sum(len(s.text) for s in article_speech(load_library(SEEDS).get(SEED_ID)).sentences)
    seconds = _duration(out)
    assert 0.03 * characters <= seconds <= 0.2 * characters, (seconds, characters)
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        loud = max(abs(int.from_bytes(w.readframes(1), "little", signed=True)) for _ in range(20000))
    assert loud > 1000  # speech, not silence
