"""Inputs the fuzzer once turned into server errors: now clean 4xx answers."""
import re

from tracker.api.openapi import DOCUMENT


def test_every_api_route_is_in_the_openapi_document(app):
    documented = {re.sub(r"\{\w+\}", "<id>", p) for p in DOCUMENT["paths"]} | {"/openapi.json"}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:\w+:)?\w+>", "<id>", rule.rule[len("/api/v1"):])
            assert path in documented, rule.rule


def test_every_reference_in_the_openapi_document_resolves():
    """A dangling «#/components/schemas/404» made the fuzzer skip a response it should check."""
    refs = re.findall(r"'\$ref': '#/components/schemas/([^']+)'", repr(DOCUMENT))
    assert refs and set(refs) <= set(DOCUMENT["components"]["schemas"]), set(refs) - set(
        DOCUMENT["components"]["schemas"])


def test_ids_beyond_64_bits_are_not_found(api, users):
    call = api(users["head"])
    for path in ("/api/v1/letters/12812206145730105344", "/api/v1/activities/372365018169124978688",
                 "/api/v1/requests/99999999999999999999999"):
        assert call("GET", path).status_code == 404
    r = call("GET", "/api/v1/requests", query_string={"page": "231217974813672706408448"})
    assert r.status_code == 200 and r.json["items"] == []
    r = call("GET", "/api/v1/activities", query_string={"programme": "9" * 30})
    assert r.status_code == 200 and r.json["total"] == 0


def test_wrongly_typed_json_fields_are_400(api, users):
    call = api(users["executor"])
    assert call("POST", "/api/v1/activities", json={"measure": "x", "tags": True}).status_code == 400
    assert call("POST", "/api/v1/activities", json={"measure": "x", "category": [1]}).status_code == 400
    r = call("POST", "/api/v1/activities", json={"measure": "Захід\x0c з\x1bкерівними"})
    assert r.status_code == 201 and r.json["measure"] == "Захід зкерівними"


def test_lone_surrogates_are_refused_before_any_field_is_read(api, users, client):
    """«\ud800» is valid JSON, but no database, PDF or page can take it: once a letter held
    one, its page, HTML and PDF failed for good."""
    call = api(users["clerk"])
    body = ('{"requester": {"name": "\\ud800"}, "channel": "email", "subject": "x"}')
    r = call("POST", "/api/v1/requests", data=body, content_type="application/json")
    assert r.status_code == 400 and "UTF-16" in r.json["errors"]["body"][0]
    r = client.post("/api/v1/public/requests", data='{"text": "\\udfff", "requester": {}}',
                    content_type="application/json")
    assert r.status_code == 400


def test_numbers_and_dates_at_the_edges_are_400_not_500(api, users, client):
    call = api(users["head"])
    rid = call("POST", "/api/v1/requests", json={
        "requester": {"name": "Петренко Олег", "email": "o@example.com"}, "channel": "email",
        "subject": "Кошторис"}).json["id"]
    r = call("POST", f"/api/v1/requests/{rid}/actions", data='{"action": "close", '
             '"version": 1e999}', content_type="application/json")
    assert r.status_code == 400 and "version" in r.json["errors"]
    for body in ({"kind": "invoice", "pages": 3, "format": ["a4"]},
                 {"kind": "invoice", "pages": 3, "exempt_ground": {"x": 1}}):
        assert call("POST", f"/api/v1/requests/{rid}/letters", json=body).status_code == 400
    for query in ({"to": "9999-12-31"}, {"from": "0001-01-01"}):
        assert call("GET", "/api/v1/requests", query_string=query).status_code == 400
    r = call("GET", "/api/v1/reports/summary", query_string={"from": "0001-01-02",
                                                            "to": "9999-12-30"})
    assert r.status_code == 400
    page = client.get("/public/statistics?from=0001-01-01&to=9999-12-31")
    assert page.status_code in (200, 400) and "Неправильна дата" in page.get_data(as_text=True)
    for category in ("%00", "a%00b"):
        assert call("GET", f"/api/v1/activities?category={category}").status_code == 400


def test_ids_beyond_the_32_bit_keys_are_not_found(api, users):
    """PostgreSQL's INTEGER keys stop at 2³¹−1: a larger id used to be a database error."""
    call = api(users["head"])
    for path in ("/api/v1/requests/3000000000", "/api/v1/letters/2147483648",
                 "/api/v1/activities/3000000000"):
        assert call("GET", path).status_code == 404, path
    r = call("GET", "/api/v1/requests", query_string={"executor": "3000000000"})
    assert r.status_code in (200, 400)
    r = call("POST", "/api/v1/activities", json={"measure": "Захід", "tags": ["a\x00b"]})
    assert r.status_code == 201 and r.json["tags"] == ["ab"]


def test_figures_beyond_their_columns_are_refused(api, users):
    """Money is NUMERIC(14, 2) and a percent NUMERIC(9, 2): PostgreSQL refused larger ones."""
    call = api(users["executor"])
    for body in ({"planned": "999999999999999"}, {"percent_stated": "99999999"},
                 {"planned": 10**13}):
        r = call("POST", "/api/v1/activities", json={"measure": "Захід", **body})
        assert r.status_code == 400, body
    r = call("POST", "/api/v1/activities", json={"measure": "Захід", "planned": "0,01",
                                                 "financed": "999 999 999 999"})
    assert r.status_code == 201 and r.json["percent_computed"] is None
