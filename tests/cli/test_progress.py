"""The terminal progress bar: drawn on stderr only when it is a terminal, one line, ended cleanly."""

from __future__ import annotations

import io

from linkdesk.cli.progress import TerminalProgress


def test_the_bar_shows_share_and_amount_and_ends_its_line() -> None:
    out = io.StringIO()
    bar = TerminalProgress(out, "Reading edubasealldata.csv", enabled=True)
    bar(0, 60_000_000)
    bar(60_000_000, 60_000_000)
    bar.finish()
    text = out.getvalue()
    assert text.startswith(
        "\rReading edubasealldata.csv [..............................]   0%  0.0 of 60.0 MB"
    )
    assert "\rReading edubasealldata.csv [##############################] 100%  60.0 of 60.0 MB\n" in text
    assert (
        TerminalProgress(out, "Writing", enabled=True, unit="schools")
        .line(250, 1000)
        .endswith(" 25%  250 of 1,000 schools")
    )


def test_nothing_is_drawn_when_stderr_is_not_a_terminal() -> None:
    out = io.StringIO()  # not a TTY
    bar = TerminalProgress(out, "Reading")
    bar(5, 10)
    bar.finish()
    assert out.getvalue() == ""
