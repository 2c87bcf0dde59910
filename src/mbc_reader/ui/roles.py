"""The data roles of every item model in the window: one enum, so no two models give the same
name two numbers (the navigator's ARTICLE_ID and the search results' were UserRole+2 and +1).

Values from ``Qt.ItemDataRole.UserRole`` (256) on; tools and tests may read items by number.
"""

from __future__ import annotations

from enum import IntEnum

_USER = 256  # Qt.ItemDataRole.UserRole, without touching Qt's namespace (start-up rules: first_page.py)


class Role(IntEnum):
    ARTICLE_ID = _USER + 1  # the article (search: or "glossary:<term id>"); a language group: its code
    ANCHOR = _USER + 2  # the section's anchor ("" for the article itself)
    HTML = _USER + 3  # a search hit as the delegate paints it
    TITLE = _USER + 4
    SECTION = _USER + 5
    SNIPPET = _USER + 6
    KIND = _USER + 7  # navigator: "language", "topic", "article", "section" or the pending placeholder
    PROBLEM = _USER + 8  # health: the content Problem a row is about (where in its article it is)
