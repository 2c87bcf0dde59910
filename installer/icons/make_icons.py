"""Render the app icon (``mbc-reader.svg``) to the PNG sizes desktops ask for and a Windows ``.ico``.

Why a script: the SVG is the one hand-edited source; the hicolor PNGs (Linux menus, AppStream) and
the multi-size ``.ico`` (Inno Setup, the Windows executable) must follow it exactly. The outputs are
committed so a build needs no display and no rendering step; run this again after editing the SVG:

    .venv/bin/python installer/icons/make_icons.py
"""

from __future__ import annotations

import argparse
import logging
import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)

log = logging.getLogger("make_icons")


def render_png(svg: Path, size: int) -> bytes:
    """Draw the SVG into a transparent square of ``size`` pixels and return PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding PNG-compressed images (valid since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=HERE / "mbc-reader.svg")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    pngs: dict[int, bytes] = {}
    for size in PNG_SIZES:
        pngs[size] = render_png(args.svg, size)
        target = args.out / f"mbc-reader-{size}.png"
        target.write_bytes(pngs[size])
        log.info("wrote %s (%d bytes)", target, len(pngs[size]))
    ico = args.out / "mbc-reader.ico"
    ico.write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    log.info("wrote %s", ico)
    return 0


if __name__ == "__main__":
    sys.exit(main())
