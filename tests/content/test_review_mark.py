"""``review --mark-reviewed ID``: lastReviewed set to today, every other byte of the file kept;
and review lists (CLI, JSON, the health report) name each article's owner."""

from __future__ import annotations

import json
from datetime import date

import pytest

from mbc_reader import cli
from mbc_reader.content.health_report import build_report
from mbc_reader.content.loader import load_library
from mbc_reader.content.pack_store import current_folder
from mbc_reader.content.review_mark import MarkRefused, mark_reviewed, marked_bytes

DAY = date(2026, 12, 3)


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new) if a != b]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"lastReviewed: '2025-01-10'\n", b"lastReviewed: '2026-12-03'\n"),
        (b'lastReviewed: "2025-01-10"\n', b'lastReviewed: "2026-12-03"\n'),
        (b"lastReviewed: 2025-01-10\n", b"lastReviewed: 2026-12-03\n"),
        (b"lastReviewed:   2025-01-10   # by Ana\n", b"lastReviewed:   2026-12-03   # by Ana\n"),
        (b"last_reviewed : 2025-01-10\r\n", b"last_reviewed : 2026-12-03\r\n"),
    ],
)
def test_only_the_date_line_changes(line, expected):
    crlf = line.endswith(b"\r\n")
    eol = b"\r\n" if crlf else b"\n"
    before = (b"---" + eol + b"title: Chemo   at the clinic" + eol + b"tags: [a,  b]   # kept as written" + eol + line
              + b"reviewFrequency: yearly" + eol + b"---" + eol + b"# Heading" + eol + eol + b"Text  with  spaces." + eol)  # fmt: skip
    after, previous = marked_bytes(before, DAY)
    assert changed_lines(before, after) == [(line, expected)]
    assert previous == "2025-01-10"


def test_a_missing_date_is_added_right_after_the_title_and_nothing_else_moves(tmp_path):
    before = "---\nlanguage: es\ntitle: Quimioterapia\nowner: Ana\n---\nTexto.\n".encode()
    path = tmp_path / "a.md"
    path.write_bytes(before)
    marked = mark_reviewed(path, DAY)
    after = path.read_bytes()
    assert after == b"---\nlanguage: es\ntitle: Quimioterapia\nlastReviewed: '2026-12-03'\nowner: Ana\n---\nTexto.\n"
    assert marked.added and marked.previous is None


def test_after_a_title_that_goes_on_over_lines_and_in_crlf_and_latin_1(tmp_path):
    before = b"\xef\xbb\xbf---\r\ntitle: >\r\n  A long\r\n  title\r\nstatus: active\r\n---\r\nCaf\xe9 text.\r\n"
    after, previous = marked_bytes(before, DAY)
    assert after == (b"\xef\xbb\xbf---\r\ntitle: >\r\n  A long\r\n  title\r\nlastReviewed: '2026-12-03'\r\n"
                     b"status: active\r\n---\r\nCaf\xe9 text.\r\n")  # fmt: skip
    assert previous is None


def test_no_title_line_or_no_front_matter():
    assert marked_bytes(b"---\nstatus: active\n---\nText.\n", DAY)[0] == (
        b"---\nstatus: active\nlastReviewed: '2026-12-03'\n---\nText.\n")  # fmt: skip
    assert marked_bytes(b"# A page\n\nText.\n", DAY)[0] == b"---\nlastReviewed: '2026-12-03'\n---\n# A page\n\nText.\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (b"---\ntitle: A\nlastReviewed: 2025-01-01\nlastReviewed: 2025-02-01\n---\nText.\n", "there 2 times"),
        (b"---\ntitle: A\nlastReviewed:\n  2025-01-01\n---\nText.\n", "not a date on one line"),
        (b"---\ntitle: A\nlastReviewed: 2025-01-01\nText with no end.\n", "no closing '---'"),
    ],
)
def test_what_cannot_be_changed_safely_is_refused_and_left_alone(tmp_path, text, words):
    path = tmp_path / "a.md"
    path.write_bytes(text)
    with pytest.raises(MarkRefused) as refused:
        mark_reviewed(path, DAY)
    assert str(path) in str(refused.value) and words in str(refused.value)
    assert path.read_bytes() == text


def test_the_command_marks_today_and_review_lists_owners(tmp_path, capsys, write_article):
    late = write_article("late.md", "Some text.\n", title="Late page", lastReviewed="2024-01-10",
                         reviewFrequency="yearly", owner="Nurse Ana Ruiz")  # fmt: skip
    write_article("orphan.md", "Some text.\n", title="Orphan page", lastReviewed="2024-02-10", reviewFrequency="yearly")
    content = str(tmp_path / "content")
    assert cli.main(["review", "--content", content]) == 0
    out = capsys.readouterr().out
    assert "Late page  [owner: Nurse Ana Ruiz]" in out and "Orphan page  [no owner]" in out
    assert cli.main(["review", "--content", content, "--json"]) == 0
    overdue = json.loads(capsys.readouterr().out)["overdue"]
    assert [(i["id"], i["owner"]) for i in overdue] == [("late", "Nurse Ana Ruiz"), ("orphan", None)]
    rows = [r for r in build_report(load_library(tmp_path / "content")) if r.category == "review"]
    assert [(r.article_id, r.owner) for r in rows] == [("late", "Nurse Ana Ruiz"), ("orphan", "")]

    before = late.read_bytes()
    assert cli.main(["review", "--content", content, "--mark-reviewed", "late"]) == 0
    out = capsys.readouterr().out
    today = date.today().isoformat()
    assert out.startswith(f"late: lastReviewed {today} (was 2024-01-10) in ")
    [(old, new)] = changed_lines(before, late.read_bytes())
    assert new.decode().strip() in (f"lastReviewed: '{today}'", f"lastReviewed: {today}")
    assert cli.main(["review", "--content", content, "--json"]) == 0
    assert [i["id"] for i in json.loads(capsys.readouterr().out)["overdue"]] == ["orphan"]


def test_the_command_refuses_an_unknown_article_and_as_of(tmp_path, capsys, write_article):
    write_article("a.md", "Some text.\n", title="A")
    content = str(tmp_path / "content")
    assert cli.main(["review", "--content", content, "--mark-reviewed", "nope"]) == 2
    assert "no article 'nope'" in capsys.readouterr().err
    assert cli.main(["review", "--content", content, "--mark-reviewed", "a", "--as-of", "2026-01-01"]) == 2
    assert "always records today" in capsys.readouterr().err
    assert cli.main(["review", "--content", content, "--mark-reviewed", "a", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"id": "a", "file": str(tmp_path / "content" / "a.md"), "last_reviewed": date.today().isoformat(),
                    "previous": None}  # fmt: skip
    assert load_library(tmp_path / "content").get("a").last_reviewed == date.today()


def test_a_pack_owner_is_the_owner_of_its_articles_without_one(tmp_path, capsys, write_article, monkeypatch):
    monkeypatch.setenv("MBC_READER_DATA_DIR", str(tmp_path / "data"))  # the packs this test installs
    folder = tmp_path / "leaflets"
    write_article("hours.md", "Some text.\n", folder=folder, title="Opening hours", lastReviewed="2024-01-10",
                  reviewFrequency="yearly")  # fmt: skip
    write_article("groups.md", "Some text.\n", folder=folder, title="Support groups", lastReviewed="2024-01-10",
                  reviewFrequency="yearly", owner="Maria Lopez")  # fmt: skip
    assert cli.main(["pack", "install", str(folder), "--name", "clinic", "--owner", "Front  desk", "--no-index"]) == 0
    capsys.readouterr()
    assert cli.main(["review", "--json"]) == 0  # the bundled articles and the installed packs
    owners = {i["id"]: i["owner"] for i in json.loads(capsys.readouterr().out)["overdue"]}
    assert owners["hours"] == "Front desk" and owners["groups"] == "Maria Lopez"  # its own owner first

    # The same content installed again with another owner is a new install, not "unchanged".
    assert cli.main(["pack", "install", str(folder), "--name", "clinic", "--owner", "Day unit", "--no-index"]) == 0
    assert "unchanged" not in capsys.readouterr().out
    assert cli.main(["review", "--json"]) == 0
    assert {i["id"]: i["owner"] for i in json.loads(capsys.readouterr().out)["overdue"]}["hours"] == "Day unit"


def test_a_built_pack_carries_its_owner_in_the_signed_manifest(tmp_path, write_article):
    from mbc_reader.content.pack_build import build_pack
    from mbc_reader.content.packs import install_pack
    from mbc_reader.content.review import review_library

    folder = tmp_path / "leaflets"
    write_article("hours.md", "Some text.\n", folder=folder, title="Opening hours", lastReviewed="2024-01-10",
                  reviewFrequency="yearly")  # fmt: skip
    built = build_pack(folder, tmp_path / "clinic.zip", version="1.0", procs=1, owner="Front desk")
    assert built.manifest["owner"] == "Front desk"
    packs = tmp_path / "packs"
    install_pack(built.path, root=packs)
    library = load_library([current_folder(packs / "leaflets")])
    (item,) = review_library(library, date(2026, 1, 1)).overdue
    assert (item.id, item.owner) == ("hours", "Front desk")
    assert review_library(load_library([folder]), date(2026, 1, 1)).overdue[0].owner is None  # a plain folder
