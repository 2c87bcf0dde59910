"""A built content pack as a Debian package, for a clinic's own tools (apt, Ansible, Landscape).

``mbc-reader pack deb FILE`` wraps the pack zip (unchanged: its signature still vouches for
every byte) as ``mbc-reader-content-<name>_<version>_all.deb``::

    /usr/share/mbc-reader/packs/<name>.zip           the pack, as built
    /usr/share/doc/mbc-reader-content-<name>/        copyright, changelog.gz

and the maintainer scripts do what staff would do by hand, for every account:

- ``postinst configure``: ``mbc-reader pack install --system`` of that zip. The pack is
  verified there, on the clinic computer, against *its* trusted keys; a refused pack fails
  the package's configuration with mbc-reader's one-line reason. A package older than the one
  it replaces (an administrator's deliberate downgrade) passes ``--allow-downgrade``.
- ``prerm remove``: ``mbc-reader pack remove --system``; ``postrm remove|purge`` removes what
  an interrupted removal left of the pack in the system packs folder.

The package depends on the mbc-reader versions the pack is for (its manifest's range). The
scripts always use the system packs folder (``MBC_READER_SYSTEM_PACKS`` is ignored there); the
trusted keys folder follows ``MBC_READER_TRUSTED_KEYS`` as ``pack install`` does. Time stamps
are the pack's build time (or ``SOURCE_DATE_EPOCH``): one pack gives the same package twice.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from .. import paths
from . import debian
from .pack_build import VerifiedPack, is_built, verify_zip
from .pack_sign import TrustStore
from .pack_store import PackError
from .pack_zip import ZipPackError, open_checked

PACKS_SHARE = Path("/usr/share/mbc-reader/packs")
PACKAGE_PREFIX = "mbc-reader-content-"


@dataclass(frozen=True)
class DebResult:
    path: Path
    package: str
    version: str
    pack: VerifiedPack
    maintainer: str

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def package_name(pack_name: str) -> str:
    """``mbc-reader-content-<name>``, in the letters Debian allows (lower case, '_' as '-')."""
    return PACKAGE_PREFIX + re.sub(r"[^a-z0-9+.-]", "-", pack_name.lower())


def read_pack(source: Path) -> VerifiedPack:
    """The built pack's manifest, every member checked against it (its signature is checked
    on each clinic computer, against that computer's keys, when the package is installed)."""
    source = Path(source)
    if not source.is_file():
        raise PackError(f"{source}: no such pack file")
    try:
        archive, entries = open_checked(source)
    except ZipPackError as exc:
        raise PackError(f"{exc}; no package was made") from exc
    with archive:
        if not is_built(entries):
            raise PackError(f"{source}: not a built pack (make one with 'mbc-reader pack build DIR --out FILE'); "
                            "no package was made")  # fmt: skip
        unchecked = TrustStore(Path("(not checked when packaging)"), (), False)
        return verify_zip(archive, entries, source, unchecked)


def _postinst(name: str, version: str, zip_path: str) -> str:
    return f"""#!/bin/sh
# Install the content pack '{name}' for every account of this computer (mbc-reader pack install --system).
set -e
unset MBC_READER_SYSTEM_PACKS
case "$1" in
    configure)
        downgrade=
        if [ -n "$2" ] && dpkg --compare-versions "$2" gt "{version}"; then
            downgrade=--allow-downgrade
        fi
        mbc-reader pack install --system --no-index --name "{name}" $downgrade "{zip_path}"
        ;;
    abort-upgrade|abort-remove|abort-deconfigure)
        ;;
    *)
        echo "postinst called with unknown argument '$1'" >&2
        exit 1
        ;;
esac
exit 0
"""


def _prerm(name: str) -> str:
    return f"""#!/bin/sh
# Stop showing the content pack '{name}' to every account (mbc-reader pack remove --system).
set -e
unset MBC_READER_SYSTEM_PACKS
case "$1" in
    remove|deconfigure)
        if command -v mbc-reader >/dev/null 2>&1; then
            mbc-reader pack remove --system --no-index "{name}" || \\
                echo "mbc-reader-content: the pack '{name}' could not be removed by mbc-reader; postrm removes its files" >&2
        fi
        ;;
    upgrade|failed-upgrade)
        ;;
    *)
        echo "prerm called with unknown argument '$1'" >&2
        exit 1
        ;;
esac
exit 0
"""


def _postrm(name: str, system_dir: str) -> str:
    return f"""#!/bin/sh
# What an interrupted removal left of the content pack '{name}' in the system packs folder.
set -e
case "$1" in
    remove|purge|disappear)
        if [ -d "{system_dir}/{name}" ]; then
            rm -rf "{system_dir}/{name}"
        fi
        ;;
    upgrade|failed-upgrade|abort-install|abort-upgrade)
        ;;
    *)
        echo "postrm called with unknown argument '$1'" >&2
        exit 1
        ;;
esac
exit 0
"""


def _changelog(package: str, pack: VerifiedPack, when: datetime, maintainer: str) -> bytes:
    manifest = pack.manifest
    signed = f"signed with {pack.claimed_key}" if pack.claimed_key else "not signed"
    entry = (f"Content pack '{pack.name}' {pack.version}: {manifest.get('articles')} articles "
             f"({', '.join(manifest.get('languages') or [])}), {signed}.")  # fmt: skip
    lines = textwrap.wrap(entry, width=79, initial_indent="  * ", subsequent_indent="    ", break_long_words=False)
    text = (f"{package} ({pack.version}) unstable; urgency=medium\n\n" + "\n".join(lines) + "\n\n"
            f" -- {maintainer}  {format_datetime(when)}\n")  # fmt: skip
    return text.encode("utf-8")


def _copyright(pack: VerifiedPack) -> str:
    return (f"Content pack '{pack.name}' {pack.version}, made with {pack.manifest.get('builder', 'mbc-reader')}.\n\n"
            "Each article names its source and licence in its front matter (source, url, license);\n"
            "articles of the US National Cancer Institute are in the public domain.\n"
            "The packaging is in the public domain.\n")  # fmt: skip


def default_maintainer() -> str | None:
    """Who the package names as its maintainer when not told: Debian's own ``DEBFULLNAME`` and
    ``DEBEMAIL``, when set (None otherwise)."""
    name, email = os.environ.get("DEBFULLNAME", "").strip(), os.environ.get("DEBEMAIL", "").strip()
    if "<" in email:
        return email
    return f"{name or 'mbc-reader content packs'} <{email}>" if email else None


def build_deb(source: Path, out_dir: Path, maintainer: str | None = None) -> DebResult:
    """Make the package for the built pack ``source`` in ``out_dir`` (written beside, then
    renamed: a half-written package never has the final name). ``maintainer`` ("Name
    <address>"; default :func:`default_maintainer`, else the app's own, a placeholder) is the
    clinic's or publisher's contact the package names."""
    maintainer = (maintainer or default_maintainer() or debian.MAINTAINER).strip()
    if not re.match(r"^[^<>]+ <[^<>@\s]+@[^<>@\s]+>$", maintainer):
        raise PackError(f"'{maintainer}' cannot be a package's maintainer: write it as \"Name <address>\"")
    pack = read_pack(source)
    package = package_name(pack.name)
    app = pack.manifest["app"]
    try:
        built = datetime.fromisoformat(str(pack.manifest.get("built"))).astimezone(timezone.utc)
    except ValueError:
        built = datetime.now(timezone.utc)
    epoch = debian.source_date_epoch(int(built.timestamp()))
    when = datetime.fromtimestamp(epoch, timezone.utc)
    zip_path = PACKS_SHARE / f"{pack.name}.zip"
    out_dir = Path(out_dir)
    deb = out_dir / f"{package}_{pack.version}_all.deb"
    with tempfile.TemporaryDirectory(prefix="mbc-pack-deb-") as tmp:
        stage = Path(tmp) / "root"
        target = stage / zip_path.relative_to("/")
        target.parent.mkdir(parents=True)
        shutil.copyfile(source, target)
        doc = stage / "usr" / "share" / "doc" / package
        doc.mkdir(parents=True)
        (doc / "copyright").write_text(_copyright(pack), encoding="utf-8")
        debian.write_gzip(doc / "changelog.gz", _changelog(package, pack, when, maintainer), epoch)
        debian.write_script(stage, "postinst", _postinst(pack.name, pack.version, str(zip_path)))
        debian.write_script(stage, "prerm", _prerm(pack.name))
        debian.write_script(stage, "postrm", _postrm(pack.name, str(paths.SYSTEM_PACKS)))
        languages = ", ".join(pack.manifest.get("languages") or []) or "?"
        debian.write_control(stage, {
            "Package": package,
            "Version": pack.version,
            "Architecture": "all",
            "Maintainer": maintainer,
            "Depends": f"mbc-reader (>= {app['min']}), mbc-reader (<< {app['below']})",
            "Section": "misc",
            "Priority": "optional",
            "Description": debian.description(
                f"content pack '{pack.name}' for the mbc-reader cancer information reader",
                f"{pack.manifest.get('articles')} articles ({languages}) with their pictures and search "
                f"index, version {pack.version}.\n\nInstalling this package installs the pack for every "
                "account of the computer (mbc-reader pack install --system), checked there against the "
                "trusted keys in /etc/mbc-reader/trusted-keys. Removing it removes the pack."),
        })  # fmt: skip
        debian.write_md5sums(stage)
        debian.normalise(stage, epoch)
        partial = out_dir / f".{deb.name}.partial"
        try:
            debian.build(stage, partial, epoch)
            partial.replace(deb)
        except debian.DebError as exc:
            partial.unlink(missing_ok=True)
            raise PackError(f"{source}: {exc}; no package was made") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return DebResult(deb, package, pack.version, pack, maintainer)
