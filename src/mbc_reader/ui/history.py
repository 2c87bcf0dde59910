"""Back/forward through the places read: article and section, as in a browser.

Plain Python (no Qt) so the rules are easy to test: a new place drops everything "forward" of
the current one, and the current place is updated in place as the reader scrolls, so Back
returns to the section they were reading rather than to the top of the article.
"""

from __future__ import annotations

from typing import NamedTuple


class Place(NamedTuple):  # a named tuple: made before the first frame (start-up rules: first_page.py)
    article_id: str
    anchor: str = ""


class History:
    def __init__(self) -> None:
        self._places: list[Place] = []
        self._at = -1

    def clear(self) -> None:
        self._places = []
        self._at = -1

    def current(self) -> Place | None:
        return self._places[self._at] if 0 <= self._at < len(self._places) else None

    def push(self, place: Place) -> None:
        del self._places[self._at + 1 :]
        self._places.append(place)
        self._at = len(self._places) - 1

    def update_current(self, place: Place) -> None:
        """The reader moved within the current step (scrolled, or picked another section)."""
        if self.current() is not None:
            self._places[self._at] = place

    def can_go_back(self) -> bool:
        return self._at > 0

    def can_go_forward(self) -> bool:
        return self._at + 1 < len(self._places)

    def back(self) -> Place | None:
        if not self.can_go_back():
            return None
        self._at -= 1
        return self._places[self._at]

    def forward(self) -> Place | None:
        if not self.can_go_forward():
            return None
        self._at += 1
        return self._places[self._at]

    def __len__(self) -> int:
        return len(self._places)
