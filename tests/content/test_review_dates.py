"""Review dates that cannot be right: in the future, or due after the end of the calendar.

One such date (``lastReviewed: 9999-12-31``) used to stop ``mbc-reader review`` for the whole
library with "year 10000 is out of range". Now the article is listed as not due, with a warning
that names the file and the date, and every other article is still reviewed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mbc_reader import cli
from mbc_reader.content.models import Article
from mbc_reader.content.review import Interval, add_months, due_date, review_articles

AS_OF = date(2026, 3, 15)

FAR_FUTURE = """---
title: Far future page - NCI
language: en
status: active
lastReviewed: 9999-12-31
reviewFrequency: quarterly
---
Some text.
"""  # unquoted, as content writers type it: YAML reads a real date


def article(article_id: str, reviewed: date | None, frequency: str | None) -> Article:
    return Article(id=article_id, path=Path(f"content/{article_id}.md"), title=f"Title {article_id}",
                   last_reviewed=reviewed, review_frequency=frequency)  # fmt: skip


@pytest.fixture
def content(write_article, tmp_path) -> Path:
    write_article("far.md", "", raw=FAR_FUTURE)
    write_article("late.md", "Some text.\n", lastReviewed="2025-01-10", reviewFrequency="yearly")
    write_article("soon.md", "Some text.\n", lastReviewed="2025-12-20", reviewFrequency="quarterly")
    write_article("fine.md", "Some text.\n", lastReviewed="2026-03-01", reviewFrequency="yearly")
    return tmp_path / "content"


def test_a_far_future_date_does_not_break_the_json_review_of_the_library(content, capsys):
    assert cli.main(["review", "--content", str(content), "--as-of", "2026-03-15", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [(i["id"], i["days_overdue"]) for i in data["overdue"]] == [("late", 64)]
    assert [(i["id"], i["days_overdue"]) for i in data["due_soon"]] == [("soon", -5)]
    [far] = data["implausible"]
    assert (far["id"], far["last_reviewed"], far["frequency"], far["due"]) == ("far", "9999-12-31", "quarterly", None)
    assert far["file"].endswith("far.md")
    assert "far.md" in far["warning"] and "'lastReviewed: 9999-12-31' is in the future" in far["warning"]
    assert "not counted as due" in far["warning"]
    assert "out of range" not in captured.err
    assert "warning:" in captured.err and "far.md" in captured.err and "lastReviewed: 9999-12-31" in captured.err


def test_a_far_future_date_does_not_break_the_text_review_of_the_library(content, capsys):
    assert cli.main(["review", "--content", str(content), "--as-of", "2026-03-15"]) == 0
    out = capsys.readouterr().out
    assert "Overdue for review (1)" in out and "64 days overdue" in out
    assert "Review date implausible, not counted as due (1):" in out
    assert "far.md: 'lastReviewed: 9999-12-31' is in the future" in out
    assert "1 overdue, 1 due soon, 0 unknown, 1 implausible, 1 up to date" in out


def test_the_real_entry_point_exits_0_with_a_far_future_date(content):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mbc_reader", "review", "--content", str(content), "--as-of", "2026-03-15", "--json"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [i["id"] for i in json.loads(done.stdout)["implausible"]] == ["far"]
    assert "Traceback" not in done.stderr


def test_a_review_date_in_the_future_is_listed_as_not_due_with_a_warning():
    report = review_articles([article("tomorrow", date(2026, 3, 16), "quarterly"), article("ok", AS_OF, "yearly")], AS_OF)
    assert report.current == 1 and report.overdue == [] and report.due_soon == [] and report.unknown == []
    [item] = report.implausible
    assert (item.due, item.days_overdue) == (date(2026, 6, 16), -93)  # known, but not counted as due
    assert item.warning == (
        "content/tomorrow.md: 'lastReviewed: 2026-03-16' is in the future (after 2026-03-15): check the date; "
        "not counted as due"
    )
    assert report.warnings == [item.warning]
    assert report.to_json()["implausible"][0]["warning"] == item.warning


def test_a_future_date_with_an_unknown_frequency_is_to_check_and_says_both():
    [item] = review_articles([article("odd", date(2030, 1, 1), "now and then")], AS_OF).implausible
    assert item.due is None and "unknown review frequency 'now and then'" in item.reason
    assert "'lastReviewed: 2030-01-01' is in the future" in item.warning


def test_reviewed_today_is_not_in_the_future():
    report = review_articles([article("today", AS_OF, "daily")], AS_OF)
    assert report.implausible == [] and [i.days_overdue for i in report.due_soon] == [-1]


def test_a_due_date_after_the_calendar_is_not_due_even_when_checking_in_9999():
    report = review_articles([article("late-9999", date(9999, 11, 1), "quarterly")], date(9999, 12, 31))
    [item] = report.implausible
    assert item.due is None and "after 9999-12-31" in item.warning and "in the future" not in item.warning


def test_checking_on_the_last_day_of_the_calendar_does_not_overflow():
    report = review_articles([article("old", date(9999, 1, 1), "monthly")], date.max)
    assert [i.id for i in report.overdue] == ["old"]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # not a leap year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # a leap year
        (date(2100, 1, 31), 1, date(2100, 2, 28)),  # divisible by 100: not a leap year
        (date(2000, 1, 31), 1, date(2000, 2, 29)),  # divisible by 400: a leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),  # across the year
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # backwards, clamped too
        (date(2026, 1, 15), 0, date(2026, 1, 15)),
        (date(9999, 10, 31), 2, date(9999, 12, 31)),  # the last month there is
    ],
)
def test_add_months_clamps_leap_years_and_month_ends(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("start", "months"), [(date(9999, 12, 31), 1), (date(9999, 10, 1), 3), (date(1, 1, 1), -1)])
def test_add_months_outside_the_calendar_raises_overflow_not_value_error(start, months):
    with pytest.raises(OverflowError):
        add_months(start, months)


def test_due_date_after_the_calendar_raises_overflow():
    with pytest.raises(OverflowError):
        due_date(date(9999, 12, 31), Interval(months=3))
    with pytest.raises(OverflowError):
        due_date(date(9999, 12, 31), Interval(days=1))
