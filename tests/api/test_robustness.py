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
