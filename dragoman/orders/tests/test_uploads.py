"""The signature table and the content checks of uploads, without a database."""

import pytest

from dragoman.core.errors import ValidationFailed
from dragoman.orders.tests.factories import (
    DOCX,
    ELF,
    PDF,
    PE,
    PLAIN_ZIP,
    PNG,
    TEXT,
    upload,
    zip_bytes,
)
from dragoman.orders.uploads import check_upload, clean_file_name, download_content_type, sniff

MB = 1024 * 1024
ALL = None  # the default list of allowed types


def refused(name, content, **kwargs):
    with pytest.raises(ValidationFailed) as caught:
        check_upload(upload(name, content), max_bytes=kwargs.pop("max_bytes", 50 * MB), **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("head", "code"),
    [
        (PDF, "pdf"),
        (PE, "program"),
        (ELF, "program"),
        (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", "program"),
        (b"\xfe\xed\xfa\xce\x00", "program"),
        (b"#!/bin/sh\nrm -rf /\n", "script"),
        (b"\xef\xbb\xbf#!/usr/bin/env python\n", "script"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "ole"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "wav"),
        (b"II*\x00\x08\x00", "tiff"),
        (b"ID3\x04\x00\x00", "mp3"),
        (b"\xff\xfb\x90\x64", "mp3"),
        (b"OggS\x00\x02", "ogg"),
        (b"\x00\x00\x00\x20ftypisom", "mp4"),
        (b"\x00\x00\x00\x20ftypM4A ", "mp4"),
        (TEXT, None),
    ],
)
def test_the_first_bytes_say_what_a_file_is(head, code):
    assert sniff(head) == code


def test_zip_archives_are_told_apart_by_their_directory():
    import io

    assert sniff(DOCX, io.BytesIO(DOCX)) == "docx"
    assert sniff(PLAIN_ZIP, io.BytesIO(PLAIN_ZIP)) == "zip"
    xlsx = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"})
    assert sniff(xlsx, io.BytesIO(xlsx)) == "xlsx"
    odt = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b""})
    assert sniff(odt, io.BytesIO(odt)) == "odt"
    assert sniff(b"PK\x03\x04broken", io.BytesIO(b"PK\x03\x04broken")) == "broken_zip"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("contract.pdf", PDF, "application/pdf"),
        (
            "contract.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("glossary.txt", TEXT, "text/plain"),
        (
            "subtitles.srt",
            b"1\n00:00:01,000 --> 00:00:02,000\nHallo\n",
            "application/x-subrip",
        ),
        ("utf16.csv", "a;b\nä;ö\n".encode("utf-16"), "text/csv"),
        ("scan.PNG", PNG, "image/png"),
        ("archive.zip", PLAIN_ZIP, "application/zip"),
    ],
)
def test_good_files_are_accepted_with_the_type_their_content_shows(name, content, content_type):
    checked = check_upload(upload(name, content), max_bytes=50 * MB)
    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def test_a_windows_program_named_pdf_is_refused_as_a_program():
    error = refused("invoice.pdf", PE)
    assert error.message == "“invoice.pdf” is a program, not a PDF document; it was not uploaded."
    assert error.code == "file_is_program"


def test_a_linux_program_named_txt_is_refused_as_a_program():
    assert refused("notes.txt", ELF).message == (
        "“notes.txt” is a program, not a text file; it was not uploaded."
    )


def test_a_shell_script_named_txt_is_refused_as_a_script():
    assert "is a script" in refused("readme.txt", b"#!/bin/sh\necho hi\n").message


def test_a_plain_zip_named_docx_is_refused():
    error = refused("report.docx", PLAIN_ZIP)
    assert (
        error.message == "“report.docx” is a ZIP archive, not a Word document; it was not uploaded."
    )
    assert error.code == "file_content_mismatch"


def test_an_image_named_pdf_is_refused_as_what_it_is():
    assert refused("scan.pdf", PNG).message == (
        "“scan.pdf” is a PNG image, not a PDF document; it was not uploaded."
    )


def test_binary_bytes_named_txt_are_refused():
    error = refused("data.txt", b"\x00\x01\x02\x03 not text")
    assert error.message == (
        "The content of “data.txt” is not a text file, as its name says; it was not uploaded."
    )


def test_text_that_is_not_utf8_is_refused():
    assert refused("latin1.txt", "Müller".encode("latin-1")).code == "file_content_mismatch"


def test_an_extension_not_in_the_list_is_refused_naming_what_is_accepted():
    error = refused("setup.exe", PE)
    assert error.code == "file_type_not_allowed"
    assert (
        "“setup.exe” was not uploaded: files of type .exe are not accepted" in error.message
        and "pdf" in error.message
    )


def test_the_configured_list_limits_the_types():
    assert refused("scan.png", PNG, allowed=["pdf"]).code == "file_type_not_allowed"


def test_a_file_without_extension_is_refused():
    assert "has no extension" in refused("README", TEXT).message


def test_an_empty_file_is_refused():
    assert refused("empty.txt", b"").message == "“empty.txt” is empty; it was not uploaded."


class HugeUpload:
    """Says it is 61 MB and fails the test if anything reads it."""

    name = "big.mp4"
    size = 61 * MB

    def read(self, *args):
        raise AssertionError("the size must be checked before reading")

    seek = read


def test_an_oversized_file_is_refused_from_its_size_before_a_byte_is_read():
    with pytest.raises(ValidationFailed) as caught:
        check_upload(HugeUpload(), max_bytes=50 * MB)
    assert caught.value.message == "“big.mp4” is 61 MB; files may be at most 50 MB."
    assert caught.value.code == "file_too_large"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\lena\\Перевод.docx", "Перевод.docx"),
        ('a<b>:"c|?*.pdf', "a_b___c___.pdf"),
        ("  spaced   name .pdf ", "spaced name .pdf"),
        ("line\nbreak.txt", "line_break.txt"),
        ("...", "file"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),  # 255 characters in all
    ],
)
def test_file_names_are_cleaned(raw, clean):
    assert clean_file_name(raw) == clean


def test_only_harmless_types_are_sent_with_their_own_content_type():
    assert download_content_type("application/pdf") == "application/pdf"
    assert download_content_type("text/html") == "application/octet-stream"
    assert download_content_type("application/xml") == "application/octet-stream"


def test_a_file_past_the_limit_is_counted_while_it_arrives_but_not_kept(settings):
    from dragoman.orders.uploads import SizeLimitUploadHandler

    settings.UPLOAD_MAX_MB = 1
    handler = SizeLimitUploadHandler()
    handler.new_file("files", "big.mp4", "video/mp4", None)
    assert handler.receive_data_chunk(b"x" * 600_000, 0) == b"x" * 600_000
    assert handler.receive_data_chunk(b"x" * 600_000, 600_000) is None  # not passed on
    stub = handler.file_complete(1_200_000)
    assert (stub.name, stub.size, stub.read()) == ("big.mp4", 1_200_000, b"")
    with pytest.raises(ValidationFailed) as caught:
        check_upload(stub)
    assert caught.value.message == "“big.mp4” is 2 MB; files may be at most 1 MB."


def test_a_file_within_the_limit_is_left_to_the_usual_handlers(settings):
    from dragoman.orders.uploads import SizeLimitUploadHandler

    settings.UPLOAD_MAX_MB = 1
    handler = SizeLimitUploadHandler()
    handler.new_file("files", "small.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(PDF, 0) == PDF
    assert handler.file_complete(len(PDF)) is None


def test_a_docx_with_a_huge_zip_directory_is_refused_without_listing_it(monkeypatch):
    # A 50 MB upload can declare a million entries; listing them all would take seconds
    # and hundreds of MB of memory per file. A real Word document has a few dozen.
    import zipfile

    from dragoman.orders import uploads

    entries = {f"word/{i}": b"" for i in range(200)}
    crowded = zip_bytes({"[Content_Types].xml": b"<Types/>", **entries})
    monkeypatch.setattr(uploads, "MAX_ZIP_DIRECTORY", 4096)

    def listing(*args, **kwargs):
        raise AssertionError("the directory was listed")

    monkeypatch.setattr(zipfile, "ZipFile", listing)
    error = refused("report.docx", crowded)
    assert error.code == "file_content_mismatch"
    assert "is a ZIP archive, not a Word document" in error.message
