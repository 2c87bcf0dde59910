"""The content health report for staff: what ``mbc-reader check`` lists, and review dates.

One place decides what the report holds, so the "Content health" view, its export and ``check``
agree: the loader's problems (less its one-line list of unknown glossary ids, which
:func:`~.dictionary_links.dictionary_problems` says link by link), links shown as text only, and
review dates. Rows can be written as CSV or as a self-contained HTML page. No Qt here.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .dictionary_links import PROBLEM_CODE as TERM_CODE
from .dictionary_links import dictionary_problems
from .models import Article, Library, Problem, Severity
from .review import ReviewItem, ReviewReport, review_library

LINK_CODES = ("dropped-link", "missing-link-target")  # links the loader had to drop, keeping their words
TERM_CODES = (TERM_CODE,)


def health_problems(library: Library, glossary=None) -> list[Problem]:
    """Every problem staff should see, as ``check`` lists them (dictionary links one by one)."""
    problems = [p for p in library.problems if p.code != "unknown-glossary-id"]
    if glossary is not None:
        problems += dictionary_problems(library.articles, glossary)
    return problems


def category(problem: Problem) -> str:
    if problem.code in LINK_CODES:
        return "link"
    if problem.code in TERM_CODES:
        return "term"
    return "file"


# --- where in an article a problem is -------------------------------------------------------------


def _heading_anchor(line: str) -> str | None:
    """The ``{#anchor}`` the repair gives a heading line (``## Title {#title}``), or None."""
    if not line.startswith("##") or not line.rstrip().endswith("}"):
        return None
    line = line.rstrip()
    start = line.rfind("{#")
    return line[start + 2 : -1] if start >= 0 else None


def section_at(body: str, position: int) -> str:
    """The anchor of the section holding ``position`` of the repaired text ("" before the first)."""
    anchor = ""
    offset = 0
    for line in body.split("\n"):
        if offset > position:
            break
        found = _heading_anchor(line)
        if found is not None:
            anchor = found
        offset += len(line) + 1
    return anchor


def find_place(article: Article, problem: Problem) -> tuple[str, str]:
    """(anchor, words) to open ``article`` at for ``problem``: the section the loader noted, else
    the one holding the problem's words (a dictionary link's, found in the text)."""
    if problem.anchor or not problem.words:
        return problem.anchor, problem.words
    try:
        body = article.body
    except Exception:  # noqa: BLE001 - a file that went away since: open at the top
        return "", problem.words
    at = body.find(problem.words)
    if at < 0:
        at = body.casefold().find(problem.words.casefold())
    return (section_at(body, at) if at >= 0 else ""), problem.words


# --- the report as rows ---------------------------------------------------------------------------

CATEGORY_WORDS = {"file": "File problem", "link": "Broken link", "term": "Dictionary term", "review": "Review date"}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class ReportRow:
    category: str  # "file", "link", "term", "review"
    severity: str  # error / warning / info; for review dates: overdue, due soon, unknown, check date
    file: str
    article_id: str
    title: str
    code: str
    message: str
    owner: str = ""  # who looks after the article (its front matter's 'owner'); last, so columns keep their place

    HEADER = ("Category", "Severity", "File", "Article id", "Title", "Code", "Message", "Owner")

    def cells(self) -> tuple[str, ...]:
        return (CATEGORY_WORDS.get(self.category, self.category), self.severity, self.file, self.article_id,
                self.title, self.code, self.message, self.owner)  # fmt: skip


def review_message(item: ReviewItem) -> str:
    if item.warning is not None:
        return item.warning
    if item.due is None:
        return item.reason or "no due date"
    n = item.days_overdue or 0
    when = f"{n} days overdue" if n > 0 else ("due today" if n == 0 else f"due in {-n} days")
    reviewed = item.last_reviewed.isoformat() if item.last_reviewed else "never"
    return f"due {item.due.isoformat()} ({when}); last reviewed {reviewed}, review {item.frequency}"


def report_rows(library: Library, problems: Sequence[Problem], review: ReviewReport | None = None) -> list[ReportRow]:
    """Problems by file (errors first), then review dates (overdue first)."""
    by_path = {a.path: a for a in library.articles}
    rows: list[ReportRow] = []
    for problem in sorted(problems, key=lambda p: (str(p.file), _SEVERITY_ORDER[p.severity])):
        article = by_path.get(problem.file)
        rows.append(ReportRow(category(problem), problem.severity.value, str(problem.file),
                              article.id if article else "", article.title if article else "", problem.code,
                              problem.message, (article.owner or "") if article else ""))  # fmt: skip
    if review is not None:
        for status, items in (("overdue", review.overdue), ("due soon", review.due_soon),
                              ("unknown", review.unknown), ("check date", review.implausible)):  # fmt: skip
            for item in items:
                article = library.get(item.id)
                rows.append(ReportRow("review", status, str(item.file or (article.path if article else "")), item.id,
                                      item.title, "review-" + status.replace(" ", "-"), review_message(item),
                                      item.owner or ""))  # fmt: skip
    return rows


def build_report(library: Library, glossary=None, as_of: date | None = None) -> list[ReportRow]:
    return report_rows(library, health_problems(library, glossary), review_library(library, as_of or date.today()))


# --- writing it out -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or CR) would be read
    as a formula, and a content file's name or title is whatever its writer chose."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: Iterable[ReportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ReportRow.HEADER)
    for row in rows:
        writer.writerow([_cell(cell) for cell in row.cells()])
    return out.getvalue()


_STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;width:100%;margin-bottom:2em}"
    "th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#e8e8e8}"
    "td.error{color:#a00000;font-weight:bold}"
)


def to_html(rows: Sequence[ReportRow], title: str = "Content health", summary: str = "") -> str:
    """A page with one table per category; everything escaped, nothing remote."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    if summary:
        parts.append(f"<p>{esc(summary)}</p>")
    for key, words in CATEGORY_WORDS.items():
        chosen = [row for row in rows if row.category == key]
        if not chosen:
            continue
        parts.append(f"<h2>{esc(words)} ({len(chosen)})</h2><table><tr>")
        parts.append("".join(f"<th>{esc(h)}</th>" for h in ReportRow.HEADER[1:]) + "</tr>")
        for row in chosen:
            cells = row.cells()[1:]
            parts.append("<tr>" + "".join(
                f'<td class="{esc(row.severity)}">{esc(c)}</td>' if i == 0 else f"<td>{esc(c)}</td>"
                for i, c in enumerate(cells)) + "</tr>")  # fmt: skip
        parts.append("</table>")
    if not rows:
        parts.append("<p>No problems found.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(path: Path, rows: Sequence[ReportRow], summary: str = "") -> str:
    """Write the report to ``path``, as HTML when it ends in .html/.htm, else as CSV; returns the
    format written. Raises OSError when the file cannot be written."""
    kind = "html" if path.suffix.lower() in (".html", ".htm") else "csv"
    text = to_html(rows, summary=summary) if kind == "html" else to_csv(rows)
    # CSV with a BOM: Excel then reads it as UTF-8 (accents in Spanish titles)
    path.write_text(text, encoding="utf-8-sig" if kind == "csv" else "utf-8", newline="")
    return kind
