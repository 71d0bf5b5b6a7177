"""``linkdesk measures list|score``: no store, no unlock."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Placeholder until the measure registry lands."""
