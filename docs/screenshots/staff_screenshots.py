"""The README's pictures for staff: an imported leaflet in the reader, and the Content health view.

Everything is made here, in a throw-away folder: a clinic.ini, a Word leaflet (python-docx) with a
picture drawn by Qt, imported with ``mbc-reader import`` exactly as staff would; a few small pages
with review dates, owners and a broken link for the health view. Offscreen, 1280x800. Run from the
project root (make_screenshots.sh does)::

    .venv/bin/python docs/screenshots/staff_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def draw_picture(path: Path) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    image = QImage(1200, 640, QImage.Format.Format_RGB32)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(image.rect(), QColor("#eaf2f8"))
    p.fillRect(QRectF(0, 520, 1200, 120), QColor("#cfe3c4"))  # grass
    p.setPen(QPen(QColor("#35556f"), 4))
    p.setBrush(QColor("#fdfaf3"))
    p.drawRect(QRectF(300, 220, 600, 300))  # the clinic
    p.setBrush(QColor("#b6463a"))
    p.drawPolygon([p for p in (QRectF(270, 220, 0, 0).topLeft(), QRectF(600, 110, 0, 0).topLeft(),
                               QRectF(930, 220, 0, 0).topLeft())])  # fmt: skip
    p.setBrush(QColor("#7fb3d5"))
    for x in (350, 470, 680, 800):
        p.drawRect(QRectF(x, 280, 70, 70))
    p.setBrush(QColor("#2e7d5b"))
    p.drawRect(QRectF(560, 390, 80, 130))  # the door
    p.setPen(QPen(QColor("#2e7d5b"), 14))
    p.drawLine(600, 255, 600, 345)
    p.drawLine(555, 300, 645, 300)  # a green cross over the door
    p.setPen(QColor("#1c3d5a"))
    p.setFont(QFont("DejaVu Sans", 34, QFont.Weight.Bold))
    p.drawText(QRectF(0, 30, 1200, 60), Qt.AlignmentFlag.AlignCenter, "Riverside Community Clinic")
    p.setFont(QFont("DejaVu Sans", 20))
    p.drawText(QRectF(0, 560, 1200, 50), Qt.AlignmentFlag.AlignCenter, "Main entrance, Mill Street (drawn for the screenshots)")
    p.end()
    image.save(str(path))


def make_leaflet(path: Path, picture: Path) -> None:
    import docx
    from docx.shared import Inches

    d = docx.Document()
    d.add_paragraph("Your chemotherapy at Riverside", style="Title")
    d.add_paragraph("This leaflet is for patients starting chemotherapy at our day unit. Your nurse will go "
                    "through it with you; keep it with your treatment diary.")  # fmt: skip
    d.add_heading("Before your first treatment", level=1)
    d.add_paragraph("We will take a blood test one or two days before each treatment, to check that your body is "
                    "ready for it. Eat as you normally do and drink plenty of water.")  # fmt: skip
    d.add_picture(str(picture), width=Inches(4))
    d.add_heading("On the day", level=1)
    for line in ("Come to the day unit on the first floor, through the main entrance.",
                 "Bring the list of all the medicines you take, and something to read.",
                 "A treatment takes from one to six hours: a friend or family member may stay with you."):  # fmt: skip
        d.add_paragraph(line, style="List Bullet")
    d.add_heading("Side effects to call us about", level=1)
    d.add_paragraph("Call the day unit at once, day or night, if you have:")
    for line in ("a temperature of 38 °C (100.4 °F) or more, or shivering", "sickness that stops you drinking",
                 "diarrhoea more than four times a day"):  # fmt: skip
        d.add_paragraph(line, style="List Bullet")
    d.add_heading("After hours", level=2)
    d.add_paragraph("Outside opening hours the hospital switchboard puts you through to the oncology nurse on call.")
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))


def page(folder: Path, name: str, title: str, body: str, **meta: str) -> None:
    lines = ["---", f"title: {title}", "language: en"] + [f"{k}: {v}" for k, v in meta.items()] + ["---", ""]
    (folder / name).write_text("\n".join(lines) + body, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    out = args.out.resolve()
    work = Path(tempfile.mkdtemp(prefix="mbc-staff-shots-"))
    for name in ("CONFIG", "CACHE", "DATA"):
        os.environ[f"MBC_READER_{name}_DIR"] = str(work / name.lower())
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    (work / "config").mkdir()
    (work / "config" / "clinic.ini").write_text(
        "[clinic]\nname = Riverside Community Clinic\nowner = Day unit nurses\nreview_frequency = yearly\n",
        encoding="utf-8",
    )
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    picture = work / "made" / "entrance.png"
    picture.parent.mkdir()
    draw_picture(picture)
    leaflet = work / "made" / "Chemotherapy leaflet.docx"
    make_leaflet(leaflet, picture)

    content = work / "clinic"
    sys.path.insert(0, str(REPO / "src"))
    from mbc_reader.cli import main as cli

    if cli(["import", str(leaflet), "--into", str(content)]) != 0:
        raise SystemExit("the import failed")
    today = date.today()
    page(content, "support-groups.md", "Support groups near you",
         "## Tuesday group\n\nWe meet in room 3 every Tuesday at 6 pm. See [parking](parking.md) for where to leave "
         "your car.\n", lastReviewed=(today - timedelta(days=420)).isoformat(), reviewFrequency="yearly",
         owner="Maria Lopez, social work", source="Riverside Community Clinic")  # fmt: skip
    page(content, "opening-hours.md", "Opening hours",
         "## The day unit\n\nMonday to Friday, 8 am to 6 pm.\n", lastReviewed=(today - timedelta(days=80)).isoformat(),
         reviewFrequency="quarterly", owner="Front desk", source="Riverside Community Clinic")  # fmt: skip
    page(content, "transport.md", "Getting to your appointments",
         "## Volunteer drivers\n\nBook a driver two days ahead at the front desk.\n",
         lastReviewed=(today - timedelta(days=800)).isoformat(), reviewFrequency="biennially",
         owner="Front desk", source="Riverside Community Clinic")  # fmt: skip
    page(content, "wig-bank.md", "Our wig bank", "## Borrowing a wig\n\nAsk at the front desk.\n",
         source="Riverside Community Clinic")  # fmt: skip

    shot = out / "imported-leaflet.png"
    subprocess.run([sys.executable, "-m", "mbc_reader", "gui", "--content", str(content), "--article",
                    "chemotherapy-leaflet", "--screenshot", str(shot)], check=True)  # fmt: skip

    from PySide6.QtCore import QEventLoop, QTimer

    from mbc_reader.ui import build_window, ensure_app

    ensure_app()
    window = build_window(content)
    window.resize(1280, 800)
    window.show()
    dialog = window.open_content_health()
    dialog.resize(1180, 340)
    for _ in range(200):  # the dictionary check runs on its own thread
        if dialog.terms_checked():
            break
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    for tab, name in ((1, "content-health.png"), (0, "content-health-problems.png")):
        dialog.view.tabs.setCurrentIndex(tab)
        if tab == 0:
            dialog.view.problems_view.expandAll()
        app.processEvents()
        dialog.grab().save(str(out / name))
    dialog.stop()
    window.close()
    app.processEvents()
    print(f"screenshots in {out}: imported-leaflet.png, content-health.png, content-health-problems.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
