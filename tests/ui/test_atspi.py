"""A screen reader can list the article's headings and links and act on them (article_accessible.py).

Two levels:

- In this process (offscreen, like the other UI tests): Qt's accessibility interfaces of the
  article view, as Qt's AT-SPI bridge reads them.
- Over AT-SPI itself, as Orca does: a real X server (Xvfb), a private D-Bus session, the AT-SPI
  bus and the reader in its own process; pyatspi, in the system Python, walks the reader's tree,
  presses a link and a heading. Skipped, with the reason, when a tool is missing
  (``scripts/ensure-test-tools.sh`` installs them). Every wait is bounded and every process it
  started is ended, whatever happens.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QAccessibleActionInterface
from shiboken6 import Shiboken

from mbc_reader.ui import article_accessible

TITLE = "Metastatic Breast Cancer"
SECTIONS = [
    "What is metastatic breast cancer?",
    "What are the symptoms of metastatic breast cancer?",
    "How is metastatic breast cancer diagnosed?",
    "What is the prognosis for people with metastatic breast cancer?",
    "How is metastatic breast cancer treated?",
    "Clinical trials",
]
JAUNDICE = "glossary:46328"
TREATED = "how-is-metastatic-breast-cancer-treated"
PRESS = QAccessibleActionInterface.pressAction()
SET_FOCUS = QAccessibleActionInterface.setFocusAction()
NAME = QAccessible.Text.Name


# -- in this process ------------------------------------------------------------------------------


def _view(qtbot, make_window, content):
    window = make_window(content)
    view = window.article_view
    qtbot.waitUntil(lambda: view._accessible is not None, timeout=3000)  # installed after the first paint
    return window, view


def _document(view):
    root = QAccessible.queryAccessibleInterface(view)
    documents = [root.child(i) for i in range(root.childCount()) if root.child(i).role() == QAccessible.Role.Document]
    assert len(documents) == 1, [root.child(i).role() for i in range(root.childCount())]
    return root, documents[0]


def _children(document):
    return [document.child(i) for i in range(document.childCount())]


def _named(document, role, name):
    found = [c for c in _children(document) if c.role() == role and c.text(NAME) == name]
    assert found, (name, [c.text(NAME) for c in _children(document)])
    return found[0]


def test_the_article_view_has_its_headings_and_links_as_children(qtbot, make_window, seed_content):
    _window, view = _view(qtbot, make_window, seed_content)
    root, document = _document(view)
    assert document.text(NAME) == TITLE
    assert document.parent().object() is view
    children = _children(document)
    headings = [c.text(NAME) for c in children if c.role() == QAccessible.Role.Heading]
    assert headings == [TITLE, *SECTIONS]  # in reading order, named by their words
    links = [c for c in children if c.role() == QAccessible.Role.Link]
    assert "jaundice" in [c.text(NAME) for c in links]
    assert len(links) == sum(1 for _ in article_accessible.document_items(view.document())) - len(headings)
    levels = {c.text(NAME): c.attributesInterface().attributeValue(QAccessible.Attribute.Level)
              for c in children if c.role() == QAccessible.Role.Heading}  # fmt: skip
    assert levels[TITLE] == 1 and levels[SECTIONS[0]] == 2 and levels["Clinical trials"] == 3
    for index, child in enumerate(children):
        assert child.isValid() and child.object() is None
        assert child.parent() is document and document.indexOfChild(child) == index
        assert child.actionInterface().actionNames() == [PRESS, SET_FOCUS]
        assert child.textInterface() is None and child.childCount() == 0
    title = children[0]
    rect = title.rect()  # global coordinates, inside the view, on the text's lines
    view_rect = root.rect()
    assert rect.width() > 100 and 20 < rect.height() < 120 and view_rect.contains(rect), (rect, view_rect)
    assert document.childAt(rect.center().x(), rect.center().y()) is title
    assert not title.state().offscreen
    assert _named(document, QAccessible.Role.Heading, "Clinical trials").state().offscreen  # far below


def test_the_text_is_still_read_through_qt_own_text_interface(qtbot, make_window, seed_content):
    _window, view = _view(qtbot, make_window, seed_content)
    root, _document_ = _document(view)
    assert root.role() == QAccessible.Role.StaticText and root.text(NAME) == "Article"  # Qt's, unchanged
    text = root.textInterface()
    assert text is not None and text.characterCount() == len(view.toPlainText())
    whole = text.text(0, text.characterCount())
    assert TITLE in whole and all(section in whole for section in SECTIONS)


def test_a_links_press_opens_the_glossary_popup_as_enter_does(qtbot, make_window, seed_content):
    window, view = _view(qtbot, make_window, seed_content)
    _root, document = _document(view)
    link = _named(document, QAccessible.Role.Link, "jaundice")
    link.actionInterface().doAction(PRESS)
    popup = window.glossary_popup
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert popup.entry() is not None and popup.entry().term_id == "46328"
    assert view.textCursor().charFormat().anchorHref() == JAUNDICE  # the link is the selection, as after Tab
    word = link.rect()  # the link was scrolled to; the popup stands beside it
    assert abs(popup.geometry().top() - word.bottom()) < 400 or abs(popup.geometry().bottom() - word.top()) < 400
    popup.close()


def test_set_focus_on_a_link_selects_it_as_tab_does(qtbot, make_window, seed_content):
    _window, view = _view(qtbot, make_window, seed_content)
    _root, document = _document(view)
    link = _named(document, QAccessible.Role.Link, "jaundice")
    link.actionInterface().doAction(SET_FOCUS)
    cursor = view.textCursor()
    assert cursor.selectedText() == "jaundice" and cursor.charFormat().anchorHref() == JAUNDICE
    assert view.hasFocus() and link.state().focused and not link.state().offscreen


def test_a_headings_press_jumps_to_it(qtbot, make_window, seed_content):
    window, view = _view(qtbot, make_window, seed_content)
    _root, document = _document(view)
    heading = _named(document, QAccessible.Role.Heading, "How is metastatic breast cancer treated?")
    assert heading.state().offscreen
    heading.actionInterface().doAction(PRESS)
    assert view.current_section() == TREATED and view.is_anchor_visible(TREATED)
    assert view.textCursor().selectedText() == "How is metastatic breast cancer treated?"
    assert view.hasFocus() and not heading.state().offscreen
    assert heading.rect().top() - QAccessible.queryAccessibleInterface(view).rect().top() < 120  # at the top
    assert window.current_article_id()  # nothing else changed


def test_the_children_are_remade_when_the_document_changes(qtbot, make_window, seed_content):
    _window, view = _view(qtbot, make_window, seed_content)
    _root, document = _document(view)
    old = _children(document)
    old_ids = [QAccessible.uniqueId(c) for c in old]
    view.set_text_scale(view.text_scale() * 1.25)  # re-rendered: a new document
    assert not any(c.isValid() for c in old)  # invalid at once
    qtbot.waitUntil(lambda: not any(Shiboken.isValid(c) for c in old), timeout=2000)  # deleted from Qt's cache soon
    assert all(QAccessible.accessibleInterface(i) is None for i in old_ids)
    new = _children(document)
    assert [c.text(NAME) for c in new] == [item.name for item in article_accessible.document_items(view.document())]
    assert all(c.isValid() for c in new) and len(new) == len(old)


def test_the_children_do_not_outlive_the_view(qtbot):
    from mbc_reader.ui.article_view import ArticleView

    view = ArticleView()
    view.setHtml("<h2>A heading</h2><p>Some <a href='glossary:1'>words</a> and <a href='#x'>a place</a>.</p>")
    document = article_accessible.document_interface(view)
    children = _children(document)
    assert [c.text(NAME) for c in children] == ["A heading", "words", "a place"]
    ids = [QAccessible.uniqueId(c) for c in children]
    view.deleteLater()
    qtbot.waitUntil(lambda: not Shiboken.isValid(view), timeout=3000)
    assert all(QAccessible.accessibleInterface(i) is None for i in ids)  # deleted from Qt's cache with it
    assert not any(Shiboken.isValid(c) for c in children) and not Shiboken.isValid(document)


def test_an_interface_qt_made_before_the_install_is_replaced(qtbot):
    """With a screen reader already listening, Qt may make the viewport's plain interface before
    the view's first paint installs ours: ours takes its place."""
    from mbc_reader.ui.article_view import ArticleView

    view = ArticleView()
    qtbot.addWidget(view)
    view.setHtml("<h2><a name='s'></a>A heading</h2><p>Some <a href='glossary:1'>words</a>.</p>")
    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    try:
        plain = QAccessible.queryAccessibleInterface(view.viewport())
        assert plain.role() == QAccessible.Role.Client
        del plain
        document = article_accessible.document_interface(view)
        assert document is not None and document.role() == QAccessible.Role.Document
        assert [(c.role(), c.text(NAME)) for c in _children(document)] == [
            (QAccessible.Role.Heading, "A heading"), (QAccessible.Role.Link, "words")]  # fmt: skip
    finally:
        QAccessible.setActive(was_active)


# -- over AT-SPI, as a screen reader ------------------------------------------------------------

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHERS = ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
BUDGET_S = 40  # the driver's own deadline: with the other waits below, the whole test stays under 90 s

# Runs in the private D-Bus session (dbus-run-session) with the system Python, which has pyatspi:
# starts the AT-SPI bus and the reader, reads the reader's tree, presses a heading and a link,
# prints what it found as JSON. Every wait has the deadline; the processes it starts are ended.
DRIVER = r'''
import json, os, subprocess, sys, time

config = json.loads(sys.argv[1])
started = time.monotonic()
deadline = started + config["budget_s"]
out = {"steps": []}
procs = []


def step(text):
    out["steps"].append(f"{time.monotonic() - started:.1f}s {text}")


def finish(error=None):
    if error:
        out["error"] = error
    print(json.dumps(out))
    sys.stdout.flush()
    raise SystemExit(0)


import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Gio, GLib

try:
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def has_owner(name):
        reply = session.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
                                  GLib.Variant("(s)", (name,)), None, Gio.DBusCallFlags.NONE, 2000, None)
        return reply.unpack()[0]

    procs.append(subprocess.Popen([config["launcher"], "--launch-immediately"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    while not has_owner("org.a11y.Bus"):
        if time.monotonic() > deadline or procs[0].poll() is not None:
            finish("the AT-SPI bus did not start")
        time.sleep(0.05)
    session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.freedesktop.DBus.Properties", "Set",
                      GLib.Variant("(ssv)", ("org.a11y.Status", "IsEnabled", GLib.Variant("b", True))),
                      None, Gio.DBusCallFlags.NONE, 2000, None)
    step("AT-SPI bus up")

    import pyatspi

    context = GLib.MainContext.default()

    def pump(seconds):
        """Let libatspi take in the bus's signals (its cache and our event listener follow them)."""
        end = min(deadline, time.monotonic() + seconds)
        while True:
            while context.iteration(False):
                pass
            if time.monotonic() >= end:
                return
            time.sleep(0.02)

    with open(config["app_log"], "wb") as log:
        procs.append(subprocess.Popen(config["app"], env=dict(os.environ, **config["app_env"]), stdout=log,
                                      stderr=subprocess.STDOUT, cwd=config["cwd"]))

    def walk(node, depth=0):
        if node is None or depth > 30:
            return
        yield depth, node
        for i in range(min(node.childCount, 500)):
            yield from walk(node.getChildAtIndex(i), depth + 1)

    def describe(node):
        ext = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        entry = {"role": node.getRoleName(), "name": node.name, "rect": [ext.x, ext.y, ext.width, ext.height],
                 "attributes": node.getAttributes()}
        try:
            action = node.queryAction()
            entry["actions"] = [action.getName(i) for i in range(action.nActions)]
        except NotImplementedError:
            entry["actions"] = []
        return entry

    def tree(node):
        return [f"{'  ' * d}[{n.getRoleName()}] {n.name!r}" for d, n in walk(node)][:400]

    app = doc = None
    while doc is None:
        if time.monotonic() > deadline:
            if app is not None:
                out["tree"] = tree(app)
            finish("the reader's article never showed its headings over AT-SPI" if app else "the reader never appeared on the AT-SPI bus")
        if procs[-1].poll() is not None:
            finish(f"the reader exited with {procs[-1].returncode}")
        pump(0.2)
        desktop = pyatspi.Registry.getDesktop(0)
        apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
        app = next((a for a in apps if a is not None and a.name == config["app_name"]), None)
        if app is None:
            continue
        app.clearCache()
        for _depth, node in walk(app):
            if node.getRole() == pyatspi.ROLE_DOCUMENT_FRAME and any(
                    c.getRole() == pyatspi.ROLE_HEADING and c.name == config["section"] for c in node):
                doc = node
    step("article with its headings found")

    view = doc.parent
    text = view.queryText()
    out["view"] = dict(describe(view), text=text.getText(0, -1), line=text.getTextAtOffset(0, pyatspi.TEXT_BOUNDARY_LINE_START)[0])
    out["document"] = describe(doc)
    out["children"] = [describe(c) for c in doc]
    out["tree"] = tree(app)

    def child(role, name):
        return next(c for c in doc if c.getRole() == role and c.name == name)

    def press(node, name="Press"):
        action = node.queryAction()
        return action.doAction([action.getName(i) for i in range(action.nActions)].index(name))

    # A heading's Press: the view scrolls to it and selects it (the caret is there).
    heading = child(pyatspi.ROLE_HEADING, config["jump_to"])
    out["heading_before"] = describe(heading)["rect"]
    out["heading_pressed"] = press(heading)
    pump(0.5)
    heading.clearCache()
    out["heading_after"] = describe(heading)["rect"]
    start, end = text.getSelection(0) if text.getNSelections() else (-1, -1)
    out["selection_after_heading"] = text.getText(start, end) if start >= 0 else ""
    step("heading pressed")

    # A link's Press: what Enter does. The glossary pop-up is a Qt popup (not a child of the
    # application in AT-SPI): a screen reader hears of it as the newly focused object.
    focused = []

    def on_focus(event):
        if event.detail1:
            try:
                focused.append({"role": event.source.getRoleName(), "name": event.source.name,
                                "description": event.source.description})
            except Exception as exc:
                focused.append({"error": repr(exc)})

    pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")
    pump(0.3)
    out["link_pressed"] = press(child(pyatspi.ROLE_LINK, config["link"]))
    popup = None
    while popup is None and time.monotonic() < deadline:
        pump(0.1)
        popup = next((f for f in focused if config["link"] in (f.get("name") or "")), None)
    out["popup"] = popup
    out["focused"] = focused
    step("link pressed")
    finish()
except SystemExit:
    raise
except Exception as exc:
    import traceback
    out["error"] = "".join(traceback.format_exception(exc))
    print(json.dumps(out))
finally:
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
    for p in reversed(procs):
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)
'''


def _missing_tools() -> str:
    """Why the AT-SPI test cannot run here ("" when it can)."""
    missing = [name for name in ("Xvfb", "dbus-run-session") if shutil.which(name) is None]
    if not any(Path(p).exists() for p in BUS_LAUNCHERS):
        missing.append("at-spi-bus-launcher (at-spi2-core)")
    if not Path(SYSTEM_PYTHON).exists():
        missing.append(SYSTEM_PYTHON)
    else:
        probe = "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi; import pyatspi"
        try:
            found = subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, timeout=10).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            found = False
        if not found:
            missing.append("pyatspi for the system Python (python3-pyatspi, gir1.2-atspi-2.0)")
    return ", ".join(missing)


def _session_processes(sid: int) -> list[int]:
    """The processes still in the session ``sid`` (what the driver's session started, even those
    that D-Bus started and left to init, such as at-spi2-registryd)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state ppid pgrp session …
            pids.append(int(entry.name))
    return pids


def _end_session(sid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = _session_processes(sid)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + (3 if sig == signal.SIGTERM else 2)
        while _session_processes(sid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if not _session_processes(sid):
            return


@pytest.fixture
def xvfb(tmp_path):
    """An X server on a display no one uses (Xvfb picks it: -displayfd), ended afterwards."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "1280x900x24", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    os.close(write_end)
    try:
        number = b""
        deadline = time.monotonic() + 8
        while not number.endswith(b"\n") and time.monotonic() < deadline and server.poll() is None:
            ready, _w, _x = select.select([read_end], [], [], 0.2)
            if ready:
                chunk = os.read(read_end, 16)
                if not chunk:
                    break
                number += chunk
        if not number.strip().isdigit():
            pytest.skip("Xvfb did not start")
        yield f":{number.strip().decode()}"
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def test_a_screen_reader_lists_and_uses_the_headings_and_links_over_at_spi(tmp_path, seed_content, request):
    missing = _missing_tools()
    if missing:
        pytest.skip(f"AT-SPI tools missing: {missing} (bash scripts/ensure-test-tools.sh installs them)")
    display = request.getfixturevalue("xvfb")
    user = tmp_path / "user"
    runtime = tmp_path / "run"  # the AT-SPI bus's socket goes here, not into $HOME
    runtime.mkdir(mode=0o700)
    config = {
        "budget_s": BUDGET_S,
        "launcher": next(p for p in BUS_LAUNCHERS if Path(p).exists()),
        "app": [sys.executable, "-m", "mbc_reader", "gui", "--content", str(seed_content)],
        "app_env": {
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            "QT_ACCESSIBILITY": "1",
            **{f"MBC_READER_{name.upper()}_DIR": str(user / name) for name in ("config", "cache", "data")},
        },
        "app_log": str(tmp_path / "reader.log"),
        "app_name": "mbc-reader",
        "cwd": str(tmp_path),
        "section": SECTIONS[0],
        "jump_to": "How is metastatic breast cancer treated?",
        "link": "jaundice",
    }
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "QT_", "AT_SPI"))}
    env.update(DISPLAY=display, XDG_RUNTIME_DIR=str(runtime))
    session = subprocess.Popen(["dbus-run-session", "--", SYSTEM_PYTHON, str(driver), json.dumps(config)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    try:
        stdout, stderr = session.communicate(timeout=BUDGET_S + 10)
    except subprocess.TimeoutExpired:
        _end_session(session.pid)
        stdout, stderr = session.communicate(timeout=5)
        pytest.fail(f"the AT-SPI driver did not finish in time\n{stderr.decode(errors='replace')[-3000:]}")
    finally:
        _end_session(session.pid)  # whatever the session left (an activated registry daemon, …)
    assert not _session_processes(session.pid)
    lines = [line for line in stdout.decode(errors="replace").splitlines() if line.startswith("{")]
    assert lines, f"no report from the driver\n{stderr.decode(errors='replace')[-3000:]}"
    report = json.loads(lines[-1])
    log = Path(config["app_log"]).read_text(errors="replace")[-3000:] if Path(config["app_log"]).exists() else ""
    dump = "\n".join(report.get("tree", []))
    assert "error" not in report, f"{report['error']}\nsteps: {report['steps']}\n{dump}\nreader's log:\n{log}"
    print("\n".join(report["steps"]), dump, sep="\n")

    # The article view: Qt's text object, still readable as text, with the document in it.
    view, document = report["view"], report["document"]
    assert view["role"] == "label" and view["name"] == "Article"
    assert view["line"].strip() == TITLE and all(section in view["text"] for section in SECTIONS)
    assert document["role"] == "document frame" and document["name"] == TITLE
    children = report["children"]
    headings = [c for c in children if c["role"] == "heading"]
    links = [c for c in children if c["role"] == "link"]
    assert [h["name"] for h in headings] == [TITLE, *SECTIONS], dump
    assert "level:1" in headings[0]["attributes"] and "level:2" in headings[1]["attributes"]
    assert "jaundice" in [link["name"] for link in links] and len(links) > 20, dump
    for item in children:
        assert item["actions"] == ["Press", "SetFocus"], item
        assert item["rect"][2] > 0 and item["rect"][3] > 0, item  # on screen coordinates, with a size
    first = headings[0]["rect"]
    x, y, w, h = view["rect"]
    assert x <= first[0] and first[0] + first[2] <= x + w and y <= first[1] < y + h, (first, view["rect"])

    # Press on a heading scrolled it to the top of the view, selected.
    assert report["heading_pressed"] is True
    before, after = report["heading_before"], report["heading_after"]
    assert before[1] > y + h and y <= after[1] < y + 120, (before, after, view["rect"])
    assert report["selection_after_heading"] == "How is metastatic breast cancer treated?"

    # Press on "jaundice" opened its definition, announced as the focused object.
    assert report["link_pressed"] is True
    popup = report["popup"]
    assert popup is not None, report["focused"]
    assert popup["name"] == "Definition: jaundice"
    assert "the skin and the whites of the eyes become yellow" in popup["description"]
