"""Enter an outcome measure from the paper form: choose the measure, who completed it, the time
point and the date, key the answers by item number, watch the score, and save.

The preview scores on the GUI thread with the pure measures engine (no store is touched); saving
scores again on the DB worker with the young person's age and sex on the day, and stores the raw
answers with the result. A risk item (for example YP-CORE item 4) raises a red banner at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from linkdesk.errors import ValidationError
from linkdesk.measures import MeasureRegistry, ScoringContext
from linkdesk.services.cyp_view import CypView
from linkdesk.services.measure_view import Preview, fit_responses, informants, preview, responses_text
from linkdesk.ui import case_labels as C
from linkdesk.ui import labels as L
from linkdesk.ui.forms import Field, choice_box, set_choice
from linkdesk.ui.measure_grid import ResponseGrid
from linkdesk.ui.pages.cyp_sections import clear
from linkdesk.ui.record_dialog import RecordDialog, Write, date_box, read_date
from linkdesk.ui.session import Session
from linkdesk.ui.widgets import em, text


class MeasureEntryDialog(RecordDialog):
    draft_kind = "enter_measure"

    def __init__(
        self,
        session: Session,
        parent: QWidget,
        registry: MeasureRegistry,
        cases: list[tuple[str, str]],
        cyp_id: str | None = None,
        context: ScoringContext | None = None,
        measure: str | None = None,
    ) -> None:
        intro = "Key each answer by item number from the paper form: type the ticked box's number."
        super().__init__("Enter an outcome measure", intro, session, parent, "Save measure")
        self.setObjectName("measureEntry")
        self.registry = registry
        self.context = context
        self.case = choice_box("measureCase", dict(cases), empty="" if cyp_id else "Choose…")
        set_choice(self.case, cyp_id)
        self.case.setEnabled(cyp_id is None)
        names = {i: registry.get(i).short_name for i in registry.ids()}
        self.measure = choice_box("measureKind", dict(sorted(names.items(), key=lambda kv: kv[1].lower())))
        set_choice(self.measure, measure or ("ypcore" if "ypcore" in names else None))
        self.informant = choice_box("measureInformant", {})
        self.time_point = choice_box("measureTimePoint", C.TIME_POINTS)
        self.date = date_box("measureDate", self.today)
        self.add("cyp_id", Field("C&ase", self.case), 0, 0)
        self.add("measure", Field("&Measure", self.measure), 0, 1)
        self.add("informant", Field("Completed &by", self.informant), 0, 2)
        self.add("time_point", Field("&Time point", self.time_point), 0, 3)
        self.add("date", Field("&Date", self.date), 0, 4)
        self.risk = text("", "risk", record=True)
        self.risk.setObjectName("riskBanner")
        self.risk.hide()
        self.grid.addWidget(self.risk, 1, 0, 1, 6)
        self.licence = text("", "caption")
        self.grid.addWidget(self.licence, 2, 0, 1, 5)
        self.answers_scroll = QScrollArea()
        self.answers_scroll.setObjectName("answersScroll")
        self.answers_scroll.setWidgetResizable(True)
        self.answers_scroll.setMinimumSize(em(self, 34), em(self, 18))
        self.answers: ResponseGrid | None = None
        self.answers_field = self.add("responses", Field("Ans&wers", self.answers_scroll), 3, 0, 5)
        self.answers_scroll.setAccessibleName("Answers")
        self.preview_box = QWidget()
        self.preview_box.setObjectName("measurePreview")
        self.preview_box.setMinimumWidth(em(self, 15))
        self.preview_layout = QVBoxLayout(self.preview_box)
        self.preview_layout.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(self.preview_box, 3, 5)
        self.grid.setColumnStretch(5, 1)
        for box, width in ((self.case, 12), (self.measure, 11), (self.informant, 10), (self.time_point, 7)):
            box.setMinimumWidth(em(self, width))
        self.measure.currentIndexChanged.connect(self._measure_changed)
        self._measure_changed()
        self.resize(em(self, 70), em(self, 40))

    # -- the form -----------------------------------------------------------------------------------

    def _measure_changed(self) -> None:
        measure_id = self.measure.currentData()
        if not measure_id:
            return
        definition = self.registry.get(str(measure_id))
        chosen = self.informant.currentData()
        self.informant.clear()
        for informant in informants(definition):
            self.informant.addItem(L.word(C.INFORMANTS, informant), informant)
        set_choice(self.informant, chosen)
        if definition.item_text_allowed:
            self.licence.setText(definition.licence.copyright_line or definition.licence.name)
        else:
            self.licence.setText(
                f"{definition.licence.holder} does not license LinkDesk to show the item wording: "
                "enter each answer by its item number from the paper form."
            )
        self.answers = ResponseGrid(definition)
        self.answers.changed.connect(self.refresh)
        self.answers.refused.connect(self._refused_key)
        self.answers_scroll.setWidget(self.answers)
        self.answers_field.target = self.answers
        self.refresh()

    def _refused_key(self, message: str) -> None:
        self.answers_field.show_error(message)

    def refresh(self) -> None:
        """Re-score what is entered so far and show it beside the grid."""
        if self.answers is None:
            return
        self.answers_field.show_error("")
        try:
            result = preview(
                self.registry, str(self.measure.currentData()), self.answers.values(), self.context
            )
        except ValidationError as exc:
            self.answers_field.show_error(str(exc))
            return
        self.show_preview(result)

    def show_preview(self, result: Preview) -> None:
        clear(self.preview_layout)
        self.preview_layout.addWidget(text("Score so far", "h3", wrap=False))
        self.preview_layout.addWidget(text(f"{result.answered} of {result.items} items answered", "caption"))
        for line in sorted(result.scores, key=lambda s: not s.main):
            value = f"{line.value}" + (f"  ·  {line.band_text}" if line.band else "")
            if line.main:
                self.preview_layout.addWidget(text(line.label, "caption"))
                label: QLabel = text(value, "stat", record=True)
                label.setAccessibleName(f"{line.label}: {value}")
            else:
                label = text(f"{line.label}: {value}", record=True)
            label.setObjectName("previewMain" if line.main else "previewScore")
            self.preview_layout.addWidget(label)
        for warning in result.warnings[:4]:
            self.preview_layout.addWidget(text(warning[:1].upper() + warning[1:], "caption", record=True))
        for rule in result.unverified_rules:
            self.preview_layout.addWidget(text(rule, "caption", record=True))
        self.preview_layout.addStretch(1)
        if result.risks:
            self.risk.setText("Risk item: " + " ".join(r.message for r in result.risks))
            self.risk.setAccessibleName(self.risk.text())
            self.risk.show()
        else:
            self.risk.hide()

    # -- drafts -------------------------------------------------------------------------------------

    def draft_state_now(self) -> dict[str, Any]:
        answers = self.answers.values() if self.answers is not None else []
        return {**super().draft_state_now(), "answers": answers}

    def restore_values(self, values: dict[str, Any]) -> None:
        super().restore_values(values)  # the measure first: choosing it lays out its answers
        answers = values.get("answers")
        if self.answers is not None and isinstance(answers, list):
            self.answers.set_values([str(a) if a is not None else None for a in answers])

    # -- saving ---------------------------------------------------------------------------------------

    def build(self) -> Write:
        cyp_id = self.case.currentData()
        if not cyp_id:
            raise ValidationError("cyp_id: choose whose measure this is.", "cyp_id")
        measure_id = str(self.measure.currentData())
        definition = self.registry.get(measure_id)
        values = self.answers.values() if self.answers is not None else []
        if not any(values):
            raise ValidationError("responses: key the answers first.", "responses")
        answers = responses_text(fit_responses(definition, values))
        informant, time_point = str(self.informant.currentData()), str(self.time_point.currentData())
        when = read_date(self.date, "date", self.today) or ""
        registry, cyp = self.registry, str(cyp_id)
        return lambda cw: CypView(cw, registry).record_measure(
            cyp, measure_id, answers, informant, time_point, when
        )

    def message(self, result: Any) -> str:
        return f"{self.registry.get(result.get('measure')).short_name} saved."
