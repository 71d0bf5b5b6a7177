"""Thin Qt item models: rows prepared on the DB worker, shown as they are (style.md §11)."""
