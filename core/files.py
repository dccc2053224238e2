"""Checks for uploaded files: size limit and real type (by content, not by the file name)."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import policies
from core.errors import ValidationFailed
from core.policies import Policy, register

UPLOAD_MAX_MB = register(Policy(
    key="files.upload_max_megabytes",
    minimum=1,
    maximum=1024,
    default=20,
    unit=gettext_lazy("MB"),
    source=gettext_lazy("Service practice (default); storage and e-mail limits of the document-management "
                        "system"),
    description=gettext_lazy("Largest file that may be attached to a case or posted to the inbox."),
    confirmed=False,
))


@dataclass(frozen=True)
class FileType:
    code: str
    mime: str
    extensions: tuple[str, ...]


TYPES = {
    t.code: t for t in [
        FileType("pdf", "application/pdf", (".pdf",)),
        FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
        FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
        FileType("odt", "application/vnd.oasis.opendocument.text", (".odt",)),
        FileType("jpeg", "image/jpeg", (".jpg", ".jpeg")),
        FileType("png", "image/png", (".png",)),
        FileType("tiff", "image/tiff", (".tif", ".tiff")),
        FileType("txt", "text/plain", (".txt",)),
        FileType("edoc", "application/vnd.etsi.asic-e+zip", (".edoc", ".asice")),  # Latvian e-signature container
    ]
}
DEFAULT_ALLOWED = ("pdf", "docx", "odt", "jpeg", "png", "tiff", "edoc", "txt")


@dataclass(frozen=True)
class CheckedFile:
    type: FileType
    size: int
    sha256: str


def _sniff(head: bytes, name: str, fh: IO[bytes]) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        fh.seek(0)
        try:
            with zipfile.ZipFile(fh) as zf:
                names = set(zf.namelist())
                mimetype = zf.read("mimetype").decode(errors="ignore").strip() if "mimetype" in names else ""
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if mimetype == "application/vnd.oasis.opendocument.text":
            return "odt"
        if mimetype in ("application/vnd.etsi.asic-e+zip", "application/vnd.etsi.asic-s+zip"):
            return "edoc"
        return None
    if name.lower().endswith(".txt"):
        try:
            head.decode("utf-8")
            return "txt"
        except UnicodeDecodeError:
            return None
    return None


def check_upload(upload: Any, *, allowed: tuple[str, ...] = DEFAULT_ALLOWED, field: str = "file") -> CheckedFile:
    """Refuse empty, oversized or wrong-type files with a specific error beside ``field``."""
    if upload is None:
        raise ValidationFailed("file_required", _("Choose a file."), field=field)
    size = int(getattr(upload, "size", 0) or 0)
    if size == 0:
        raise ValidationFailed("file_empty", _("The file is empty."), field=field)
    max_mb = int(policies.value(UPLOAD_MAX_MB.key))
    if size > max_mb * 1024 * 1024:
        raise ValidationFailed("file_too_large", _("The file must be smaller than %(mb)s MB.") % {"mb": max_mb},
                               field=field, max_bytes=max_mb * 1024 * 1024)
    fh = upload.file if hasattr(upload, "file") else upload
    fh.seek(0)
    head = fh.read(4096)
    name = getattr(upload, "name", "") or ""
    code = _sniff(head, name, fh)
    if code is None or code not in allowed:
        names = ", ".join(TYPES[c].extensions[0].lstrip(".").upper() for c in allowed)
        raise ValidationFailed("file_type", _("The file must be one of: %(types)s.") % {"types": names},
                               field=field)
    ext_ok = any(name.lower().endswith(ext) for ext in TYPES[code].extensions)
    if name and not ext_ok:
        raise ValidationFailed("file_extension", _("The file's name does not match its content (%(kind)s).")
                               % {"kind": code.upper()}, field=field)
    fh.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(65536), b""):
        digest.update(chunk)
    fh.seek(0)
    return CheckedFile(type=TYPES[code], size=size, sha256=digest.hexdigest())
