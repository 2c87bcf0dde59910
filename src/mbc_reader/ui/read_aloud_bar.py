"""What the reader sees while listening: a bar under the article, like the find bar.

Where it is, then Previous, Pause/Continue, Next and Stop, then the three speeds, with their words
(not symbols: a patient should not have to guess). In large print and Spanish those are wider than
the article beside the sidebar, and a bar's minimum width would widen the whole window past the
screen; so, like the toolbar (toolbar.py), the bar takes a second row (the speeds) or a third (the
buttons under the words) instead, and goes back to one row when there is room again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ..speech import Speed
from .lifetime import built, guarded
from .read_aloud import ReadAloud, State

SPACING = 6
SIDES = 12  # px of margin left and right


class ReadAloudBar(QWidget):
    def __init__(self, read_aloud: ReadAloud, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readAloudBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Its width is the article's (whatever the buttons would like): it fits by taking rows.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._read_aloud = read_aloud
        self.label = QLabel(self)
        self.label.setObjectName("readAloudStatus")
        self._controls = QWidget(self)
        self._speeds = QWidget(self)
        self.previous_button = self._button(self._controls, "readAloudPrevious", read_aloud.previous_sentence)
        self.pause_button = self._button(self._controls, "readAloudPause", read_aloud.pause_or_resume)
        self.next_button = self._button(self._controls, "readAloudNext", read_aloud.next_sentence)
        self.stop_button = self._button(self._controls, "readAloudStop", read_aloud.stop)
        self.speeds = QButtonGroup(self)
        self.speed_buttons: dict[Speed, QPushButton] = {}
        for speed in Speed:
            button = self._button(self._speeds, f"readAloud{speed.name.title()}", None)
            button.setCheckable(True)
            self.speeds.addButton(button)
            self.speed_buttons[speed] = button
        self.speeds.buttonClicked.connect(self._on_speeds_button_clicked)
        for box, buttons in ((self._controls, (self.previous_button, self.pause_button, self.next_button, self.stop_button)),
                             (self._speeds, tuple(self.speed_buttons.values()))):
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(SPACING)
            for button in buttons:
                row.addWidget(button)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(SIDES, 6, SIDES, 6)
        self._grid.setHorizontalSpacing(2 * SPACING)
        self._grid.setVerticalSpacing(SPACING)
        self._rows = 0
        self._arrange(1)
        self._refit_timer = QTimer(self)
        self._refit_timer.setSingleShot(True)
        self._refit_timer.setInterval(0)
        self._refit_timer.timeout.connect(self.refit)
        read_aloud.state_changed.connect(self._on_read_aloud_state_changed)
        read_aloud.sentence_started.connect(self._on_read_aloud_sentence_started)
        self.retranslate()
        self.hide()
        built(self)  # guarded event handlers run from here on (lifetime.py)

    @staticmethod
    def _button(parent: QWidget, name: str, slot) -> QPushButton:
        button = QPushButton(parent)
        button.setObjectName(name)
        button.setAutoDefault(False)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        words = (
            (self.previous_button, self.tr("Previous"), self.tr("Read the sentence before")),
            (self.next_button, self.tr("Next"), self.tr("Skip to the next sentence")),
            (self.stop_button, self.tr("Stop"), self.tr("Stop reading aloud (F7)")),
            (self.speed_buttons[Speed.SLOWER], self.tr("Slower"), self.tr("Read more slowly")),
            (self.speed_buttons[Speed.NORMAL], self.tr("Normal speed"), self.tr("Read at the normal speed")),
            (self.speed_buttons[Speed.FASTER], self.tr("Faster"), self.tr("Read faster")),
        )
        for button, text, tip in words:
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(text)
            button.setAccessibleDescription(tip)
        self._show_state()
        self._refit_timer.start()

    # -- rows ---------------------------------------------------------------------------------------
    def rows(self) -> int:
        return self._rows

    def _label_width(self) -> int:
        """The words at their widest (the last sentence of the page), so they never move the buttons."""
        total = str(max(1, len(self._read_aloud.sentences())))
        widest = max(self.tr("Paused"), self.tr("Reading aloud"), key=len) + " \u2014 " + self._place(total, total)
        return self.label.fontMetrics().horizontalAdvance(widest) + 4

    def one_row_width(self) -> int:
        spacing = self._grid.horizontalSpacing()
        return 2 * SIDES + self._label_width() + spacing + self._controls.sizeHint().width() + spacing + self._speeds.sizeHint().width()

    def refit(self) -> None:
        """One row when everything fits the article's width, else two (speeds below), else three."""
        self._refit_timer.stop()
        width = self.width()
        spacing = self._grid.horizontalSpacing()
        two = 2 * SIDES + self._label_width() + spacing + self._controls.sizeHint().width()
        self._arrange(1 if self.one_row_width() <= width else 2 if two <= width else 3)

    def _arrange(self, rows: int) -> None:
        if rows == self._rows:
            return
        self._rows = rows
        for widget in (self.label, self._controls, self._speeds):
            self._grid.removeWidget(widget)
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        if rows == 1:
            places = ((self.label, 0, 0, left), (self._controls, 0, 1, right), (self._speeds, 0, 2, right))
        elif rows == 2:
            places = ((self.label, 0, 0, left), (self._controls, 0, 1, right), (self._speeds, 1, 1, right))
        else:
            places = ((self.label, 0, 0, left), (self._controls, 1, 0, left), (self._speeds, 2, 0, left))
        for widget, row, column, align in places:
            self._grid.addWidget(widget, row, column, align | Qt.AlignmentFlag.AlignVCenter)
        for column in range(3):
            self._grid.setColumnStretch(column, 1 if column == 0 else 0)
        self.updateGeometry()

    @guarded
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._refit_timer.start()

    @guarded
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit_timer.start()  # large print
        super().changeEvent(event)

    # -- what is shown ------------------------------------------------------------------------------
    def _place(self, index: str, total: str) -> str:
        return self.tr("sentence %1 of %2").replace("%1", index).replace("%2", total)

    def _show_state(self) -> None:
        state = self._read_aloud.state()
        self.setVisible(state is not State.IDLE)
        paused = state is State.PAUSED
        self.pause_button.setText(self.tr("Continue") if paused else self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Go on reading") if paused else self.tr("Pause reading"))
        self.pause_button.setAccessibleName(self.pause_button.text())
        self.speed_buttons[self._read_aloud.speed()].setChecked(True)
        if state is State.IDLE:
            self.label.setText("")
            return
        place = self._place(str(self._read_aloud.current() + 1), str(len(self._read_aloud.sentences())))
        self.label.setText((self.tr("Paused") if paused else self.tr("Reading aloud")) + f" \u2014 {place}")

    @Slot()
    def _on_read_aloud_state_changed(self) -> None:
        self._show_state()
        self._refit_timer.start()  # another page: another count of sentences

    @Slot(int)
    def _on_read_aloud_sentence_started(self, _index: int) -> None:
        self._show_state()

    @Slot(QPushButton)
    def _on_speeds_button_clicked(self, button: QPushButton) -> None:
        speed = next(s for s, b in self.speed_buttons.items() if b is button)
        self._read_aloud.set_speed(speed)
