"""Who published an article, where it lives online and under what licence: from its front matter.

The library began as NCI pages, but a clinic adds its own pages and other publishers' (a WHO fact
sheet, a hospital's leaflets). So the source is read, never assumed: the front matter's ``source``
name wins; with none, a page on cancer.gov is NCI's and any other page is credited to the host of
its ``url`` (``who.int``). NCI is the default only where the page is NCI's. No Qt here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

NCI_SITE = "https://www.cancer.gov"

# How front matter names NCI (compared case-folded, spaces collapsed).
_NCI_NAMES = frozenset(
    {
        "nci",
        "national cancer institute",
        "the national cancer institute",
        "us national cancer institute",
        "u.s. national cancer institute",
        "nci (national cancer institute)",
        "national cancer institute (nci)",
        "instituto nacional del cáncer",
        "instituto nacional del cancer",
        "cancer.gov",
        "www.cancer.gov",
    }
)


def is_nci_name(name: str | None) -> bool:
    return bool(name) and " ".join(name.split()).casefold() in _NCI_NAMES


@functools.lru_cache(maxsize=4096)  # the same few sites, asked for at every link of every page
def host_of(url: str | None) -> str | None:
    """``https://www.who.int/news-room/…`` -> ``who.int`` (lower case, no ``www.``, no port)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else (host or None)


def is_nci_host(host: str | None) -> bool:
    return bool(host) and (host == "cancer.gov" or host.endswith(".cancer.gov"))


def site_of(url: str | None, source: str | None = None) -> str | None:
    """The site that the article's site-relative links (``/contact``) are on: the scheme and host
    of its own ``url``; NCI's for an NCI page without one; None when nothing says which site."""
    if host_of(url):
        parts = urlsplit(url.strip())
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    if is_nci_name(source):
        return NCI_SITE
    return None


@dataclass(frozen=True)
class Source:
    nci: bool  # shown as the National Cancer Institute, in the label's language
    name: str | None  # the name to show otherwise (as the front matter gives it, or the url's host)
    url: str | None  # the page online
    license: str | None  # as the front matter gives it


def article_source(source: str | None, url: str | None, license: str | None = None) -> Source | None:
    """The article's source from its front matter values (``source``, ``url``, ``license``), or
    None when nothing says where it is from."""
    host = host_of(url)
    if source:
        return Source(is_nci_name(source), None if is_nci_name(source) else source, url, license)
    if is_nci_host(host):
        return Source(True, None, url, license)
    if host:
        return Source(False, host, url, license)
    if url:  # an address with no site in it ("leaflets/x"): shown, credited to nobody
        return Source(False, None, url, license)
    if license:
        return Source(False, None, None, license)
    return None


_PUBLIC_DOMAIN = {"public_domain", "public domain", "public-domain", "publicdomain", "pd", "dominio público",
                  "dominio publico"}  # fmt: skip
_CC = re.compile(
    r"(?:cc|creative[ _-]commons)[ _-]*(?P<kind>by(?:[ _-]+(?:nc|nd|sa))*|0|zero)(?:[ _-]+(?P<version>\d\.\d))?"
    r"(?:[ _-]+(?P<igo>igo))?(?:[ _-]+(?:international|license|licence))*",
    re.I,
)


def license_words(license: str, language: str = "en") -> str:
    """A licence as readers know it: ``public_domain`` -> "public domain" (or "dominio público"),
    ``cc-by-nc-sa-3.0-igo`` -> "CC BY-NC-SA 3.0 IGO"; anything else as written."""
    text = " ".join(license.split())
    if text.casefold() in _PUBLIC_DOMAIN:
        return "dominio público" if language == "es" else "public domain"
    m = _CC.fullmatch(text)
    if m:
        kind = m.group("kind").upper()
        if kind in ("0", "ZERO"):
            return "CC0"
        words = ["CC", "-".join(re.split(r"[ _-]+", kind))]
        if m.group("version"):
            words.append(m.group("version"))
        if m.group("igo"):
            words.append("IGO")
        return " ".join(words)
    return text
