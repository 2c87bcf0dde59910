"""Kiosk mode: idle reset with a fake clock, "Done — start over", staff exit by PIN, no closing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QListWidget, QMainWindow, QScroller, QTextBrowser

from mbc_reader.content import kiosk_config
from mbc_reader.ui.kiosk import KioskController, enable_touch, start_over_button, touch_stylesheet
from mbc_reader.content.kiosk_config import KioskConfig, hash_pin


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def window(qtbot):
    win = QMainWindow()
    win.setCentralWidget(QTextBrowser())
    win.centralWidget().setPlainText("An article a patient is reading.")
    win.resize(900, 600)
    qtbot.addWidget(win)
    return win


@pytest.fixture
def resets() -> list[str]:
    return []


@pytest.fixture
def make_kiosk(window, clock, resets):
    made: list[KioskController] = []

    def make(pin: str | None = "2468", idle: int = 180, countdown: int = 20) -> KioskController:
        config = KioskConfig(enabled=True, idle_seconds=idle, countdown_seconds=countdown,
                             pin_hash=hash_pin(pin, iterations=1000) if pin else "")
        controller = KioskController(window, reset=lambda: resets.append("reset"), config=config, clock=clock)
        controller.start()
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.stop()  # let qtbot close the window


def touch(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_idle_reset_fires_after_the_configured_time_and_countdown(qtbot, make_kiosk, window, clock, resets):
    kiosk = make_kiosk(idle=180, countdown=20)
    touch(qtbot, window.centralWidget())  # a patient starts reading
    clock.advance(179)
    kiosk.poll()
    assert not kiosk.overlay.isVisible() and resets == []
    clock.advance(1)
    with qtbot.waitSignal(kiosk.warning_shown, timeout=1000, raising=False):
        kiosk.poll()
    assert kiosk.overlay.isVisible()
    assert kiosk.overlay.seconds() == 20
    clock.advance(12)
    kiosk.poll()
    assert kiosk.overlay.seconds() == 8 and resets == []
    clock.advance(8)
    with qtbot.waitSignal(kiosk.session_reset, timeout=1000) as signal:
        kiosk.poll()
    assert signal.args == ["idle"]
    assert resets == ["reset"]
    assert not kiosk.overlay.isVisible()


def test_a_touch_on_the_countdown_cancels_it(qtbot, make_kiosk, window, clock, resets):
    kiosk = make_kiosk(idle=60, countdown=20)
    touch(qtbot, window.centralWidget())
    clock.advance(60)
    kiosk.poll()
    assert kiosk.overlay.isVisible()
    touch(qtbot, kiosk.overlay)  # anywhere on the dimmed screen
    assert not kiosk.overlay.isVisible()
    clock.advance(59)  # the idle time starts again from the touch
    kiosk.poll()
    assert resets == [] and not kiosk.overlay.isVisible()


def test_keep_reading_button_cancels_the_countdown(qtbot, make_kiosk, window, clock, resets):
    kiosk = make_kiosk(idle=60)
    touch(qtbot, window.centralWidget())
    clock.advance(70)
    kiosk.poll()
    qtbot.mouseClick(kiosk.overlay.keep_button, Qt.MouseButton.LeftButton)
    assert not kiosk.overlay.isVisible() and kiosk.seconds_left() is None
    assert resets == []


def test_an_untouched_kiosk_is_never_interrupted(make_kiosk, clock, resets):
    kiosk = make_kiosk(idle=60)
    clock.advance(3600)
    kiosk.poll()
    assert not kiosk.overlay.isVisible() and resets == []


def test_after_a_long_sleep_the_reset_is_immediate(qtbot, make_kiosk, window, clock, resets):
    kiosk = make_kiosk(idle=60, countdown=20)
    touch(qtbot, window.centralWidget())
    clock.advance(3600)  # the PC slept: no countdown left to show
    kiosk.poll()
    assert resets == ["reset"] and not kiosk.overlay.isVisible()


def test_done_start_over_on_the_overlay_resets_at_once(qtbot, make_kiosk, window, clock, resets):
    kiosk = make_kiosk(idle=60)
    touch(qtbot, window.centralWidget())
    clock.advance(61)
    kiosk.poll()
    with qtbot.waitSignal(kiosk.session_reset, timeout=1000) as signal:
        qtbot.mouseClick(kiosk.overlay.done_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["done"] and resets == ["reset"]
    assert not kiosk.overlay.isVisible()


def test_done_start_over_toolbar_button_resets_and_clears_the_clipboard(qtbot, make_kiosk, window, resets):
    kiosk = make_kiosk()
    button = start_over_button(kiosk, window)
    QGuiApplication.clipboard().setText("metastatic breast cancer stage 4")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert resets == ["reset"]
    assert QGuiApplication.clipboard().text() == ""


def test_close_is_refused_in_kiosk_mode(make_kiosk, window):
    make_kiosk()
    assert window.isFullScreen()
    assert window.close() is False
    assert window.isVisible()


def test_staff_exit_needs_the_right_pin(qtbot, make_kiosk, window):
    kiosk = make_kiosk(pin="2468")
    dialog = kiosk.request_staff_exit()
    for digit in "1111":
        qtbot.mouseClick(dialog.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert kiosk.active and window.isFullScreen()
    assert "not right" in dialog.status.text()
    assert dialog.pin_edit.text() == ""
    assert window.close() is False
    with qtbot.waitSignal(kiosk.staff_exited, timeout=1000):
        qtbot.keyClicks(dialog.pin_edit, "2468")
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert not kiosk.active
    assert not window.isFullScreen()
    assert window.close() is True


def test_the_staff_key_combination_opens_the_pin_dialog(qtbot, make_kiosk, window):
    kiosk = make_kiosk()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=15_000)  # activation is late on a busy machine
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.centralWidget(), Qt.Key.Key_Q, mods)
    qtbot.waitUntil(lambda: kiosk.pin_dialog is not None and kiosk.pin_dialog.isVisible(), timeout=2000)


def test_repeated_wrong_pins_lock_staff_exit_for_a_while(make_kiosk, clock):
    kiosk = make_kiosk(pin="2468")
    for _ in range(5):
        assert kiosk.try_staff_exit("0000") is False
    assert kiosk.try_staff_exit("2468") is False  # locked, even with the right PIN
    clock.advance(301)
    assert kiosk.try_staff_exit("2468") is True


def test_without_a_pin_staff_exit_is_off_and_says_so(qtbot, make_kiosk):
    kiosk = make_kiosk(pin=None)
    dialog = kiosk.request_staff_exit()
    assert "no staff PIN is set" in dialog.message.text()
    assert not dialog.pin_edit.isVisibleTo(dialog)
    assert kiosk.try_staff_exit("") is False and kiosk.try_staff_exit("1234") is False
    assert kiosk.active


def test_a_reset_closes_the_pin_dialog_a_patient_opened(qtbot, make_kiosk, window, clock):
    kiosk = make_kiosk()
    dialog = kiosk.request_staff_exit()
    assert dialog.isVisible()
    kiosk.start_over()
    assert not dialog.isVisible()


def test_controls_have_accessible_names(make_kiosk, window):
    kiosk = make_kiosk()
    dialog = kiosk.request_staff_exit()
    controls = [*kiosk.overlay.findChildren(QAbstractButton), *dialog.findChildren(QAbstractButton),
                *dialog.findChildren(QLineEdit), kiosk.overlay, dialog]
    for widget in controls:
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface.text(QAccessible.Text.Name), widget
        assert widget.accessibleDescription(), widget
    assert QAccessible.queryAccessibleInterface(kiosk.overlay.keep_button).text(QAccessible.Text.Name) == "Yes, keep reading"


def test_enable_touch_grabs_finger_scrolling_and_sizes_targets(qtbot, window):
    side = QListWidget(window)
    side.addItems([f"Section {n}" for n in range(40)])
    viewports = enable_touch(window)
    assert window.centralWidget().viewport() in viewports and side.viewport() in viewports
    assert QScroller.hasScroller(side.viewport())
    assert side.verticalScrollMode() == side.ScrollMode.ScrollPerPixel
    assert "min-height: 44px" in window.styleSheet()
    enable_touch(window)  # a second call adds nothing twice
    assert window.styleSheet().count("QScrollBar:vertical") == 1
    assert "min-height: 60px" in touch_stylesheet(60)


def test_kiosk_config_round_trip_and_bad_values(tmp_path):
    path = tmp_path / "kiosk.ini"
    assert kiosk_config.load_kiosk_config(path) == KioskConfig()
    assert not KioskConfig().pin_set
    kiosk_config.save_pin("24680", path)
    kiosk_config.update_kiosk_config({"enabled": "yes", "idle_seconds": "240"}, path)
    config = kiosk_config.load_kiosk_config(path)
    assert config.enabled and config.idle_seconds == 240 and config.countdown_seconds == 20
    assert config.check_pin("24680") and not config.check_pin("2468")
    assert "24680" not in path.read_text()
    path.write_text("[kiosk]\nidle_seconds = soon\ncountdown_seconds = 1\npin_hash = 1234\n")
    config = kiosk_config.load_kiosk_config(path)
    assert (config.idle_seconds, config.countdown_seconds, config.pin_set) == (180, 5, False)
    assert len(config.problems) == 3 and all(str(path) in p for p in config.problems)
    path.write_text("not an ini file")
    assert kiosk_config.load_kiosk_config(path).problems
    with pytest.raises(ValueError, match="digits"):
        kiosk_config.save_pin("12ab", tmp_path / "other.ini")


def test_kiosk_command_sets_and_clears_the_pin(capsys, monkeypatch, tmp_path):
    import io

    from mbc_reader.cli import main

    monkeypatch.setenv("MBC_READER_CONFIG_DIR", str(tmp_path))
    assert main(["kiosk", "status"]) == 0
    assert "OFF - no PIN is set" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["kiosk", "set-pin", "--pin-stdin"]) == 1
    assert "4 to 12 digits" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("975310\n"))
    assert main(["kiosk", "set-pin", "--pin-stdin"]) == 0
    assert main(["kiosk", "set", "--enabled", "yes", "--idle-seconds", "120"]) == 0
    config = kiosk_config.load_kiosk_config(tmp_path / "kiosk.ini")
    assert config.enabled and config.idle_seconds == 120 and config.check_pin("975310")
    assert main(["kiosk", "set", "--idle-seconds", "5"]) == 2
    assert main(["kiosk", "clear-pin"]) == 0
    assert not kiosk_config.load_kiosk_config(tmp_path / "kiosk.ini").pin_set
    assert "Traceback" not in capsys.readouterr().err
