"""The README's pictures of the patients' home page and of Listen with a sentence marked.

The home page is shown as a kiosk shows it (``mbc-reader gui --kiosk --screenshot``: full screen,
1280x800, offscreen) on the NCI collection (``../shared/corpus/nci-core``, else the bundled article)
plus four short Spanish pages written here for the picture (not NCI's text), so the tiles come in
two languages: English and Spanish interface, each in the normal and the high-contrast theme.
Listen is the staff window on the bundled article, read by a silent stand-in voice (no sound card
is needed, nothing is spoken) three sentences in. Run from the project root (make_screenshots.sh
does)::

    .venv/bin/python docs/screenshots/home_screenshots.py [--out docs/screenshots] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "nci-core"

SPANISH = {
    "quimioterapia.md": ("La quimioterapia", "Tratamiento", """
La quimioterapia es un tratamiento que usa medicamentos para destruir las células cancerosas. Esta página es un ejemplo escrito para mostrar el lector en español.

## ¿Cuáles son los efectos secundarios de la quimioterapia?

Muchas personas sienten cansancio o náuseas. Su equipo de atención médica le dirá qué esperar.
"""),
    "radioterapia.md": ("La radioterapia", "Tratamiento", """
La radioterapia usa rayos de alta energía para destruir las células cancerosas en una parte del cuerpo.

## ¿Cómo funciona la radioterapia?

Los rayos dañan las células cancerosas para que dejen de crecer.
"""),
    "emociones.md": ("Sus emociones y el cáncer", "Cómo afrontar el cáncer", """
Es normal sentir miedo, tristeza o enojo después de saber que tiene cáncer.

## ¿Cómo puedo sobrellevar la preocupación?

Hablar con alguien de confianza y con su equipo de atención médica puede ayudar.
"""),
    "cansancio.md": ("El cansancio y el cáncer", "Efectos secundarios", """
El cansancio (fatiga) es uno de los efectos secundarios más comunes del tratamiento del cáncer.

## ¿Qué puedo hacer para tener más energía?

Descanse cuando lo necesite y pida ayuda con las tareas de la casa.
"""),
}


def content_folder(work: Path, corpus: Path) -> Path:
    folder = work / "content"
    if corpus.is_dir():
        shutil.copytree(corpus, folder / "nci")
    else:
        shutil.copytree(REPO / "seeds", folder / "nci")
    spanish = folder / "es"
    spanish.mkdir(parents=True)
    for name, (title, topic, body) in SPANISH.items():
        (spanish / name).write_text(
            f"---\ntitle: {title}\nlanguage: es\nstatus: active\nsource: mbc-reader (example)\ntopics: [{topic}]\n---\n\n"
            f"# {title}\n{body}", encoding="utf-8")
    return folder


def home_shot(out: Path, content: Path, work: Path, theme: str, language: str) -> None:
    config = work / "config"
    shutil.rmtree(config, ignore_errors=True)
    config.mkdir(parents=True)
    (config / "reader.ini").write_text(f"[view]\ntheme={theme}\nlarge_print=false\nlanguage={language}\ntext_scale=1.0\n",
                                       encoding="utf-8")
    env = dict(os.environ, MBC_READER_CONFIG_DIR=str(config), MBC_READER_CACHE_DIR=str(work / "cache"),
               MBC_READER_DATA_DIR=str(work / "data"))
    subprocess.run([sys.executable, "-m", "mbc_reader", "gui", "--kiosk", "--content", str(content),
                    "--screenshot", str(out)], check=True, env=env, cwd=REPO)
    print(f"wrote {out}")


def listen_shot(out: Path) -> None:
    """Listen on the bundled article, three sentences in, with a voice that says nothing."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from mbc_reader.ui import build_window, read_aloud

    class SilentVoice(QObject):
        finished = Signal()
        failed = Signal(str)

        def say(self, text, language, speed) -> None:
            pass

        def stop(self) -> None:
            pass

    read_aloud.default_voice = lambda parent: SilentVoice(parent)
    window = build_window(REPO / "seeds")
    window.resize(1280, 800)
    window.move(40, 40)
    window.show()
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    window.toggle_listening()
    for _ in range(3):
        window.read_aloud.next_sentence()
    for _ in range(10):
        app.processEvents()
    window.grab().save(str(out))
    window.close()
    print(f"wrote {out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--listen-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.listen_only:
        listen_shot(args.out / "read-aloud.png")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        content = content_folder(work, args.corpus)
        for name, theme, language in (("home.png", "default", "en"), ("home-es.png", "default", "es"),
                                      ("home-high-contrast.png", "high-contrast", "en"),
                                      ("home-es-high-contrast.png", "high-contrast", "es")):
            home_shot(args.out / name, content, work, theme, language)
        env = dict(os.environ, MBC_READER_CONFIG_DIR=str(work / "config-listen"),
                   MBC_READER_CACHE_DIR=str(work / "cache"), MBC_READER_DATA_DIR=str(work / "data"))
        subprocess.run([sys.executable, __file__, "--out", str(args.out), "--listen-only"], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
