"""A report file over IMPORT_MAX_BYTES is refused with its real size, not the bytes read."""
from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.factories import csrf_token
from tracker.activities.importers.limits import MB, file_too_large, megabytes
from tracker.activities.models import Report
from tracker.extensions import db


def test_sizes_are_written_as_people_read_them():
    assert megabytes(10 * MB) == "10 МБ" and megabytes(int(2.5 * MB)) == "2,5 МБ"
    assert megabytes(13_002_000, up=True) == "12,4 МБ"
    assert megabytes(10 * MB + 1, up=True) == "10,1 МБ"  # never «10 МБ при межі 10 МБ»
    assert megabytes(300 * 1024) == "300 КБ"
    assert file_too_large(13_002_000, 10 * MB).startswith(
        "Файл завеликий: 12,4 МБ при межі 10 МБ")


def _upload(client, data: bytes, name: str = "zvit.csv") -> str:
    """The page answering the upload. The body is encoded here, in memory: the test client
    would spool one over 500 KB to a temporary file it never closes."""
    boundary, body = encode_multipart(MultiDict({
        "csrf_token": csrf_token(client), "file": FileStorage(io.BytesIO(data), name)}))
    return client.post("/activities/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}"
                       ).get_data(as_text=True)


def test_an_oversized_report_upload_states_its_real_size(app, client, users, login):
    assert app.config["IMPORT_MAX_BYTES"] == 10 * MB
    login(users["executor"])
    page = _upload(client, b"x" * 13_002_000)
    assert "Файл завеликий: 12,4 МБ при межі 10 МБ" in page
    assert "10241 КБ" not in page  # the old message counted only what had been read
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_a_file_under_a_lowered_limit_is_measured_the_same_way(app, client, users, login):
    app.config["IMPORT_MAX_BYTES"] = 1 * MB
    login(users["executor"])
    page = _upload(client, b"x" * int(1.3 * MB))
    assert "Файл завеликий: 1,3 МБ при межі 1 МБ" in page
