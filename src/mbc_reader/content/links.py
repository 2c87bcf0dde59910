"""Where an article's links go: other articles of the library, or addresses on the article's own site.

A link is resolved from the article it is in, as a browser would from the page's address:

* a site-relative link (``/contact``) is on the article's own site, the scheme and host of its
  ``url`` (``https://www.who.int``); NCI's site only for NCI's pages; with no site to go by it
  can only be another article of the library (matched by path), else it is dropped;
* an absolute address (``https://www.who.int/x``) opens the library's article with that ``url``,
  else it is an outside address;
* a relative link (``leaflet.md``, ``leaflet.md#tests``, ``../other/x.md``, ``leaflet``) is a file
  of the content folder, relative to the article's own file: ``article:<id>[#anchor]``. A link to
  a content file that is not there is dropped (the loader warns, naming the article and the
  target); a relative address of some other kind (``contact.html``) is on the article's site.

Nothing here opens anything: the reader shows outside addresses as a code to scan. No Qt.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from .source import NCI_SITE, host_of, is_nci_host

CONTENT_SUFFIXES = (".md", ".markdown", ".txt")


def page_key(host: str | None, path: str) -> str:
    """The key a page is known by in :attr:`LinkResolver.pages`: ``who.int/news/x`` (lower case,
    no ``www.``, no trailing slash); ``/news/x`` (its path alone) when the host is unknown."""
    path = path.rstrip("/").lower()
    return f"{host}{path}" if host else (path or "/")


def page_keys(url: str | None) -> list[str]:
    """The keys a page with this ``url`` is found by: host and path, and its path alone."""
    host = host_of(url)
    if not host:
        return []
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return []
    path = path.rstrip("/").lower()
    return [page_key(host, path), path or "/"]


class Resolved(NamedTuple):
    target: str | None  # article:<id>[#anchor], https://…, mailto:…; None: the link is dropped
    kind: str  # "article", "external", "anchor"; "dropped" ("missing": no such file) when target is None
    reason: str = ""  # why it was dropped, in words a clinic admin can act on


def _dropped(reason: str) -> Resolved:
    return Resolved(None, "dropped", reason)


@dataclass(frozen=True)
class LinkResolver:
    """Resolves the links of one article (picklable: the catalog keeps one per article).

    ``pages`` and ``files`` are the library's, shared by every article of a content folder.
    """

    pages: Mapping[str, str] = field(default_factory=dict)  # page_key -> article id
    site: str | None = NCI_SITE  # "https://www.who.int": where site-relative links are
    url: str | None = None  # the article's own address, for relative addresses on its site
    files: Mapping[str, str] = field(default_factory=dict)  # file in the folder (lower case) -> id ("": unreadable)
    here: str | None = None  # this article's file, relative to its content folder ("docs/a.md")
    by_path: Callable[[str], str | None] | None = None  # the old form: cancer.gov path -> id

    @classmethod
    def from_callable(cls, resolve_article: Callable[[str], str | None]) -> LinkResolver:
        """What a plain ``path -> id`` function always meant: an NCI page's links."""
        return cls(site=NCI_SITE, by_path=resolve_article)

    @functools.cached_property
    def on_nci(self) -> bool:  # asked for every link of a page: worked out once
        return self.site is None or is_nci_host(host_of(self.site))

    def _page(self, host: str | None, path: str) -> str | None:
        if self.by_path is not None:
            return self.by_path(path.rstrip("/").lower()) if host is None or is_nci_host(host) else None
        return self.pages.get(page_key(host, path))

    def resolve(self, url: str, parts: SplitResult) -> Resolved:
        """A link that is not a dictionary term, an ``#anchor``, ``mailto:`` or ``tel:``."""
        scheme = parts.scheme.lower()
        if scheme in ("http", "https"):
            host = host_of(url)
            if not host:
                return _dropped(f"'{_short(url)}' is not a complete address (it names no site)")
            article_id = self._page(host, parts.path)
            if article_id:
                return Resolved(_article(article_id, parts.fragment), "article")
            return Resolved(url, "external")
        if scheme or url.startswith("//"):
            # javascript:, file:, data:, ftp:, //host/…: nothing the reader can show safely
            return _dropped(f"'{_short(url)}' is not an address the reader can show (only web addresses are)")
        if url.startswith("/"):
            return self._site_relative(url, parts)
        return self._relative(url, parts)

    def _site_relative(self, url: str, parts: SplitResult) -> Resolved:
        host = host_of(self.site) if self.site else None
        article_id = self._page(host, parts.path)
        if article_id:
            return Resolved(_article(article_id, parts.fragment), "article")
        if self.site:
            return Resolved(self.site + url, "external")
        return _dropped(
            f"'{_short(url)}' is a path on a web site, and nothing says which site: add the page's address "
            "('url: https://…') to the front matter"
        )

    def _relative(self, url: str, parts: SplitResult) -> Resolved:
        name = unquote(parts.path).replace("\\", "/")
        if not name:
            return _dropped(f"'{_short(url)}' has no address")
        base = posixpath.dirname(self.here) if self.here else ""
        joined = posixpath.normpath(posixpath.join(base, name))
        is_content = name.lower().endswith(CONTENT_SUFFIXES)
        if not joined.startswith("../") and joined != "..":
            candidates = [joined] if is_content else [joined + suffix for suffix in CONTENT_SUFFIXES]
            if not is_content and name.endswith("/"):
                candidates = [posixpath.join(joined, "index" + suffix) for suffix in CONTENT_SUFFIXES]
            for candidate in candidates:
                article_id = self.files.get(candidate.lower())
                if article_id:
                    return Resolved(_article(article_id, parts.fragment), "article")
                if article_id == "":  # the loader could not read it
                    return Resolved(None, "missing", f"it links to '{_short(url)}', which cannot be shown "
                                                     "(see that file's own problem)")
        if is_content:
            where = "outside the content folder" if joined.startswith("..") else "not in the content folder"
            return Resolved(None, "missing", f"it links to '{_short(url)}', which is {where}")
        if self._page_url():  # "contact.html" on https://hospital.example/patients/: …/patients/contact.html
            address = urljoin(self._page_url(), url)
            joined_parts = urlsplit(address)
            article_id = self._page(host_of(address), joined_parts.path)
            if article_id:
                return Resolved(_article(article_id, joined_parts.fragment), "article")
            return Resolved(address, "external")
        return _dropped(f"it links to '{_short(url)}', which is not a file of the content folder")

    def _page_url(self) -> str | None:
        return self.url if host_of(self.url) else None


def _article(article_id: str, fragment: str) -> str:
    return f"article:{article_id}" + (f"#{fragment}" if fragment else "")


def _short(url: str, most: int = 120) -> str:
    return url if len(url) <= most else url[: most - 1] + "…"
