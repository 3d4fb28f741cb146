"""Files attached to a request by hand (scans of paper requests) and the registration card:
the service, the web form with CSRF, the API, refusals, the access log, another request's
file."""
import io
import re
import urllib.parse
import zipfile

import pytest
from sqlalchemy import func, select

from tests.conftest import create_test_user
from tests.factories import csrf_token, register
from tracker.auth.models import Role
from tracker.core.errors import ConflictError, PermissionDenied, ValidationError
from tracker.core.models import Event
from tracker.extensions import db
from tracker.intake.models import Attachment
from tracker.intake import request_files as files
from tracker.intake.request_files_views import qr_data_uri
from tracker.register.models import AccessLog

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
TIFF = b"II*\x00" + b"\x00" * 40


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype"
                       else zipfile.ZIP_DEFLATED)
    return out.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def _encrypted(data: bytes) -> bytes:
    """A ZIP whose members claim to be encrypted (bit 0 of the flags, local header and
    central directory): zipfile refuses to read them (RuntimeError)."""
    out = bytearray(data)
    out[6] |= 1
    central = out.find(b"PK\x01\x02")
    while central != -1:
        out[central + 8] |= 1
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def _corrupt_deflate() -> bytes:
    """An ODT whose «mimetype» is deflated with a broken stream (zlib.error on reading)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_DEFLATED)
    data = bytearray(out.getvalue())
    start = 30 + len("mimetype")  # the local header, then the compressed bytes
    data[start:start + 4] = b"\xff\xff\xff\xff"
    return bytes(data)


@pytest.fixture
def own(users):
    return register(users["clerk"], executor=users["executor"].email)


@pytest.fixture
def foreign(users):
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    return register(users["clerk"], executor=other.email, subject="Чужий запит")


def _post(client, url, name, data, token=True):
    form = {"file": (io.BytesIO(data), name)}
    if token:
        form["csrf_token"] = csrf_token(client)
    return client.post(url, data=form, content_type="multipart/form-data")


# --- the service -----------------------------------------------------------------------------

def test_a_scan_is_kept_with_the_request_and_on_its_timeline(users, own):
    item = files.add_file(users["executor"], own, "C:\\Scans\\запит Петренка.pdf", PDF)
    db.session.commit()
    stored = db.session.get(Attachment, item.id)
    assert (stored.request_id, stored.intake_message_id) == (own.id, None)
    assert (stored.filename, stored.content_type, stored.size) == (
        "запит Петренка.pdf", "application/pdf", len(PDF))
    assert stored.content == PDF
    event = db.session.scalars(select(Event).where(Event.request_id == own.id,
                                                   Event.action == "file_added")).one()
    assert event.after["file"] == "запит Петренка.pdf" and event.actor_id == users["executor"].id
    assert files.file_json(stored)["uploaded"] is True


@pytest.mark.parametrize("name,data,mime", [
    ("a.png", PNG, "image/png"), ("a.JPG", JPEG, "image/jpeg"), ("a.jpeg", JPEG, "image/jpeg"),
    ("a.tif", TIFF, "image/tiff"), ("a.tiff", b"MM\x00*" + b"\x00" * 8, "image/tiff"),
    ("a.docx", DOCX, None), ("a.xlsx", XLSX, None),
    ("a.odt", ODT, "application/vnd.oasis.opendocument.text")])
def test_every_accepted_type(users, own, name, data, mime):
    item = files.add_file(users["clerk"], own, name, data)
    assert mime is None or item.content_type == mime


@pytest.mark.parametrize("name,data,message", [
    ("virus.exe", b"MZ" + PDF, "не приймається"),
    ("page.html", b"<html>", "не приймається"),
    ("noext", PDF, "не приймається"),
    ("fake.pdf", PNG, "не відповідає"),
    ("fake.png", PDF, "не відповідає"),
    ("fake.tif", JPEG, "не відповідає"),
    ("zip.docx", _zip({"a.txt": b"x"}), "не відповідає"),  # a ZIP, not a document
    ("sheet.docx", XLSX, "не відповідає"),
    ("spreadsheet.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
     "не відповідає"),
    ("broken.xlsx", b"PK\x03\x04 truncated", "не відповідає"),
    ("encrypted.odt", _encrypted(ODT), "не відповідає"),  # was a 500 (RuntimeError)
    ("corrupt.odt", _corrupt_deflate(), "не відповідає"),  # was a 500 (zlib.error)
    ("empty.pdf", b"", "Файл порожній"),
])
def test_wrong_types_are_refused(users, own, name, data, message):
    with pytest.raises(ValidationError) as exc:
        files.add_file(users["clerk"], own, name, data)
    assert message in exc.value.errors["file"][0]
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_size_limit_is_a_setting(app, users, own):
    assert files.max_bytes() == 20 * 1024 * 1024  # the default
    app.config["REQUEST_FILE_MAX_BYTES"] = 100
    with pytest.raises(ValidationError) as exc:
        files.add_file(users["clerk"], own, "big.pdf", PDF + b"x" * 100)
    assert "при межі" in exc.value.errors["file"][0]  # the sizes, not the setting's name
    assert files.add_file(users["clerk"], own, "small.pdf", PDF[:100])


def test_only_those_who_act_on_the_request_add_files(users, foreign):
    with pytest.raises(PermissionDenied):
        files.add_file(users["executor"], foreign, "scan.pdf", PDF)


def test_the_same_file_twice_is_refused(users, own):
    files.add_file(users["clerk"], own, "scan.pdf", PDF)
    with pytest.raises(ConflictError, match="scan.pdf"):
        files.add_file(users["clerk"], own, "scan again.pdf", PDF)


@pytest.mark.parametrize("raw,clean", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\clerk\\Desktop\\скан.pdf", "скан.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),  # the right-to-left override is dropped
    ("a\x00b\r\nc.pdf", "abc.pdf"),
    ("  many   spaces .pdf ", "many spaces.pdf"),
    ("...", ""), (None, ""),
])
def test_file_names_are_cleaned(raw, clean):
    assert files.clean_filename(raw) == clean


def test_a_long_name_keeps_its_extension():
    name = files.clean_filename("д" * 400 + ".pdf")
    assert len(name) == files.NAME_LIMIT and name.endswith("д.pdf")


# --- the web form ----------------------------------------------------------------------------

def test_upload_on_the_request_page(client, login, users, own):
    login(users["executor"])
    page = client.get(f"/requests/{own.id}").get_data(as_text=True)
    assert f'action="/requests/{own.id}/files"' in page and "Реєстраційна картка" in page
    r = _post(client, f"/requests/{own.id}/files", "скан запиту.pdf", PDF)
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/requests/{own.id}#files")
    page = client.get(f"/requests/{own.id}").get_data(as_text=True)
    assert "скан запиту.pdf" in page and "додано до запиту" in page
    item = db.session.scalars(select(Attachment)).one()
    assert f"/attachments/{item.id}" in page
    assert "file_added" in page or "Додано файл" in page  # on the timeline


def test_upload_without_csrf_is_refused(client, login, users, own):
    login(users["clerk"])
    r = _post(client, f"/requests/{own.id}/files", "scan.pdf", PDF, token=False)
    assert r.status_code == 400  # CSRFProtect refuses it before the view
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_refusals_are_shown_on_the_page(client, login, users, own):
    login(users["clerk"])
    r = _post(client, f"/requests/{own.id}/files", "virus.exe", b"MZ")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Файл такого типу не приймається" in page
    r = _post(client, f"/requests/{own.id}/files", "fake.pdf", PNG)
    assert "не відповідає його розширенню" in client.get(r.headers["Location"]).get_data(
        as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_body_over_max_content_length_is_413(app, client, login, users, own):
    login(users["clerk"])
    app.config["MAX_CONTENT_LENGTH"] = 2048
    r = _post(client, f"/requests/{own.id}/files", "big.pdf", PDF + b"x" * 4096)
    assert r.status_code == 413
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_the_executor_cannot_upload_to_another_request(client, login, users, foreign):
    login(users["executor"])
    assert "request-file" not in client.get(f"/requests/{foreign.id}").get_data(as_text=True)
    assert _post(client, f"/requests/{foreign.id}/files", "scan.pdf", PDF).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


# --- downloads: the access log, another request's file ---------------------------------------

def _downloads(request_id):
    return db.session.scalar(select(func.count()).select_from(AccessLog).where(
        AccessLog.request_id == request_id, AccessLog.action == "attachment"))


def test_a_download_is_counted_in_the_access_log(client, login, users, own):
    item = files.add_file(users["clerk"], own, "scan.pdf", PDF)
    db.session.commit()
    login(users["executor"])
    for n in (1, 2):
        r = client.get(f"/attachments/{item.id}")
        assert r.status_code == 200 and r.data == PDF
        assert r.headers["Content-Type"] == "application/octet-stream"
        assert "attachment" in r.headers["Content-Disposition"]
        assert _downloads(own.id) == n


def test_another_requests_file_is_not_served(client, login, users, own, foreign):
    theirs = files.add_file(users["clerk"], foreign, "чужий скан.pdf", PDF)
    db.session.commit()
    login(users["executor"])
    assert client.get(f"/attachments/{theirs.id}").status_code == 403
    assert "чужий скан.pdf" not in client.get(f"/requests/{own.id}").get_data(as_text=True)
    assert _downloads(foreign.id) == 0


# --- the API ---------------------------------------------------------------------------------

def test_api_upload(api, users, own):
    call = api(users["executor"])
    r = call("POST", f"/api/v1/requests/{own.id}/files",
             data={"file": (io.BytesIO(TIFF), "скан.tiff")}, content_type="multipart/form-data")
    assert r.status_code == 201, r.json
    assert r.json["filename"] == "скан.tiff" and r.json["content_type"] == "image/tiff"
    assert r.json["request_id"] == own.id and r.json["size"] == len(TIFF)
    assert db.session.get(Attachment, r.json["id"]).content == TIFF


def test_api_refusals(api, users, own, foreign):
    call = api(users["executor"])
    url = f"/api/v1/requests/{own.id}/files"
    r = call("POST", url, data={}, content_type="multipart/form-data")
    assert r.status_code == 400 and r.json["errors"]["file"] == ["Оберіть файл."]
    r = call("POST", url, data={"file": (io.BytesIO(PNG), "x.pdf")},
             content_type="multipart/form-data")
    assert r.status_code == 400 and "не відповідає" in r.json["errors"]["file"][0]
    r = call("POST", f"/api/v1/requests/{foreign.id}/files",
             data={"file": (io.BytesIO(PDF), "x.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 403
    assert call("POST", "/api/v1/requests/999999/files", data={}).status_code == 404
    r = call("POST", url, data={"file": (io.BytesIO(PDF), "x.pdf")},
             content_type="multipart/form-data")
    assert r.status_code == 201
    r = call("POST", url, data={"file": (io.BytesIO(PDF), "y.pdf")},
             content_type="multipart/form-data")
    assert r.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_api_upload_needs_a_token(client, own):
    r = client.post(f"/api/v1/requests/{own.id}/files",
                    data={"file": (io.BytesIO(PDF), "x.pdf")}, content_type="multipart/form-data")
    assert r.status_code == 401


def test_the_api_path_is_documented(api, users):
    doc = api(users["clerk"])("GET", "/api/v1/openapi.json").json
    assert "post" in doc["paths"]["/requests/{id}/files"]


# --- the registration card -------------------------------------------------------------------

def test_the_registration_card(client, login, users, own):
    login(users["head"])
    r = client.get(f"/requests/{own.id}/card")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    for text in (own.registration_number, "Красновська Я.", "Інформація про PR-заходи",
                 users["executor"].name, "28.03.2018 10:00", "портал «Доступ до правди»"):
        assert text in page, text
    assert 'src="data:image/svg+xml' in page and 'id="card-qr"' in page
    assert "css/print-page.css" in page and "<style" not in page  # the CSP allows no inline style
    assert "img-src 'self' data:" in r.headers["Content-Security-Policy"]
    log = db.session.scalars(select(AccessLog).where(AccessLog.action == "card")).one()
    assert (log.request_id, log.user_id) == (own.id, users["head"].id)


def test_the_qr_code_is_a_regular_qr_of_the_index():
    svg = urllib.parse.unquote(qr_data_uri("25/К-170із").split(",", 1)[1])
    assert svg.startswith("<svg") and "<script" not in svg and "<path" in svg
    # a regular QR (21 modules and up, at scale 4 with a 4-module border), not a Micro QR
    assert int(re.search(r"width='(\d+)'", svg).group(1)) >= (21 + 8) * 4
