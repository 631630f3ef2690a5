"""Uploaded agreement documents: what a file is, by its content, and whether it may be kept.

A file is what its bytes say, never what its name or the browser says: a PDF starts with the
PDF header, an ODT is a zip whose first member names the ODF text type (the ODF package
rule), a DOCX is a zip with the Office Open XML parts of a word-processing document. Anything
else is refused, as is a file over AGREEMENT_MAX_UPLOAD_MB. The file is then stored under a
generated name and served with the checked type only (followups.public.views).
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from promises.models.charters import DOCX, ODT, PDF

ODT_MIMETYPE = ODT.encode()
# The parts every word-processing DOCX holds (ECMA-376, part 2, the package; part 1, 11.3).
DOCX_PARTS = {"[Content_Types].xml", "word/document.xml"}


def max_bytes() -> int:
    return settings.AGREEMENT_MAX_UPLOAD_MB * 1024 * 1024


def _zip_type(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype" and archive.read("mimetype") == ODT_MIMETYPE:
                return ODT
            if set(names) >= DOCX_PARTS:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    return None


def document_type(upload: UploadedFile) -> str | None:
    """The Content-Type UPLOAD's content shows it is (PDF, ODT, DOCX), or None."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    try:
        if head.lstrip(b"\r\n\t \x00")[:5] == b"%PDF-":
            return PDF
        if head[:4] == b"PK\x03\x04":
            return _zip_type(upload)
        return None
    finally:
        upload.seek(0)


def check_upload(upload: UploadedFile) -> str:
    """UPLOAD's checked type, or a ValidationError in the user's words."""
    limit = settings.AGREEMENT_MAX_UPLOAD_MB
    if upload.size is None or upload.size > max_bytes():
        raise ValidationError(
            _("The file is too large: at most %(limit)s MB."),
            code="too_large",
            params={"limit": limit},
        )
    found = document_type(upload)
    if found is None:
        raise ValidationError(
            _(
                "The file is not a PDF, ODT or DOCX document. Save the agreement as PDF and "
                "upload that file, or give a link to it."
            ),
            code="wrong_type",
        )
    return found
