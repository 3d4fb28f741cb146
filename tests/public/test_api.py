"""POST /api/v1/public/requests: no token, the same registration, limits and duplicate flag
as the form (no proof-of-work), fields named on errors, in the OpenAPI document."""
from __future__ import annotations

from sqlalchemy import select

from tests.public.helpers import path_of
from tracker.core.models import Event
from tracker.extensions import db
from tracker.register.models import Channel, Request

BODY = {"requester": {"name": "Бондар Олена", "category": "media", "email": "olena@news.example",
                      "postal_address": None, "phone": "+380 67 000 00 00"},
        "subject": "Ремонт доріг", "text": "Прошу надати перелік договорів на ремонт доріг у "
                                           "2025 році.", "urgent": False, "urgent_reason": None}


def test_a_request_is_filed_without_a_token(app, client):
    response = client.post("/api/v1/public/requests", json=BODY)
    assert response.status_code == 201, response.json
    req = db.session.scalars(select(Request)).one()
    assert response.json["registration_number"] == req.registration_number
    assert response.json["due_date"] == req.due_date.isoformat()
    assert req.channel == Channel.WEBSITE and req.requester.category.value == "media"
    assert client.get(path_of(response.json["status_url"])).status_code == 200
    via = db.session.scalars(select(Event).where(Event.action == "registered_online")).one()
    assert via.after["via"] == "api"


def test_errors_name_the_fields(client):
    response = client.post("/api/v1/public/requests", json={
        "requester": {"name": "", "email": "not-an-address"}, "text": "", "urgent": True})
    assert response.status_code == 400
    errors = response.json["errors"]
    assert {"requester.name", "requester.email", "text", "urgent_reason"} <= set(errors)
    assert client.post("/api/v1/public/requests", data="x").status_code == 400
    assert client.post("/api/v1/public/requests", json=[1]).json["errors"]["body"]
    assert db.session.scalars(select(Request)).first() is None


def test_the_api_is_rate_limited_per_requester_and_per_client(app, client):
    app.config.update(PUBLIC_ADDRESS_RATE_LIMIT="3 per day", PUBLIC_API_RATE_LIMIT="5 per hour")
    for n in range(3):
        body = {**BODY, "text": f"Прошу надати звіт № {n} про використання бюджету {2020 + n}."}
        assert client.post("/api/v1/public/requests", json=body).status_code == 201
    refused = client.post("/api/v1/public/requests", json=BODY)
    assert refused.status_code == 429 and "Від цього запитувача" in refused.json["error"]
    for n in range(2):
        other = {**BODY, "requester": {**BODY["requester"], "email": f"o{n}@news.example"}}
        assert client.post("/api/v1/public/requests", json=other).status_code == 201
    refused = client.post("/api/v1/public/requests", json=BODY)
    assert refused.status_code == 429 and "мережевої адреси" in refused.json["error"]
    assert len(db.session.scalars(select(Request.id)).all()) == 5


def test_duplicates_through_the_api_are_flagged(client):
    client.post("/api/v1/public/requests", json=BODY)
    client.post("/api/v1/public/requests", json={**BODY, "text": BODY["text"] + "!"})
    flags = db.session.scalars(select(Event.after).where(Event.action == "registered_online")
                               .order_by(Event.id)).all()
    assert flags[0]["duplicates"] is None and flags[1]["duplicates"]


def test_the_openapi_document_describes_it_without_a_token(client, users, api):
    doc = api(users["clerk"])("GET", "/api/v1/openapi.json").json
    operation = doc["paths"]["/public/requests"]["post"]
    assert operation["security"] == [] and "201" in operation["responses"]
    assert "PublicNewRequest" in doc["components"]["schemas"]


def test_by_default_a_client_gets_no_more_through_the_api_than_the_form_without_script(app,
                                                                                       client):
    """No proof-of-work on the API, so no more than the no-script form (3 an hour); a
    partner site filing for many people has PUBLIC_API_RATE_LIMIT raised."""
    from config import Config
    assert Config.PUBLIC_API_RATE_LIMIT == Config.PUBLIC_NOSCRIPT_RATE_LIMIT
    app.config["PUBLIC_API_RATE_LIMIT"] = Config.PUBLIC_API_RATE_LIMIT
    for n in range(3):
        body = {**BODY, "requester": {**BODY["requester"], "email": f"p{n}@news.example"}}
        assert client.post("/api/v1/public/requests", json=body).status_code == 201
    body = {**BODY, "requester": {**BODY["requester"], "email": "p4@news.example"}}
    refused = client.post("/api/v1/public/requests", json=body)
    assert refused.status_code == 429 and "мережевої адреси" in refused.json["error"]
    app.config["PUBLIC_API_RATE_LIMIT"] = "100 per hour"
    assert client.post("/api/v1/public/requests", json=body).status_code == 201
