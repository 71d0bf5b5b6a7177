"""The child form on a school's page: a new child at the school, or one made from a child discussed
anonymously ("Make into a case…", Alt+M), after which the referral the discussion called for is
offered. The child form, the school and contact forms and the plan-a-visit panel are kept at lock in
the page's one draft."""

from __future__ import annotations

from typing import Any, cast

from linkdesk.services.cyp_identity import AnonymousItem, prefill_from_item
from linkdesk.services.follow_through import steps_once_named
from linkdesk.ui.cyp_form import CypFormDialog, HoldsCypForm
from linkdesk.ui.follow_through import NextStep, offer_next_steps
from linkdesk.ui.pages.base import Page
from linkdesk.ui.plan_visit import PlansVisits
from linkdesk.ui.record_form import RecordForm


class SchoolChildForms(HoldsCypForm):
    """For ``SchoolPage`` (which also plans visits: ``PlansVisits``)."""

    record_id: str | None
    title: Any
    forms: dict[str, RecordForm]
    open_requested: Any
    _failed: Any

    def new_child(self) -> CypFormDialog | None:
        return self.child_form({"school_id": self.record_id}) if self.record_id is not None else None

    def child_form(
        self, values: dict[str, Any] | None, record_id: str | None = None, item_id: str | None = None
    ) -> CypFormDialog:
        form = super().child_form(values, record_id, item_id)
        if item_id is not None:  # made from an anonymous item
            form.record_saved.connect(lambda _cyp_id: self._offer_referral(item_id))
        return form

    def draft_state(self) -> dict[str, Any] | None:
        """The plan-a-visit panel's draft, the child form's and the school or contact form's: any
        of them, all kept for this school."""
        plan = PlansVisits.draft_state(self)  # type: ignore[arg-type]  # the page is both
        child = self.child_draft()
        forms = {kind: draft for kind, form in self.forms.items() if (draft := form.draft())}
        if not child and not forms:
            return plan
        return {**(plan or {"record_id": self.record_id}), "child": child, "forms": forms}

    def draft_title(self) -> str:
        if self.child_draft():
            return HoldsCypForm.draft_title(self)
        for form in self.forms.values():
            if form.draft():
                return f"the “{form.title.text()}” form"
        return PlansVisits.draft_title(self)  # type: ignore[arg-type]

    def restore_draft(self, state: dict[str, Any]) -> None:
        if "values" in state:
            PlansVisits.restore_draft(self, state)  # type: ignore[arg-type]
        elif isinstance(state.get("record_id"), str):
            self.open_requested.emit(self.spec.key, state["record_id"])
        self.reopen_child(state)
        forms = state.get("forms")
        for kind, draft in forms.items() if isinstance(forms, dict) else ():
            if kind in self.forms and isinstance(draft, dict):
                self.forms[kind].put_back(draft)

    def make_case(self, item: Any) -> None:
        """The new-child form, filled in from an anonymous item; saving links the item."""
        if not isinstance(item, AnonymousItem):
            return

        def show(values: dict[str, Any]) -> None:
            self.child_form(values, item_id=item.id)

        page = cast(Page, self)
        self.session.casework(lambda cw: prefill_from_item(cw.records, item.id), show, self._failed, page)

    def _offer_referral(self, item_id: str) -> None:
        """Once named, the referral the item called for is offered (Enter makes it, Esc does not)."""
        page, school = cast(Page, self), self.title.text()

        def offer(steps: list[NextStep]) -> None:
            offer_next_steps(page, steps, school)

        self.session.casework(lambda cw: steps_once_named(cw, item_id), offer, self._failed, page)
