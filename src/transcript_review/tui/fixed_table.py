"""A DataTable whose columns all have fixed widths and whose rows have fixed heights.

Textual measures every cell of every new row on the next idle, only to size auto-width columns
and auto-height rows. Tables here have neither, and hold thousands of rows (10,000 proposals
in a review queue, the open work of a 10-hour session), where that measuring was a third of the
time to show them; so it is skipped. It is a private Textual method: if a column ever gets an
automatic width, the normal measuring runs.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class FixedTable(DataTable):
    """A DataTable for long lists with fixed column widths (give every column a width)."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        fixed = not any(c.auto_width for c in self.columns.values())
        super()._update_dimensions(() if fixed and not self._labelled_row_exists else new_rows)
