#!/usr/bin/env bash
# Re-make the README's pictures (1280x800, offscreen: no display needed). Run from the project root:
#   bash docs/screenshots/make_screenshots.sh
# The picture in image-viewer.png is drawn here (no NCI image may be bundled); the other shots use
# the bundled article. search.png needs the search module (mbc_reader.content.search).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
OUT=docs/screenshots
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export MBC_READER_CONFIG_DIR="$WORK/config" MBC_READER_CACHE_DIR="$WORK/cache" MBC_READER_DATA_DIR="$WORK/data"
gui() { "$PY" -m mbc_reader gui "$@"; }

gui --screenshot "$OUT/reader.png"
gui --section what-is-metastatic-breast-cancer --open-link glossary:45762 --screenshot "$OUT/glossary.png"
gui --open-link figure:0 --screenshot "$OUT/image-description.png"
gui --section what-are-the-symptoms-of-metastatic-breast-cancer --search "fractures" --screenshot "$OUT/search.png" || echo "search.png not made (search not available?)" >&2

# A content folder with a picture of our own, for the zoomable viewer.
mkdir -p "$WORK/content/media"
QT_QPA_PLATFORM=offscreen "$PY" - "$WORK/content" <<'PYEOF'
import sys
from pathlib import Path
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QApplication

app = QApplication([])
folder = Path(sys.argv[1])
image = QImage(1600, 1000, QImage.Format.Format_RGB32)
p = QPainter(image)
p.setRenderHint(QPainter.RenderHint.Antialiasing)
sky = QLinearGradient(0, 0, 0, 1000)
sky.setColorAt(0, QColor("#dbe8f3"))
sky.setColorAt(1, QColor("#f6f1e7"))
p.fillRect(image.rect(), sky)
p.setPen(QPen(QColor("#2f6ea5"), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
points = [QPointF(220, 780), QPointF(520, 520), QPointF(800, 640), QPointF(1080, 360), QPointF(1380, 460)]
for a, b in zip(points, points[1:]):
    p.drawLine(a, b)
for i, pt in enumerate(points):
    p.setBrush(QColor(["#0b6b5f", "#2f6ea5", "#c77d2e", "#2f6ea5", "#0b6b5f"][i]))
    p.setPen(QPen(QColor("#ffffff"), 6))
    p.drawEllipse(pt, 58, 58)
p.setPen(QColor("#1c3d5a"))
font = QFont("DejaVu Sans", 44, QFont.Weight.Bold)
p.setFont(font)
p.drawText(QRectF(0, 80, 1600, 100), Qt.AlignmentFlag.AlignCenter, "An example picture")
p.setFont(QFont("DejaVu Sans", 26))
p.drawText(QRectF(0, 170, 1600, 60), Qt.AlignmentFlag.AlignCenter, "drawn for these screenshots: zoom in to see the detail")
p.setFont(QFont("DejaVu Sans", 9))
p.drawText(QRectF(1000, 900, 560, 40), Qt.AlignmentFlag.AlignRight, "small print that needs the zoom to read")
p.end()
image.save(str(folder / "media" / "example.png"))
(folder / "example.md").write_text("""---
title: Looking at pictures - example
language: en
status: active
---

# Looking at pictures

A page made for the screenshots: its picture is in the content folder.

![Five circles joined by a line, rising from left to right, under the words "An example picture".](media/example.png)

Credit: drawn for mbc-reader's screenshots

## How to look closer

Click the picture to open it large. Zoom with the buttons, the mouse wheel, the + and - keys or two fingers.
""", encoding="utf-8")
PYEOF
gui --content "$WORK/content" --open-link figure:0 --screenshot "$OUT/image-viewer.png"
gui --content "$WORK/content" --screenshot "$OUT/figure-in-article.png"

# Reading comfort and Spanish: reader.ini as a reader's choices leave it (large print also saves
# the article's text size).
comfort() {  # theme large_print language text_scale
  rm -rf "$WORK/config" && mkdir -p "$WORK/config"
  printf '[view]\ntheme=%s\nlarge_print=%s\nlanguage=%s\ntext_scale=%s\n' "$@" > "$WORK/config/reader.ini"
}
comfort high-contrast true en 1.5
gui --search "fractures" --screenshot "$OUT/high-contrast.png" || echo "high-contrast.png not made (search not available?)" >&2

# A Spanish page written for this picture (not NCI's text), with links to the Spanish dictionary.
mkdir -p "$WORK/es"
cat > "$WORK/es/ganglios.md" <<'MDEOF'
---
title: Los ganglios linfáticos y el cáncer
language: es
status: active
---

# Los ganglios linfáticos y el cáncer

Esta página es un ejemplo escrito para mostrar el lector en español. Su equipo de atención médica es quien mejor puede responder a sus preguntas.

## ¿Qué son los ganglios linfáticos?

Los [ganglios linfáticos](/espanol/publicaciones/diccionarios/diccionario-cancer/def/45762) son órganos pequeños con forma de frijol. Forman parte del [sistema inmunitario](/espanol/publicaciones/diccionarios/diccionario-cancer/def/46356), que ayuda al cuerpo a combatir las infecciones. Hay grupos de ganglios en el cuello, las axilas, el pecho, el abdomen y la ingle.

## ¿Por qué se revisan cuando hay cáncer?

Las células cancerosas a veces se desprenden de un [tumor](/espanol/publicaciones/diccionarios/diccionario-cancer/def/46634) y llegan a los ganglios linfáticos cercanos. Por eso, el médico puede pedir una [biopsia](/espanol/publicaciones/diccionarios/diccionario-cancer/def/45164) de uno o más ganglios. El resultado ayuda a conocer la [estadificación](/espanol/publicaciones/diccionarios/diccionario-cancer/def/46597) del cáncer y a planear el tratamiento.

## Preguntas que puede hacer

- ¿Revisaron mis ganglios linfáticos?
- ¿Qué dicen los resultados?
- ¿Cómo cambian los resultados mi tratamiento?
MDEOF
comfort default false es 1.0
gui --content "$WORK/es" --open-link glossary:45762 --screenshot "$OUT/reader-es.png"
rm -rf "$WORK/config"

# The patients' home page (kiosk; English and Spanish, normal and high contrast) and Listen.
"$PY" docs/screenshots/home_screenshots.py --out "$OUT"

# For staff: a Word leaflet imported with mbc-reader import, and the Content health view.
"$PY" docs/screenshots/staff_screenshots.py --out "$OUT"
echo "screenshots in $OUT"
