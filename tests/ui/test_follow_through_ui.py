"""Follow-through in the desktop app, driven by keys: the next steps offered after a case
discussion is saved (Enter makes them, Esc makes nothing), "me" chosen in Settings, Today showing
only my visits by default, and the Tasks page (overdue first, mine or the whole team's)."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from linkdesk.letters.renderer import PdfLetterRenderer
from linkdesk.services.app_services import Services
from linkdesk.ui.follow_through import NextStepsDialog
from linkdesk.ui.main_window import MainWindow
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.discussion import DiscussionPage
from linkdesk.ui.pages.letters import LettersPage
from linkdesk.ui.pages.my_tasks import MyTasksPage
from linkdesk.ui.pages.settings import SettingsPage
from linkdesk.ui.tasks import TaskRunner
from tests.ui import test_visit_day_ui as day_ui
from tests.ui.conftest import open_window, unlock
from tests.ui.desk_data import Desk, iso

CTRL = Qt.KeyboardModifier.ControlModifier
desk = day_ui.desk
query, page, today_page, open_discussion_from_today = (
    day_ui.query,
    day_ui.page,
    day_ui.today_page,
    day_ui.open_discussion_from_today,
)


def offer(form: DiscussionPage) -> NextStepsDialog:
    dialog = form.findChild(NextStepsDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    return dialog


def press(qtbot: QtBot, dialog: NextStepsDialog, key: Qt.Key) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, key)


def choose_me_in_settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    window.registry["go_settings"].trigger()
    settings = page(window, "settings")
    assert isinstance(settings, SettingsPage)
    assert settings.me.prompt.isVisible() and settings.me.prompt.text().startswith("Who are you?")
    settings.me.combo.setFocus()
    qtbot.keyClick(settings.me.combo, Qt.Key.Key_Down)  # the one staff member: Wren Worker
    assert settings.me.combo.currentText() == "Wren Worker"
    assert "Wren Worker" in window.status.message_label.text() and not settings.me.prompt.isVisible()
    return settings


def test_saving_referred_to_specialist_camhs_offers_a_draft_referral_that_enter_makes(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    item = form.editors[0]
    qtbot.keyClicks(item.who, "AB")
    completer = item.who.completer()
    assert completer is not None
    item.who.setText(completer.currentCompletion())
    item.outcome.setCurrentIndex(item.outcome.findData("referred_specialist"))
    qtbot.keyClick(item.agreed, Qt.Key.Key_S, CTRL)

    assert window.shell is not None and window.shell.current_key == "today"
    dialog = offer(form)
    assert [t.text() for t in dialog.ticks] == ["Draft referral for AB · Y8 to"]
    assert dialog.ticks[0].isChecked() and dialog.destinations[0].currentData() == "specialist_camhs"
    drafts = lambda r: r.find("referral", {"cyp_id": desk.case_ab, "status": "draft"})  # noqa: E731
    assert query(window, drafts) == [], "nothing is made without the user's say"

    press(qtbot, dialog, Qt.Key.Key_Return)
    made = query(window, drafts)
    assert [(r.get("destination"), r.get("status")) for r in made] == [("specialist_camhs", "draft")]
    assert not dialog.isVisible() and "Made: 1 draft referral." in window.status.message_label.text()


def test_an_agreed_action_with_a_follow_up_date_is_counted_on_the_prep_sheet(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    today = today_page(window)
    today.select(desk.week_visit)
    assert today.prep.title.text() == "Oakhill Academy" and today.prep.counts["actions"].text() == "0"
    table = today.tables["to_write_up"]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Oakhill's visit of last Friday, not written up
    form = page(window, "discussion")
    item = form.editors[0]
    qtbot.keyClicks(item.who, "Y9 boy")
    qtbot.keyClicks(item.agreed, "Phone the SENCO")
    qtbot.keyClicks(item.follow_up, "30/11/2026")
    qtbot.keyClick(item.agreed, Qt.Key.Key_S, CTRL)

    dialog = offer(form)
    assert [t.text() for t in dialog.ticks] == ["Action for Y9 boy, due 30/11/2026:"]
    press(qtbot, dialog, Qt.Key.Key_Return)
    actions = query(window, lambda r: r.find("action", {"school_id": desk.other_school}))
    assert [(a.get("description"), a.get("due_on"), a.get("status")) for a in actions] == [
        ("Phone the SENCO", iso(7), "open")
    ]
    today.select(desk.week_visit)
    assert today.prep.counts["actions"].text() == "1"
    assert [r.description for r in rows_of(today.prep.models["actions"])] == ["Phone the SENCO"]


def test_esc_dismisses_the_offer_and_makes_nothing(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    form = open_discussion_from_today(qtbot, window)
    item = form.editors[0]
    qtbot.keyClicks(item.who, "Y7 girl")
    qtbot.keyClicks(item.follow_up, "01/12/2026")
    item.outcome.setCurrentIndex(item.outcome.findData("early_help"))
    qtbot.keyClick(item.agreed, Qt.Key.Key_S, CTRL)
    dialog = offer(form)
    assert len(dialog.ticks) == 1, "an anonymous item cannot be referred until linked to a case"
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert query(window, lambda r: r.find("action", {"due_on": "2026-12-01"})) == []


def test_today_shows_only_my_visits_once_me_is_chosen(qtbot: QtBot, desk: Desk, window: MainWindow) -> None:
    unlock(qtbot, window)
    today = today_page(window)
    assert today.nudge.isVisible() and today.whose.combo.currentData() == "team"
    assert [v.id for v in rows_of(today.models["this_week"])] == [desk.week_visit]

    choose_me_in_settings(qtbot, window)
    window.registry["go_today"].trigger()
    assert not today.nudge.isVisible()
    assert today.whose.combo.currentText() == "My visits (Wren Worker)"
    assert [v.id for v in rows_of(today.models["todays"])] == [desk.today_visit]
    assert rows_of(today.models["this_week"]) == [], "Oakhill's visit is not at one of my schools"

    today.whose.combo.setFocus()
    qtbot.keyClick(today.whose.combo, Qt.Key.Key_Down)
    assert today.whose.combo.currentData() == "team"
    assert [v.id for v in rows_of(today.models["this_week"])] == [desk.week_visit]


def test_the_tasks_page_lists_overdue_first_and_honours_me_or_the_team(
    qtbot: QtBot, desk: Desk, window: MainWindow
) -> None:
    unlock(qtbot, window)
    choose_me_in_settings(qtbot, window)
    otto = query(window, lambda r: r.add("staff", {"name": "Otto Other"}).id)
    query(
        window,
        lambda r: r.add("action", {"description": "Otto's", "owner_staff_id": otto, "due_on": iso(-1)}),
    )
    window.registry["go_tasks"].trigger()
    tasks = page(window, "tasks")
    assert isinstance(tasks, MyTasksPage) and window.shell is not None and window.shell.current_key == "tasks"
    assert tasks.whose.combo.currentText() == "My tasks (Wren Worker)"
    mine = rows_of(tasks.model)
    assert [r.overdue for r in mine] == [True, True, False, False, False]
    assert [tasks.model.index(n, 1).data() for n in range(2)] == [
        "Stalled referral to Specialist CAMHS: no news, chase it",
        "Overdue letter",
    ]
    assert tasks.shown.text().startswith("2 overdue · 3 actions · 1 consent to chase · 1 stalled referral")
    assert "Otto's" not in [r.what for r in mine]

    tasks.whose.combo.setFocus()
    qtbot.keyClick(tasks.whose.combo, Qt.Key.Key_Down)
    team = rows_of(tasks.model)
    assert [r.what for r in team][:3] == ["specialist_camhs", "Overdue letter", "Otto's"]

    tasks.table.setFocus()
    tasks.table.selectRow(0)
    qtbot.keyClick(tasks.table, Qt.Key.Key_Return)
    assert window.shell.current_key == "cyp" and page(window, "cyp").record_id == desk.case_ab


def test_where_the_family_agreed_to_sharing_the_feedback_letter_opens_ready_on_letters(
    qtbot: QtBot, desk: Desk, services: Services, runner: TaskRunner
) -> None:
    window = open_window(qtbot, dataclasses.replace(services, letter_renderer=PdfLetterRenderer()), runner)
    try:
        unlock(qtbot, window)
        form = open_discussion_from_today(qtbot, window)
        item = form.editors[0]
        qtbot.keyClicks(item.who, "CD")
        completer = item.who.completer()
        assert completer is not None
        item.who.setText(completer.currentCompletion())
        item.outcome.setCurrentIndex(item.outcome.findData("advice_school_manages"))
        qtbot.keyClick(item.agreed, Qt.Key.Key_S, CTRL)
        dialog = offer(form)
        assert [t.text() for t in dialog.ticks] == [
            "Feedback letter to the school about CD · Y5 (the family agreed to sharing)"
        ]
        press(qtbot, dialog, Qt.Key.Key_Return)
        letters = page(window, "letters")
        assert isinstance(letters, LettersPage) and window.shell is not None
        assert window.shell.current_key == "letters"
        assert letters.template.currentData() == "school-feedback"
        assert letters.subject.currentData() == desk.case_cd and letters.preview_button.isEnabled()
    finally:
        window.shut_down()
