"""Cell values for spreadsheets and CSV, with formula injection neutralised in every text cell.

A spreadsheet treats text starting with ``=``, ``+``, ``-`` or ``@`` (and a tab or carriage
return before one) as a formula, so a school called ``=cmd|' /C calc'!A0`` could run a command
when the file is opened. Such text is written with a leading apostrophe, which shows it as text.
"""

from __future__ import annotations

from linkdesk.domain.reporting import Plain

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe(value: Plain) -> Plain:
    """A value ready for a cell: numbers as they are, text neutralised."""
    return neutralise(value) if isinstance(value, str) else value
