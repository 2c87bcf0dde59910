"""``make dist``'s content pack (installer/build_content_pack.py): built from the corpus folder, signed
when a key is given, wrapped as a .deb; skipped, saying so, when there is no corpus."""

from __future__ import annotations

import importlib.util
import json
import shutil
import zipfile
from pathlib import Path

from mbc_reader.content.pack_build import MANIFEST_MEMBER, SIGNATURE_MEMBER
from mbc_reader.content.pack_sign import generate_keypair

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("build_content_pack", ROOT / "installer" / "build_content_pack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(folder: Path) -> Path:
    for stem, word in (("alpha", "zebrafish"), ("beta", "quokka")):
        (folder / "topic").mkdir(parents=True, exist_ok=True)
        (folder / "topic" / f"{stem}.md").write_text(
            f"---\ntitle: 'About {word}'\nlanguage: 'en'\n---\n## Overview\n\nThis page is about the {word}.\n",
            encoding="utf-8")  # fmt: skip
    (folder / "untitled.md").write_text("---\nlanguage: 'en'\n---\n\n", encoding="utf-8")  # left out, as NCI's one
    return folder


def test_without_the_corpus_it_is_skipped_in_one_line(tmp_path, capsys):
    assert _script().main(["--corpus", str(tmp_path / "nowhere"), "--dist", str(tmp_path / "dist")]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("content pack: skipped: no corpus folder at") and "\n" not in out
    assert not (tmp_path / "dist").exists()


def test_the_version_is_the_commit_s_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")  # 2025-12-03
    assert _script().pack_version() == "2025.12.3"


def test_it_builds_a_signed_pack_and_its_debian_package(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")
    private, _, key_id = generate_keypair(tmp_path / "keys", "staff")
    dist = tmp_path / "dist"
    args = ["--corpus", str(_corpus(tmp_path / "nci-core")), "--dist", str(dist), "--sign", str(private)]
    if not shutil.which("dpkg-deb"):
        args.append("--no-deb")
    assert _script().main(args) == 0, capsys.readouterr()
    pack = dist / "nci-core-2025.12.3.zip"
    with zipfile.ZipFile(pack) as zf:
        manifest = json.loads(zf.read(MANIFEST_MEMBER))
        assert SIGNATURE_MEMBER in zf.namelist() and key_id.split(":")[1] in zf.read(SIGNATURE_MEMBER).decode()
    assert (manifest["name"], manifest["version"], manifest["articles"]) == ("nci-core", "2025.12.3", 2)
    assert manifest["skipped"] == ["untitled.md"]
    if "--no-deb" not in args:
        assert (dist / "mbc-reader-content-nci-core_2025.12.3_all.deb").is_file()
    out = capsys.readouterr().out
    assert f"content pack: {pack}" in out


def test_a_failed_build_says_so(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _script().main(["--corpus", str(empty), "--dist", str(tmp_path / "dist"), "--no-deb"]) == 1
    assert "could not be built" in capsys.readouterr().err


def test_make_dist_builds_the_pack_after_the_smoke_test():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndist: ", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip() for line in recipe.splitlines()[1:]]
    assert lines[-1].startswith("$(PY) installer/build_content_pack.py --corpus $(CORPUS)")
    assert lines.index(next(x for x in lines if "smoke_test.py" in x)) < len(lines) - 1
