"""The desktop app (PySide6). Importing it first mends the binding defects ``qt_fixes`` knows."""

from linkdesk.ui.qt_fixes import keep_emit_balanced, keep_none_alive, spare_source_cache

spare_source_cache()
keep_emit_balanced()
keep_none_alive()
