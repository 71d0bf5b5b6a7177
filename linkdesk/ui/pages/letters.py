"""Letters: choose a template and who it is about, see the consent gate's answer, then preview the
PDF inside LinkDesk, print it, or save it where you choose; and print a visit day's pack at once.

Every letter shown, printed or saved is logged by the letters service (output previewed, printed or
saved). Nothing is written to disk except the file the user picks; the suggested file name never
holds a child's name. On lock the PDF and its page images are dropped with the page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from linkdesk.domain.redaction import HIDDEN
from linkdesk.services.app_services import Services
from linkdesk.services.casework import Casework
from linkdesk.services.follow_through import FEEDBACK_LETTER
from linkdesk.services.letter_desk import Choice, DayPack, Gate, LetterDesk, Template, log_letters
from linkdesk.services.letters import LetterRequest, LetterService, RenderedLetter
from linkdesk.ui import labels as L
from linkdesk.ui import pdf_pages, theme
from linkdesk.ui.errors import user_message
from linkdesk.ui.forms import Field, choice_box
from linkdesk.ui.pages.base import Page
from linkdesk.ui.pages.catalog import NavPage
from linkdesk.ui.pages.consent_prompt import ConsentPrompt
from linkdesk.ui.pages.letters_pack import DayPackCard
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import button, card, em, row, text

NO_RENDERER = "Letters are not available in this installation: no PDF renderer is wired in."
NO_ONE = "Choose who the letter is about, then Preview."
CHOOSE = {"cyp": "Choose the child or young person…", "visit": "Choose the visit…"}


def _desk(cw: Casework, services: Services) -> LetterDesk:
    if services.letter_renderer is None:
        raise RuntimeError(NO_RENDERER)
    return LetterDesk(LetterService(cw.records, cw, services.letter_renderer, services.managed))


Loaded = tuple[list[Template], dict[str, list[Choice]], int]


def _by(cw: Casework) -> str | None:
    actor = getattr(cw.session, "actor", None)
    return str(actor) if actor else None


class LettersPage(Page):
    def __init__(self, spec: NavPage, session: Session, services: Services, colours: theme.Colours) -> None:
        super().__init__(spec, session, services, colours)
        self.templates: dict[str, Template] = {}
        self.subjects: dict[str, list[Choice]] = {}
        self.letter: RenderedLetter | None = None
        self.pack: DayPack | None = None
        self.add_heading(
            "Letters", "Made from templates, checked against recorded consent, logged on the record."
        )
        columns = QHBoxLayout()
        columns.setSpacing(em(self, 1.0))
        left = QVBoxLayout()
        left.setSpacing(em(self, 0.8))
        left.addWidget(self._build_chooser())
        self.day_pack = DayPackCard()
        self.pack_button = self.day_pack.button
        self.pack_button.clicked.connect(self.print_pack)
        left.addWidget(self.day_pack)
        left.addStretch(1)
        columns.addLayout(left, 4)
        columns.addWidget(self._build_preview(), 5)
        self.layout_.addLayout(columns, 1)
        self.template.currentIndexChanged.connect(self._template_changed)
        self.subject.currentIndexChanged.connect(self._ask_gate)
        session.privacy.changed.connect(self._privacy_changed)  # a method: gone with the page

    # -- building ---------------------------------------------------------------------------------

    def _build_chooser(self) -> QFrame:
        frame, body = card()
        body.addWidget(text("Make a letter", "h2"))
        self.template = choice_box("letterTemplate", {})
        self.template.setSizeAdjustPolicy(self.template.SizeAdjustPolicy.AdjustToContents)
        self.subject = choice_box("letterSubject", {})
        self.recipient = QLineEdit()
        self.recipient.setObjectName("letterRecipient")
        self.recipient.setPlaceholderText("As written on the letter, e.g. Mrs A Khan (optional)")
        self.language = choice_box("letterLanguage", {})
        self.subject_field = Field("&About", self.subject)
        body.addWidget(Field("Te&mplate", self.template))
        body.addWidget(self.subject_field)
        body.addWidget(Field("&Recipient", self.recipient))
        self.language_field = Field("Lan&guage", self.language)
        body.addWidget(self.language_field)
        self.gate_prompt = ConsentPrompt(self.session, "letterGate", "notice")
        self.gate_prompt.recorded.connect(self._consent_recorded)
        self.gate = self.gate_prompt.line
        self.gate.setAccessibleName("Consent check")
        body.addWidget(self.gate_prompt)
        self.preview_button = button("&Preview", primary=True, name="letterPreview")
        self.preview_button.setDefault(False)
        self.preview_button.clicked.connect(self.preview)
        self.print_button = button("Pri&nt…", name="letterPrint")
        self.print_button.clicked.connect(self.print_letter)
        self.save_button = button("&Save as PDF…", name="letterSave")
        self.save_button.clicked.connect(self.save_letter)
        body.addLayout(
            row(self.preview_button, self.print_button, self.save_button, None, spacing=em(self, 0.5))
        )
        self.problem = text("", "error")
        self.problem.setObjectName("letterProblem")
        self.problem.hide()
        body.addWidget(self.problem)
        self._set_ready(False)
        return frame

    def _build_preview(self) -> QFrame:
        frame, body = card()
        self.preview_title = text("Preview", "h2", wrap=False)
        self.page_count = text("", "caption", wrap=False, record=True)
        body.addLayout(row(self.preview_title, None, self.page_count))
        self.viewer = QScrollArea()
        self.viewer.setObjectName("letterPreviewScroll")
        self.viewer.setAccessibleName("Letter preview")
        self.viewer.setWidgetResizable(True)
        self.viewer.setMinimumHeight(em(self, 24))
        self.viewer.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sheets = QWidget()
        self.sheets.setObjectName("letterSheets")
        self.sheets_layout = QVBoxLayout(self.sheets)
        self.sheets_layout.setSpacing(em(self, 0.8))
        self.empty = text(
            "Choose a letter and who it is about, then Preview. Nothing is saved by previewing.", "subtle"
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sheets_layout.addWidget(self.empty, 1)
        self.viewer.setWidget(self.sheets)
        body.addWidget(self.viewer, 1)
        return frame

    # -- loading ----------------------------------------------------------------------------------

    def show_record(self, record_id: str) -> None:
        """Open on the school feedback letter about one case (a case discussion's next step)."""
        for box, value in ((self.template, FEEDBACK_LETTER), (self.subject, record_id)):
            box.blockSignals(True)
            box.clear()
            box.addItem("", value)
            box.blockSignals(False)

    def activated(self) -> None:
        services = self.services

        today = services.today()

        def load(cw: Casework) -> Loaded:
            desk = _desk(cw, services)
            return desk.templates(), desk.subjects(), len(desk.pack_visits(today))

        self.session.casework(load, self._loaded, self._failed, self)

    def _loaded(self, data: Loaded) -> None:
        templates, self.subjects, visits = data
        self.day_pack.set_day(self.services.today(), visits)
        chosen = self.template.currentData()
        self.templates = {t.id: t for t in templates}
        self.template.blockSignals(True)
        self.template.clear()
        for t in templates:
            self.template.addItem(f"{t.title}  ({L.word(L.LETTER_FOR, t.audience)})", t.id)
        self.template.setCurrentIndex(max(0, self.template.findData(chosen)))
        self.template.setMinimumWidth(self.template.sizeHint().width())  # every title whole
        self.template.blockSignals(False)
        self._template_changed()

    def _template_changed(self) -> None:
        chosen = self.templates.get(str(self.template.currentData()))
        current = self.subject.currentData()
        self.subject.blockSignals(True)
        self.subject.clear()
        if chosen is not None:
            kind = chosen.subjects[0]
            choices = self.subjects.get(kind, [])
            if chosen.id == "discussion-summary":
                choices = [c for c in choices if c.held]
            self.subject.addItem(CHOOSE.get(kind, "Choose…"), None)  # nobody is chosen for you
            for choice in choices:
                self.subject.addItem(choice.label, choice.id)
            self.subject.setCurrentIndex(max(0, self.subject.findData(current)) if current else 0)
            self.subject_field.label.setText({"cyp": "&About (case)", "visit": "&Visit"}.get(kind, "&About"))
            self.language.clear()
            self.language.addItem(
                "The family's recorded language" if len(chosen.languages) > 1 else "English", None
            )
            for code in chosen.languages[1:] if len(chosen.languages) > 1 else ():
                self.language.addItem(L.LETTER_LANGUAGES.get(code, code), code)
            self.language_field.setVisible(len(chosen.languages) > 1)
        self.subject.blockSignals(False)
        self._ask_gate()

    def _request(self) -> LetterRequest | None:
        template, subject = self.templates.get(str(self.template.currentData())), self.subject.currentData()
        if template is None or not subject:
            return None
        kind = template.subjects[0]
        return LetterRequest(
            template=template.id,
            recipient=self.recipient.text().strip() or None,
            language=self.language.currentData() if self.language_field.isVisible() else None,
            **{f"{kind}_id": subject},
        )

    def _ask_gate(self) -> None:
        self._clear_preview()
        request, services = self._request(), self.services
        if request is None:
            self._show_gate(Gate(False, "Nothing to choose yet." if not self.templates else NO_ONE))
            return
        self.session.casework(
            lambda cw: _desk(cw, services).gate(request.template, request.cyp_id),
            self._show_gate,
            self._failed,
            self,
        )

    def _show_gate(self, gate: Gate) -> None:
        self.gate.setText(gate.words)
        self.gate.setProperty("role", "notice" if gate.allowed else "error")
        self.gate.style().unpolish(self.gate)
        self.gate.style().polish(self.gate)
        self.gate_prompt.offer((gate.cyp_id, gate.case, gate.scope) if gate.scope and gate.cyp_id else None)
        self._set_ready(gate.allowed)

    def _consent_recorded(self, message: str) -> None:
        self.message.emit(message)
        self._ask_gate()

    def _set_ready(self, ready: bool) -> None:
        self.preview_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # -- one letter -------------------------------------------------------------------------------

    def _render(self, then: Any, output: str | None) -> None:
        request, services = self._request(), self.services
        if request is None:
            return

        def make(cw: Casework) -> RenderedLetter:
            desk = _desk(cw, services)
            letter = desk.render(request)
            if output is not None:
                log_letters(desk.service, [letter], output, _by(cw))
            return letter

        self.problem.hide()
        self.session.casework(make, then, self._failed, self)

    def preview(self) -> None:
        self._render(self._show_letter, "previewed")

    def _show_letter(self, letter: RenderedLetter) -> None:
        self.letter = letter
        self._clear_preview(keep_letter=True)
        if self.session.privacy.on:
            self.empty.setText(f"The preview is {HIDDEN.lower()}; Print and Save still work.")
            return
        if not pdf_pages.available():
            self.empty.setText(
                "The preview needs pypdfium2, which is not installed; Print and Save still work."
            )
            self.empty.show()
            return
        images = pdf_pages.page_images(letter.pdf)
        room = self.viewer.width() - self.viewer.verticalScrollBar().sizeHint().width() - em(self, 2.2)
        width = max(em(self, 16), room)
        for number, image in enumerate(images, start=1):
            sheet = QLabel()
            sheet.setObjectName(f"letterPage{number}")
            sheet.setProperty("role", "page")
            sheet.setAccessibleName(f"Page {number} of {len(images)}")
            sheet.setPixmap(
                QPixmap.fromImage(image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            )
            sheet.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.sheets_layout.addWidget(sheet)
        self.empty.hide()
        notices = "  ".join(letter.notices)
        self.page_count.setText(f"{len(images)} page{'s' if len(images) != 1 else ''} · logged as previewed")
        if notices:
            self.message.emit(notices)

    def _privacy_changed(self, _on: bool) -> None:
        if self.letter is not None:
            self._show_letter(self.letter)

    def _clear_preview(self, keep_letter: bool = False) -> None:
        if not keep_letter:
            self.letter = None
        for sheet in self.sheets.findChildren(QLabel):
            if sheet is not self.empty:
                self.sheets_layout.removeWidget(sheet)
                sheet.deleteLater()
        self.empty.setText(
            "Choose a letter and who it is about, then Preview. Nothing is saved by previewing."
        )
        self.empty.show()
        self.page_count.clear()

    def print_letter(self) -> None:
        if self.letter is None:
            self._render(lambda letter: self._print([letter], "Letter"), None)
        else:
            self._print([self.letter], "Letter")

    def _print(self, letters: list[RenderedLetter], what: str) -> None:
        if not letters:
            return
        printer = pdf_pages.ask_printer(self)
        if printer is None:
            return
        try:
            pages = pdf_pages.print_pdfs(printer, [letter.pdf for letter in letters])
        except (OSError, RuntimeError) as exc:
            self._failed(exc)
            return
        services = self.services

        def log(cw: Casework) -> int:
            return log_letters(_desk(cw, services).service, letters, "printed", _by(cw))

        self.session.casework(
            log,
            lambda n: self.message.emit(f"{what} sent to the printer ({pages} pages)."),
            self._failed,
            self,
        )

    def save_letter(self) -> None:
        template = str(self.template.currentData())
        path = pdf_pages.ask_save_path(self, f"{template}-{self.services.today().isoformat()}.pdf")
        if path is None:
            return
        request, services = self._request(), self.services
        if request is None:
            return

        def save(cw: Casework) -> str:
            service = _desk(cw, services).service
            service.save(service.render(request), path, _by(cw))
            return str(path)

        self.session.casework(
            save, lambda where: self.message.emit(f"Letter saved to {where}."), self._failed, self
        )

    # -- the visit day pack ------------------------------------------------------------------------

    def print_pack(self) -> None:
        services, today = self.services, self.services.today()
        self.pack_button.setEnabled(False)
        self.session.casework(
            lambda cw: _desk(cw, services).day_pack(today), self._pack_ready, self._pack_failed, self
        )

    def _pack_failed(self, exc: BaseException) -> None:
        self.pack_button.setEnabled(True)
        self._failed(exc)

    def _pack_ready(self, pack: DayPack) -> None:
        self.pack_button.setEnabled(True)
        self.pack = pack
        self.day_pack.show_result(pack)
        self._print([item.letter for item in pack.letters], "Today's pack")

    def _failed(self, exc: BaseException) -> None:
        self.problem.setText(
            NO_RENDERER if isinstance(exc, RuntimeError) and str(exc) == NO_RENDERER else user_message(exc)
        )
        self.problem.show()

    def wipe(self) -> None:
        self._clear_preview()
        self.pack = None
        self.subjects = {}
        for box in (self.subject, self.template, self.language):
            box.clear()
        super().wipe()
