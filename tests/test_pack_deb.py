"""Content packs as Debian packages: ``mbc-reader pack deb FILE`` and what dpkg does with them.

The package is checked three ways: its layout and control file (dpkg-deb), lintian (errors
none; warnings only those allowed below, each with its reason), and, as root (CI runs as root),
a real ``dpkg -i`` / upgrade / ``dpkg -r`` on this machine. That last test is the only one that
writes the real /var/lib/mbc-reader/packs (and /usr/share/mbc-reader/packs); it uses a pack
name of its own, refuses to run when that pack is already there, and removes what it made.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from mbc_reader import cli
from mbc_reader.content.pack_build import build_pack
from mbc_reader.content.pack_deb import build_deb, package_name
from mbc_reader.content.pack_sign import KEYS_ENV, generate_keypair

MAINTAINER = "Clinic IT <it@clinic.example.org>"
WORDS = {"alpha": "zebrafish", "beta": "quokka", "gamma": "axolotl"}

#: Lintian warnings this package is allowed, each with why it stays. Errors: none allowed.
LINTIAN_ALLOWED: dict[str, str] = {
    # (none today: every warning lintian 2.116 gave was fixed: the placeholder maintainer address
    # (--maintainer), description lines over 80 columns, no changelog, no md5sums)
}

needs_dpkg_deb = pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="dpkg-deb is not installed (apt-get install dpkg)")


def write_source(folder: Path, words: dict[str, str] = WORDS, tag: str = "") -> Path:
    for stem, word in words.items():
        (folder / "topic").mkdir(parents=True, exist_ok=True)
        (folder / "topic" / f"{stem}.md").write_text(
            f"---\ntitle: 'About {word} {tag}'\nlanguage: 'en'\nstatus: 'active'\n---\n\n"
            f"## Overview\n\nThis page is about the {word} and nothing else.\n", encoding="utf-8")  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def key(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("keys")
    private, public, _ = generate_keypair(root, "publisher")
    return {"private": private, "public": public}


@pytest.fixture(scope="module")
def signed_pack(tmp_path_factory, key) -> Path:
    root = tmp_path_factory.mktemp("pack")
    return build_pack(write_source(root / "src"), root / "clinic.zip", name="Clinic_Pack", version="2025.6",
                      sign_key=key["private"], procs=1).path  # fmt: skip


def deb_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True, check=True).stdout.strip()


@needs_dpkg_deb
def test_the_package_carries_the_pack_unchanged_and_installs_it_for_every_account(signed_pack, tmp_path, capsys):
    code = cli.main(["pack", "deb", str(signed_pack), "--out", str(tmp_path / "out"), "--maintainer", MAINTAINER])
    out = capsys.readouterr().out
    assert code == 0, out
    deb = tmp_path / "out" / "mbc-reader-content-clinic-pack_2025.6_all.deb"
    assert deb.is_file() and str(deb) in out and "signed" in out and "placeholder" not in out
    assert package_name("Clinic_Pack") == "mbc-reader-content-clinic-pack"
    assert (deb_field(deb, "Package"), deb_field(deb, "Version"), deb_field(deb, "Architecture")) == (
        "mbc-reader-content-clinic-pack", "2025.6", "all")
    assert re.fullmatch(r"mbc-reader \(>= [0-9.]+\), mbc-reader \(<< [0-9]+\)", deb_field(deb, "Depends"))
    assert deb_field(deb, "Maintainer") == MAINTAINER
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-R", str(deb), str(root)], check=True)
    shipped = root / "usr/share/mbc-reader/packs/Clinic_Pack.zip"
    assert shipped.read_bytes() == signed_pack.read_bytes()  # its signature still vouches for every byte
    assert gzip.decompress((root / "usr/share/doc/mbc-reader-content-clinic-pack/changelog.gz").read_bytes()).startswith(
        b"mbc-reader-content-clinic-pack (2025.6) unstable;")
    for script in ("postinst", "prerm", "postrm"):
        assert os.stat(root / "DEBIAN" / script).st_mode & 0o777 == 0o755, script
    postinst = (root / "DEBIAN" / "postinst").read_text()
    assert 'mbc-reader pack install --system --no-index --name "Clinic_Pack" $downgrade "/usr/share/mbc-reader/packs/Clinic_Pack.zip"' in postinst
    assert 'mbc-reader pack remove --system --no-index "Clinic_Pack"' in (root / "DEBIAN" / "prerm").read_text()
    sums = dict(reversed(line.split("  ", 1)) for line in (root / "DEBIAN" / "md5sums").read_text().splitlines())
    assert sums["usr/share/mbc-reader/packs/Clinic_Pack.zip"] == hashlib.md5(signed_pack.read_bytes()).hexdigest()
    again = build_deb(signed_pack, tmp_path / "again", MAINTAINER).path
    assert again.read_bytes() == deb.read_bytes()  # one pack, one package: time stamps are the pack's


@needs_dpkg_deb
def test_only_a_built_and_intact_pack_becomes_a_package(signed_pack, tmp_path, capsys):
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("a.md", "---\ntitle: x\n---\nwords\n")
    assert cli.main(["pack", "deb", str(plain), "--out", str(tmp_path)]) == 1
    assert "not a built pack" in capsys.readouterr().err
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(signed_pack) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"zebrafish", b"zebrafisH") if info.filename.endswith("alpha.md") else data)
    assert cli.main(["pack", "deb", str(tampered), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "topic/alpha.md" in err and "does not match its manifest" in err, err
    assert cli.main(["pack", "deb", str(signed_pack), "--out", str(tmp_path), "--maintainer", "just a name"]) == 1
    assert "Name <address>" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.deb")) and not list(tmp_path.glob(".*.partial"))


def lintian_tags(deb: Path) -> list[tuple[str, str, str]]:
    result = subprocess.run(["lintian", "--info", "--display-info", "--pedantic", "--no-tag-display-limit", str(deb)],
                            capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert result.returncode in (0, 1, 2), result.stderr  # 1/2: tags were found (not a crash)
    tags = []
    for line in result.stdout.splitlines():
        match = re.match(r"^([EWIPXO]): [^:]+: (\S+)(.*)$", line)
        if match:
            tags.append((match.group(1), match.group(2), match.group(3).strip()))
    return tags


@needs_dpkg_deb
@pytest.mark.skipif(not shutil.which("lintian"), reason="lintian is not installed (scripts/ensure-test-tools.sh installs it as root)")
def test_lintian_finds_no_error_and_no_warning_that_is_not_allowed(signed_pack, tmp_path):
    deb = build_deb(signed_pack, tmp_path, MAINTAINER).path
    tags = lintian_tags(deb)
    errors = [t for t in tags if t[0] == "E"]
    warnings = [t for t in tags if t[0] == "W" and t[1] not in LINTIAN_ALLOWED]
    assert not errors and not warnings, f"lintian: {errors + warnings} (all tags: {tags})"
    placeholder = build_deb(signed_pack, tmp_path / "placeholder").path  # no --maintainer: what lintian says of it
    assert ("E", "bogus-mail-host") in {t[:2] for t in lintian_tags(placeholder)}  # so the command warns about it


# -- dpkg -i / -r on this machine, as root -----------------------------------------------------------

TEST_PACK = "mbc-test-deb-pack"
SYSTEM = Path("/var/lib/mbc-reader/packs")


def _dpkg(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    """dpkg, waiting (up to 2 minutes) while another dpkg holds its lock."""
    deadline = time.monotonic() + 120
    while True:
        result = subprocess.run(["dpkg", *args], capture_output=True, text=True, env=env, timeout=300, check=False)
        if "lock" not in result.stderr or result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(2)
    if check:
        assert result.returncode == 0, f"dpkg {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


def _installed(package: str, env: dict[str, str]) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, env=env, check=False)
    return result.returncode == 0 and "installed" in result.stdout and "not-installed" not in result.stdout


def _listed(env: dict[str, str]) -> dict[str, dict]:
    result = subprocess.run(["mbc-reader", "pack", "list", "--json"], capture_output=True, text=True, env=env, check=True)
    return {p["name"]: p for p in json.loads(result.stdout)["packs"]}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="dpkg -i needs root (CI runs as root)")
@pytest.mark.skipif(not shutil.which("dpkg"), reason="dpkg is not installed")
def test_dpkg_installs_upgrades_and_removes_the_pack_for_every_account(key, tmp_path):
    package = package_name(TEST_PACK)
    if (SYSTEM / TEST_PACK).exists() or Path(f"/usr/share/mbc-reader/packs/{TEST_PACK}.zip").exists():
        pytest.skip(f"{SYSTEM / TEST_PACK} is already there: not touching it")
    made_var = not SYSTEM.parent.exists()
    # The app's own package may not be installed here: then dpkg is told --force-depends, and the
    # maintainer scripts find this checkout's mbc-reader on PATH where the package would put its own.
    app_installed = _installed("mbc-reader", dict(os.environ))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if not app_installed:
        (bin_dir / "mbc-reader").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mbc_reader "$@"\n')
        (bin_dir / "mbc-reader").chmod(0o755)
    trusted = tmp_path / "trusted"
    trusted.mkdir()
    shutil.copy(key["public"], trusted / "publisher.pub")
    env = {k: v for k, v in os.environ.items() if k != "MBC_READER_SYSTEM_PACKS"}  # the real system folder
    env.update(PATH=f"{bin_dir}:{env.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin')}", **{KEYS_ENV: str(trusted)})
    force = [] if app_installed else ["--force-depends"]
    v1 = build_pack(write_source(tmp_path / "v1" / TEST_PACK), tmp_path / "v1.zip", version="1.0",
                    sign_key=key["private"], procs=1).path  # fmt: skip
    v2 = build_pack(write_source(tmp_path / "v2" / TEST_PACK, {"alpha": "wombat"}), tmp_path / "v2.zip", version="2.0",
                    sign_key=key["private"], procs=1).path  # fmt: skip
    unsigned = build_pack(write_source(tmp_path / "v3" / TEST_PACK), tmp_path / "v3.zip", version="3.0", procs=1).path
    debs = {v: build_deb(p, tmp_path / "debs" / v, MAINTAINER).path for v, p in (("1", v1), ("2", v2), ("3", unsigned))}
    try:
        _dpkg(*force, "-i", str(debs["1"]), env=env)
        row = _listed(env)[TEST_PACK]
        assert (row["system"], row["pack_version"], row["signed_by"], row["articles"]) == (True, "1.0", "publisher", 3)
        assert Path(row["path"]).is_relative_to(SYSTEM / TEST_PACK)
        search = subprocess.run(["mbc-reader", "search", "quokka", "--json"], capture_output=True, text=True, env=env, check=True)
        assert "beta" in {hit["article_id"] for hit in json.loads(search.stdout)["results"]}  # the app sees it

        _dpkg(*force, "-i", str(debs["2"]), env=env)  # an upgrade: the pack's next version, the first kept
        row = _listed(env)[TEST_PACK]
        assert row["pack_version"] == "2.0" and row["previous"] and row["articles"] == 1

        refused = _dpkg(*force, "-i", str(debs["3"]), env=env, check=False)  # unsigned, and keys are configured
        assert refused.returncode != 0 and f"refused pack '{TEST_PACK}'" in refused.stderr + refused.stdout
        assert _listed(env)[TEST_PACK]["pack_version"] == "2.0"  # what every account sees is unchanged

        _dpkg("-r", package, env=env)
        assert TEST_PACK not in _listed(env)  # forgotten
        assert not (SYSTEM / TEST_PACK).exists() and not Path(f"/usr/share/mbc-reader/packs/{TEST_PACK}.zip").exists()
        assert not _installed(package, env)
    finally:
        if _installed(package, env) or subprocess.run(["dpkg-query", "-W", package], capture_output=True, env=env).returncode == 0:
            _dpkg("--purge", "--force-all", package, env=env, check=False)
        shutil.rmtree(SYSTEM / TEST_PACK, ignore_errors=True)
        if made_var:
            shutil.rmtree(SYSTEM.parent, ignore_errors=True)
