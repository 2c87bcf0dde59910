"""Content health in the reader window, for staff: opened from its action (never in kiosk mode),
its rows open the article at the problem, and Export writes the report where the staff choose."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from mbc_reader.ui.health_dialog import ContentHealthDialog
from mbc_reader.ui.roles import Role

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_af7ffd754fc95063.txt"

LEAFLET = """---
title: Screening leaflet
lastReviewed: 2020-01-01
reviewFrequency: yearly
---

Welcome to the leaflet.

## Tests

There are three tests. Ask the nurse about [the old leaflet](old-leaflet.md) if you have it.

## After the test

Read [after surgery](after-surgery.md) and rest.
"""

AFTER = """---
title: After surgery
---

Rest. The [leaflet](screening-leaflet.md#tests) explains the tests.
"""


@pytest.fixture
def staff_content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)  # three of its dictionary links name terms the glossary lacks
    (folder / "screening-leaflet.md").write_text(LEAFLET, encoding="utf-8")
    (folder / "after-surgery.md").write_text(AFTER, encoding="utf-8")
    (folder / "broken.md").write_text("no front matter here\n", encoding="utf-8")
    return folder


def open_health(qtbot, window):
    action = window.findChild(QAction, "openContentHealth")
    assert action is not None and action.isEnabled() and action.text() == "Content health\u2026"
    action.trigger()
    dialog = window.findChild(ContentHealthDialog, "contentHealthDialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.terms_checked, timeout=20000)
    return dialog


def rows(model, column=0):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_staff_open_content_health_from_the_window(qtbot, make_window, staff_content):
    window = make_window(staff_content)
    button = window.statusBar().findChild(object, "contentHealthButton")
    assert button is not None and button.isVisible() and button.defaultAction().objectName() == "openContentHealth"
    dialog = open_health(qtbot, window)
    assert dialog.isVisible() and not dialog.isModal()
    view = dialog.view
    tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert tabs[0].startswith("Problems") and tabs[1].startswith("Review dates")
    assert tabs[2] == "Broken links (1)" and tabs[3] == "Dictionary terms (3)"
    assert rows(view.links_view.model(), 1) == ["the old leaflet"]
    assert "old-leaflet.md" in rows(view.links_view.model(), 2)[0]
    assert sorted(rows(view.terms_view.model(), 1)) == ["HER2", "hormone receptor\u2013positive", "lymph system"]
    files = rows(view.problems_view.model())
    assert files[0] == "content/broken.md"  # errors first
    assert "Screening leaflet" in rows(view.review_view.model(), 3)
    dialog.close()
    assert not dialog.isVisible()


def test_a_broken_link_row_opens_its_article_at_the_link(qtbot, make_window, staff_content):
    window = make_window(staff_content)
    dialog = open_health(qtbot, window)
    view = dialog.view
    view.tabs.setCurrentWidget(view.links_view)
    index = view.links_view.model().index(0, 2)
    with qtbot.waitSignal(window.article_opened, timeout=2000) as opened:
        view.links_view.activated.emit(index)
    assert opened.args == ["screening-leaflet"]
    assert window.find_bar.isVisible() and window.find_bar.edit.text() == "the old leaflet"
    assert window.find_bar.match_count() == 1
    assert window.article_view.textCursor().selectedText() == "the old leaflet"
    assert window.article_view.is_anchor_visible("tests")
    dialog.close()


def test_a_dictionary_term_row_opens_the_article_at_the_words(qtbot, make_window, staff_content):
    window = make_window(staff_content)
    window.open_article("after-surgery")
    dialog = open_health(qtbot, window)
    view = dialog.view
    model = view.terms_view.model()
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 1).data() == "lymph system"]
    problem = model.index(row, 0).data(Role.PROBLEM)
    assert problem.words == "lymph system"
    with qtbot.waitSignal(view.place_requested, timeout=2000) as asked:
        view.terms_view.activated.emit(model.index(row, 0))
    article_id, anchor, words = asked.args
    assert article_id == "000_af7ffd754fc95063" and words == "lymph system"
    assert anchor == "what-is-metastatic-breast-cancer"  # the section the words are in
    assert window.current_article_id() == article_id
    assert window.article_view.textCursor().selectedText() == "lymph system"
    dialog.close()


def test_export_writes_csv_or_html_where_staff_choose(qtbot, make_window, staff_content, tmp_path, monkeypatch):
    window = make_window(staff_content)
    dialog = open_health(qtbot, window)
    asked = []

    def choose(parent, caption, folder, filters, selected="", options=None):
        asked.append((caption, folder, filters))
        return str(target), filters.split(";;")[chosen]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    target, chosen = tmp_path / "out" / "report", 0
    target.parent.mkdir()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = target.with_name("report.csv")  # the format's suffix added
    assert asked and asked[0][0] == "Export the content health report" and asked[0][1].endswith(".csv")
    with written.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["Category", "Severity", "File", "Article id", "Title", "Code", "Message", "Owner"]
    categories = {row[0] for row in table[1:]}
    assert categories == {"File problem", "Broken link", "Dictionary term", "Review date"}
    assert any(row[0] == "Broken link" and row[3] == "screening-leaflet" and "old-leaflet.md" in row[6]
               for row in table[1:])  # fmt: skip
    assert "Report saved to" in dialog.status_label.text()

    target, chosen = tmp_path / "out" / "report.html", 1
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h2>Broken link (1)</h2>" in page and "old-leaflet.md" in page
    assert "<script" not in page and "http" not in page.split("<body>")[1].split("Dictionary term")[0]


def test_export_to_a_folder_that_cannot_be_written_says_so(qtbot, make_window, staff_content, tmp_path):
    window = make_window(staff_content)
    dialog = open_health(qtbot, window)
    assert not dialog.export_to(tmp_path / "no-such-folder" / "report.csv")
    assert "could not be saved" in dialog.status_label.text() and "no-such-folder" in dialog.status_label.text()


def test_cancelling_the_file_dialog_writes_nothing(qtbot, make_window, staff_content, tmp_path, monkeypatch):
    window = make_window(staff_content)
    dialog = open_health(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == ""


def test_closing_the_window_stops_the_dictionary_check(qtbot, make_window, staff_content):
    window = make_window(staff_content)
    dialog = window.open_content_health()
    window.close()  # at once, while the check may still run: no "mbc-" thread is left (conftest)
    assert not dialog.isVisible() and not dialog._terms.running()


def test_kiosk_mode_has_no_content_health(qtbot, staff_content, private_session, monkeypatch):
    from mbc_reader.ui import build_window

    opened = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: opened.append(a) or ("", "")))
    window = build_window(staff_content, kiosk=True)
    qtbot.addWidget(window)
    assert window.findChild(QAction, "openContentHealth") is None
    assert window.content_health_action is None
    assert window.statusBar().findChild(object, "contentHealthButton") is None
    assert window.open_content_health() is None
    assert all(action.objectName() != "openContentHealth" for action in window.actions())
    assert opened == []
