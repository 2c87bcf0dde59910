"""Built packs: ``pack build`` -> (sign) -> ``pack install``, and every way a pack is refused.

One small pack is built (and signed) per module and copied or altered for each test. Trusted
keys, the data and the cache folders are per test (``MBC_READER_TRUSTED_KEYS`` etc.).
"""

from __future__ import annotations

import io
import json
import pickle
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from mbc_reader import __version__, cli
from mbc_reader.content import pack_build, packs
from mbc_reader.content.pack_build import INDEX_PREFIX, MANIFEST_MEMBER, SIGNATURE_MEMBER, build_pack
from mbc_reader.content.pack_sign import KEYS_ENV, generate_keypair, load_private_key, sign, trust_store
from mbc_reader.content.packs import PackError, PackRefused, install_pack, list_packs

WORDS = {"alpha": "zebrafish", "beta": "quokka", "gamma": "axolotl"}


def _write(folder: Path, name: str, title: str, body: str, **meta) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["---", f"title: {title!r}", "language: 'en'", "status: 'active'"]
    lines += [f"{k}: {v!r}" for k, v in meta.items()] + ["---", ""]
    (folder / name).write_text("\n".join(lines) + body, encoding="utf-8")


def make_source(folder: Path, words: dict[str, str] = WORDS, tag: str = "") -> Path:
    for stem, word in words.items():
        _write(folder / "topic", f"{stem}.md", f"About {word} {tag}".strip(),
               f"## Overview\n\nThis page is about the {word} and nothing else.\n\n![A {word}](../media/{stem}.png)\n")  # fmt: skip
    (folder / "media").mkdir(parents=True, exist_ok=True)
    for stem in words:
        (folder / "media" / f"{stem}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + stem.encode())
    return folder


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("keys")
    trusted_private, trusted_public, _ = generate_keypair(root / "publisher", "publisher")
    stranger_private, _, _ = generate_keypair(root / "stranger", "stranger")
    return {"private": trusted_private, "public": trusted_public, "stranger": stranger_private}


@pytest.fixture(scope="module")
def built(tmp_path_factory, keys) -> dict[str, Path]:
    """The same articles built three ways: signed (version 2.0), unsigned, signed by a stranger."""
    root = tmp_path_factory.mktemp("built")
    source = make_source(root / "clinic")
    return {
        "signed": build_pack(source, root / "signed.zip", version="2.0", sign_key=keys["private"], procs=1).path,
        "unsigned": build_pack(source, root / "unsigned.zip", version="2.0", procs=1).path,
        "stranger": build_pack(source, root / "stranger.zip", version="2.0", sign_key=keys["stranger"], procs=1).path,
        "source": source,
    }


@pytest.fixture(autouse=True)
def folders(tmp_path, monkeypatch) -> dict[str, Path]:
    out = {name: tmp_path / name for name in ("data", "cache", "trusted")}
    monkeypatch.setenv("MBC_READER_DATA_DIR", str(out["data"]))
    monkeypatch.setenv("MBC_READER_CACHE_DIR", str(out["cache"]))
    monkeypatch.setenv(KEYS_ENV, str(out["trusted"]))  # missing: no keys configured
    return out


@pytest.fixture
def trusted(folders, keys) -> Path:
    """Configure this computer to trust the publisher's key."""
    folders["trusted"].mkdir(exist_ok=True)
    shutil.copy(keys["public"], folders["trusted"] / "publisher.pub")
    return folders["trusted"]


# -- helpers -------------------------------------------------------------------------------------


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def flip_one_byte(data: bytes) -> bytes:
    i = len(data) // 2
    return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]


def repack(source: Path, out: Path, change=None, private: Path | None = None, edit_manifest=None) -> Path:
    """A copy of a built pack with members changed (``change``: name -> bytes or None to drop),
    its manifest made consistent again, then edited, and re-signed with ``private`` (None: unsigned)."""
    members = members_of(source)
    for name, data in (change or {}).items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    manifest = json.loads(members.pop(MANIFEST_MEMBER))
    members.pop(SIGNATURE_MEMBER, None)
    import hashlib

    manifest["members"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()}
    if edit_manifest:
        edit_manifest(manifest)
    manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
    head = {MANIFEST_MEMBER: manifest_bytes}
    if private is not None:
        head[SIGNATURE_MEMBER] = sign(load_private_key(private)[0], manifest_bytes)
    return write_zip(out, {**head, **members})


def cli_install(path: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = cli.main(["pack", "install", str(path), "--name", "clinic", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def found(word: str, capsys) -> set[str]:
    assert cli.main(["search", word, "--json"]) == 0
    return {hit["article_id"] for hit in json.loads(capsys.readouterr().out)["results"]}


class Trap:
    """Unpickling this creates the marker file: the proof that a pickle was opened."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def assert_refused(code: int, err: str, reason: str, name: str = "clinic") -> None:
    assert code == 2, err
    line = err.strip()
    assert "\n" not in line, f"more than one line: {err!r}"
    assert f"refused pack '{name}'" in line and reason in line and "nothing was installed" in line, line


def nothing_left(folders) -> None:
    root = folders["data"] / "packs"
    assert not root.exists() or not list(root.glob(".unpack-*"))


# -- building ------------------------------------------------------------------------------------


def test_the_manifest_lists_and_hashes_every_member(built):
    members = members_of(built["signed"])
    manifest = json.loads(members[MANIFEST_MEMBER])
    assert {k: manifest[k] for k in ("kind", "name", "version", "languages", "articles")} == {
        "kind": "mbc-reader-pack", "name": "clinic", "version": "2.0", "languages": ["en"], "articles": 3}  # fmt: skip
    assert manifest["app"] == {"min": __version__, "below": str(int(__version__.split(".")[0]) + 1)}
    assert manifest["built"] and manifest["content_hash"].startswith("sha256:")
    assert manifest["catalog"] == {"member": ".mbc-pack/catalog.json", "roots": ["bundled", "pack"]}
    catalog = json.loads(members[".mbc-pack/catalog.json"])  # data only: JSON, not a pickle
    assert sorted(a["id"] for a in catalog["articles"] if a["path"][0] == 1) == ["alpha", "beta", "gamma"]
    assert set(manifest["members"]) == set(members) - {MANIFEST_MEMBER, SIGNATURE_MEMBER}
    assert {"topic/alpha.md", "media/alpha.png"} <= set(manifest["members"])  # articles and their pictures
    assert any(n.startswith(INDEX_PREFIX) and n.endswith(".toc") for n in manifest["members"])
    import hashlib

    for name, entry in manifest["members"].items():
        assert entry == {"sha256": hashlib.sha256(members[name]).hexdigest(), "size": len(members[name])}
    assert SIGNATURE_MEMBER not in members_of(built["unsigned"])


def test_build_refuses_a_folder_with_errors_unless_forced(tmp_path):
    source = make_source(tmp_path / "src", {"alpha": "zebrafish"})
    (source / "topic" / "broken.md").write_text("---\ntitle: [unclosed\n---\ntext\n", encoding="utf-8")
    with pytest.raises(PackError, match="1 file\\(s\\) with errors"):
        build_pack(source, tmp_path / "p.zip", version="1", procs=1)
    assert not (tmp_path / "p.zip").exists()
    result = build_pack(source, tmp_path / "p.zip", version="1", force=True, procs=1)
    assert result.manifest["skipped"] == ["topic/broken.md"] and "topic/broken.md" not in result.manifest["members"]


@pytest.mark.parametrize("version", ["", "v1", "1..2", "1.2-beta", "../1"])
def test_build_refuses_a_bad_version(tmp_path, version):
    with pytest.raises(PackError, match="cannot be a pack version"):
        build_pack(make_source(tmp_path / "src", {"alpha": "x"}), tmp_path / "p.zip", version=version or " ")


def test_the_build_command(tmp_path, keys, capsys):
    source = make_source(tmp_path / "clinic", {"alpha": "zebrafish"})
    out = tmp_path / "dist" / "clinic.zip"
    args = ["pack", "build", str(source), "--out", str(out), "--version", "3.1", "--sign", str(keys["private"])]
    assert cli.main(args) == 0
    text = capsys.readouterr().out
    assert "built pack 'clinic' 3.1: 1 articles" in text and "signed with ed25519:" in text and out.is_file()
    assert cli.main(["pack", "build", str(tmp_path / "nowhere"), "--out", str(out)]) == 1
    capsys.readouterr()
    assert cli.main(["pack", "build", str(source), "--out", str(tmp_path / "clinic.pack")]) == 1
    err = capsys.readouterr().err
    assert "clinic.pack: a pack's file name ends in .zip (e.g. clinic.zip)" in err and not (tmp_path / "clinic.pack").exists()


# -- the round trip --------------------------------------------------------------------------------


def _no_loading(monkeypatch) -> Callable[[], None]:
    """Make loading articles fail the test: the install (and the next start) must not need it.
    Returns what allows it again."""
    from mbc_reader.content import catalog

    def loaded(*args, **kwargs):
        pytest.fail("the articles were loaded")

    real = pack_build.load_library, catalog.load_library
    monkeypatch.setattr(pack_build, "load_library", loaded)
    monkeypatch.setattr(catalog, "load_library", loaded)
    return lambda: (monkeypatch.setattr(pack_build, "load_library", real[0]),
                    monkeypatch.setattr(catalog, "load_library", real[1]))  # fmt: skip


def test_signed_pack_round_trip_needs_no_indexing(built, trusted, capsys, monkeypatch):
    allow_loading = _no_loading(monkeypatch)  # nor loading: the pack's own catalog becomes this account's
    code, out, err = cli_install(built["signed"], capsys)
    assert code == 0, err
    assert "signed by publisher" in out and "search index: the pack's own, ready" in out
    assert "start-up catalog: the pack's own, ready" in out and "stay hidden" not in out
    [info] = list_packs()
    assert (info.pack_version, info.signed_by, info.search_index) == ("2.0", "publisher", "shipped")
    from mbc_reader.content.search import index as index_mod
    from mbc_reader.content.library import open_library

    built_again = []
    monkeypatch.setattr(index_mod, "_build_locked", lambda *a, **k: built_again.append(a))
    library = open_library()  # from the catalog: loading would fail
    assert sorted(a.id for a in library.articles if a.path.is_relative_to(info.path)) == ["alpha", "beta", "gamma"]
    assert library.get("beta").title == "About quokka" and "nothing else" in library.get("beta").body
    status = index_mod.ensure_index(library)
    assert status.action == "ok" and not built_again, status  # ready as soon as it was copied
    allow_loading()
    from mbc_reader.content.catalog import _lean
    from mbc_reader.content.glossary import Glossary
    from mbc_reader.content.library import content_dirs
    from mbc_reader.content.loader import load_library

    again = _lean(load_library(content_dirs(), glossary=Glossary.bundled()))

    def fields(articles):  # Article compares by identity: compare what each holds
        return [tuple(getattr(a, f) for f in a.__dataclass_fields__) for a in articles]

    assert fields(library.articles) == fields(again.articles)
    assert (library.problems, library.url_map, library.file_ids) == (again.problems, again.url_map, again.file_ids)
    assert found("quokka", capsys) == {"beta"} and found("axolotl", capsys) == {"gamma"}
    assert cli.main(["pack", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)["packs"]
    assert (listed["pack_version"], listed["signed_by"], listed["key_id"]) == ("2.0", "publisher", info.key_id)
    assert listed["version"] == info.version  # still the install id, as 'previous' is
    shown = Path(listed["path"])
    assert (shown / "media" / "alpha.png").read_bytes().endswith(b"alpha")


def test_the_same_signed_pack_again_is_unchanged(built, trusted):
    first = install_pack(built["signed"], "clinic")
    again = install_pack(built["signed"], "clinic")
    assert again.unchanged and again.pack.version == first.pack.version


def test_a_second_pack_shifts_the_shipped_index_and_the_rest_is_an_update(built, trusted, tmp_path, capsys):
    """The shipped index names its files (bundled, pack); here the pack is the third folder."""
    other = make_source(tmp_path / "aaa", {"delta": "pangolin"})
    install_pack(other, "aaa", trust=trust_store(tmp_path / "no-keys"))  # as before keys were configured
    result = install_pack(built["signed"], "zclinic")
    assert result.index_ready and not result.catalog_ready  # its catalog is of (bundled, pack) only
    from mbc_reader.content.search import index as index_mod
    from mbc_reader.content.library import open_library

    status = index_mod.ensure_index(open_library())
    assert status.action == "updated" and status.changed == 1, status  # only the other pack's article
    assert found("pangolin", capsys) == {"delta"} and found("zebrafish", capsys) == {"alpha"}


def test_rollback_uses_the_index_kept_with_the_version(built, trusted, keys, tmp_path, capsys, monkeypatch, folders):
    install_pack(built["signed"], "clinic")
    newer = make_source(tmp_path / "clinic", {"alpha": "wombat"}, tag="v3")
    install_pack(build_pack(newer, tmp_path / "v3.zip", version="3.0", sign_key=keys["private"], procs=1).path, "clinic")
    assert found("wombat", capsys) == {"alpha"}
    shutil.rmtree(folders["cache"])  # no index of version 2.0 is left in the cache
    assert cli.main(["pack", "rollback", "clinic", "--no-index"]) == 0
    capsys.readouterr()
    from mbc_reader.content.search import index as index_mod
    from mbc_reader.content.library import open_library

    monkeypatch.setattr(index_mod, "_build_locked", lambda *a, **k: pytest.fail("rebuilt after rollback"))
    assert index_mod.ensure_index(open_library()).action == "ok"
    assert found("quokka", capsys) == {"beta"} and found("wombat", capsys) == set()


# -- refusals --------------------------------------------------------------------------------------


def test_an_unsigned_pack_is_refused_when_keys_are_configured(built, trusted, capsys, folders):
    code, _, err = cli_install(built["unsigned"], capsys)
    assert_refused(code, err, "is not signed, and this computer accepts only packs signed by a trusted key")
    assert list_packs() == [] and not (folders["data"] / "packs" / "clinic").exists()
    nothing_left(folders)


def test_plain_folders_and_zips_are_refused_when_keys_are_configured(built, trusted, tmp_path, capsys):
    code, _, err = cli_install(built["source"], capsys)
    assert_refused(code, err, "a folder is not signed")
    plain = write_zip(tmp_path / "plain.zip", {"topic/alpha.md": (built["source"] / "topic" / "alpha.md").read_bytes()})
    code, _, err = cli_install(plain, capsys)
    assert_refused(code, err, "this zip is not signed")
    assert list_packs() == []


def test_a_pack_signed_by_an_unknown_key_is_refused(built, trusted, capsys):
    code, _, err = cli_install(built["stranger"], capsys)
    assert_refused(code, err, "signed by a key this computer does not trust")
    assert list_packs() == []


def test_a_broken_trusted_key_file_refuses_unsigned_packs(built, folders, capsys):
    folders["trusted"].mkdir()
    (folders["trusted"] / "garbled.pub").write_text("not a key")
    code, _, err = cli_install(built["unsigned"], capsys)
    assert_refused(code, err, "is not signed")


def _every_member(path: Path) -> list[str]:
    return list(members_of(path))


def test_one_byte_changed_in_any_member_is_refused_before_unpacking(built, trusted, tmp_path, capsys, monkeypatch):
    names = _every_member(built["signed"])
    kinds = {MANIFEST_MEMBER, SIGNATURE_MEMBER, "topic/alpha.md", "media/alpha.png"}
    assert kinds <= set(names) and sum(n.startswith(INDEX_PREFIX) for n in names) >= 2  # segments and TOC
    unpacked = []
    monkeypatch.setattr(packs, "extract_members", lambda *a, **k: unpacked.append(a))
    for name in names:
        members = members_of(built["signed"])
        members[name] = flip_one_byte(members[name])
        tampered = write_zip(tmp_path / "tampered.zip", members)
        code, _, err = cli_install(tampered, capsys)
        assert code == 2 and "\n" not in err.strip() and "nothing was installed" in err, (name, err)
        assert "refused pack '" in err, (name, err)  # the pack's name, as far as it could be read
        if name not in (MANIFEST_MEMBER, SIGNATURE_MEMBER):
            assert f"'{name}' does not match its manifest" in err, (name, err)
        assert not unpacked and list_packs() == [], name


def test_one_byte_changed_in_the_zip_file_itself_is_refused(built, trusted, tmp_path, capsys):
    data = bytearray(built["signed"].read_bytes())
    with zipfile.ZipFile(built["signed"]) as zf:
        info = zf.getinfo("topic/beta.md")
    data[info.header_offset + 30 + len(info.filename) + 5] ^= 0x01  # inside its compressed bytes
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(bytes(data))
    code, _, err = cli_install(tampered, capsys)
    assert code == 2 and "topic/beta.md" in err and list_packs() == [], err


def test_a_member_added_or_removed_after_signing_is_refused(built, trusted, tmp_path, capsys):
    members = members_of(built["signed"])
    added = write_zip(tmp_path / "added.zip", {**members, "topic/extra.md": b"---\ntitle: x\n---\nhello\n"})
    code, _, err = cli_install(added, capsys)
    assert_refused(code, err, "'topic/extra.md' is in the zip but not in its manifest")
    del members["media/beta.png"]
    removed = write_zip(tmp_path / "removed.zip", members)
    code, _, err = cli_install(removed, capsys)
    assert_refused(code, err, "'media/beta.png' is listed in its manifest but missing")


def test_a_pack_for_a_newer_app_is_refused(built, trusted, keys, tmp_path, capsys):
    newer = repack(built["signed"], tmp_path / "newer.zip", private=keys["private"],
                   edit_manifest=lambda m: m["app"].update(min="99.0", below="100"))  # fmt: skip
    code, _, err = cli_install(newer, capsys)
    assert_refused(code, err, f"it needs mbc-reader 99.0 or newer (this is {__version__})")
    older = repack(built["signed"], tmp_path / "older.zip", private=keys["private"],
                   edit_manifest=lambda m: m["app"].update(min="0.0.1", below="0.0.2"))  # fmt: skip
    code, _, err = cli_install(older, capsys)
    assert_refused(code, err, "it is for mbc-reader versions below 0.0.2")
    future = repack(built["signed"], tmp_path / "format.zip", private=keys["private"],
                    edit_manifest=lambda m: m.update(format=99))  # fmt: skip
    code, _, err = cli_install(future, capsys)
    assert_refused(code, err, "built by a newer mbc-reader (pack format 99")


def test_a_downgrade_is_refused_unless_allowed(built, trusted, keys, tmp_path, capsys):
    assert cli_install(built["signed"], capsys)[0] == 0  # 2.0
    old = repack(built["signed"], tmp_path / "old.zip", private=keys["private"],
                 change={"topic/alpha.md": b"---\ntitle: Old\n---\nAn old page about lemurs.\n"},
                 edit_manifest=lambda m: m.update(version="1.9"))  # fmt: skip
    code, _, err = cli_install(old, capsys, "--no-index")
    assert_refused(code, err, "its version 1.9 is older than the installed version 2.0")
    assert list_packs()[0].pack_version == "2.0"
    code, out, err = cli_install(old, capsys, "--no-index", "--allow-downgrade")
    assert code == 0, err
    assert list_packs()[0].pack_version == "1.9"


# -- no trusted keys: unsigned packs install, their index is never opened ---------------------------


def test_without_keys_an_unsigned_pack_installs_with_a_warning_and_its_index_is_discarded(built, capsys, folders):
    code, out, err = cli_install(built["unsigned"], capsys)
    assert code == 0, err
    assert "warning: pack 'clinic' is not signed" in err and "prebuilt search index is not used" in err
    [info] = list_packs()
    assert info.search_index == "discarded" and info.signed_by is None
    assert not (info.path / ".mbc-pack" / "index").exists()
    assert found("quokka", capsys) == {"beta"}  # indexed here


def test_without_keys_a_signed_pack_installs_but_is_not_trusted(built, capsys):
    code, _, err = cli_install(built["signed"], capsys, "--no-index")
    assert code == 0 and "signature was not checked" in err, err
    [info] = list_packs()
    assert info.signed_by is None and info.search_index == "discarded"


def _booby_trapped(built: Path, out: Path, marker: Path, private: Path | None) -> Path:
    trap = pickle.dumps(Trap(marker))
    toc = next(n for n in members_of(built) if n.startswith(INDEX_PREFIX) and n.endswith(".toc"))
    return repack(built, out, private=private, change={toc: trap, ".mbc-pack/catalog.pickle": trap,
                                                      "catalog.pickle": trap})  # fmt: skip


def test_the_trap_is_live(tmp_path):
    pickle.loads(pickle.dumps(Trap(tmp_path / "proof")))
    assert (tmp_path / "proof").exists()


def test_a_booby_trapped_index_in_an_unsigned_pack_is_never_opened(built, tmp_path, capsys):
    marker = tmp_path / "pwned"
    pack = _booby_trapped(built["unsigned"], tmp_path / "trap.zip", marker, private=None)
    code, _, err = cli_install(pack, capsys)
    assert code == 0, err  # no keys configured: installed, its index and catalog discarded
    assert found("zebrafish", capsys) == {"alpha"}  # the index was built here
    from mbc_reader.content.library import open_library

    open_library()  # the start-up catalog too
    assert not marker.exists()


def test_a_booby_trapped_index_is_refused_when_keys_are_configured(built, trusted, keys, tmp_path, capsys):
    marker = tmp_path / "pwned"
    for private in (None, keys["stranger"]):
        pack = _booby_trapped(built["unsigned"], tmp_path / "trap.zip", marker, private=private)
        code, _, err = cli_install(pack, capsys)
        assert code == 2, err
    signed = members_of(built["signed"])  # signed, then its table of contents swapped for the trap
    toc = next(n for n in signed if n.startswith(INDEX_PREFIX) and n.endswith(".toc"))
    signed[toc] = pickle.dumps(Trap(marker))
    code, _, err = cli_install(write_zip(tmp_path / "swapped.zip", signed), capsys)
    assert code == 2 and f"'{toc}' is not the size its manifest says" in err, err
    assert list_packs() == [] and not marker.exists()


def _with_catalog(built: Path, out: Path, private: Path | None, edit) -> Path:
    members = members_of(built)
    catalog = json.loads(members[".mbc-pack/catalog.json"])
    edit(catalog)
    return repack(built, out, private=private, change={".mbc-pack/catalog.json": json.dumps(catalog).encode()})


@pytest.mark.parametrize("edit", [
    lambda c: c["articles"][-1].update(path=[1, "../../../outside.md"]),
    lambda c: c["articles"][-1].update(title={"py/object": "os.system"}),
    lambda c: c.update(app="0.0.1"),
    lambda c: c.update(bundled={}),
])  # fmt: skip
def test_a_signed_catalog_that_does_not_fit_is_not_used_and_the_articles_are_loaded(built, trusted, keys, tmp_path,
                                                                                     capsys, edit):  # fmt: skip
    pack = _with_catalog(built["signed"], tmp_path / "odd.zip", keys["private"], edit)
    code, out, err = cli_install(pack, capsys)
    assert code == 0, err
    assert "search index: the pack's own, ready" in out and "start-up catalog" not in out
    assert "search index the pack's own, checked" in out  # loaded once, here, to check the index
    from mbc_reader.content.library import open_library

    assert open_library().get("beta").title == "About quokka"
    assert found("quokka", capsys) == {"beta"}


def test_an_untrusted_pack_s_catalog_is_never_read(built, tmp_path, monkeypatch):
    from mbc_reader.content import catalog_data

    monkeypatch.setattr(catalog_data, "from_data", lambda *a, **k: pytest.fail("read an untrusted catalog"))
    lying = _with_catalog(built["signed"], tmp_path / "lying.zip", None, lambda c: c["articles"][-1].update(title="X"))
    for pack in (built["signed"], built["unsigned"], lying):  # no key configured: none is trusted
        result = install_pack(pack, "clinic", allow_downgrade=True)
        assert not result.catalog_ready and result.pack.articles == 3


def test_a_trusted_pack_never_unpacks_a_catalog(built, trusted, keys, tmp_path, capsys):
    """A signed pack may name other files under .mbc-pack/ (a later format): none is unpacked."""
    marker = tmp_path / "pwned"
    extra = repack(built["signed"], tmp_path / "extra.zip", private=keys["private"],
                   change={".mbc-pack/catalog.pickle": pickle.dumps(Trap(marker))})  # fmt: skip
    result = install_pack(extra, "clinic")
    assert result.index_ready and not (result.pack.path / ".mbc-pack" / "catalog.pickle").exists()
    assert found("quokka", capsys) == {"beta"} and not marker.exists()


def test_verification_reads_nothing_to_disk_before_it_is_done(built, trusted, tmp_path, monkeypatch):
    order = []
    real_verify, real_extract = pack_build.verify_zip, packs.extract_members
    monkeypatch.setattr(packs, "verify_zip", lambda *a, **k: (order.append("verify"), real_verify(*a, **k))[1])
    monkeypatch.setattr(packs, "extract_members", lambda *a, **k: (order.append("unpack"), real_extract(*a, **k))[1])
    install_pack(built["signed"], "clinic")
    assert order == ["verify", "unpack"]
    with pytest.raises(PackRefused):
        members = members_of(built["signed"])
        members["topic/gamma.md"] = flip_one_byte(members["topic/gamma.md"])
        install_pack(write_zip(tmp_path / "t.zip", members), "clinic2")
    assert order == ["verify", "unpack", "verify"]


def test_zip_duplicates_are_refused(built, tmp_path):
    members = members_of(built["unsigned"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with pytest.warns(UserWarning):
            zf.writestr("topic/alpha.md", b"---\ntitle: evil\n---\nswapped\n")
    path = tmp_path / "dup.zip"
    path.write_bytes(buf.getvalue())
    with pytest.raises(PackError, match="in the zip twice"):
        install_pack(path, "clinic")


def test_a_trusted_index_of_another_search_format_is_not_unpacked(built, trusted, keys, tmp_path, capsys):
    other = repack(built["signed"], tmp_path / "schema.zip", private=keys["private"],
                   edit_manifest=lambda m: m["index"].update(schema=1))  # fmt: skip
    code, _, err = cli_install(other, capsys)
    assert code == 0 and "its prebuilt search index is not used (it is of search format 1" in err, err
    [info] = list_packs()
    assert info.signed_by == "publisher" and info.search_index == "discarded"
    assert not (info.path / ".mbc-pack" / "index").exists()
    assert found("quokka", capsys) == {"beta"}


def test_build_refuses_a_pack_every_computer_would_refuse(tmp_path, monkeypatch):
    monkeypatch.setattr(pack_build, "MAX_ENTRY_BYTES", 1000)
    source = make_source(tmp_path / "src", {"alpha": "zebrafish"})
    (source / "media" / "big.png").write_bytes(b"\x89PNG" + bytes(2000))
    with pytest.raises(PackError, match="'media/big.png' is 0 MB, over the 0 MB a file in a pack may be"):
        build_pack(source, tmp_path / "p.zip", version="1", procs=1)
    assert not (tmp_path / "p.zip").exists()
