"""A report as long-form CSV (UTF-8): ``metric,value`` for a weekly summary, ``table,group,metric,value``
for a service report."""

from __future__ import annotations

import csv
import io

from linkdesk.domain.reporting import Report, long_form
from linkdesk.reports.cells import safe


def render_csv(report: Report) -> bytes:
    header, rows = long_form(report)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe(h) for h in header])
    writer.writerows([safe(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")
