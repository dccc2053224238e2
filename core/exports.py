"""Tabular exports (XLSX) that honour the field-visibility registry.

A column names the model field it shows; columns whose field belongs to a sensitive class the user
may not see are left out of the file entirely, and each exported record whose sensitive fields
were included is logged in the sensitive-read log."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from core import audit, sensitivity


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    model: str = ""  # model label of the field, for the visibility registry
    field: str = ""


def visible_columns(user: Any, columns: Iterable[Column]) -> list[Column]:
    result = []
    for column in columns:
        if column.model and column.field and column.field in sensitivity.hidden_fields(user, column.model):
            continue
        result.append(column)
    return result


def xlsx(user: Any, rows: Iterable[Any], columns: Iterable[Column], *, title: str, purpose: str,
         sensitive_record: Callable[[Any], Any] | None = None) -> bytes:
    cols = visible_columns(user, columns)
    classes = (sensitivity.fields_of(c.model).get(c.field) for c in cols if c.model and c.field)
    sensitive = {cls for cls in classes if cls is not None}
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([c.header for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([c.value(row) for c in cols])
        if sensitive and sensitive_record is not None:
            for cls in sorted(sensitive):
                audit.log_sensitive_read(user=user, sensitivity=cls, instance=sensitive_record(row), purpose=purpose)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
