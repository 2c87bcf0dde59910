"""Review dates: which articles are past their review, which are nearly due, which cannot tell.

Clinics must not show medical pages that nobody has looked at for too long. Each article says
when it was last reviewed (``lastReviewed``) and how often it should be (``reviewFrequency``);
the due date is the one plus the other. Months are added on the calendar and clamped to the end
of the month (January 31 + 1 month = February 28/29), so "monthly" never drifts into the next
month. Anything we cannot compute is listed with a reason rather than silently dropped: an
unknown frequency is a content problem staff must see.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .models import Article

#: How far ahead "due soon" looks.
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Interval:
    months: int = 0
    days: int = 0


# Names as the content writes them, normalised by _normalise (lower case, no spaces/dashes).
FREQUENCIES: dict[str, Interval] = {
    "daily": Interval(days=1),
    "weekly": Interval(days=7),
    "fortnightly": Interval(days=14),
    "monthly": Interval(months=1),
    "quarterly": Interval(months=3),
    "semiannually": Interval(months=6),
    "semiannual": Interval(months=6),
    "biannually": Interval(months=6),
    "biannual": Interval(months=6),
    "halfyearly": Interval(months=6),
    "yearly": Interval(months=12),
    "annually": Interval(months=12),
    "annual": Interval(months=12),
    "biennially": Interval(months=24),
    "biennial": Interval(months=24),
}


def _normalise(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


def parse_frequency(text: str | None) -> Interval | None:
    """The interval a ``reviewFrequency`` names (case, spaces and dashes ignored); None if unknown.

    "Biweekly" and "bimonthly" are deliberately unknown: they mean both "twice a" and "every
    two", and guessing wrong would hide an overdue page."""
    if not text:
        return None
    return FREQUENCIES.get(_normalise(text))


def add_months(start: date, months: int) -> date:
    """``start`` plus whole calendar months, the day clamped to the last day of the month."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def due_date(last_reviewed: date, interval: Interval) -> date:
    return add_months(last_reviewed, interval.months) + timedelta(days=interval.days)


@dataclass(frozen=True)
class ReviewItem:
    id: str
    title: str
    last_reviewed: date | None
    frequency: str | None
    due: date | None = None
    days_overdue: int | None = None  # negative: days left before it is due
    reason: str | None = None  # why the due date is unknown

    def to_json(self) -> dict:
        base = {
            "id": self.id,
            "title": self.title,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
            "frequency": self.frequency,
        }
        if self.due is None:
            return {**base, "reason": self.reason}
        return {**base, "due": self.due.isoformat(), "days_overdue": self.days_overdue}


@dataclass(frozen=True)
class ReviewReport:
    as_of: date
    overdue: list[ReviewItem] = field(default_factory=list)  # due before as_of, most overdue first
    due_soon: list[ReviewItem] = field(default_factory=list)  # due within DUE_SOON_DAYS, soonest first
    unknown: list[ReviewItem] = field(default_factory=list)  # no date or an unknown frequency
    current: int = 0  # how many are fine

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "overdue": [item.to_json() for item in self.overdue],
            "due_soon": [item.to_json() for item in self.due_soon],
            "unknown": [item.to_json() for item in self.unknown],
        }


def review_item(article: Article, as_of: date) -> ReviewItem:
    """One article's review state; ``due`` is None (with a reason) when it cannot be computed."""
    base = ReviewItem(article.id, article.title, article.last_reviewed, article.review_frequency)
    interval = parse_frequency(article.review_frequency)
    reasons = []
    if article.last_reviewed is None:
        reasons.append("no last-reviewed date (add 'lastReviewed: YYYY-MM-DD')")
    if interval is None:
        if article.review_frequency:
            reasons.append(f"unknown review frequency '{article.review_frequency}'")
        else:
            reasons.append("no review frequency (add 'reviewFrequency: quarterly', for example)")
    if article.last_reviewed is None or interval is None:
        return replace(base, reason="; ".join(reasons))
    due = due_date(article.last_reviewed, interval)
    return replace(base, due=due, days_overdue=(as_of - due).days)


def review_articles(articles: Iterable[Article], as_of: date, soon_days: int = DUE_SOON_DAYS) -> ReviewReport:
    """Sort articles into overdue (due before ``as_of``), due soon (within ``soon_days``, due
    today included) and unknown. Each list is ordered by due date, earliest first, then by id."""
    overdue: list[ReviewItem] = []
    due_soon: list[ReviewItem] = []
    unknown: list[ReviewItem] = []
    current = 0
    for article in articles:
        item = review_item(article, as_of)
        if item.due is None:
            unknown.append(item)
        elif item.due < as_of:
            overdue.append(item)
        elif item.due <= as_of + timedelta(days=soon_days):
            due_soon.append(item)
        else:
            current += 1
    overdue.sort(key=lambda i: (i.due, i.id))
    due_soon.sort(key=lambda i: (i.due, i.id))
    unknown.sort(key=lambda i: i.id)
    return ReviewReport(as_of, overdue, due_soon, unknown, current)
