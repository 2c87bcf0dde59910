"""The bundled glossary (NCI Dictionary of Cancer Terms) and its build script."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mbc_reader import paths
from mbc_reader.content.glossary import (
    Glossary,
    GlossaryEntry,
    normalise_name,
    term_id_from_href,
)

from ..conftest import REPO, SHARED

SOURCE = SHARED / "glossary" / "nci-dictionary-2015.json"
BUNDLED = REPO / "resources" / "glossary.sqlite"
BUILD_SCRIPT = REPO / "scripts" / "build_glossary.py"

needs_source = pytest.mark.skipif(
    not SOURCE.is_file(), reason=f"the glossary source JSON is not available at {SOURCE} (../shared/glossary)"
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    assert BUNDLED.is_file(), "resources/glossary.sqlite is missing: run scripts/build_glossary.py"
    g = Glossary(BUNDLED)
    yield g
    g.close()


# -- by id ---------------------------------------------------------------------------------------


def test_lookup_by_id_english(glossary: Glossary) -> None:
    entry = glossary.lookup("45762")
    assert isinstance(entry, GlossaryEntry)
    assert entry.term_id == "45762"
    assert entry.name == "lymph node"
    assert entry.language == "en"
    assert entry.closest_match is False
    assert "lymph" in entry.definition.lower()
    assert "<" not in entry.definition  # plain text
    assert glossary.error is None


def test_lookup_accepts_the_link_address(glossary: Glossary) -> None:
    entry = glossary.lookup("/publications/dictionaries/cancer-terms/def/45762", "lymph nodes")
    assert entry is not None and entry.term_id == "45762" and not entry.closest_match


def test_lookup_spanish(glossary: Glossary) -> None:
    entry = glossary.lookup("45762", language="es")
    assert entry is not None
    assert entry.language == "es"
    assert entry.name == "ganglio linfático"
    assert "linfático" in entry.definition
    assert entry.definition != glossary.lookup("45762").definition


def test_spanish_falls_back_to_english_when_the_term_has_no_spanish(glossary: Glossary) -> None:
    conn = sqlite3.connect(BUNDLED.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        (term_id,) = conn.execute("SELECT term_id FROM terms WHERE es_name IS NULL LIMIT 1").fetchone()
    finally:
        conn.close()
    entry = glossary.lookup(term_id, language="es")
    assert entry is not None
    assert entry.language == "en"
    assert entry.name == glossary.lookup(term_id).name


def test_prefers_the_patient_definition(glossary: Glossary) -> None:
    # HER2/neu has a "Cancer.gov"/"Patient" definition and a "Genetics"/"Health professional" one.
    conn = sqlite3.connect(BUNDLED.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT count(*) FROM terms WHERE en_def IS NULL OR en_def = ''").fetchone()
    finally:
        conn.close()
    assert rows == (0,)
    entry = glossary.lookup("44945")
    assert entry is not None and entry.name == "HER2/neu"
    assert entry.definition.startswith("A protein involved in normal cell growth")


def test_has(glossary: Glossary) -> None:
    assert glossary.has("45762")
    assert glossary.has("/publications/dictionaries/cancer-terms/def/45762")
    assert not glossary.has("793177")  # HER2: newer than the 2015 snapshot
    assert not glossary.has("")
    assert not glossary.has("not-an-id")


def test_len_and_credit(glossary: Glossary) -> None:
    assert len(glossary) == 8092
    assert glossary.credit() == "NCI Dictionary of Cancer Terms"
    meta = glossary.meta()
    assert meta["source_repo"] == "CBIIT/nci-webtools-cancer-terms-api"
    assert len(meta["source_commit"]) == 40
    assert "public domain" in meta["licence"]


# -- fallback by the link text -------------------------------------------------------------------


def test_missing_id_falls_back_to_a_name_starting_with_the_text(glossary: Glossary) -> None:
    entry = glossary.lookup("793177", "HER2")
    assert entry is not None
    assert entry.closest_match is True
    assert entry.name.startswith("HER2")
    assert entry.term_id != "793177"


def test_missing_id_with_spanish_answer(glossary: Glossary) -> None:
    entry = glossary.lookup("793177", "HER2", language="es")
    assert entry is not None and entry.closest_match and entry.language == "es"
    assert entry.term_id == glossary.lookup("793177", "HER2").term_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lymph nodes", "lymph node"),  # plural
        ("**chemotherapy**", "chemotherapy"),  # markdown emphasis in the link text
        ("ER", "ER"),  # not ER+ or ER-, which normalise alike
        ("lymph system", "lymphatic system"),  # 793442, absent from 2015
        ("hormone receptor–positive", "hormone receptor"),  # 788029, absent from 2015
        ("ganglios linfáticos", "lymph node"),  # Spanish link text, Spanish plural
    ],
)
def test_missing_id_text_fallbacks(glossary: Glossary, text: str, expected: str) -> None:
    entry = glossary.lookup("999999999", text)
    assert entry is not None, text
    assert entry.name == expected
    assert entry.closest_match is True


def test_missing_id_with_unknowable_text_is_none(glossary: Glossary) -> None:
    assert glossary.lookup("999999999", "zqxwv blorptastic") is None
    assert glossary.lookup("999999999") is None
    assert glossary.lookup(None, "") is None
    assert glossary.lookup(None, "—") is None


def test_find(glossary: Glossary) -> None:
    results = glossary.find("lymph node")
    assert results[0].name == "lymph node" and results[0].closest_match is False
    assert all(not r.closest_match for r in results[:1])
    assert all("lymph node" in normalise_name(r.name) for r in results)
    assert len(glossary.find("ca", limit=3)) == 3
    assert glossary.find("") == []
    spanish = glossary.find("cáncer de mama", language="es")
    assert spanish and spanish[0].language == "es" and spanish[0].name == "cáncer de mama"


def test_normalise_and_ids() -> None:
    assert normalise_name("  Hormone receptor–positive ") == "hormone receptor positive"
    assert normalise_name("HER2/neu") == "her2 neu"
    assert normalise_name("ganglio linfático") == "ganglio linfatico"
    assert normalise_name("Hodgkin's") == "hodgkins"
    assert term_id_from_href("/publications/dictionaries/cancer-terms/def/45762") == "45762"
    assert term_id_from_href("https://www.cancer.gov/publications/dictionaries/cancer-terms/def/45762/") == "45762"
    assert term_id_from_href("CDR0000045762") == "45762"
    assert term_id_from_href(45762) == "45762"
    assert term_id_from_href("/publications/dictionaries/cancer-terms/def/lymph-node") is None


def test_ids_from_every_dictionary_address() -> None:
    # the old pop-up with a CDR id (157 corpus articles), a bare id, the Spanish dictionary, a search
    popup = "/Common/PopUps/popDefinition.aspx?id=CDR0000044163&version=Patient&language=English"
    assert term_id_from_href(popup) == "44163"
    assert term_id_from_href("/Common/PopUps/popDefinition.aspx?id=46026&version=patient&language=English") == "46026"
    assert term_id_from_href("/espanol/publicaciones/diccionarios/diccionario-cancer/def/45762") == "45762"
    assert term_id_from_href("https://www.cancer.gov/publications/dictionaries/cancer-terms?cdrid=635460") == "635460"
    # the drug dictionary is another dictionary: its ids are not glossary ids
    assert term_id_from_href("https://www.cancer.gov/publications/dictionaries/cancer-drug/def/706364") is None


def test_lookup_accepts_every_dictionary_address(glossary: Glossary) -> None:
    entry = glossary.lookup("/Common/PopUps/popDefinition.aspx?id=CDR0000044163&version=Patient&language=en")
    assert entry is not None and entry.term_id == "44163" and entry.name == "primary endpoint"
    slug = glossary.lookup("https://www.cancer.gov/publications/dictionaries/cancer-terms/def/locally-advanced-cancer")
    assert slug is not None and slug.term_id == "45955"
    spanish_slug = "/espanol/publicaciones/diccionarios/diccionario-cancer/def/ganglio-linfatico"
    spanish = glossary.lookup(spanish_slug, language="es")
    assert spanish is not None and spanish.term_id == "45762" and spanish.name == "ganglio linfático"


def test_term_id_for_name_is_exact_in_both_languages(glossary: Glossary) -> None:
    assert glossary.term_id_for_name("treatment-summary") is None  # newer than the 2015 snapshot
    assert glossary.term_id_for_name("locally-advanced-cancer") == "45955"  # a slug is a name
    assert glossary.term_id_for_name("Primary Endpoint") == "44163"
    assert glossary.term_id_for_name("lymph nodes") == "45762"  # a plural, as its singular
    assert glossary.term_id_for_name("ganglios linfáticos", "es") == "45762"
    assert glossary.term_id_for_name("criterio-principal-de-valoracion", "es") == "44163"  # accents folded
    assert glossary.term_id_for_name("ganglio-linf%C3%A1tico", "es") == "45762"  # as an address writes it
    assert glossary.term_id_for_name("HER2") is None  # only close ("HER2/neu") is not taken
    assert glossary.term_id_for_name("") is None


def test_thread_safe(glossary: Glossary) -> None:
    errors: list[BaseException] = []
    names: list[str] = []

    def work() -> None:
        try:
            for _ in range(50):
                entry = glossary.lookup("45762", language="es")
                names.append(entry.name)
                assert glossary.lookup("793177", "HER2") is not None
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert set(names) == {"ganglio linfático"} and len(names) == 400


def test_bundled_is_cached_and_lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    Glossary.bundled.cache_clear()
    try:
        monkeypatch.setenv("MBC_READER_HOME", str(REPO))
        g = Glossary.bundled()
        assert g is Glossary.bundled()
        assert g.path == paths.resource("glossary.sqlite")
        assert g._conn is None  # nothing read yet
        assert g.lookup("45762") is not None
    finally:
        Glossary.bundled.cache_clear()


# -- broken files --------------------------------------------------------------------------------


def test_missing_file_is_an_empty_glossary(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    g = Glossary(tmp_path / "nope.sqlite")  # constructing reads nothing
    with caplog.at_level("WARNING", logger="mbc_reader.content.glossary"):
        assert g.lookup("45762", "lymph node") is None
        assert not g.has("45762")
        assert g.find("lymph") == []
        assert len(g) == 0
    assert g.error and "missing" in g.error
    assert g.credit() == "NCI Dictionary of Cancer Terms"
    assert any("missing" in r.getMessage() for r in caplog.records)
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_corrupt_file_is_an_empty_glossary(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bad = tmp_path / "glossary.sqlite"
    bad.write_bytes(b"this is not a database, just some garbage bytes\x00\xff" * 200)
    g = Glossary(bad)
    with caplog.at_level("WARNING", logger="mbc_reader.content.glossary"):
        assert g.lookup("45762", "lymph node") is None
        assert not g.has("45762")
        assert len(g) == 0
    assert g.error and "damaged" in g.error
    assert caplog.records


def test_truncated_database_is_an_empty_glossary(tmp_path: Path) -> None:
    cut = tmp_path / "glossary.sqlite"
    cut.write_bytes(BUNDLED.read_bytes()[:20000])
    g = Glossary(cut)
    assert g.lookup("45762") is None  # must not raise
    assert g.error


def test_other_sqlite_file_is_an_empty_glossary(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    g = Glossary(other)
    assert g.lookup("45762", "lymph node") is None
    assert g.error


# -- read-only -----------------------------------------------------------------------------------


def test_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "install"
    folder.mkdir()
    db = folder / "glossary.sqlite"
    shutil.copyfile(BUNDLED, db)
    before = db.read_bytes()
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    try:
        g = Glossary(db)
        entry = g.lookup("45762")
        assert entry is not None and entry.name == "lymph node"
        assert g.lookup("793177", "HER2") is not None
        assert g.find("lymph")
        assert g.error is None
        assert sorted(p.name for p in folder.iterdir()) == ["glossary.sqlite"]
        g.close()
        assert db.read_bytes() == before
    finally:
        folder.chmod(stat.S_IRWXU)
        db.chmod(stat.S_IRUSR | stat.S_IWUSR)


# -- the build script ----------------------------------------------------------------------------


def _build(out: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--source", str(SOURCE), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert result.returncode == 0, result.stderr
    assert "8,092 terms" in result.stdout


@needs_source
def test_build_is_reproducible_and_matches_the_committed_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "glossary.sqlite", tmp_path / "b" / "glossary.sqlite"
    _build(first)
    _build(second)
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in first.parent.iterdir()) == ["glossary.sqlite"]  # no temp left

    # The committed resource holds the same rows (compared as SQL, since another SQLite version
    # may lay the bytes out differently).
    def dump(path: Path) -> list[str]:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            return list(conn.iterdump())
        finally:
            conn.close()

    assert dump(first) == dump(BUNDLED), "resources/glossary.sqlite is stale: run scripts/build_glossary.py"


def test_build_rejects_a_bad_source(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"terms": 3}', encoding="utf-8")
    out = tmp_path / "out.sqlite"
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--source", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot build" in result.stderr
    assert not out.exists()
