"""The "Content health" view: problems by file, review dates, and rows that open their article."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from mbc_reader.content.library import open_library
from mbc_reader.ui.health import ContentHealthView
from mbc_reader.ui.roles import Role

AS_OF = date(2026, 3, 15)


@pytest.fixture
def library(write_article, tmp_path):
    write_article("late.md", "Some text.\n", title="Late page", lastReviewed="2025-01-10", reviewFrequency="yearly")
    write_article("soon.md", "Some text.\n", title="Soon page", lastReviewed="2025-12-20", reviewFrequency="quarterly")
    write_article("fresh.md", "Some text.\n", title="Fresh page", lastReviewed="2026-03-01", reviewFrequency="yearly")
    write_article("odd-date.md", "Some text.\n", title="Odd date", lastReviewed="someday", reviewFrequency="yearly")
    write_article("broken.md", "", raw="no front matter at all\n")
    return open_library([tmp_path / "content"])


@pytest.fixture
def view(qtbot, library):
    widget = ContentHealthView(library, as_of=AS_OF)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    return widget


def rows(model, column: int = 0) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_problems_are_listed_by_file_errors_first(view):
    model = view.problems_view.model()
    assert rows(model) == ["content/broken.md", "content/odd-date.md"]
    assert rows(model, 1) == ["1 error", "1 warning"]
    broken = model.index(0, 0)
    assert "front matter" in model.index(0, 0, broken).data()
    assert broken.data(Role.ARTICLE_ID) is None  # nothing to open: it did not load
    assert view.tabs.tabText(0) == "Problems (2 files)"


def test_review_rows_overdue_first(view):
    model = view.review_view.model()
    assert rows(model, 3) == ["Late page", "Soon page", "Odd date"]
    assert rows(model) == ["Overdue", "Due soon", "Unknown"]
    assert rows(model, 2) == ["64 days overdue", "in 5 days", "no review date"]
    assert "not a date" not in rows(model, 5)[2] and "no last-reviewed date" in rows(model, 5)[2]
    assert "1 overdue" in view.summary_label.text() and view.tabs.tabText(1) == "Review dates (1 overdue)"


def test_enter_on_an_overdue_row_opens_the_article(qtbot, view):
    view.tabs.setCurrentWidget(view.review_view)
    view.review_view.setFocus()
    view.review_view.setCurrentIndex(view.review_view.model().index(0, 2))
    with qtbot.waitSignal(view.article_requested, timeout=2000) as signal:
        qtbot.keyClick(view.review_view, Qt.Key.Key_Return)
    assert signal.args == ["late"]


def test_double_clicking_a_problem_opens_its_article(qtbot, view):
    tree = view.problems_view
    parent = tree.model().index(1, 0)
    tree.expand(parent)
    child = tree.model().index(0, 0, parent)
    rect = tree.visualRect(child)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a real double
    with qtbot.waitSignal(view.article_requested, timeout=2000) as signal:  # click starts with a press
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["odd-date"]


def test_a_file_that_did_not_load_opens_nothing(qtbot, view):
    view.problems_view.setFocus()
    view.problems_view.setCurrentIndex(view.problems_view.model().index(0, 0))
    with qtbot.assertNotEmitted(view.article_requested):
        qtbot.keyClick(view.problems_view, Qt.Key.Key_Return)


def test_refreshing_replaces_the_rows(view, seeds_dir):
    view.set_library(open_library([seeds_dir]), as_of=date(2026, 4, 1))
    assert rows(view.review_view.model()) == ["Overdue"]
    assert view.review_view.model().index(0, 0).data(Role.ARTICLE_ID) == "000_af7ffd754fc95063"


def test_screenshot(view, tmp_path):
    """Not an assertion on looks: a picture to look at (saved next to the test's temp files)."""
    view.problems_view.expandAll()
    assert view.grab().save(str(tmp_path / "health-problems.png"))
    view.tabs.setCurrentWidget(view.review_view)
    assert view.grab().save(str(tmp_path / "health-review.png"))


FAR_FUTURE = (
    "---\ntitle: Far future page\nlanguage: en\nstatus: active\n"
    "lastReviewed: 9999-12-31\nreviewFrequency: quarterly\n---\nSome text.\n"
)


def test_a_far_future_review_date_is_a_row_to_check_not_an_overflow(qtbot, write_article, tmp_path):
    write_article("far.md", "", raw=FAR_FUTURE)  # unquoted: YAML reads a real date, due after 9999-12-31
    write_article("late.md", "Some text.\n", title="Late page", lastReviewed="2025-01-10", reviewFrequency="yearly")
    widget = ContentHealthView(open_library([tmp_path / "content"]), as_of=AS_OF)  # raised OverflowError
    qtbot.addWidget(widget)
    model = widget.review_view.model()
    assert rows(model, 3) == ["Late page", "Far future page"]
    assert rows(model) == ["Overdue", "Check date"]
    assert rows(model, 1) == ["2026-01-10", "?"] and rows(model, 2)[1] == "not due: date to check"
    note = rows(model, 5)[1]
    assert note.startswith("content/far.md: 'lastReviewed: 9999-12-31' is in the future")
    assert "not counted as due" in note
    assert model.index(1, 0).data(Role.ARTICLE_ID) == "far"
    assert "1 overdue" in widget.summary_label.text() and "1 with a date to check" in widget.summary_label.text()
    assert widget.tabs.tabText(1) == "Review dates (1 overdue, 1 to check)"


def test_review_rows_name_the_owner(qtbot, write_article, tmp_path):
    write_article("late.md", "Some text.\n", title="Late page", lastReviewed="2025-01-10", reviewFrequency="yearly",
                  owner="Nurse Ana Ruiz")  # fmt: skip
    write_article("soon.md", "Some text.\n", title="Soon page", lastReviewed="2025-12-20", reviewFrequency="quarterly")
    widget = ContentHealthView(open_library([tmp_path / "content"]), as_of=AS_OF)
    qtbot.addWidget(widget)
    model = widget.review_view.model()
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Owner"
    assert rows(model, 3) == ["Late page", "Soon page"] and rows(model, 4) == ["Nurse Ana Ruiz", ""]
    assert "owner:" in model.index(1, 4).data(Qt.ItemDataRole.ToolTipRole)  # says how to name one


def test_the_view_speaks_spanish_when_the_interface_does(qtbot, view, translations, spanish):
    model = view.review_view.model()
    assert rows(model, 2)[0] == "64 days overdue"
    translations.set_language("es")
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == "Problemas (2 archivos)", timeout=2000)
    model = view.review_view.model()
    assert rows(model) == ["Vencida", "Vence pronto", "Desconocida"]
    assert rows(model, 2) == ["64 días de retraso", "en 5 días", "sin fecha de revisión"]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Estado", "Vence", "Cuándo", "Artículo", "Responsable", "Nota"]  # fmt: skip
    assert view.tabs.tabText(1) == "Fechas de revisión (vencidas: 1)"
    assert rows(view.problems_view.model(), 1) == ["1 error", "1 aviso"]
    summary = view.summary_label.text()
    assert summary.startswith("4 artículos. Problemas en 2 archivos: 1 error, 1 aviso.")
    assert "15 de marzo de 2026" in summary and "1 con la revisión vencida" in summary
    assert view.review_view.accessibleName() == spanish("ContentHealthView", "Review dates")
    translations.set_language("en")
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == "Problems (2 files)", timeout=2000)
    assert "March 15, 2026" in view.summary_label.text()
