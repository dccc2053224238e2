"""The Criminal Records Register import adapter: the file formats (CSV or JSON) and the row checks.

One row per register entry (docs/risk.md, "Import format")::

    register_id,personal_code,kind,article,offence_date,conviction_date,sanction,custodial,court
    SR-2024-000123,161175-19997,conviction,175.2,2024-02-10,2024-06-01,probation supervision 1 year,no,Rīgas rajona tiesa

JSON is a list of objects with the same keys (``custodial`` true/false). Dates are ISO (YYYY-MM-DD);
``kind`` is ``conviction`` or ``proceeding`` (no conviction date). Parsing returns the clean rows and
every bad row with its number, field and reason; the service imports a file only when no row is bad.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from stdnum.lv import pvn

COLUMNS = ("register_id", "personal_code", "kind", "article", "offence_date", "conviction_date", "sanction",
           "custodial", "court")
REQUIRED = ("register_id", "personal_code", "kind", "article", "offence_date")
MAX_ROWS = 20000
TRUE = {"yes", "true", "1", "jā", "ja", "y"}
FALSE = {"no", "false", "0", "nē", "ne", "n", ""}


@dataclass(frozen=True)
class Row:
    number: int
    register_id: str
    personal_code: str
    kind: str
    article: str
    offence_date: dt.date
    conviction_date: dt.date | None
    sanction: str
    custodial: bool
    court: str


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}


def _records(content: bytes, filename: str) -> list[dict[str, Any]]:
    text = content.decode("utf-8-sig")
    if filename.lower().endswith(".json") or text.lstrip().startswith("["):
        data = json.loads(text)
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ValueError("a JSON import is a list of objects")
        return data
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"the CSV header lacks: {', '.join(missing)}")
    return list(reader)


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return dt.date.fromisoformat(str(value).strip())


def parse(content: bytes, filename: str) -> tuple[list[Row], list[RowError]]:
    """Every row checked; a file that cannot be read at all is one error on row 0."""
    try:
        records = _records(content, filename)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        return [], [RowError(0, "file", "unreadable", _("the file cannot be read: %(error)s") % {"error": exc})]
    if not records:
        return [], [RowError(0, "file", "empty", _("the file has no rows"))]
    if len(records) > MAX_ROWS:
        return [], [RowError(0, "file", "too_many_rows", _("at most %(n)d rows a file") % {"n": MAX_ROWS})]
    rows: list[Row] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    today = dt.date.today()
    for number, record in enumerate(records, start=1):
        def bad(field: str, code: str, message: str, n: int = number) -> None:
            errors.append(RowError(n, field, code, message))

        get = {k: ("" if record.get(k) is None else str(record.get(k)).strip()) for k in COLUMNS}
        if isinstance(record.get("custodial"), bool):
            get["custodial"] = "true" if record["custodial"] else "false"
        missing = [k for k in REQUIRED if not get[k]]
        if missing:
            bad(missing[0], "required", _("%(field)s is empty") % {"field": missing[0]})
            continue
        if get["register_id"] in seen:
            bad("register_id", "duplicate", _("the same register_id twice in the file"))
            continue
        seen.add(get["register_id"])
        code = get["personal_code"].replace("-", "")
        if not pvn.is_valid(code):
            bad("personal_code", "invalid", _("not a valid Latvian personal code"))
            continue
        if get["kind"] not in ("conviction", "proceeding"):
            bad("kind", "unknown_value", _("kind is conviction or proceeding"))
            continue
        try:
            offence = _date(get["offence_date"])
        except ValueError:
            bad("offence_date", "invalid_date", _("offence_date is not a date (YYYY-MM-DD)"))
            continue
        try:
            convicted = _date(get["conviction_date"])
        except ValueError:
            bad("conviction_date", "invalid_date", _("conviction_date is not a date (YYYY-MM-DD)"))
            continue
        assert offence is not None
        if offence > today:
            bad("offence_date", "future", _("offence_date is in the future"))
            continue
        if get["kind"] == "conviction" and convicted is None:
            bad("conviction_date", "required", _("a conviction needs its conviction_date"))
            continue
        if get["kind"] == "proceeding" and convicted is not None:
            bad("conviction_date", "not_allowed", _("pending proceedings have no conviction_date"))
            continue
        if convicted is not None and (convicted < offence or convicted > today):
            bad("conviction_date", "out_of_range", _("conviction_date is before the offence or in the future"))
            continue
        custodial = get["custodial"].lower()
        if custodial not in TRUE | FALSE:
            bad("custodial", "unknown_value", _("custodial is yes or no"))
            continue
        if len(get["article"]) > 20 or len(get["register_id"]) > 64 or len(get["sanction"]) > 200 \
                or len(get["court"]) > 200:
            bad("article", "too_long", _("a value is too long"))
            continue
        rows.append(Row(number=number, register_id=get["register_id"], personal_code=code, kind=get["kind"],
                        article=get["article"], offence_date=offence, conviction_date=convicted,
                        sanction=get["sanction"], custodial=custodial in TRUE, court=get["court"]))
    return rows, errors
