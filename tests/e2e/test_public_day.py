"""A citizen's day on the public pages (issue 19), in a real browser: the form (with the
page's own proof-of-work and the 3-second rule as configured), the clerk's register, the
confirmation through a real SMTP server, the status page before and after the answer, and a
reply filed as a follow-up."""
from __future__ import annotations

import re
import threading
import time

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, make_app
from tests.e2e.test_day import shot
from tests.factories import with_information
from tracker.extensions import db
from tracker.letters import operations as letter_ops
from tracker.outbox.delivery import deliver_due
from tracker.register.models import Request
from tracker.register.operations import assign


@pytest.fixture
def public_server(app, database_url):
    """The app on a loopback port whose BASE_URL is its own address (the e-mailed links)."""
    server_app = make_app(database_url)
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    server_app.config["BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(10)
    with server_app.app_context():
        db.engine.dispose()


def _sign_in(page, url, user):
    page.goto(f"{url}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_a_citizen_files_follows_and_replies(browser, page, public_server, users, api,
                                             smtp_server):
    url = public_server
    # 1. The citizen files the request on the council's own form.
    page.goto(f"{url}/public/request")
    opened = time.monotonic()
    page.fill("#requester_name", "Коваленко Марія Петрівна")
    page.fill("#requester_email", "maria@example.com")
    page.fill("#subject", "Тарифи на вивезення сміття")
    page.fill("#text", "Прошу надати копію рішення про встановлення тарифів на вивезення "
                       "побутових відходів на 2026 рік.")
    assert page.locator("#urgent_reason").is_hidden()  # shown only for an urgent request
    page.wait_for_timeout(max(0, 3200 - (time.monotonic() - opened) * 1000))  # the 3-s rule
    page.click("#public-request button[type=submit]")
    page.wait_for_selector("#filed-index")
    index = page.inner_text("#filed-index")
    due = page.inner_text("#filed-due")
    shot(page, "public-filed")
    req = db.session.scalars(select(Request)).one()
    assert req.registration_number == index and req.due_date.strftime("%d.%m.%Y") in due
    shown_link = page.get_attribute("#status-link", "href")

    # 2. It is in the clerk's register, channel «вебсайт», with its index and due date.
    clerk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="uk-UA")
    office = clerk.new_page()
    _sign_in(office, url, users["clerk"])
    office.goto(f"{url}/requests")
    office.click(f"text={index}")
    facts = office.inner_text("main")
    assert "вебсайт" in facts and req.due_date.strftime("%d.%m.%Y") in facts
    assert "Подано через вебсайт" in facts

    # 3. The confirmation reaches the mail server with the status link.
    assert deliver_due().sent == 1
    body = smtp_server.messages[0].get_body(preferencelist=("plain",)).get_content()
    link = re.search(rf"({re.escape(url)}/public/requests/\S+)", body).group(1)
    assert index in body and link == shown_link

    # 4. The status page: «у роботі» and the due date.
    citizen = browser.new_context(viewport={"width": 390, "height": 800}, locale="uk-UA")
    status = citizen.new_page()
    status.goto(link)
    assert status.inner_text("#state") == "у роботі"
    assert req.due_date.strftime("%d.%m.%Y") in status.inner_text("#due")
    assert status.evaluate("document.documentElement.scrollWidth") <= 391  # a phone's width
    shot(status, "public-status-phone")

    # 5. The executor answers; the head signs; the executor sends; the PDF is on the page.
    assign(users["clerk"], req, users["executor"].email)
    db.session.commit()
    executor, head = api(users["executor"]), api(users["head"])
    letter = with_information(users["executor"],
                              letter_ops.create_letter(users["executor"], req, "answer", {}, []))
    assert executor("POST", f"/api/v1/letters/{letter.id}/finalize").status_code == 200
    assert head("POST", f"/api/v1/letters/{letter.id}/approve").status_code == 200
    assert executor("POST", f"/api/v1/letters/{letter.id}/send").status_code == 202
    assert deliver_due().sent == 2  # the head's notice of a letter to sign, and the answer
    status.reload()
    assert status.inner_text("#state") == "надано відповідь"
    pdf_link = status.locator("#letters a")
    assert "PDF" in pdf_link.inner_text()
    pdf = status.request.get(url + pdf_link.get_attribute("href"))
    assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"

    # 6. A reply on the status page is filed with the request as a follow-up.
    status.fill("#text", "Дякую. Прошу також додаток до рішення.")
    status.click("#reply button[type=submit]")
    status.wait_for_selector(".flash-success")
    shot(status, "public-replied")
    office.goto(f"{url}/requests/{req.id}")
    files = office.inner_text("#files")
    assert f"Уточнення до запиту № {index}" in files and "продовження" in files
    assert "Отримано лист у листуванні" in office.inner_text("main")
    clerk.close()
    citizen.close()
