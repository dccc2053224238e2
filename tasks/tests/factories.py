"""Test helpers for the management module."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from tasks import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "ruling.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def receive(personas, *, actor=None, unit=None, received_at=None, **overrides):
    data = {
        "kind": "court_ruling", "sender": "Rīgas pilsētas tiesa", "sender_reference": "K30-0001-26",
        "document_date": dt.date(2026, 1, 5), "file": pdf(), "routed_unit": unit or personas.org.riga_centre,
        "hint_personal_code": "", "hint_first_name": "Anna", "hint_last_name": "Kalniņa",
        "hint_birth_date": dt.date(1990, 2, 3),
    }
    data.update(overrides)
    return services.inbox_receive(actor=actor or personas.alice, received_at=received_at, **data)
