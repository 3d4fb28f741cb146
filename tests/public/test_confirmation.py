"""The confirmation reaches a real SMTP server with the index, the due date and the status
link, and the link opens the status page."""
from __future__ import annotations

import re

from sqlalchemy import select

from tests.public.helpers import file_request, path_of
from tracker.extensions import db
from tracker.outbox.delivery import deliver_due
from tracker.register.models import Request


def test_the_confirmation_is_delivered_with_the_status_link(app, client, smtp_server):
    assert file_request(client, app).status_code == 201
    req = db.session.scalars(select(Request)).one()
    assert deliver_due().sent == 1
    message = smtp_server.messages[0]
    assert message["To"] == "maria@example.com"
    assert req.registration_number in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert req.registration_number in body and req.due_date.strftime("%d.%m.%Y") in body
    link = re.search(r"(http://zapyt\.test/public/requests/\S+)", body).group(1)
    page = client.get(path_of(link)).get_data(as_text=True)
    assert f"Запит № {req.registration_number}" in page and 'id="state">у роботі<' in page
