"""The Criminal Records Register import: all or nothing, idempotent, every bad row with its reason."""

import json

from risk import services
from risk.models import Conviction, ImportBatch

HEADER = "register_id,personal_code,kind,article,offence_date,conviction_date,sanction,custodial,court\n"
GOOD = ("SR-1,161175-19997,conviction,175,2021-02-10,2021-06-01,naudas sods,no,Rīgas rajona tiesa\n"
        "SR-2,161175-19997,proceeding,185,2025-01-05,,,no,\n")


def test_a_good_file_is_imported_once(client_case, personas):
    batch = services.history_import(actor=personas.admin, filename="sr.csv", content=(HEADER + GOOD).encode())
    assert (batch.status, batch.rows, batch.created, batch.unchanged) == ("imported", 2, 2, 0)
    again = services.history_import(actor=personas.admin, filename="sr.csv", content=(HEADER + GOOD).encode())
    assert (again.status, again.created, again.unchanged) == ("imported", 0, 2)
    assert Conviction.objects.filter(person=client_case.person).count() == 2
    assert client_case.person.risk_scores.filter(current=True).exists()


def test_json_works_too(client_case, personas):
    rows = [{"register_id": "SR-9", "personal_code": "16117519997", "kind": "conviction", "article": "231",
             "offence_date": "2022-05-01", "conviction_date": "2022-09-01", "custodial": True}]
    batch = services.history_import(actor=personas.admin, filename="sr.json", content=json.dumps(rows).encode())
    assert batch.status == "imported"
    assert Conviction.objects.get(external_id="SR-9").custodial is True


def test_a_changed_register_entry_is_updated(client_case, personas):
    services.history_import(actor=personas.admin, filename="a.csv", content=(HEADER + GOOD).encode())
    changed = GOOD.replace("naudas sods", "piespiedu darbs")
    batch = services.history_import(actor=personas.admin, filename="b.csv", content=(HEADER + changed).encode())
    assert (batch.created, batch.unchanged) == (1, 1)
    assert Conviction.objects.get(external_id="SR-1").sanction == "piespiedu darbs"


def test_bad_rows_are_reported_and_nothing_is_imported(client_case, personas):
    bad = (GOOD
           + "SR-3,161175-19990,conviction,175,2021-02-10,2021-06-01,,no,\n"  # checksum wrong
           + "SR-4,161175-19997,conviction,175,2021-02-10,,,no,\n"  # conviction without date
           + "SR-5,161175-19997,conviction,999,2021-02-10,2021-06-01,,no,\n"  # article not in the table
           + "SR-6,161175-19997,conviction,175,2021-13-10,2021-06-01,,no,\n"  # not a date
           + "SR-1,161175-19997,conviction,175,2021-02-10,2021-06-01,,no,\n"  # duplicate id
           + "SR-7,010101-10006,conviction,175,2021-02-10,2021-06-01,,no,\n"  # nobody with this code
           + "SR-8,161175-19997,conviction,175,2021-02-10,2021-06-01,,maybe,\n")  # custodial
    batch = services.history_import(actor=personas.admin, filename="bad.csv", content=(HEADER + bad).encode())
    assert batch.status == ImportBatch.Status.FAILED
    assert [(e["row"], e["field"]) for e in batch.errors] == [
        (3, "personal_code"), (4, "conviction_date"), (5, "article"), (6, "offence_date"), (7, "register_id"),
        (8, "personal_code"), (9, "custodial")]
    assert not Conviction.objects.exists()


def test_unreadable_files(personas):
    for content, code in ((b"\xff\xfe", "unreadable"), (b"a,b\n1,2\n", "unreadable"), (b"[]", "empty"),
                          (b'{"a": 1}', "unreadable")):
        batch = services.history_import(actor=personas.admin, filename="x.csv", content=content)
        assert batch.status == "failed" and batch.errors[0]["code"] == code
