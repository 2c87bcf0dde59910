"""The voice "Listen" reads with: eSpeak NG in a ``QProcess``, one sentence per process.

A process, not a thread: it ends by itself when the sentence has been said, and its ``finished``
signal arrives on the GUI thread like any other. speech.py (Qt-free) finds the program and builds
its command line; the sentence goes on standard input. ``stop`` kills the process and waits for it,
so none outlives its window.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal, Slot

from .. import speech
from ..speech import Speed

log = logging.getLogger(__name__)

STOP_WAIT_MS = 2000  # a stopped voice is killed and waited for this long at most


class EspeakVoice(QObject):
    """Says one sentence at a time with eSpeak NG through the default audio output."""

    finished = Signal()  # the sentence was said to its end
    failed = Signal(str)  # it could not be said (plain words)

    def __init__(self, engine: speech.Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._process: QProcess | None = None

    def say(self, text: str, language: str, speed: Speed) -> None:
        self.stop()
        program, *args = self._engine.command(language, speed)
        process = QProcess(self)
        if self._engine.environment():
            env = QProcessEnvironment.systemEnvironment()
            for name, value in self._engine.environment().items():
                env.insert(name, value)
            process.setProcessEnvironment(env)
        process.setProgram(program)
        process.setArguments(args)
        process.finished.connect(self._on_process_finished)
        process.errorOccurred.connect(self._on_process_error_occurred)
        self._process = process
        process.start()
        process.write(text.encode("utf-8"))  # on standard input: never on a command line others can see
        process.closeWriteChannel()

    def stop(self) -> None:
        """Silence now (no signal follows)."""
        process, self._process = self._process, None
        if process is None:
            return
        process.blockSignals(True)
        if process.state() != QProcess.ProcessState.NotRunning:
            process.kill()
            process.waitForFinished(STOP_WAIT_MS)
        process.deleteLater()

    def is_speaking(self) -> bool:
        return self._process is not None

    @Slot(int, QProcess.ExitStatus)
    def _on_process_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        complaint = speech.audio_failure(bytes(process.readAllStandardError().data()).decode("utf-8", "replace"))
        process.deleteLater()
        if status != QProcess.ExitStatus.NormalExit or code != 0:
            self.failed.emit(self.tr("The voice stopped unexpectedly."))
        elif complaint:
            log.warning("espeak-ng: %s", complaint)
            self.failed.emit(self.tr("No sound could be played: check the speakers or headphones."))
        else:
            self.finished.emit()

    @Slot(QProcess.ProcessError)
    def _on_process_error_occurred(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            log.warning("espeak-ng could not be started: %s", self._process.errorString())
            self._process.deleteLater()
            self._process = None
            self.failed.emit(self.tr("The voice could not be started."))


def default_voice(parent: QObject) -> EspeakVoice | None:
    """The voice on this computer, or None when eSpeak NG is not there."""
    engine = speech.find_engine()
    return EspeakVoice(engine, parent) if engine is not None else None
