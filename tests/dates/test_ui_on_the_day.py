"""The Today page's prep sheet and the idle lock through real widgets, at the matrix's cases.

The prep sheet takes today from the service clock: its visit line and due dates read "Today",
"Yesterday" and so on from the UK date, whatever the machine's zone. The idle lock counts
elapsed (monotonic) time, so neither the zone nor the service clock moves it.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from linkdesk.services.casework import Casework
from linkdesk.services.records import RecordService
from linkdesk.services.visit_day import VisitDay
from linkdesk.ui import theme
from linkdesk.ui.lock import IdleLock
from linkdesk.ui.models.table import rows_of
from linkdesk.ui.pages.prep import PrepView
from linkdesk.ui.pages.today import long_date
from tests.dates.cases import CASES, Case
from tests.dates.conftest import Matrix, moment_at


@pytest.mark.parametrize("case", CASES, ids=str)
def test_the_prep_sheet_reads_from_the_service_clock(
    qtbot: QtBot, matrix: Matrix, case: Case, zone: str
) -> None:
    moment = moment_at(case, zone, matrix.vault, matrix.home)
    mine = matrix.schools[case.name]
    day = VisitDay(Casework(RecordService(matrix.store, moment.services.today)))
    view = PrepView(theme.LIGHT, moment.services.today)
    qtbot.addWidget(view)
    view.show_sheet(day.prep(mine.today_visit))
    assert view.when.text().startswith("Today · 10:00")
    model = view.models["actions"]
    due = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert due[:2] == ["Yesterday · overdue", "Today"]
    assert [a.description for a in rows_of(model)] == ["overdue", "due today", "last day ahead"]
    view.show_sheet(day.prep(mine.yesterday_visit))
    assert view.when.text().startswith("Yesterday")
    assert long_date(moment.services).startswith(f"{case.weekday} {case.uk.day} ")


def test_the_idle_lock_counts_elapsed_time_in_every_zone(qtbot: QtBot, zone: str) -> None:
    idle = IdleLock()
    idle.set_timeout_ms(120)
    idle.start()
    try:
        assert 0 < idle.remaining_ms() <= 120
        with qtbot.waitSignal(idle.idle, timeout=3000):
            pass
        assert not idle.running and idle.remaining_ms() == 120
    finally:
        idle.stop()
