"""A stored file missing from MEDIA_ROOT (a database restored without its media) gives a clear page and
an API answer with a code, not a 500 (issue 14, item 10)."""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django.urls import reverse

from core.testing.checks import client_for
from documents import services
from documents.tests.conftest import PDF_BYTES, upload


@pytest.fixture
def lost_doc(personas, client_case):
    doc = services.document_upload(actor=personas.alice, case=client_case, document_type="court_ruling",
                                   title="Spriedums", upload=upload("spriedums.pdf", PDF_BYTES))
    os.remove(doc.file.path)
    return doc


@pytest.mark.django_db
def test_a_missing_file_gives_a_clear_page(personas, lost_doc, caplog):
    client = client_for(personas.alice)
    client.raise_request_exception = False
    response = client.get(reverse("documents:download", args=[lost_doc.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Fails nav atrodams" in body
    assert response["X-Request-ID"] in body
    assert "stored file missing" in caplog.text


@pytest.mark.django_db
def test_a_missing_file_in_the_api_answers_with_a_code(personas, lost_doc):
    client = Client(raise_request_exception=False)
    client.force_login(personas.alice)
    response = client.get(f"/api/documents/{lost_doc.pk}/content")
    assert response.status_code == 404, response.content[:300]
    assert response.json()["code"] == "file_missing"


@pytest.mark.django_db
def test_check_media_finds_missing_files_and_writes_checksums(personas, client_case, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    doc = services.document_upload(actor=personas.alice, case=client_case, document_type="court_ruling",
                                   title="Spriedums", upload=upload("spriedums.pdf", PDF_BYTES))
    sums = tmp_path / "media.sha256"
    call_command("check_media", "--checksums", str(sums))
    import hashlib

    assert f"{hashlib.sha256(PDF_BYTES).hexdigest()}  {doc.file.name}" in sums.read_text()
    os.remove(doc.file.path)
    with pytest.raises(CommandError, match="1 stored file"):
        call_command("check_media")
    assert f"missing: {doc.file.name}" in capsys.readouterr().out
