"""Filing requests on the public form as a browser does: the form's hidden fields read from
the page, the proof-of-work solved as the page's script solves it."""
from __future__ import annotations

import re

from tracker.public import proof

PERSON = {"requester_name": "Коваленко Марія Петрівна", "requester_category": "individual",
          "requester_email": "maria@example.com", "requester_postal_address": "",
          "requester_phone": "", "subject": "",
          "text": "Прошу надати копію рішення про встановлення тарифів на вивезення сміття."}


def hidden(page: str) -> dict[str, str]:
    return {name: value for name, value in re.findall(
        r'<input[^>]*name="(csrf_token|ticket)"[^>]*value="([^"]*)"', page)}


def form_fields(client) -> dict[str, str]:
    page = client.get("/public/request")
    assert page.status_code == 200
    return hidden(page.get_data(as_text=True))


def file_request(client, app, *, solve: bool = True, fields: dict | None = None,
                 files=None, **overrides):
    """Open the form and send it; the proof solved unless ``solve`` is False (no script)."""
    data = {**PERSON, **(fields or {}), **form_fields(client), "website": "", "proof": ""}
    if solve:
        data["proof"] = proof.solve(data["ticket"], app.config["PUBLIC_POW_BITS"])
    data.update(overrides)
    if files:
        data["files"] = files
    return client.post("/public/request", data=data, content_type="multipart/form-data")


def status_link(page: str) -> str:
    match = re.search(r'id="status-link" href="([^"]+)"', page)
    assert match, page[:2000]
    return match.group(1).replace("&amp;", "&")


def path_of(link: str) -> str:
    """The link's path and query (the test client keeps cookies per host)."""
    return link.split("://", 1)[1].split("/", 1)[1].join(("/", ""))
