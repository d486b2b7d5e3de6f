"""What a file is, judged by its content rather than its name (issue "Orders": "size limit
and allowed types configurable, checked by content, clear errors").

A small table of signatures ("magic bytes") says what the first bytes of a file make it; the
file's extension must agree with that. Programs (Windows PE, ELF, Mach-O) and scripts
(``#!``) are refused whatever they are called. Office Open XML files are ZIP archives that
must hold ``[Content_Types].xml``; OpenDocument files are ZIP archives whose first entry,
``mimetype``, names the kind; text files must decode as UTF-8 or UTF-16 and hold no NUL.

No libmagic: the table below is all there is, and it is tested in
``tests/test_uploads.py``. This module reads settings only when it checks a file, so that
``settings.py`` can import the list of known extensions to validate ``UPLOAD_ALLOWED_TYPES``.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragoman.core.errors import ValidationFailed

CHUNK = 64 * 1024
HEAD = 8 * 1024


@dataclass(frozen=True)
class FileType:
    code: str
    label: Promise  # "a PDF document": used inside sentences
    extensions: tuple[str, ...]
    content_type: str


TEXT = "text"
PROGRAM = "program"
SCRIPT = "script"

FILE_TYPES: dict[str, FileType] = {
    t.code: t
    for t in (
        FileType("pdf", gettext_lazy("a PDF document"), ("pdf",), "application/pdf"),
        FileType(
            "docx",
            gettext_lazy("a Word document"),
            ("docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileType(
            "xlsx",
            gettext_lazy("an Excel workbook"),
            ("xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileType(
            "pptx",
            gettext_lazy("a PowerPoint presentation"),
            ("pptx",),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileType(
            "odt",
            gettext_lazy("an OpenDocument text"),
            ("odt",),
            "application/vnd.oasis.opendocument.text",
        ),
        FileType(
            "ods",
            gettext_lazy("an OpenDocument spreadsheet"),
            ("ods",),
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        FileType(
            "odp",
            gettext_lazy("an OpenDocument presentation"),
            ("odp",),
            "application/vnd.oasis.opendocument.presentation",
        ),
        # Word 97–2003 and Excel 97–2003 share one container (OLE2); its content does not
        # say cheaply which program wrote it, so either extension is accepted.
        FileType(
            "ole",
            gettext_lazy("a Word or Excel 97–2003 document"),
            ("doc", "xls"),
            "application/x-ole-storage",
        ),
        FileType("rtf", gettext_lazy("an RTF document"), ("rtf",), "application/rtf"),
        FileType(
            TEXT,
            gettext_lazy("a text file"),
            (
                "txt",
                "csv",
                "xliff",
                "xlf",
                "xml",
                "html",
                "htm",
                "srt",
                "vtt",
                "json",
                "po",
                "tmx",
            ),
            "text/plain",
        ),
        FileType("png", gettext_lazy("a PNG image"), ("png",), "image/png"),
        FileType("jpeg", gettext_lazy("a JPEG image"), ("jpg", "jpeg"), "image/jpeg"),
        FileType("gif", gettext_lazy("a GIF image"), ("gif",), "image/gif"),
        FileType("webp", gettext_lazy("a WebP image"), ("webp",), "image/webp"),
        FileType("tiff", gettext_lazy("a TIFF image"), ("tif", "tiff"), "image/tiff"),
        FileType("mp3", gettext_lazy("an MP3 recording"), ("mp3",), "audio/mpeg"),
        FileType("wav", gettext_lazy("a WAV recording"), ("wav",), "audio/wav"),
        FileType("ogg", gettext_lazy("an Ogg recording"), ("ogg", "oga"), "audio/ogg"),
        # MP4 and M4A are one container (ISO base media); the brand is not a reliable guide.
        FileType("mp4", gettext_lazy("an MP4 or M4A recording"), ("mp4", "m4a"), "video/mp4"),
        FileType("zip", gettext_lazy("a ZIP archive"), ("zip",), "application/zip"),
    )
}
PROGRAM_LABEL = gettext_lazy("a program")
SCRIPT_LABEL = gettext_lazy("a script")

# The content types of text files follow their extension: their bytes say only "text".
TEXT_CONTENT_TYPES = {
    "txt": "text/plain",
    "csv": "text/csv",
    "xliff": "application/xliff+xml",
    "xlf": "application/xliff+xml",
    "xml": "application/xml",
    "html": "text/html",
    "htm": "text/html",
    "srt": "application/x-subrip",
    "vtt": "text/vtt",
    "json": "application/json",
    "po": "text/x-gettext-translation",
    "tmx": "application/x-tmx+xml",
}

EXTENSION_TYPES: dict[str, FileType] = {
    extension: file_type for file_type in FILE_TYPES.values() for extension in file_type.extensions
}
KNOWN_EXTENSIONS = tuple(EXTENSION_TYPES)
DEFAULT_ALLOWED_TYPES = KNOWN_EXTENSIONS

# Types a browser may be told the real content type of: none of them runs script in a page.
# Everything else (HTML, XML, anything unknown) is sent as application/octet-stream.
SAFE_CONTENT_TYPES = frozenset(t.content_type for t in FILE_TYPES.values() if t.code != TEXT) | {
    "text/plain",
    "text/csv",
}

# Signatures: (offset, bytes, type code). Checked in order; the first match wins.
SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"MZ", PROGRAM),  # Windows PE (.exe, .dll), DOS programs
    (0, b"\x7fELF", PROGRAM),  # Linux / Unix programs
    (0, b"\xfe\xed\xfa\xce", PROGRAM),  # Mach-O 32-bit
    (0, b"\xfe\xed\xfa\xcf", PROGRAM),  # Mach-O 64-bit
    (0, b"\xce\xfa\xed\xfe", PROGRAM),  # Mach-O 32-bit, little-endian
    (0, b"\xcf\xfa\xed\xfe", PROGRAM),  # Mach-O 64-bit, little-endian
    (0, b"\xca\xfe\xba\xbe", PROGRAM),  # Mach-O universal binary (and Java classes)
    (0, b"#!", SCRIPT),
    (0, b"\xef\xbb\xbf#!", SCRIPT),
    (0, b"%PDF-", "pdf"),
    (0, b"{\\rtf", "rtf"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (0, b"\x89PNG\r\n\x1a\n", "png"),
    (0, b"\xff\xd8\xff", "jpeg"),
    (0, b"GIF87a", "gif"),
    (0, b"GIF89a", "gif"),
    (0, b"II*\x00", "tiff"),
    (0, b"MM\x00*", "tiff"),
    (0, b"ID3", "mp3"),
    (0, b"OggS", "ogg"),
    (4, b"ftyp", "mp4"),
    (0, b"PK\x03\x04", "zip"),
    (0, b"PK\x05\x06", "zip"),  # an empty archive
)


def _riff(head: bytes) -> str | None:
    if head[:4] != b"RIFF":
        return None
    return {b"WEBP": "webp", b"WAVE": "wav"}.get(head[8:12])


def _mp3_frame(head: bytes) -> bool:
    """An MPEG audio layer III frame header without an ID3 tag before it."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 == 0x02


# The largest ZIP central directory listed to tell an office document from a plain archive.
# Listing builds a Python object per entry: a 50 MB upload can declare a million entries
# (seconds and hundreds of MB per file). Office documents have a few dozen to a few
# thousand entries, far below this; a larger archive is simply "a ZIP archive".
MAX_ZIP_DIRECTORY = 1024 * 1024


def _zip_directory_size(stream: IO[bytes]) -> int | None:
    """The size in bytes of the archive's central directory, read from its end record the
    way ``zipfile`` reads it (ZIP64 included), or None when there is no end record."""
    end = zipfile._EndRecData(stream)  # type: ignore[attr-defined]  # zipfile reads the directory size only privately
    return None if end is None else int(end[zipfile._ECD_SIZE])  # type: ignore[attr-defined]  # as above


def _zip_kind(stream: IO[bytes]) -> str:
    """Which kind of ZIP archive: an Office Open XML or OpenDocument file, or a plain ZIP.

    Only the central directory and the ``mimetype`` entry (a few bytes) are read; nothing is
    extracted. A directory past ``MAX_ZIP_DIRECTORY`` is not listed at all.
    """
    try:
        stream.seek(0)
        size = _zip_directory_size(stream)
        if size is None:
            return "broken_zip"
        if size > MAX_ZIP_DIRECTORY:
            return "zip"
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    for code in ("odt", "ods", "odp"):
                        if mimetype == FILE_TYPES[code].content_type:
                            return code
            if "[Content_Types].xml" in names:
                for prefix, code in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                    if any(name.startswith(prefix) for name in names):
                        return code
            return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, EOFError):
        return "broken_zip"
    finally:
        stream.seek(0)


def sniff(head: bytes, stream: IO[bytes] | None = None) -> str | None:
    """The type code the first bytes (and, for ZIP archives, the directory) make a file, or
    None when no signature matches (which text files never do)."""
    for offset, signature, code in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if code == "zip" and stream is not None:
                return _zip_kind(stream)
            return code
    riff = _riff(head)
    if riff:
        return riff
    if _mp3_frame(head):
        return "mp3"
    return None


def _is_text(stream: IO[bytes]) -> bool:
    """The whole file decodes as UTF-8 (with or without a BOM) or UTF-16 (with a BOM) and
    holds no NUL character. Read in chunks: a big subtitle file need not fit in memory."""
    stream.seek(0)
    first = stream.read(CHUNK)
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")()
    else:
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
    chunk = first
    try:
        while chunk:
            if "\x00" in decoder.decode(chunk):
                return False
            chunk = stream.read(CHUNK)
        return "\x00" not in decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)


def clean_file_name(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters, no
    characters that Windows or a Content-Disposition header would trip over, at most 255
    characters with the extension kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        if unicodedata.category(char)[0] == "C" or char in '<>:"|?*':
            kept.append("_")
        else:
            kept.append(char)
    name = " ".join("".join(kept).split()).strip(" .")
    if not name:
        return "file"
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 16:
            name = stem[: 254 - len(extension)] + "." + extension
        else:
            name = name[:255]
    return name


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def megabytes(size: int) -> int:
    """Whole megabytes, rounded up: a file of 50.2 MB is "51 MB", never "50 MB" beside a
    50 MB limit."""
    return math.ceil(size / (1024 * 1024))


@dataclass(frozen=True)
class CheckedFile:
    name: str
    size: int
    content_type: str
    sha256: str


def _refuse(message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, fields={"file": [message]})


def check_upload(
    upload: Any,
    *,
    max_bytes: int | None = None,
    allowed: tuple[str, ...] | list[str] | None = None,
) -> CheckedFile:
    """Check one uploaded file (a Django ``UploadedFile``) against the size limit and the
    allowed types, by its content; raise ValidationFailed with a sentence a person can act
    on, or return its clean name, size, detected content type and SHA-256.

    The size is checked first, from ``upload.size``, before any byte is read.
    """
    from django.conf import settings

    if max_bytes is None:
        max_bytes = settings.UPLOAD_MAX_MB * 1024 * 1024
    if allowed is None:
        allowed = settings.UPLOAD_ALLOWED_TYPES
    name = clean_file_name(getattr(upload, "name", "") or "")
    size = upload.size or 0
    if size > max_bytes:
        raise _refuse(
            _("“%(name)s” is %(size)s MB; files may be at most %(limit)s MB.")
            % {"name": name, "size": megabytes(size), "limit": megabytes(max_bytes)},
            "file_too_large",
        )
    if size == 0:
        raise _refuse(_("“%(name)s” is empty; it was not uploaded.") % {"name": name}, "file_empty")
    extension = extension_of(name)
    if extension not in allowed or extension not in EXTENSION_TYPES:
        message = (
            _("“%(name)s” has no extension, so its type is unknown. Accepted: %(types)s.")
            if not extension
            else _(
                "“%(name)s” was not uploaded: files of type .%(extension)s are not accepted. "
                "Accepted: %(types)s."
            )
        )
        raise _refuse(
            message % {"name": name, "extension": extension, "types": ", ".join(allowed)},
            "file_type_not_allowed",
        )
    expected = EXTENSION_TYPES[extension]
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    found = sniff(head, upload)
    if found in (PROGRAM, SCRIPT):
        raise _refuse(
            _("“%(name)s” is %(found)s, not %(expected)s; it was not uploaded.")
            % {
                "name": name,
                "found": PROGRAM_LABEL if found == PROGRAM else SCRIPT_LABEL,
                "expected": expected.label,
            },
            "file_is_program",
        )
    if expected.code == TEXT:
        matches = found is None and _is_text(upload)
    else:
        matches = found == expected.code
    if not matches:
        if found in FILE_TYPES:
            message = _("“%(name)s” is %(found)s, not %(expected)s; it was not uploaded.")
        else:
            message = _(
                "The content of “%(name)s” is not %(expected)s, as its name says; "
                "it was not uploaded."
            )
        raise _refuse(
            message
            % {
                "name": name,
                "found": FILE_TYPES[found].label if found in FILE_TYPES else "",
                "expected": expected.label,
            },
            "file_content_mismatch",
        )
    digest = hashlib.sha256()
    read = 0
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
        read += len(chunk)
    upload.seek(0)
    if read > max_bytes:  # a size that lied
        raise _refuse(
            _("“%(name)s” is %(size)s MB; files may be at most %(limit)s MB.")
            % {"name": name, "size": megabytes(read), "limit": megabytes(max_bytes)},
            "file_too_large",
        )
    content_type = (
        TEXT_CONTENT_TYPES.get(extension, "text/plain")
        if expected.code == TEXT
        else expected.content_type
    )
    return CheckedFile(name=name, size=read, content_type=content_type, sha256=digest.hexdigest())


class OversizedUpload(UploadedFile):
    """What is left of a file that passed the size limit while it arrived: its name and the
    size it had reached, no content. ``check_upload`` refuses it from the size alone."""

    def __init__(self, name: str, size: int) -> None:
        super().__init__(io.BytesIO(b""), name=name, size=size)


class SizeLimitUploadHandler(FileUploadHandler):
    """The first upload handler: once a file passes ``UPLOAD_MAX_MB`` its further bytes are
    counted but neither kept in memory nor written to disk, so that a huge upload costs the
    server nothing but the time to read it (issue "Orders": "check size before reading it
    all"). The file then reaches the view as an ``OversizedUpload``, and the person gets the
    usual message naming the file and the limit."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        super().new_file(*args, **kwargs)
        self.limit = settings.UPLOAD_MAX_MB * 1024 * 1024
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        # Returning None keeps the chunk from the handlers after this one.
        return raw_data if self.received <= self.limit else None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.limit:
            return None  # the next handler (memory or temporary file) has it all
        return OversizedUpload(self.file_name or "", self.received)


def download_content_type(content_type: str) -> str:
    """What to tell the browser a stored file is: its type when harmless, else bytes."""
    return content_type if content_type in SAFE_CONTENT_TYPES else "application/octet-stream"
