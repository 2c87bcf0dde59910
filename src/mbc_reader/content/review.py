"""Review dates: which articles are past their review, which are nearly due, which cannot tell.

Clinics must not show medical pages that nobody has looked at for too long. Each article says
when it was last reviewed (``lastReviewed``) and how often it should be (``reviewFrequency``);
the due date is the one plus the other. Months are added on the calendar and clamped to the end
of the month (January 31 + 1 month = February 28/29), so "monthly" never drifts into the next
month. Anything we cannot compute is listed with a reason rather than silently dropped: an
unknown frequency is a content problem staff must see.

A ``lastReviewed`` after the day we check against cannot be right (a typo, or a placeholder such
as 9999-12-31). Such an article is not due, but it is not quietly "up to date" either: it is
listed as *implausible*, with a warning that names the file and the date. Its due date may lie
beyond the calendar (9999-12-31 plus a quarter); that is no reason to fail the whole review.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from .models import Article, Library

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
    """``start`` plus whole calendar months, the day clamped to the last day of the month.

    Raises ``OverflowError`` when the result is outside the calendar (year 1 to 9999), like
    ``date + timedelta`` does."""
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    if not date.min.year <= year <= date.max.year:
        raise OverflowError(f"{start.isoformat()} plus {months} months is outside the calendar")
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return date(year, month0 + 1, day)


def due_date(last_reviewed: date, interval: Interval) -> date:
    """When the next review is due; ``OverflowError`` if that is after 9999-12-31."""
    return add_months(last_reviewed, interval.months) + timedelta(days=interval.days)


def _days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, or the last day of the calendar if that is further."""
    return day + timedelta(days=days) if (date.max - day).days >= days else date.max


@dataclass(frozen=True)
class ReviewItem:
    id: str
    title: str
    last_reviewed: date | None
    frequency: str | None
    due: date | None = None
    days_overdue: int | None = None  # negative: days left before it is due
    reason: str | None = None  # why the due date is unknown
    file: Path | None = None
    warning: str | None = None  # why the review date cannot be right (names the file and the date)
    owner: str | None = None  # who reviews it: the front matter's 'owner'

    def to_json(self) -> dict:
        base = {
            "id": self.id,
            "title": self.title,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
            "frequency": self.frequency,
            "owner": self.owner,
        }
        if self.warning is not None:
            return {
                **base,
                "file": str(self.file) if self.file else None,
                "due": self.due.isoformat() if self.due else None,
                "days_overdue": self.days_overdue,
                "reason": self.reason,
                "warning": self.warning,
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
    # Not due, but the date cannot be right (reviewed after as_of): each has a warning. By id.
    implausible: list[ReviewItem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "overdue": [item.to_json() for item in self.overdue],
            "due_soon": [item.to_json() for item in self.due_soon],
            "unknown": [item.to_json() for item in self.unknown],
            "implausible": [item.to_json() for item in self.implausible],
        }

    @property
    def warnings(self) -> list[str]:
        return [item.warning for item in self.implausible if item.warning]


def pack_owners(roots: Sequence[Path]) -> Callable[[Article], str | None]:
    """Who reviews an article that names no ``owner:`` of its own: the owner of the installed pack
    it comes from (``pack install --owner``, or ``pack build --owner`` in the signed manifest), as
    the pack's install manifest records it; None for the bundled articles and plain folders."""
    from .pack_store import read_manifest

    owners: list[tuple[Path, str]] = []
    for root in roots:
        manifest = read_manifest(Path(root)) or {}
        owner = manifest.get("owner")
        if isinstance(owner, str) and owner.strip():
            owners += [(Path(root), owner), (Path(root).resolve(), owner)]

    def owner_of(article: Article) -> str | None:
        for root, owner in owners:
            if article.path.is_relative_to(root):
                return owner
        return None

    return owner_of


def review_library(library: Library, as_of: date, soon_days: int = DUE_SOON_DAYS) -> ReviewReport:
    """:func:`review_articles` of the articles patients see, each with its owner: its own
    ``owner:``, else its pack's (:func:`pack_owners`)."""
    return review_articles(library.patient_articles, as_of, soon_days, pack_owners(library.roots or (library.root,)))


def review_item(article: Article, as_of: date, default_owner: Callable[[Article], str | None] | None = None) -> ReviewItem:
    """One article's review state; ``due`` is None (with a reason) when it cannot be computed.

    A ``warning`` (naming the file and the date) is set when the last review is after ``as_of``
    or the due date would be after the end of the calendar: the item is then not due, and
    belongs in ``implausible``, whether or not its frequency is known."""
    last, interval = article.last_reviewed, parse_frequency(article.review_frequency)
    item = ReviewItem(article.id, article.title, last, article.review_frequency, file=article.path,
                      owner=article.owner or (default_owner(article) if default_owner else None))  # fmt: skip
    reasons = []
    if last is None:
        reasons.append("no last-reviewed date (add 'lastReviewed: YYYY-MM-DD')")
    if interval is None:
        if article.review_frequency:
            reasons.append(f"unknown review frequency '{article.review_frequency}'")
        else:
            reasons.append("no review frequency (add 'reviewFrequency: quarterly', for example)")
    if reasons:
        item = replace(item, reason="; ".join(reasons))
    if last is None:
        return item
    doubts = []
    if last > as_of:
        doubts.append(f"is in the future (after {as_of.isoformat()})")
    if interval is not None:
        try:
            due = due_date(last, interval)
        except OverflowError:
            doubts.append(f"puts the {article.review_frequency} review after {date.max.isoformat()}")
        else:
            item = replace(item, due=due, days_overdue=(as_of - due).days)
    if doubts:
        said = " and ".join(doubts)
        item = replace(item, warning=f"{article.path}: 'lastReviewed: {last.isoformat()}' {said}: check the date; "
                                     "not counted as due")  # fmt: skip
    return item


def review_articles(articles: Iterable[Article], as_of: date, soon_days: int = DUE_SOON_DAYS,
                    default_owner: Callable[[Article], str | None] | None = None) -> ReviewReport:
    """Sort articles into overdue (due before ``as_of``), due soon (within ``soon_days``, due
    today included), unknown and implausible (see :func:`review_item`). Overdue and due soon are
    ordered by due date, earliest first, then by id; unknown and implausible by id."""
    overdue: list[ReviewItem] = []
    due_soon: list[ReviewItem] = []
    unknown: list[ReviewItem] = []
    implausible: list[ReviewItem] = []
    current = 0
    soon = _days_after(as_of, soon_days)
    for article in articles:
        item = review_item(article, as_of, default_owner)
        if item.warning is not None:
            implausible.append(item)
        elif item.due is None:
            unknown.append(item)
        elif item.due < as_of:
            overdue.append(item)
        elif item.due <= soon:
            due_soon.append(item)
        else:
            current += 1
    overdue.sort(key=lambda i: (i.due, i.id))
    due_soon.sort(key=lambda i: (i.due, i.id))
    unknown.sort(key=lambda i: i.id)
    implausible.sort(key=lambda i: i.id)
    return ReviewReport(as_of, overdue, due_soon, unknown, current, implausible)
