"""Kiosk mode: no way to the desktop. No title bars (no minimise button), and a window that is
minimised or hidden anyway comes straight back, full screen, with its dialogs.

The first tests run on Qt's offscreen platform like the rest. The last ones need a real X server
and window manager (Xvfb, openbox, xdotool: skipped, saying so, where absent): they run
``python -m mbc_reader gui --kiosk`` in a throw-away X display and minimise its windows the way a
tester's touch on a title bar button would, through the window manager.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from mbc_reader.ui import privacy
from mbc_reader.ui.kiosk import RESTORE_MS, is_kiosk_window
from mbc_reader.content.kiosk_config import KioskConfig
from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk
from mbc_reader.ui.kiosk_widgets import DialogBorder

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "000_af7ffd754fc95063.txt"
KIOSK_FILES = REPO / "installer" / "kiosk"
OUTSIDE = "https://www.cancer.gov/types/breast"
BUTTONS = Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowMaximizeButtonHint
BACK_SOON_MS = RESTORE_MS + 1500  # "at once", with room for a slow machine


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    for name in ("config", "cache", "data"):
        folder = tmp_path / "user" / name
        folder.mkdir(parents=True)
        monkeypatch.setenv(f"MBC_READER_{name.upper()}_DIR", str(folder))
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def kiosk(qtbot, content):
    """A kiosk on the seed article: (window, session, clock), stopped and closed at the end."""
    from mbc_reader.ui import build_window

    now = [0.0]
    begin_private_session()
    window = build_window(content, kiosk=True)
    qtbot.addWidget(window)
    session = start_kiosk(window, config=KioskConfig(enabled=True, idle_seconds=60, countdown_seconds=10),
                          clock=lambda: now[0])
    qtbot.waitExposed(window)
    yield window, session, now
    session.controller.stop()
    for widget in QApplication.topLevelWidgets():
        if widget is not window and isinstance(widget, QDialog):
            widget.close()
    window.close()
    privacy.set_private_session(False)


def _frameless(widget) -> bool:
    flags = widget.windowFlags()
    return bool(flags & Qt.WindowType.FramelessWindowHint) and not flags & BUTTONS


def _back(window) -> bool:
    return window.isVisible() and not window.isMinimized() and window.isFullScreen()


# --- offscreen ----------------------------------------------------------------------------------

def test_the_kiosk_window_and_every_dialog_have_no_title_bar(qtbot, kiosk):
    window, session, _ = kiosk
    controller = session.controller
    assert _frameless(window) and window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.isFullScreen()

    window.article_view.external_link_clicked.emit(OUTSIDE)  # the QR code dialog
    qr = window.qr_dialog()
    assert qr is not None and qr.isVisible()
    window.article_view.activate_link("figure:0")  # the picture viewer
    assert window.image_viewer.isVisible()
    pin = controller.request_staff_exit()  # the staff PIN dialog
    assert pin.isVisible()
    for dialog in (qr, window.image_viewer, pin):
        assert _frameless(dialog), f"{dialog.objectName()} has a title bar: {dialog.windowFlags()!r}"
        assert is_kiosk_window(dialog)
        assert dialog.findChild(DialogBorder) is not None  # the edge the window manager no longer draws
        assert not (isinstance(dialog, QDialog) and dialog.isSizeGripEnabled())
    qtbot.waitUntil(controller.scrim.isVisible, timeout=1000)  # the window dimmed behind them
    for dialog in (pin, window.image_viewer, qr):
        dialog.close()
    qtbot.waitUntil(lambda: not controller.scrim.isVisible(), timeout=1000)


def test_outside_kiosk_mode_dialogs_keep_their_title_bar(qtbot, make_window, seed_content):
    window = make_window(seed_content)
    window.article_view.external_link_clicked.emit(OUTSIDE)
    qr = window.qr_dialog()
    assert qr is not None and not _frameless(qr)
    assert not _frameless(window) and not _frameless(window.image_viewer)
    qr.close()


@pytest.mark.parametrize("how", ["showMinimized", "setWindowState", "hide", "showNormal"])
def test_a_minimised_or_hidden_kiosk_window_comes_back_full_screen(qtbot, kiosk, how):
    window, session, _ = kiosk
    before = session.controller.restored
    if how == "setWindowState":
        window.setWindowState(Qt.WindowState.WindowMinimized)
    else:
        getattr(window, how)()
    assert not _back(window)
    qtbot.waitUntil(lambda: _back(window), timeout=BACK_SOON_MS)
    assert session.controller.restored == before + 1


def test_a_minimised_dialog_comes_back_over_the_window(qtbot, kiosk):
    window, session, _ = kiosk
    dialog = session.controller.request_staff_exit()
    dialog.showMinimized()
    window.showMinimized()  # what a window manager does to a dialog's whole family
    qtbot.waitUntil(lambda: _back(window) and dialog.isVisible() and not dialog.isMinimized(), timeout=BACK_SOON_MS)
    dialog.reject()


def test_a_dialog_opened_with_a_title_bar_in_kiosk_mode_loses_it(qtbot, kiosk):
    window, _, _ = kiosk
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLabel("A dialog someone forgot to make frameless", dialog))
    dialog.show()
    qtbot.waitUntil(lambda: _frameless(dialog) and dialog.isVisible(), timeout=1000)
    dialog.close()
    dialog.deleteLater()


def test_the_still_reading_question_is_not_hidden_by_a_dialog(qtbot, kiosk):
    window, session, now = kiosk
    window.search("x")  # someone used it
    session.controller.note_activity()
    window.article_view.external_link_clicked.emit(OUTSIDE)
    assert window.qr_dialog() is not None
    now[0] += 61
    session.controller.poll()
    assert session.controller.overlay.isVisible()
    assert window.qr_dialog() is None  # closed: it sat over the countdown card


def test_leaving_kiosk_mode_gives_the_title_bar_back(qtbot, kiosk):
    window, session, _ = kiosk
    session.controller.stop()
    assert not _frameless(window) and not window.isFullScreen()
    window.showMinimized()
    qtbot.wait(RESTORE_MS * 3)
    assert window.isMinimized()  # staff may minimise it now
    window.showNormal()


# --- the shipped session files ------------------------------------------------------------------

def test_the_openbox_configuration_binds_no_keys_and_draws_no_title_bars():
    ns = {"ob": "http://openbox.org/3.4/rc"}
    root = ET.parse(KIOSK_FILES / "openbox-rc.xml").getroot()
    assert root.findall(".//ob:keyboard/ob:keybind", ns) == []
    actions = {a.get("name") for a in root.findall(".//ob:mouse//ob:action", ns)}
    assert actions <= {"Focus", "Raise"}  # no menus, Execute, Iconify, Move, Resize, desktop switching
    assert root.findtext(".//ob:theme/ob:titleLayout", default="x", namespaces=ns) == ""
    every = [a for a in root.findall(".//ob:applications/ob:application", ns) if a.get("class") == "*"]
    assert every and every[0].findtext("ob:decor", namespaces=ns) == "no"


def test_the_session_files_point_at_each_other():
    entry = (KIOSK_FILES / "mbc-reader-kiosk.desktop").read_text(encoding="utf-8")
    assert "\nExec=/usr/share/mbc-reader/kiosk/mbc-reader-kiosk-session\n" in entry
    script = KIOSK_FILES / "mbc-reader-kiosk-session"
    assert os.access(script, os.X_OK)
    text = script.read_text(encoding="utf-8")
    assert "openbox-rc.xml" in text and "gui --kiosk" in text
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(["desktop-file-validate", str(KIOSK_FILES / "mbc-reader-kiosk.desktop")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_carries_the_session_files(tmp_path):
    sys.path.insert(0, str(REPO / "installer"))
    try:
        import build_deb
    finally:
        sys.path.remove(str(REPO / "installer"))
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "mbc-reader").write_text("", encoding="utf-8")
    stage = tmp_path / "stage"
    build_deb.stage_tree(bundle, stage)
    shipped = stage / "usr" / "share" / "mbc-reader" / "kiosk"
    assert {"mbc-reader-kiosk.desktop", "mbc-reader-kiosk-session", "openbox-rc.xml"} <= set(build_deb.KIOSK_FILES)
    assert sorted(build_deb.KIOSK_FILES) == sorted(p.name for p in KIOSK_FILES.iterdir())  # none forgotten
    for name in build_deb.KIOSK_FILES:
        assert (shipped / name).read_bytes() == (KIOSK_FILES / name).read_bytes()
    assert os.access(shipped / "mbc-reader-kiosk-session", os.X_OK)


# --- a real X server and window manager ----------------------------------------------------------

X_TOOLS = ("Xvfb", "openbox", "xdotool", "xprop")
needs_x = pytest.mark.skipif(not all(shutil.which(t) for t in X_TOOLS),
                             reason=f"needs {', '.join(X_TOOLS)} (apt install xvfb openbox xdotool x11-utils)")
X_BUDGET_S = 55  # each X test, everything included


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return max(0.0, self.end - time.monotonic())


def _until(predicate, seconds: float, deadline: Deadline, step: float = 0.1):
    """``predicate()``'s first true value within ``seconds`` (and the test's deadline), else None."""
    end = time.monotonic() + min(seconds, deadline.left())
    while True:
        value = predicate()
        if value or time.monotonic() >= end:
            return value or None
        time.sleep(step)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the process and what it started
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def x_display(tmp_path: Path, deadline: Deadline, window_manager: tuple[str, ...] = ("openbox", "--sm-disable")):
    """A throw-away X display (Xvfb on a display number it picks itself, no TCP) with a window
    manager (openbox in its stock configuration; ``()`` for none); yields the environment for
    programs to run in it."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_end,), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "xvfb.log", "w"))
    os.close(write_end)
    processes = [xvfb]
    try:
        ready, _, _ = select.select([read_end], [], [], min(15, deadline.left()))
        number = os.read(read_end, 32).decode().strip() if ready else ""
        if not number.isdigit():
            pytest.fail(f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text()[-500:]}")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_QPA", "WAYLAND"))}
        env.update(DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(tmp_path / "xdg-config"), XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
                   XDG_RUNTIME_DIR=str(tmp_path), NO_AT_BRIDGE="1", QT_ACCESSIBILITY="0")
        if window_manager:
            wm = subprocess.Popen(list(window_manager), env=env, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=open(tmp_path / "wm.log", "w"))
            processes.append(wm)
            if not _until(lambda: _wm_running(env), 15, deadline):
                pytest.fail(f"the window manager did not start: {(tmp_path / 'wm.log').read_text()[-500:]}")
        yield env
    finally:
        os.close(read_end)
        for process in reversed(processes):
            _stop(process)


def _wm_running(env: dict) -> bool:
    result = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True, text=True)
    return "window id" in result.stdout


def _kiosk_env(env: dict, tmp_path: Path) -> dict:
    env = dict(env)
    for name in ("config", "cache", "data"):
        env[f"MBC_READER_{name.upper()}_DIR"] = str(tmp_path / "x-user" / name)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _content(tmp_path: Path) -> Path:
    folder = tmp_path / "x-content"
    folder.mkdir(exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    return folder


def _xdotool(env: dict, *args: str) -> str:
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=10).stdout.strip()


def _visible(env: dict, name: str) -> list[str]:
    return _xdotool(env, "search", "--onlyvisible", "--name", name).split()


def _prop(env: dict, window: str, name: str) -> str:
    return subprocess.run(["xprop", "-id", window, name], env=env, capture_output=True, text=True,
                          timeout=10).stdout.strip()


def _undecorated(env: dict, window: str) -> bool:
    """Qt asked for no decorations (Motif hints) and the window manager drew none (frame extents)."""
    motif = re.findall(r"0x[0-9a-f]+|\d+", _prop(env, window, "_MOTIF_WM_HINTS").partition("=")[2])
    flags, decorations = (int(motif[0], 0), int(motif[2], 0)) if len(motif) >= 3 else (0, 1)
    extents = _prop(env, window, "_NET_FRAME_EXTENTS").partition("=")[2].replace(" ", "")
    return bool(flags & 0x2) and decorations == 0 and extents in ("", "0,0,0,0")


MAIN = "Cancer information"  # the window's title ends so: "<article> — Cancer information"


@needs_x
def test_minimising_through_the_window_manager_does_not_reach_the_desktop(tmp_path):
    """Under openbox's stock set-up (title bars with a minimise button), as the tester had it."""
    deadline = Deadline(X_BUDGET_S)
    with x_display(tmp_path, deadline) as env:
        log = tmp_path / "kiosk.log"
        reader = subprocess.Popen([sys.executable, "-m", "mbc_reader", "-v", "gui", "--kiosk",
                                   "--content", str(_content(tmp_path))],
                                  env=_kiosk_env(env, tmp_path), cwd=tmp_path, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        try:
            found = _until(lambda: _visible(env, MAIN), 30, deadline, step=0.25)
            assert found, f"the kiosk window did not appear: {log.read_text()[-1500:]}"
            main = found[0]
            _until(lambda: "kiosk mode on" in log.read_text() and "Normal" in _prop(env, main, "WM_STATE"), 10, deadline)
            time.sleep(0.5)  # the window manager has settled it (full screen, on top)
            state = _prop(env, main, "_NET_WM_STATE")
            assert "_NET_WM_STATE_FULLSCREEN" in state and "_NET_WM_STATE_ABOVE" in state, state
            assert _undecorated(env, main)

            _xdotool(env, "windowminimize", main)
            back = _until(lambda: main in _visible(env, MAIN) and "was minimised" in log.read_text(), 5, deadline)
            assert back, (f"still minimised: {_prop(env, main, 'WM_STATE')} {_prop(env, main, '_NET_WM_STATE')} "
                          f"{_visible(env, MAIN)} {log.read_text()[-1500:]}")
            assert "Geometry: 1280x800" in _xdotool(env, "getwindowgeometry", main)

            _xdotool(env, "windowactivate", "--sync", main)
            _xdotool(env, "key", "--clearmodifiers", "ctrl+alt+shift+q")  # the staff PIN dialog
            dialogs = _until(lambda: _visible(env, "Staff exit"), 10, deadline)
            assert dialogs, f"no staff dialog: {log.read_text()[-1500:]}"
            dialog = dialogs[0]
            assert _undecorated(env, dialog), _prop(env, dialog, "_MOTIF_WM_HINTS")
            restored = log.read_text().count("was minimised")
            _xdotool(env, "windowminimize", dialog)  # openbox takes the whole family off the screen
            both = _until(lambda: main in _visible(env, MAIN) and dialog in _visible(env, "Staff exit")
                          and log.read_text().count("was minimised") > restored, 5, deadline)
            assert both, f"not back on screen: {log.read_text()[-1500:]}"
            assert reader.poll() is None, "the kiosk stopped"
        finally:
            _stop(reader)


X_SELECTION_SCRIPT = r'''
import json, sys
from PySide6.QtCore import QProcess, QEventLoop, QTimer
from PySide6.QtGui import QClipboard
from mbc_reader.ui import build_window, ensure_app
from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk

READ = "from PySide6.QtGui import QGuiApplication, QClipboard; app = QGuiApplication([]); " \
       "print(app.clipboard().text(QClipboard.Mode.Selection), end='')"

def primary_from_another_program():
    """What a middle click in another window would paste (this app keeps answering meanwhile)."""
    process = QProcess()
    loop = QEventLoop()
    process.finished.connect(loop.quit)
    QTimer.singleShot(15000, loop.quit)
    process.start(sys.executable, ["-c", READ])
    loop.exec()
    return bytes(process.readAllStandardOutput()).decode()

app = ensure_app()
begin_private_session()
window = build_window(sys.argv[1], kiosk=True)
session = start_kiosk(window)
app.processEvents()
clipboard = app.clipboard()
result = {"supports": clipboard.supportsSelection()}
clipboard.setText("cancer cells spreading from the breast", QClipboard.Mode.Selection)
clipboard.setText("what the last patient copied", QClipboard.Mode.Clipboard)
result["before"] = primary_from_another_program()
session.controller.start_over()
app.processEvents()
result["after"] = primary_from_another_program()
result["clipboard_after"] = clipboard.text(QClipboard.Mode.Clipboard)
session.controller.stop()
window.close()
print(json.dumps(result))
'''


@needs_x
def test_the_reset_empties_the_x11_primary_selection(tmp_path):
    """What a middle click pastes is the last selection: after a reset, nothing."""
    deadline = Deadline(X_BUDGET_S)
    with x_display(tmp_path, deadline) as env:
        script = tmp_path / "selection.py"
        script.write_text(X_SELECTION_SCRIPT, encoding="utf-8")
        result = subprocess.run([sys.executable, str(script), str(_content(tmp_path))], env=_kiosk_env(env, tmp_path),
                                cwd=tmp_path, capture_output=True, text=True, timeout=max(5, deadline.left()))
        assert result.returncode == 0, result.stderr[-1500:]
        found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["supports"] is True
    assert found["before"] == "cancer cells spreading from the breast"  # the check can see a selection
    assert found["after"] == "" and found["clipboard_after"] == ""


@needs_x
def test_the_kiosk_session_restarts_the_reader_and_its_window_manager_draws_nothing(tmp_path):
    """installer/kiosk/: the session script with its openbox set-up, on a throw-away display."""
    deadline = Deadline(X_BUDGET_S)
    with x_display(tmp_path, deadline, window_manager=()) as env:  # bare: the session brings its own
        session_env = _kiosk_env(env, tmp_path)
        session_env["MBC_READER_KIOSK_READER"] = (f"{sys.executable} -m mbc_reader -v gui --kiosk "
                                                  f"--content {_content(tmp_path)}")
        log = tmp_path / "session.log"
        session = subprocess.Popen([str(KIOSK_FILES / "mbc-reader-kiosk-session")], env=session_env, cwd=tmp_path,
                                   start_new_session=True, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        try:
            found = _until(lambda: _visible(env, MAIN), 30, deadline, step=0.25)
            assert found, f"the kiosk window did not appear: {log.read_text()[-1500:]}"
            main = found[0]
            assert _wm_running(env), f"the session started no window manager: {log.read_text()[-1500:]}"
            assert _undecorated(env, main)
            pid = int(_xdotool(env, "getwindowpid", main))
            os.kill(pid, signal.SIGKILL)  # a crash
            again = _until(lambda: [w for w in _visible(env, MAIN)
                                    if _xdotool(env, "getwindowpid", w) not in ("", str(pid))], 30, deadline, step=0.25)
            assert again, f"the reader was not started again: {log.read_text()[-1500:]}"
            assert "starting it again" in log.read_text()
            assert session.poll() is None
        finally:
            _stop(session)
