"""Outside addresses: shown with a QR code to scan, never opened.

The reader has no network and must never start a browser (a kiosk would be left on a web page
the patient cannot close). The patient can still follow the link on their own phone.
"""

from __future__ import annotations

import io
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from . import style

log = logging.getLogger(__name__)


def qr_pixmap(address: str, scale: int = 7) -> QPixmap:
    """The address as a QR code (segno: pure Python, no network); empty if it cannot be encoded."""
    import segno  # here, not at import: it pulls in urllib/http modules the reader rarely needs

    pixmap = QPixmap()
    try:
        code = segno.make(address, error="m", micro=False)
        buffer = io.BytesIO()
        code.save(buffer, kind="png", scale=scale, border=4, dark="#1b2a38", light="#ffffff")
    except (ValueError, segno.DataOverflowError) as exc:
        log.warning("cannot make a QR code for %r: %s", address, exc)
        return pixmap
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class QrDialog(QDialog):
    """"This page is on the internet": the address in words and as a code to scan."""

    def __init__(self, address: str, parent: QWidget | None = None, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.setObjectName("qrDialog")
        self.setWindowTitle(self.tr("A page on the internet"))
        self.address = address
        body = style.body_point_size(scale)

        title = QLabel(self.tr("This page is on the internet"), self)
        title.setFont(style.ui_font(body * 1.2, bold=True))
        explain = QLabel(
            self.tr("This reader works without the internet and does not open web pages. Scan with your phone to open it there."),
            self,
        )
        explain.setWordWrap(True)
        explain.setFont(style.ui_font(body * 0.95))
        self.code_label = QLabel(self)
        self.code_label.setObjectName("qrCode")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = qr_pixmap(address)
        if pixmap.isNull():
            self.code_label.setText(self.tr("(This address is too long for a code.)"))
        else:
            self.code_label.setPixmap(pixmap)
        self.code_label.setAccessibleName(self.tr("QR code of the address"))
        self.address_label = QLabel(address, self)
        self.address_label.setObjectName("qrAddress")
        self.address_label.setTextFormat(Qt.TextFormat.PlainText)
        self.address_label.setWordWrap(True)
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setFont(style.ui_font(body * 0.85))
        self.address_label.setStyleSheet("color: #2b3a46;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setMinimumHeight(40)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addWidget(self.code_label)
        layout.addWidget(self.address_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(round(min(640, 28 * body + 60)))
