"""Issue 13, break 8 and the smaller finds: bulk reads of personal data are logged, an
executor sees no contacts of requests not theirs, permission comes before input, download
names carry no control characters, no server versions, and WeasyPrint fetches nothing."""
import http.server
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.factories import answer_letter, register
from tracker.auth.models import Role
from tracker.web.downloads import attachment_disposition, safe_filename
from tracker.extensions import db
from tracker.intake.models import Attachment, IntakeMessage, IntakeStatus
from tracker.letters import operations as letter_ops
from tracker.register.models import AccessLog


@pytest.fixture
def two(users):
    """A request of the executor's and one of somebody else's."""
    from tests.conftest import create_test_user
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    own = register(users["clerk"], executor=users["executor"].email,
                   requester={"email": "own@test.example", "phone": "+380501112233",
                              "postal_address": "вул. Своя, 1"})
    foreign = register(users["clerk"], executor=other.email,
                       requester={"name": "Чужий Запитувач", "email": "foreign@test.example",
                                  "phone": "+380509998877", "postal_address": "вул. Чужа, 2"},
                       channel="email")
    return own, foreign


def _logs(action):
    db.session.expire_all()
    return db.session.scalars(select(AccessLog).where(AccessLog.action == action)).all()


def test_the_api_list_is_logged_with_every_request_id_it_returned(users, api, two):
    r = api(users["head"])("GET", "/api/v1/requests?per_page=200")
    assert r.status_code == 200
    (log,) = _logs("api:list")
    assert sorted(log.request_ids) == sorted(i["id"] for i in r.json["items"]) and len(
        log.request_ids) == 2
    assert log.user_id == users["head"].id
    api(users["head"])("GET", "/api/v1/requests?q=Чужий")
    assert [row.request_ids for row in _logs("api:list")][-1] == [two[1].id]


def test_the_web_list_and_letter_reads_are_logged(users, login, client, two):
    own, _ = two
    login(users["clerk"])
    assert client.get("/requests").status_code == 200
    (log,) = _logs("list")
    assert sorted(log.request_ids) == sorted(r.id for r in two)
    letter = answer_letter(users["head"], own)
    db.session.commit()
    assert client.get(f"/letters/{letter.id}/print").status_code == 200
    assert [row.request_id for row in _logs("letter")] == [own.id]


def test_an_api_letter_read_is_logged(users, api, two):
    own, _ = two
    letter = answer_letter(users["head"], own)
    db.session.commit()
    assert api(users["head"])("GET", f"/api/v1/letters/{letter.id}").status_code == 200
    assert [row.request_id for row in _logs("api:letter")] == [own.id]


def test_an_executor_gets_no_contacts_of_a_request_not_theirs(users, api, login, client, two):
    own, foreign = two
    call = api(users["executor"])
    theirs = call("GET", f"/api/v1/requests/{foreign.id}").json
    assert theirs["contacts_hidden"] is True
    assert {theirs["requester"][k] for k in ("email", "phone", "postal_address")} == {None}
    mine = call("GET", f"/api/v1/requests/{own.id}").json
    assert mine["requester"]["email"] == "own@test.example" and not mine["contacts_hidden"]
    listed = {i["id"]: i for i in call("GET", "/api/v1/requests").json["items"]}
    assert listed[foreign.id]["requester"]["email"] is None
    assert listed[own.id]["requester"]["phone"] == "+380501112233"
    login(users["executor"])
    page = client.get(f"/requests/{foreign.id}").get_data(as_text=True)
    assert "Чужий Запитувач" in page
    assert not any(v in page for v in ("foreign@test.example", "+380509998877", "вул. Чужа"))


def test_an_executor_cannot_read_the_letters_of_a_request_not_theirs(users, api, login,
                                                                      client, two):
    _, foreign = two
    letter = answer_letter(users["head"], foreign)
    letter_ops.finalize(users["head"], letter)
    db.session.commit()
    call = api(users["executor"])
    for path in ("", ".pdf", ".docx", ".html"):
        assert call("GET", f"/api/v1/letters/{letter.id}{path}").status_code == 403, path
    login(users["executor"])
    for path in ("/print", ".pdf", ".docx"):
        assert client.get(f"/letters/{letter.id}{path}").status_code == 403, path


def test_permission_is_checked_before_any_input_is_read(users, api, two):
    _, foreign = two
    executor, clerk = api(users["executor"]), api(users["clerk"])
    stale = executor("POST", f"/api/v1/requests/{foreign.id}/actions",
                     json={"action": "answer", "result": "full", "version": 999})
    assert stale.status_code == 403  # was 409: a stranger learnt the version had moved
    broken = executor("POST", f"/api/v1/requests/{foreign.id}/actions", data="{not json",
                      content_type="application/json")
    assert broken.status_code == 403  # was 400
    assert executor("POST", f"/api/v1/requests/{foreign.id}/letters", data="x",
                    content_type="application/json").status_code == 403
    assert clerk("POST", "/api/v1/activities", data="x",
                 content_type="application/json").status_code == 403


def test_download_names_carry_no_control_characters(users, login, client, two):
    own, _ = two
    item = IntakeMessage(source="upload", sha256="0" * 64, size=1, raw=b"x",
                         status=IntakeStatus.REGISTERED, request_id=own.id,
                         received_at=own.received_at)
    db.session.add(item)
    db.session.flush()
    # (PostgreSQL refuses NUL in text, so the stored name has the other controls.)
    hostile = "звіт\x07\r\nSet-Cookie: a=b\"/../x.pdf"
    attachment = Attachment(intake_message_id=item.id, request_id=own.id, filename=hostile,
                            content_type="application/pdf", size=1, sha256="0" * 64,
                            content=b"%PDF")
    db.session.add(attachment)
    db.session.commit()
    login(users["clerk"])
    r = client.get(f"/attachments/{attachment.id}")
    assert r.status_code == 200
    header = r.headers["Content-Disposition"]
    assert not any(ch in header for ch in "\x00\r\n") and "Set-Cookie" not in r.headers
    assert safe_filename(hostile) == "звітSet-Cookie: a=b..x.pdf"
    assert safe_filename("a\x00b.pdf") == "ab.pdf"
    assert "\x00" not in attachment_disposition("a\x00b.pdf", "f\x00.pdf")


def test_the_dev_server_does_not_name_its_versions(app):
    from tracker.reminders.cli import QuietHandler
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/health") as r:
            assert r.headers["Server"] == "Zapyt"
    finally:
        server.shutdown()
        server.server_close()


def test_weasyprint_reads_only_the_apps_static_files():
    from weasyprint import HTML

    from tracker.letters.render.pdf import STATIC, StaticOnlyFetcher
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        html = (f'<img src="http://127.0.0.1:{server.server_port}/leak">'
                '<img src="file:///etc/passwd"><link rel="stylesheet" href="css/letter.css">')
        fetched = []

        class Recording(StaticOnlyFetcher):
            def fetch(self, url, headers=None):
                fetched.append(url)
                return super().fetch(url, headers)

        HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=Recording()).write_pdf()
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert any(u.endswith("/static/css/letter.css") for u in fetched)  # its own file is fine


def test_journal_pages_and_exports_are_logged_with_their_request_ids(users, api, login,
                                                                     client, two):
    login(users["clerk"])
    period = "?from=2018-01-01&to=2018-12-31"
    assert client.get(f"/reports/journal{period}").status_code == 200
    assert client.get(f"/reports/journal.csv{period}").status_code == 200
    assert api(users["head"])("GET", f"/api/v1/reports/journal.xlsx{period}").status_code == 200
    expected = sorted(r.id for r in two)
    for action in ("journal", "export:csv", "export:api"):
        (log,) = _logs(action)
        assert sorted(log.request_ids) == expected, action


def test_the_access_log_filter_by_request_finds_bulk_reads_too(users, api, login, client, two):
    own, foreign = two
    api(users["head"])("GET", "/api/v1/requests")  # a bulk read carrying both
    api(users["head"])("GET", f"/api/v1/requests/{own.id}")  # a single read of one
    from tracker.register.queries import access_log_rows
    assert [r.action for r in access_log_rows(request_id=foreign.id)] == ["api:list"]
    assert [r.action for r in access_log_rows(request_id=own.id)] == ["api", "api:list"]
    login(users["admin"])
    page = client.get(f"/admin/access-log?request={foreign.id}").get_data(as_text=True)
    assert "список із 2 запитів" in page  # Ukrainian plural forms (translations/uk)


def test_an_executor_cannot_find_out_whose_contact_it_is_by_searching(users, api, login,
                                                                      client, two):
    own, foreign = two
    call = api(users["executor"])
    # The whole contact, and its pieces: the name or the domain of the address, a phone typed
    # in groups or by its operator's code.
    clerk = api(users["clerk"])
    from tracker.register.search_index import index_request
    foreign.requester.phone = "050 999 88 77"  # as a clerk types it from a letter
    index_request(foreign)
    db.session.commit()
    for q in ("foreign@test.example", "foreign", "test.example", "example", "050 999 88 77",
              "999 88 77", "050", "(050) 999"):
        found = clerk("GET", "/api/v1/requests", query_string={"q": q}).json["items"]
        assert foreign.id in [i["id"] for i in found], q  # the clerk finds it by this
        mine = call("GET", "/api/v1/requests", query_string={"q": q}).json["items"]
        assert foreign.id not in [i["id"] for i in mine], q  # not the executor's: not found
    assert [i["id"] for i in call("GET", "/api/v1/requests?q=own@test.example").json["items"]] \
        == [own.id]  # their own requests: found by contacts as before
    assert call("GET", "/api/v1/requests?q=Чужий").json["total"] == 1  # the name is visible
    login(users["executor"])
    assert "Чужий Запитувач" not in client.get("/requests?q=foreign@test.example").get_data(
        as_text=True)
    assert api(users["clerk"])("GET", "/api/v1/requests?q=foreign@test.example").json["total"] == 1


def test_letter_events_carry_no_addresses(users, api, two, smtp_server):
    from tracker.letters import delivery
    from tracker.outbox.delivery import deliver_due
    _, foreign = two
    letter = answer_letter(users["head"], foreign)
    letter_ops.finalize(users["head"], letter)
    delivery.send(users["head"], letter)
    db.session.commit()
    deliver_due()
    body = api(users["executor"])("GET", f"/api/v1/requests/{foreign.id}").get_data(as_text=True)
    assert "foreign@test.example" not in body and "letter_delivered" in body
