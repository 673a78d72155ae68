"""Evidence uploads: an allow-list of types, checked by content as well as by name."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError

# extension -> content type we serve it as (never the browser-supplied one)
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}

_OFFICE_MARKERS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_BINARY_SIGNATURES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")


def _content_matches(extension: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in _OFFICE_MARKERS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return _OFFICE_MARKERS[extension] in names and not any(
            name.lower().endswith((".exe", ".dll", ".bin")) for name in names
        )
    # Text formats: no NUL bytes, no executable signature, decodable.
    if b"\x00" in head or head.startswith(_BINARY_SIGNATURES):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the 8 KB boundary is fine; anything else is not text.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True


def check_upload(upload) -> str:
    """Refuse a file whose name or content is not an allowed type, or which is too large.

    Returns the content type to store and serve it with.
    """
    extension = PurePath(upload.name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        allowed = ", ".join(sorted({e.lstrip(".") for e in ALLOWED_TYPES}))
        raise ValidationError(
            f"“{upload.name}” is not an allowed type. Allowed: {allowed}.", code="file_type"
        )
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"“{upload.name}” is {upload.size / 1048576:.1f} MB; the limit is "
            f"{limit // 1048576} MB.",
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(f"“{upload.name}” is empty.", code="file_empty")
    if not _content_matches(extension, upload):
        raise ValidationError(
            f"“{upload.name}” does not contain what its name says ({extension} file); "
            "it was refused.",
            code="file_content",
        )
    return ALLOWED_TYPES[extension]
