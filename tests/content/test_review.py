"""Review dates: due dates per frequency, the overdue / due soon / unknown split, the JSON shape."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mbc_reader import cli
from mbc_reader.content.models import Article
from mbc_reader.content.review import Interval, add_months, due_date, parse_frequency, review_articles

AS_OF = date(2026, 3, 15)


def article(article_id: str, reviewed: date | None, frequency: str | None, status: str = "active") -> Article:
    return Article(id=article_id, path=Path(f"{article_id}.md"), title=f"Title {article_id}", status=status,
                   last_reviewed=reviewed, review_frequency=frequency)  # fmt: skip


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("daily", date(2026, 1, 1)),
        ("Weekly", date(2026, 1, 7)),
        ("monthly", date(2026, 1, 31)),
        ("QUARTERLY", date(2026, 3, 31)),
        ("semiannually", date(2026, 6, 30)),
        ("bi-annually", date(2026, 6, 30)),
        ("yearly", date(2026, 12, 31)),
        ("annually", date(2026, 12, 31)),
        ("Annual", date(2026, 12, 31)),
        ("biennially", date(2027, 12, 31)),
    ],
)
def test_due_dates_per_frequency(frequency, expected):
    assert due_date(date(2025, 12, 31), parse_frequency(frequency)) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
    ],
)
def test_months_are_clamped_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("text", ["biweekly", "bimonthly", "sometimes", "", None])
def test_ambiguous_or_unknown_frequencies(text):
    assert parse_frequency(text) is None


def test_interval_of_quarterly():
    assert parse_frequency(" quarterly ") == Interval(months=3)


def test_report_splits_and_orders_the_articles():
    report = review_articles(
        [
            article("late-a-little", date(2025, 12, 1), "quarterly"),  # due 2026-03-01
            article("late-a-lot", date(2025, 1, 10), "yearly"),  # due 2026-01-10
            article("due-today", date(2026, 2, 15), "monthly"),
            article("due-in-20-days", date(2025, 10, 4), "semiannually"),  # due 2026-04-04
            article("fine", date(2026, 3, 1), "yearly"),
            article("no-date", None, "quarterly"),
            article("odd-frequency", date(2026, 1, 1), "every now and then"),
            article("no-frequency", date(2026, 1, 1), None),
        ],
        AS_OF,
    )
    assert [i.id for i in report.overdue] == ["late-a-lot", "late-a-little"]
    assert [i.days_overdue for i in report.overdue] == [64, 14]
    assert [i.id for i in report.due_soon] == ["due-today", "due-in-20-days"]
    assert [i.days_overdue for i in report.due_soon] == [0, -20]
    assert [i.id for i in report.unknown] == ["no-date", "no-frequency", "odd-frequency"]
    reasons = {i.id: i.reason for i in report.unknown}
    assert "no last-reviewed date" in reasons["no-date"]
    assert "unknown review frequency 'every now and then'" in reasons["odd-frequency"]
    assert "no review frequency" in reasons["no-frequency"]
    assert report.current == 1


def test_json_shape():
    report = review_articles(
        [article("late", date(2025, 1, 10), "yearly"), article("soon", date(2025, 12, 20), "quarterly"),
         article("none", None, None)],
        AS_OF,
    )  # fmt: skip
    data = report.to_json()
    assert list(data) == ["as_of", "overdue", "due_soon", "unknown", "implausible"]
    assert data["as_of"] == "2026-03-15"
    assert data["overdue"] == [
        {"id": "late", "title": "Title late", "last_reviewed": "2025-01-10", "frequency": "yearly",
         "owner": None, "due": "2026-01-10", "days_overdue": 64}
    ]  # fmt: skip
    assert set(data["due_soon"][0]) == {"id", "title", "last_reviewed", "frequency", "owner", "due", "days_overdue"}
    assert data["unknown"][0]["id"] == "none" and data["unknown"][0]["last_reviewed"] is None
    assert set(data["unknown"][0]) == {"id", "title", "last_reviewed", "frequency", "owner", "reason"}
    assert data["implausible"] == []  # dates in the future: see test_review_dates.py


def test_review_command_with_a_fixed_date(write_article, tmp_path, capsys):
    write_article("old.md", "Some text.\n", lastReviewed="2025-01-31", reviewFrequency="Monthly")
    write_article("new.md", "Some text.\n", lastReviewed="2026-03-01", reviewFrequency="quarterly")
    write_article("retired.md", "Some text.\n", lastReviewed="2020-01-01", reviewFrequency="yearly", status="retired")
    content = tmp_path / "content"
    assert cli.main(["review", "--content", str(content), "--as-of", "2026-03-15", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-03-15"
    assert [(i["id"], i["due"], i["days_overdue"]) for i in data["overdue"]] == [("old", "2025-02-28", 380)]
    assert data["due_soon"] == [] and data["unknown"] == []  # retired pages are not shown, not reviewed

    assert cli.main(["review", "--content", str(content), "--as-of", "2026-03-15"]) == 0
    out = capsys.readouterr().out
    assert "Overdue for review (1)" in out and "380 days overdue" in out


def test_review_command_refuses_a_bad_date(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["review", "--as-of", "15/03/2026"])
    assert caught.value.code == 2
    assert "use YYYY-MM-DD" in capsys.readouterr().err


def test_the_seed_is_due_a_quarter_after_its_review(seeds_dir, capsys):
    assert cli.main(["review", "--content", str(seeds_dir), "--as-of", "2026-04-01", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)["overdue"]
    assert (item["last_reviewed"], item["frequency"], item["due"], item["days_overdue"]) == (
        "2025-12-30", "quarterly", "2026-03-30", 2,
    )  # fmt: skip
