"""A clinic's own leaflet (Word ``.docx``, OpenDocument ``.odt``, a web page ``.html``) as an article.

Pandoc reads the document (the ``pypandoc_binary`` wheel ships it: ``pip install
'mbc-reader[import]'``; a ``pandoc`` on PATH does too), always with ``--sandbox``: it reads the one
file and never the network. We take its document tree (JSON), decide the title, keep the headings
(the top level becomes ``##``, the article's sections), give the pictures plain relative names
in a folder beside the article, and have pandoc write the Markdown. The front matter says who it
is from (``clinic.ini``), its language, and that it was reviewed today. Nothing here parses a
Word file by hand, and nothing existing is ever overwritten: the article and its picture folder
are new, or the import is refused. No Qt here.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .clinic import Clinic

SUPPORTED = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html", ".xhtml": "html"}
KIND_WORDS = {"docx": "a Word document (.docx)", "odt": "an OpenDocument text (.odt)", "html": "a web page (.html)"}
HOW_TO_GET_PANDOC = (
    "importing documents needs pandoc: install it with  pip install 'mbc-reader[import]'  "
    "(the pypandoc_binary wheel, which ships pandoc), or install pandoc itself (apt-get install pandoc)"
)
MAX_BYTES = 100 * 1024 * 1024
PANDOC_SECONDS = 300
# Markdown that the article renderer (Python-Markdown: tables, footnotes, lists nested by four spaces)
# reads as pandoc means it.
MARKDOWN_FLAVOUR = "markdown_strict+pipe_tables+footnotes+four_space_rule-raw_html"
_IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg",
                "image/webp": ".webp", "image/bmp": ".bmp"}  # fmt: skip
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff", ".emf", ".wmf")


class ImportRefused(Exception):
    """The document cannot be imported; the message names the file and the problem."""


class ConverterMissing(ImportRefused):
    """No pandoc here; the message says how to get it."""


@dataclass
class Leaflet:
    """A converted document, not yet written: its Markdown and the pictures it uses."""

    title: str
    language: str | None  # as the document says (pandoc's ``lang``), when it does
    markdown: str
    pictures: dict[str, Path] = field(default_factory=dict)  # relative name in the article -> file to copy
    picture_bytes: dict[str, bytes] = field(default_factory=dict)  # relative name -> data (data: addresses)


def pandoc_path() -> str:
    """The pandoc program: the one ``pypandoc_binary`` ships, else one on PATH."""
    try:
        import pypandoc  # the wheel that ships pandoc; imported here: only ``import`` needs it
    except ImportError:
        found = shutil.which("pandoc")
        if found:
            return found
        raise ConverterMissing(HOW_TO_GET_PANDOC) from None
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        raise ConverterMissing(HOW_TO_GET_PANDOC) from None


def slug(text: str) -> str:
    """A file name from a document's name: ``Quimioterapia en la clínica`` -> ``quimioterapia-en-la-clinica``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-") or "leaflet"


def document_kind(path: Path) -> str:
    """``docx``/``odt``/``html`` for a file we can import; else :class:`ImportRefused` naming it."""
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUPPORTED))
        hint = " (save it as .docx from Word first)" if path.suffix.lower() in (".doc", ".rtf", ".pdf") else ""
        raise ImportRefused(f"{path}: cannot import '{path.suffix or 'a file with no extension'}' files{hint}; "
                            f"import one of {known}")  # fmt: skip
    if not path.exists():
        raise ImportRefused(f"{path}: no such file")
    if not path.is_file():
        raise ImportRefused(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise ImportRefused(f"{path}: {size // (1024 * 1024)} MB is too large to import (at most {MAX_BYTES // (1024 * 1024)} MB)")
    if kind in ("docx", "odt") and not zipfile.is_zipfile(path):
        raise ImportRefused(f"{path}: not {KIND_WORDS[kind]}: the file is damaged or of another kind "
                            "(open it in its program and save it again)")  # fmt: skip
    return kind


def _run_pandoc(args: list[str], path: Path, kind: str, stdin: bytes | None = None) -> bytes:
    feed = {"input": stdin} if stdin is not None else {"stdin": subprocess.DEVNULL}
    try:
        done = subprocess.run([pandoc_path(), "--sandbox", *args], capture_output=True, timeout=PANDOC_SECONDS,
                              check=False, **feed)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ImportRefused(f"{path}: pandoc took over {PANDOC_SECONDS} s to read it; not imported") from None
    except OSError as exc:
        raise ConverterMissing(f"{HOW_TO_GET_PANDOC} (pandoc could not be started: {exc.strerror or exc})") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ImportRefused(f"{path}: cannot be read as {KIND_WORDS[kind]}: {said[0] if said else 'pandoc failed'}")
    return done.stdout


def _read_tree(path: Path, kind: str, media: Path) -> dict:
    if kind == "html":
        from .loader import decode  # the loader's reading of bytes: UTF-8, else what the bytes are

        text = decode(path.read_bytes()).text
        out = _run_pandoc(["-f", "html", "-t", "json"], path, kind, stdin=text.encode("utf-8"))
    else:
        out = _run_pandoc([f"--extract-media={media}", "-f", kind, "-t", "json", str(path)], path, kind)
    try:
        tree = json.loads(out)
    except ValueError:
        raise ImportRefused(f"{path}: pandoc's reading of it could not be understood") from None
    if not isinstance(tree, dict) or not isinstance(tree.get("blocks"), list):
        raise ImportRefused(f"{path}: pandoc's reading of it could not be understood")
    return tree


def plain_text(node: object) -> str:
    """The words of part of a pandoc tree (inlines, blocks, meta values), spaces collapsed."""
    parts: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            t, c = item.get("t"), item.get("c")
            if t in ("Str", "MetaString"):
                parts.append(str(c))
            elif t in ("Space", "SoftBreak", "LineBreak"):
                parts.append(" ")
            elif t in ("Code", "Math", "RawInline") and isinstance(c, list) and c and isinstance(c[-1], str):
                parts.append(c[-1])
            elif t in ("Image", "Link") and isinstance(c, list) and len(c) > 1:
                walk(c[1])
            elif c is not None:
                walk(c)

    walk(node)
    return " ".join("".join(parts).split())


def _nodes(item: object, kind: str):
    """Every node of type ``kind`` in a pandoc tree, outermost first."""
    if isinstance(item, list):
        for x in item:
            yield from _nodes(x, kind)
    elif isinstance(item, dict):
        if item.get("t") == kind:
            yield item
        if "c" in item:
            yield from _nodes(item["c"], kind)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _title_and_headings(tree: dict, title: str | None, fallback: str) -> str:
    """Decide the title (given, the document's own, its first heading, the file's name) and make
    the top heading level ``##``; a first heading that only repeats the title is dropped."""
    meta_title = plain_text(tree.get("meta", {}).get("title"))
    blocks = tree["blocks"]
    first = blocks[0] if blocks and isinstance(blocks[0], dict) and blocks[0].get("t") == "Header" else None
    chosen = title or meta_title or (plain_text(first["c"][2]) if first else "") or fallback
    if first is not None and _same(plain_text(first["c"][2]), chosen):
        del blocks[0]
    headers = list(_nodes(blocks, "Header"))
    if headers:
        shift = 2 - min(int(h["c"][0]) for h in headers)
        for header in headers:
            header["c"][0] = max(2, min(6, int(header["c"][0]) + shift))
            header["c"][1] = ["", [], []]  # the reader gives headings their anchors
    return " ".join(chosen.split())


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, "." + suffix) if dot else (name, "")
    stem = slug(stem) if stem else "picture"
    candidate, n = stem + suffix.lower(), 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix.lower()}"
    taken.add(candidate)
    return candidate


def _pictures(tree: dict, kind: str, source: Path, media: Path, folder: str, leaflet: Leaflet) -> None:
    """Point every picture at a plain file name in ``folder`` and note what to copy there. Pictures
    on the web stay addresses (the reader never fetches them; it shows their description)."""
    taken: set[str] = set()
    media_root = media.resolve()
    for image in _nodes(tree["blocks"], "Image"):
        attr, alt, target = image["c"]
        src = str(target[0])
        image["c"][0] = ["", [], []]  # no sizes: the reader fits pictures to its column
        if alt and plain_text(alt).lower().endswith(_IMAGE_SUFFIXES):
            image["c"][1] = []  # a file name is no description
        parts = urlsplit(src)
        if parts.scheme == "data":
            header, _, payload = src.partition(",")
            suffix = _IMAGE_TYPES.get(header[5:].split(";")[0].lower())
            if suffix is None or ";base64" not in header:
                continue
            try:
                data = base64.b64decode(payload, validate=False)
            except (binascii.Error, ValueError):
                continue
            name = _unique(f"picture{suffix}", taken)
            leaflet.picture_bytes[f"{folder}/{name}"] = data
        elif parts.scheme or parts.netloc:
            continue  # on the web: kept as an address
        else:
            local = Path(unquote(parts.path))
            local = local if local.is_absolute() else source.parent / local
            try:
                real = local.resolve()
            except (OSError, RuntimeError, ValueError):
                continue
            if kind != "html" and not real.is_relative_to(media_root):
                continue  # a picture the document only links to: check says it is missing
            if not real.is_file():
                continue  # check reports it as a missing picture
            # a web page's own names; a document's are its archive's (image1.png, or a hash in an .odt)
            name = _unique(real.name if kind == "html" else f"picture-{len(taken) + 1}{real.suffix}", taken)
            leaflet.pictures[f"{folder}/{name}"] = real
        target[0] = f"{folder}/{name}"
        target[1] = ""


def convert(source: Path, work: Path, folder: str, title: str | None = None) -> Leaflet:
    """Read ``source`` (pictures unpacked into ``work``, a scratch folder) as a leaflet whose
    pictures will be in ``folder`` beside it."""
    kind = document_kind(source)
    media = work / "media"
    tree = _read_tree(source, kind, media)
    words = re.sub(r"[-_]+", " ", source.stem).strip()
    chosen = _title_and_headings(tree, title, words[:1].upper() + words[1:] if words else "Leaflet")
    language = plain_text(tree.get("meta", {}).get("lang")) or None
    leaflet = Leaflet(chosen, language, "")
    _pictures(tree, kind, source, media, folder, leaflet)
    if not plain_text(tree["blocks"]) and not leaflet.pictures and not leaflet.picture_bytes:
        raise ImportRefused(f"{source}: the document has no text")
    tree["meta"] = {}
    out = _run_pandoc(["-f", "json", "-t", MARKDOWN_FLAVOUR, "--wrap=none", "--markdown-headings=atx"],
                      source, kind, stdin=json.dumps(tree).encode("utf-8"))  # fmt: skip
    leaflet.markdown = out.decode("utf-8", "replace").strip() + "\n"
    return leaflet


def front_matter(leaflet: Leaflet, language: str, clinic: Clinic, today: date, source: Path) -> str:
    """The article's front matter, the title first (``review --mark-reviewed`` adds dates after it)."""
    fields: dict[str, object] = {"title": leaflet.title, "language": language}
    if clinic.name:
        fields["source"] = clinic.name
    if clinic.license:
        fields["license"] = clinic.license
    if clinic.owner:
        fields["owner"] = clinic.owner
    fields.update({
        "lastReviewed": today.isoformat(),
        "reviewFrequency": clinic.review_frequency,
        "status": "active",
        "audienceLevel": "patient",
        "importedFrom": source.name,
    })  # fmt: skip
    text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
    return f"---\n{text}---\n\n"


@dataclass(frozen=True)
class Written:
    article: Path
    pictures: tuple[Path, ...]


def write_article(leaflet: Leaflet, head: str, article: Path, folder: Path) -> Written:
    """Write the article and its pictures; refuse (naming the file) when either is already there.
    On any failure, whatever this call created is removed again."""
    for existing in (article, folder):
        if existing.exists() or existing.is_symlink():
            raise ImportRefused(f"{existing}: already exists; not overwritten (remove it, or import into another folder)")
    created: list[Path] = []
    try:
        article.parent.mkdir(parents=True, exist_ok=True)
        pictures: list[Path] = []
        if leaflet.pictures or leaflet.picture_bytes:
            folder.mkdir()
            created.append(folder)
            for name, path in leaflet.pictures.items():
                target = article.parent / name
                shutil.copyfile(path, target)
                pictures.append(target)
            for name, data in leaflet.picture_bytes.items():
                target = article.parent / name
                target.write_bytes(data)
                pictures.append(target)
        with open(article, "x", encoding="utf-8", newline="\n") as out:
            created.append(article)
            out.write(head + leaflet.markdown)
    except OSError as exc:
        for path in reversed(created):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        raise ImportRefused(f"{exc.filename or article}: cannot be written ({exc.strerror or exc})") from None
    return Written(article, tuple(pictures))
