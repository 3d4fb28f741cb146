"""POST /api/v1/public/requests: the council's website and partner sites file a request for a
citizen, without a token (the access policy declares it public; ``authenticate`` asks the
policy). The same checks as the public form bar the proof-of-work and the form's own tricks:
the per-client and per-requester-address rate limits, duplicate flagging, Art. 19 part 5.
Without a proof-of-work the per-client limit defaults to the form's no-script one (config)."""
from __future__ import annotations

from flask import jsonify, request

from ..extensions import db
from ..public import guard
from ..public.mail import status_url
from ..public.operations import clean_submission, submit
from . import bp, json_body


@bp.post("/public/requests")
def public_create_request():
    guard.limits_for("api", request.remote_addr).check()  # a flood stops before any work
    inp = clean_submission(json_body())
    limits = guard.limits_for("api", request.remote_addr, guard.address_keys(
        inp.requester.email, inp.requester.postal_address))
    limits.reserve()  # atomic: increment, then compare (see guard)
    try:
        filed = submit(inp, [], via="api")
        db.session.commit()
    except BaseException:
        db.session.rollback()
        limits.release()
        raise
    req = filed.request
    return jsonify({"registration_number": req.registration_number,
                    "received_at": req.received_at.isoformat(),
                    "due_date": req.due_date.isoformat(),
                    "due_at": req.due_at.isoformat() if req.due_at else None,
                    "status_url": status_url(req, filed.code)}), 201


_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"anyOf": [_TEXT, {"type": "null"}]}
OPENAPI_SCHEMAS = {
    "PublicNewRequest": {
        "type": "object", "required": ["requester", "text"],
        "description": "A citizen's request. The Art. 19 part 5 items are required: the "
                       "requester's name, an e-mail or postal address for the answer, and "
                       "the description (`text`). `subject` defaults to the text's first line.",
        "properties": {
            "requester": {"type": "object", "required": ["name"], "anyOf": [
                {"required": ["email"], "properties": {"email": {"type": "string"}}},
                {"required": ["postal_address"], "properties": {
                    "postal_address": {"type": "string", "pattern": "\\S"}}}],
                "properties": {
                "name": {"type": "string", "maxLength": 300, "pattern": "\\S"},
                "category": {"type": "string", "enum": ["individual", "legal_entity",
                                                        "association", "media"]},
                "email": {"anyOf": [{"type": "string", "format": "email"}, {"type": "null"}]},
                "postal_address": _NULLABLE_TEXT, "phone": _NULLABLE_TEXT}},
            "subject": _NULLABLE_TEXT,
            "text": {"type": "string", "maxLength": 100000, "pattern": "\\S"},
            "urgent": {"type": "boolean", "description": "claims the 48-hour term (Art. 20 "
                       "part 2); the clerk confirms or rejects it"},
            "urgent_reason": _NULLABLE_TEXT,
        }},
    "PublicFiled": {"type": "object", "properties": {
        "registration_number": {"type": "string"},
        "received_at": {"type": "string", "format": "date-time"},
        "due_date": {"type": "string", "format": "date"},
        "due_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "status_url": {"type": "string", "description": "the status page with its secret "
                       "code: give it to the requester only"}}},
}
_JSON = "application/json"
OPENAPI_PATHS = {"/public/requests": {"post": {
    "summary": "File a citizen's request (no token)",
    "description": "Registered at once (channel `website`); an e-mail address gets the "
                   "confirmation with the status link. Rate-limited per client address and "
                   "per requester address (429 with the reason): with no proof-of-work, a "
                   "client address gets what the form without script gets (by default 3 an "
                   "hour, 6 a day; PUBLIC_API_RATE_LIMIT raises it for a partner site).",
    "security": [],
    "requestBody": {"required": True, "content": {_JSON: {"schema": {
        "$ref": "#/components/schemas/PublicNewRequest"}}}},
    "responses": {
        "201": {"description": "Registered", "content": {_JSON: {"schema": {
            "$ref": "#/components/schemas/PublicFiled"}}}},
        "400": {"description": "Invalid input: the fields named", "content": {_JSON: {
            "schema": {"$ref": "#/components/schemas/ValidationErrors"}}}},
        "429": {"description": "Over a rate limit", "content": {_JSON: {"schema": {
            "$ref": "#/components/schemas/Error"}}}}}}}}
