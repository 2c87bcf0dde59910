"""The kiosk reset leaves the window as a fresh start would: no trace of the last patient.

The check is not a list of fields the reset is known to clear: :func:`widget_state` walks every
widget of the window and records what a patient could get back (text, undo and redo, selections,
find marks, scroll positions, status messages, what is open, the current and expanded items of
lists and trees) and both clipboards. A freshly built kiosk window and one that was used and then
reset must give the same record.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QClipboard, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractScrollArea, QApplication, QLabel, QLineEdit, QMainWindow,
    QMenu, QPlainTextEdit, QStackedWidget, QStatusBar, QTextEdit, QTreeView, QWidget,
)

from mbc_reader.ui import privacy
from mbc_reader.content.kiosk_config import KioskConfig
from mbc_reader.ui.kiosk_setup import begin_private_session, start_kiosk

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_af7ffd754fc95063.txt"


# --- the record ---------------------------------------------------------------------------------

def _name(widget: QWidget, root: QWidget) -> str:
    """A path that names the same widget in two windows built the same way."""
    parts = []
    while widget is not None and widget is not root:
        parent = widget.parentWidget()
        siblings = [w for w in (parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                                if parent is not None else []) if type(w) is type(widget)]
        label = widget.objectName() or type(widget).__name__
        if len(siblings) > 1 and not widget.objectName():
            label += f"[{siblings.index(widget)}]"
        parts.append(label)
        widget = parent
    return "/".join(reversed(parts)) or type(root).__name__


def _index_path(index: QModelIndex) -> tuple[int, ...] | None:
    if not index.isValid():
        return None
    rows = []
    while index.isValid():
        rows.append(index.row())
        index = index.parent()
    return tuple(reversed(rows))


def _expanded(view: QTreeView) -> list[tuple[int, ...]]:
    model = view.model()
    found = []

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if view.isExpanded(index):
                found.append(_index_path(index))
                walk(index)

    if model is not None:
        walk(QModelIndex())
    return found


def _state_of(widget: QWidget) -> dict:
    state: dict = {"visible": widget.isVisible()}
    if widget.isWindow():
        state["minimized"] = widget.isMinimized()
    if isinstance(widget, QLineEdit):
        state.update(text=widget.text(), undo=widget.isUndoAvailable(), redo=widget.isRedoAvailable(),
                     selected=widget.selectedText(), modified=widget.isModified())
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        document = widget.document()
        cursor = widget.textCursor()
        state.update(undo=document.isUndoAvailable(), redo=document.isRedoAvailable(),
                     marks=len(widget.extraSelections()), selection=cursor.selectedText(),
                     cursor=cursor.position())
    if isinstance(widget, QAbstractScrollArea):
        state.update(scroll=(widget.horizontalScrollBar().value(), widget.verticalScrollBar().value()))
    if isinstance(widget, QStatusBar):
        state.update(message=widget.currentMessage())
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        selection = widget.selectionModel()
        state.update(rows=widget.model().rowCount(), current=_index_path(widget.currentIndex()),
                     selected=sorted(_index_path(i) for i in selection.selectedIndexes()) if selection else [])
    if isinstance(widget, QTreeView):
        state.update(expanded=_expanded(widget))
    if isinstance(widget, QStackedWidget):
        state.update(page=widget.currentIndex())
    if isinstance(widget, QLabel) and widget.hasSelectedText():
        state.update(selected=widget.selectedText())
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        state.update(checked=widget.isChecked())
    return state


def clipboard_state() -> dict:
    clipboard = QApplication.clipboard()
    modes = [QClipboard.Mode.Clipboard] + ([QClipboard.Mode.Selection] if clipboard.supportsSelection() else [])
    found = {}
    for mode in modes:
        data = clipboard.mimeData(mode)
        found[mode.name] = (clipboard.text(mode), sorted(data.formats()) if data is not None else [])
    return found


def widget_state(window: QMainWindow) -> dict:
    """What a patient could see or get back, widget by widget, plus both clipboards."""
    state = {_name(w, window): _state_of(w) for w in [window, *window.findChildren(QWidget)]
             if not isinstance(w, QMenu)}  # a menu's presence is checked below
    state["<menus open>"] = sorted(_name(m, window) for m in QApplication.topLevelWidgets()
                                   if isinstance(m, QMenu) and m.isVisible())
    state["<windows open>"] = sorted(type(w).__name__ for w in QApplication.topLevelWidgets()
                                     if w.isVisible() and w is not window)
    focus = QApplication.focusWidget()
    state["<focus>"] = _name(focus, window) if focus is not None else None
    state["<clipboard>"] = clipboard_state()
    return state


def differences(fresh: dict, used: dict) -> list[str]:
    lines = []
    for key in sorted(fresh.keys() | used.keys()):
        if key not in used:
            lines.append(f"- {key}: only in the fresh window")
        elif key not in fresh:
            lines.append(f"+ {key}: only in the used window: {used[key]}")
        elif fresh[key] != used[key]:
            a, b = fresh[key], used[key]
            if isinstance(a, dict) and isinstance(b, dict):
                changed = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
                lines.append(f"~ {key}: {changed} (fresh, after reset)")
            else:
                lines.append(f"~ {key}: {a!r} -> {b!r}")
    return lines


def settled_differences(qtbot, fresh: dict, window: QMainWindow, timeout_ms: int = 1500) -> list[str]:
    """The differences once fades (a text box's clear button) and deferred deletes are done."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while (left := differences(fresh, widget_state(window))) and time.monotonic() < deadline:
        qtbot.wait(50)
    return left


# --- windows ------------------------------------------------------------------------------------

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


def _settled(window):
    service = getattr(window, "_search_service", None)
    if service is None:
        return lambda: True
    done = []
    service.ready.connect(lambda *_: done.append(1))
    service.unavailable.connect(lambda *_: done.append(1))
    return lambda: bool(done)


@pytest.fixture
def open_kiosk(qtbot, content):
    """open_kiosk() -> (window, session): a kiosk window on the seed article, shown and active."""
    from mbc_reader.ui import build_window

    sessions = []
    begin_private_session()

    def open_one():
        window = build_window(content, kiosk=True)
        qtbot.addWidget(window)
        settled = _settled(window)
        session = start_kiosk(window, config=KioskConfig(enabled=True, idle_seconds=60, countdown_seconds=10),
                              clock=lambda: 0.0)
        sessions.append((window, session))
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=15_000)  # activation is late on a busy machine
        qtbot.waitUntil(settled, timeout=180_000)
        qtbot.wait(50)  # the first layout and the article's scroll position settle
        return window, session

    yield open_one
    for window, session in sessions:
        session.controller.stop()
        window.glossary_popup.close()
        window.image_viewer.close()
        window.close()
    QApplication.clipboard().clear()
    privacy.set_private_session(False)


def _close(window, session) -> None:
    session.controller.stop()
    window.close()


def use_the_window(qtbot, window, session) -> None:
    """What a patient does: the home page, search, find, select, scroll, open things, copy."""
    keyboard = session.keyboard
    panel = window.search_panel
    home = window.home_page
    assert window.showing_home()  # where each patient starts
    home.search_edit.setFocus()
    qtbot.waitUntil(keyboard.isVisible, timeout=1000)
    qtbot.mouseClick(keyboard.keys["b"], Qt.MouseButton.LeftButton)  # the keyboard types in the home page's box
    assert home.search_edit.text() == "b" and panel.search_edit.text() == "b"
    qtbot.mouseClick(keyboard.clear_key, Qt.MouseButton.LeftButton)
    assert home.search_edit.text() == "" and panel.search_edit.text() == "" and home.search_edit.isUndoAvailable()
    home.start_scroll.verticalScrollBar().setValue(home.start_scroll.verticalScrollBar().maximum())
    qtbot.mouseClick(home.tiles()[0], Qt.MouseButton.LeftButton)
    assert home.showing_topic() and home.cards()
    qtbot.mouseClick(home.cards()[0], Qt.MouseButton.LeftButton)  # the seed: opens the article
    assert not window.showing_home() and window.current_article_id()
    panel.search_edit.setFocus()
    qtbot.waitUntil(keyboard.isVisible, timeout=1000)
    qtbot.mouseClick(keyboard.digits_toggle, Qt.MouseButton.LeftButton)
    if panel.is_available():
        for ch in "lung":
            qtbot.mouseClick(keyboard.keys[ch], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.shown_query() == "lung" and panel.result_count() > 0, timeout=60_000)
        panel.results_view.setCurrentIndex(panel.model.index(panel.result_count() - 1, 0))
        panel.results_view.verticalScrollBar().setValue(panel.results_view.verticalScrollBar().maximum())
    else:
        qtbot.keyClicks(panel.search_edit, "lung")
    assert panel.search_edit.isUndoAvailable()

    window.open_find_bar()
    qtbot.keyClicks(window.find_bar.edit, "cancer")
    assert window.find_bar.match_count() > 0
    window.find_bar.find_next()

    view = window.article_view
    cursor = QTextCursor(view.document())
    cursor.setPosition(10)
    cursor.setPosition(60, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    clipboard = QApplication.clipboard()
    clipboard.setText("what the last patient copied")
    if clipboard.supportsSelection():
        clipboard.setText(cursor.selectedText(), QClipboard.Mode.Selection)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)

    window.navigator.expandAll()
    window.navigator.verticalScrollBar().setValue(window.navigator.verticalScrollBar().maximum())
    window.statusBar().showMessage("On the internet (shows a code to scan): https://www.cancer.gov/")
    window.article_view.activate_link("figure:0")
    assert window.image_viewer.isVisible()
    window.image_viewer.close()
    window._on_article_view_external_link_clicked("https://www.cancer.gov/")
    assert window.qr_dialog() is not None
    panel.search_edit.setFocus()
    assert keyboard.isVisible()
    qtbot.mouseClick(keyboard.clear_key, Qt.MouseButton.LeftButton)  # an empty box whose Undo brings "lung" back
    assert panel.search_edit.text() == "" and panel.search_edit.isUndoAvailable()


def test_a_used_and_reset_kiosk_is_a_fresh_kiosk(qtbot, open_kiosk):
    window, session = open_kiosk()
    fresh = widget_state(window)
    _close(window, session)

    window, session = open_kiosk()
    same = differences(fresh, widget_state(window))
    assert not same, "two fresh windows differ:\n" + "\n".join(same)  # the record is fair
    use_the_window(qtbot, window, session)
    seen = "\n".join(differences(fresh, widget_state(window)))  # the record sees what the patient did
    for trace in ("homeSearchBox: {", "homePages: {", "homeCard0: only in the used window", "searchBox: {", "findEdit: {", "articleView: {", "navigator: {", "QStatusBar: {",
                  "onScreenKeyboard: {", "qrDialog", "<clipboard>"):  # (the results went with the Clear key)
        assert trace in seen, f"the record misses {trace!r}:\n{seen}"
    with qtbot.waitSignal(session.controller.session_reset, timeout=2000):
        session.controller.start_over()
    left = settled_differences(qtbot, fresh, window)
    assert not left, "the reset left:\n" + "\n".join(left)


def test_undo_after_a_reset_brings_nothing_back(qtbot, open_kiosk):
    window, session = open_kiosk()
    panel, find = window.search_panel, window.find_bar
    window.open_article(window.home_article_id())  # from the home page
    qtbot.keyClicks(panel.search_edit, "lung")
    panel.search_edit.clear()  # the box was emptied by hand (Esc, the keyboard's Clear): Undo would refill it
    qtbot.keyClicks(panel.search_edit, "bones")
    window.open_find_bar()
    qtbot.keyClicks(find.edit, "cancer")
    assert find.match_count() > 0
    session.controller.start_over()

    panel.search_edit.setFocus()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    panel.search_edit.undo()
    assert panel.search_edit.text() == "" and panel.query() == "" and panel.result_count() == 0
    assert window.showing_home() and window.current_article_id() == ""
    window.open_find_bar()  # no Find on the home page
    assert not find.isVisible()
    window.open_article(window.home_article_id())
    window.open_find_bar()  # Find after the reset: no old text, no marks
    assert find.isVisible() and find.edit.text() == ""
    assert find.match_count() == 0 and window.article_view.extraSelections() == []
    qtbot.keyClick(find.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert find.edit.text() == "" and window.article_view.extraSelections() == []
    find.close_bar()


def _menus_open() -> list[QMenu]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]


def test_kiosk_mode_opens_no_context_menu(qtbot, open_kiosk):
    """Right-click (or a long press) offers Undo, Copy and Paste: one reader's words for the next."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    window, session = open_kiosk()
    targets = [window.search_panel.search_edit, window.home_page.search_edit, window.home_page.tiles()[0], window.find_bar.edit, window.article_view.viewport(),
               window.navigator.viewport(), window.article_view.verticalScrollBar(), window.toolbar, window]

    def right_click(widget) -> None:
        point = QPoint(5, 5)
        QApplication.sendEvent(widget, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, widget.mapToGlobal(point)))
        qtbot.wait(20)

    window.open_find_bar()
    for widget in targets:
        right_click(widget)
        assert _menus_open() == [], f"a menu opened on {widget.objectName() or type(widget).__name__}"
    session.controller.stop()  # staff left kiosk mode: the text box's own menu is back
    right_click(window.search_panel.search_edit)
    menus = _menus_open()
    assert menus, "the check above would not have seen a menu"
    for menu in menus:
        menu.close()
    window.find_bar.close_bar()


def test_the_reset_forgets_the_last_definition_shown(qtbot, open_kiosk):
    window, session = open_kiosk()
    popup = window.glossary_popup
    fresh_text = popup.text()
    window.article_view.activate_link("glossary:45762")
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert "lymph node" in popup.text()
    popup.close()
    with qtbot.waitSignal(session.controller.session_reset, timeout=2000):
        session.controller.start_over()
    assert popup.entry() is None and "lymph" not in popup.text() and popup.text() == fresh_text
    assert "lymph" not in popup.accessibleName() + popup.accessibleDescription()


def test_still_reading_is_on_top_of_an_open_definition(qtbot, open_kiosk):
    """The question must be the top thing on screen: an open glossary pop-up (a window of its
    own, above the main window) is closed when it appears."""
    window, session = open_kiosk()
    popup = window.glossary_popup
    window.article_view.activate_link("glossary:45762")
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    controller = session.controller
    controller.note_activity()
    controller._clock = lambda: 1e9  # long idle: the countdown starts on the next poll
    controller._last_activity = 1e9 - controller._config.idle_seconds - 1
    with qtbot.waitSignal(controller.warning_shown, timeout=2000):
        controller.poll()
    assert controller.overlay.isVisible()
    assert not popup.isVisible()
    controller.keep_reading()
