"""Reading uploads safely, in one place: evidence files (an allow-list of types, checked by
content as well as by name) and the files the import pages read.

- Size first: a file over its limit is refused from `upload.size`, before any of it is read.
- Zips (DOCX, XLSX) are refused when their contents would unzip too large (a zip bomb), from the
  sizes in the zip's directory, before anything is unzipped.
- Text must be text: a NUL byte is refused with its line; UTF-16 (with a byte order mark) and
  UTF-8 are read, Windows-1252 where the caller allows it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
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
# Real DOCX and XLSX files unzip to 2-20 times their size; a zip bomb to thousands of times.
MAX_UNZIP_RATIO = 100
MB = 1024 * 1024
_BINARY_SIGNATURES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")


_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),  # DOCX, XLSX
    *((signature, "executable") for signature in _BINARY_SIGNATURES),
)


def sniff(data: bytes) -> str | None:
    """What a file's first bytes say it is: "pdf", "png", "jpeg", "zip", "executable", or None
    (no signature: text, or something else). Every upload check that looks at content asks
    here."""
    return next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), None)


def _is_text(head: bytes) -> bool:
    """No NUL byte, and decodable (UTF-8, else Windows-1252)."""
    if b"\x00" in head:
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


_KIND_OF_EXTENSION = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}


def _content_matches(extension: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = sniff(head)
    if extension in _KIND_OF_EXTENSION:
        return kind == _KIND_OF_EXTENSION[extension]
    if extension in _OFFICE_MARKERS:
        names = archive_names(upload, upload.name) if kind == "zip" else None
        return (
            names is not None
            and _OFFICE_MARKERS[extension] in names
            and not any(name.lower().endswith((".exe", ".dll", ".bin")) for name in names)
        )
    # Text formats: no executable signature, no NUL byte, decodable.
    return kind != "executable" and _is_text(head)


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
    check_size(upload, settings.EVIDENCE_MAX_UPLOAD_BYTES)
    if upload.size == 0:
        raise ValidationError(f"“{upload.name}” is empty.", code="file_empty")
    if not _content_matches(extension, upload):
        raise ValidationError(
            f"“{upload.name}” does not contain what its name says ({extension} file); "
            "it was refused.",
            code="file_content",
        )
    return ALLOWED_TYPES[extension]


def check_import_file(upload, *, extensions: tuple[str, ...], limit: int, command: str = ""):
    """An import page's upload, before it is stored for its job: its name ends in one of
    `extensions`, it is at most `limit` bytes (nothing read to tell), not empty, and its
    content is what its name says (text is text, an .xlsx a workbook that is no zip bomb)."""
    extension = PurePath(upload.name).suffix.lower()
    if extension not in extensions:
        raise ValidationError(
            "Upload a %(allowed)s file (got “%(name)s”).",
            code="file_type",
            params={"allowed": " or ".join(extensions), "name": upload.name},
        )
    check_size(upload, limit, command=command)
    if upload.size == 0:
        raise ValidationError(f"“{upload.name}” is empty.", code="file_empty")
    if extension in _OFFICE_MARKERS:
        if not _content_matches(extension, upload):
            raise ValidationError(
                f"“{upload.name}” is not a readable {extension} file; nothing was imported.",
                code="file_content",
            )
        return
    # Text: no program; a NUL byte is named by its line (UTF-16, which has them, is text).
    # Whether it decodes is for the import to say, with its row.
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if sniff(head) == "executable":
        raise ValidationError(
            f"“{upload.name}” does not contain what its name says ({extension} file); "
            "nothing was imported.",
            code="file_content",
        )
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise _nul_error(head[: head.index(b"\x00")])


def _megabytes(size: int) -> str:
    """Rounded up to a tenth, so a file just over a limit never reads as the limit itself
    ("20.1 MB; the limit is 20 MB", not "20 MB; the limit is 20 MB")."""
    tenths = -(-size * 10 // MB)
    return f"{tenths / 10:,.1f} MB"


def check_size(upload, limit: int, *, command: str = "") -> None:
    """Refuse an upload larger than `limit` bytes, from its size alone (nothing is read).
    `command` names the command-line import that takes larger files, for the import pages."""
    if upload.size <= limit:
        return
    message = f"“{upload.name}” is {_megabytes(upload.size)}; the limit is {limit // MB} MB."
    if command:
        message = page_limit_message(message, command)
    raise ValidationError(message, code="file_size")


def page_limit_message(problem: str, command: str) -> str:
    """An import too big for the page, and where to run it instead."""
    return (
        f"{problem} The import page stops there, so that an import ends within a request; "
        f"import larger files on the command line: {command}"
    )


def archive_names(handle, name: str) -> list[str] | None:
    """The names in a zip (DOCX, XLSX), or None if it is not a readable zip.

    Raises ValidationError when its contents would unzip to more than
    UPLOAD_MAX_UNZIPPED_BYTES, or to more than MAX_UNZIP_RATIO times the file's size. The sizes
    come from the zip's directory; nothing is unzipped. A zip cannot lie its way past this:
    Python's zipfile (which openpyxl uses) never inflates an entry beyond the size its directory
    gives, failing the entry's checksum instead.
    """
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    finally:
        handle.seek(0)
    unzipped = sum(info.file_size for info in infos)
    packed = max(handle.seek(0, 2), 1)
    handle.seek(0)
    limit = settings.UPLOAD_MAX_UNZIPPED_BYTES
    if unzipped > limit or unzipped > MAX_UNZIP_RATIO * packed:
        raise ValidationError(
            f"“{name}” would unzip to {_megabytes(unzipped)} ({unzipped / packed:,.0f} times its "
            f"size); files are refused above {limit // MB} MB or {MAX_UNZIP_RATIO} times their "
            "size.",
            code="archive_too_large",
        )
    return [info.filename for info in infos]


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes, *, fallback: str | None = None) -> str:
    """The text of an uploaded text file: UTF-16 with a byte order mark, UTF-8 (with or without
    one), else `fallback` (e.g. "cp1252"); without a fallback, UnicodeDecodeError goes on.

    Raises ValidationError naming the line of the first NUL byte: not plain text (the database
    cannot store NUL either).
    """
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            return _without_nul(text)
    position = data.find(b"\x00")
    if position >= 0:
        raise _nul_error(data[:position])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if fallback is None:
            raise
        return data.decode(fallback, errors="replace")


def text_lines(handle) -> Iterator[str]:
    """The lines of an uploaded text file read from a binary handle as they come, so a file of
    any size takes little memory: decoded as decode_text does (UTF-16 with a byte order mark,
    else UTF-8 with or without one), each line with its own ending (CR, LF or CRLF; for
    csv.reader). A NUL byte raises decode_text's ValidationError naming its line; text that is
    not UTF-8 raises UnicodeDecodeError. The handle is left open."""
    head = handle.read(2)
    handle.seek(0)
    encoding = "utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig"
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        for number, line in enumerate(text, start=1):
            if "\x00" in line:
                raise ValidationError(
                    f"line {number} contains a NUL byte: the file is not plain text.",
                    code="nul_byte",
                )
            yield line
    finally:
        if not handle.closed:
            text.detach()  # closing the wrapper would close the caller's handle


def _without_nul(text: str) -> str:
    position = text.find("\x00")
    if position >= 0:
        raise _nul_error(text[:position])
    return text


def _nul_error(before: bytes | str) -> ValidationError:
    """The error for a NUL byte after `before`, naming its line (CR, LF or CRLF line ends)."""
    breaks = ("\n", "\r", "\r\n") if isinstance(before, str) else (b"\n", b"\r", b"\r\n")
    line = before.count(breaks[0]) + before.count(breaks[1]) - before.count(breaks[2]) + 1
    return ValidationError(
        f"line {line} contains a NUL byte: the file is not plain text.", code="nul_byte"
    )


# Served inline (the browser shows them); anything else is downloaded.
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg")


def stored_file_response(field_file, *, filename: str, content_type: str):
    """A stored upload as a response to someone allowed to see it: the content type it was
    checked as (never guessed), no sniffing, and a policy under which it runs no script and
    loads nothing. Http404 when the file is missing from storage."""
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle,
        as_attachment=content_type not in INLINE_TYPES,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Stricter than the site's policy: the file runs no script and loads nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
