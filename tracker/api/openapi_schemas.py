"""The schemas of the API's OpenAPI document (tracker/api/openapi.py): bodies and answers."""
from __future__ import annotations

from ..letters.models import LetterStatus
from ..register.deadlines import DeadlineState
from ..register.models import Category, Channel, Gender, Outcome, RefusalGround, Status
from ..register.actions import ACTIONS


#: Optional body of /send and /posted: publish the answer in the disclosure log.
PUBLISH_BODY = {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {
        "publish": {"type": "boolean", "default": False,
                    "description": "Publish the answer's redacted copy (/public/answers)"},
        "redact": {"type": "array", "items": {"type": "string"},
                   "description": "Passages to remove besides the requester's name, "
                                  "e-mails, phones and addresses (removed anyway)"}}}}}}

def _enum(cls):
    return {"type": "string", "enum": [m.value for m in cls]}


def _nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


REQUESTER = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "maxLength": 300},
        "category": _enum(Category),
        "gender": _nullable(_enum(Gender)),
        "email": _nullable({"type": "string", "format": "email"}),
        "postal_address": _nullable({"type": "string"}),
        "phone": _nullable({"type": "string"}),
    },
}

#: The requester's own number and date of the request letter: both or neither.
SENDER_REFERENCE = {
    "sender_number": _nullable({"type": "string", "maxLength": 60, "description":
                                "the number the requester gave the request letter (an "
                                "organisation's «вих. № 15»); the reply refers to it"}),
    "sender_date": _nullable({"type": "string", "format": "date", "description":
                              "that letter's date; with sender_number, not after received_at"}),
}

NEW_REQUEST = {
    "type": "object", "required": ["requester", "channel", "subject"],
    "properties": {
        "requester": REQUESTER,
        "channel": _enum(Channel),
        "received_at": {"type": "string", "format": "date-time",
                        "description": "ISO 8601; without an offset it is Europe/Kyiv time."},
        "subject": {"type": "string", "minLength": 1, "maxLength": 500},
        "text": {"type": "string"},
        "urgent": {"type": "boolean"},
        "urgent_reason": _nullable({"type": "string"}),
        "signed": {"type": "boolean"},
        "executor": _nullable({"type": "string", "format": "email"}),
        "registration_number": _nullable({"type": "string", "maxLength": 60}),
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 50}},
        "portal_address": _nullable({"type": "string", "format": "email",
                                     "description": "an Alaveteli request address to answer at"}),
        "reply_to": _nullable({"type": "string", "format": "email"}),
        **SENDER_REFERENCE,
    },
}

REQUEST = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "registration_number": {"type": "string"},
        "received_at": {"type": "string", "format": "date-time"},
        "requester": REQUESTER,
        "channel": _enum(Channel),
        "subject": {"type": "string"},
        "text": {"type": "string"},
        **SENDER_REFERENCE,
        "urgent": {"type": "boolean"},
        "completeness": {"type": "array", "items": {
            "type": "string", "enum": ["name", "contact", "description", "signature"]}},
        "executor": _nullable({"type": "string"}),
        "status": _enum(Status),
        "outcome": _nullable(_enum(Outcome)),
        "due_date": {"type": "string", "format": "date"},
        "due_at": _nullable({"type": "string", "format": "date-time"}),
        "deadline_state": _enum(DeadlineState),
        "answered_on": _nullable({"type": "string", "format": "date"}),
        "voided": _nullable({"type": "object", "description": "a registration annulled as "
                             "made in error (action void)", "properties": {
                                 "at": {"type": "string", "format": "date-time"},
                                 "reason": {"type": "string"},
                                 "duplicate_of": _nullable({"type": "string"})}}),
        "contacts_hidden": {"type": "boolean", "description": "true for an executor reading a "
                            "request not assigned to them: the requester's e-mail, postal "
                            "address, phone and reply addresses are null"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "version": {"type": "integer", "description": "send it back with PATCH and actions"},
        "events": {"type": "array", "items": {"type": "object", "properties": {
            "at": {"type": "string", "format": "date-time"}, "actor": _nullable({"type": "string"}),
            "action": {"type": "string", "description": "registered, assigned, edited, closed …"},
            "before": _nullable({"type": "object"}), "after": _nullable({"type": "object"})}}},
    },
}

REQUEST_PATCH = {
    "type": "object", "required": ["version"],
    "description": "Correct a registered request. Only the properties given change; other "
                   "properties of the request's JSON are ignored. Clerks, heads and admins "
                   "correct every field, `received_at` only a clerk or an admin (with "
                   "`reason`; the deadline is computed again as at registration); an executor "
                   "only `tags` of a request assigned to them (403 otherwise). Each change is "
                   "one Event `edited` with `before` and `after`.",
    "properties": {
        "version": {"type": "integer", "description": "the request's version when it was "
                    "read; 409 when it has changed since"},
        "requester": REQUESTER,
        "channel": _enum(Channel),
        "subject": {"type": "string", "minLength": 1, "maxLength": 500},
        "text": {"type": "string"},
        "received_at": {"type": "string", "format": "date-time",
                        "description": "ISO 8601; without an offset it is Europe/Kyiv time; "
                                       "within the year of the registration index"},
        "reason": {"type": "string", "description": "required with a new received_at"},
        **SENDER_REFERENCE,
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 50},
                 "maxItems": 20},
    },
}

ACTION = {
    "type": "object", "required": ["action"],
    "properties": {
        "action": {"type": "string", "enum": list(ACTIONS), "description": "void: annul a "
                   "registration made in error (clerks, heads, admins; only while nothing went "
                   "to the requester; with reason, and duplicate_of when it repeats another "
                   "request in force from the same requester); restore: take an annulment "
                   "back (with reason)"},
        "executor": {"type": "string", "format": "email"},
        "reason": {"type": "string"},
        "duplicate_of": {"type": "string", "description": "void: the index of the request "
                         "this one repeats"},
        "holder_name": {"type": "string"},
        "holder_address": {"type": "string"},
        "new_date": {"type": "string", "format": "date"},
        "ground": _enum(RefusalGround),
        "explanation": {"type": "string"},
        "result": {"type": "string", "enum": ["full", "partial"]},
        "answered_on": {"type": "string", "format": "date"},
        "version": {"type": "integer"},
    },
}

MONEY = _nullable({"type": "string", "pattern": r"^-?\d+\.\d{2}$"})
ACTIVITY = {"type": "object", "properties": {
    "id": {"type": "integer"}, "measure": {"type": "string"},
    "category": _nullable({"type": "string"}), "planned": MONEY, "financed": MONEY,
    "percent_stated": MONEY, "percent_computed": MONEY, "text": {"type": "string"},
    "period_start": _nullable({"type": "string", "format": "date"}),
    "period_end": _nullable({"type": "string", "format": "date"})}}
NEW_ACTIVITY = {"type": "object", "required": ["measure"], "properties": {
    "measure": {"type": "string", "minLength": 1}, "text": {"type": "string"},
    "category": {"type": "string"}, "programme": {"type": "string"},
    "planned": {"type": "string"}, "financed": {"type": "string"},
    "percent_stated": {"type": "string"},
    "period_start": {"type": "string", "format": "date"},
    "period_end": {"type": "string", "format": "date"},
    "tags": {"type": "array", "items": {"type": "string"}}}}
NEW_LETTER = {"type": "object", "required": ["kind"], "properties": {
    "kind": {"type": "string", "enum": ["answer", "extension", "forwarding", "refusal",
                                       "deferral", "invoice"]},
    "activity_ids": {"type": "array", "items": {"type": "integer"}},
    "result": {"type": "string", "enum": ["full", "partial"]}, "reason": {"type": "string"},
    "holder_name": {"type": "string"}, "holder_address": {"type": "string"},
    "holder_reason": {"type": "string", "description": "forwarding: why that body holds it"},
    "ground": _enum(RefusalGround), "explanation": {"type": "string"},
    "refused_parts": {"type": "string", "description": "answer with result partial: what is "
                      "not given (with ground and explanation, required then)"},
    "interest": {"type": "string"}, "harm": {"type": "string"},
    "balance": {"type": "string", "description": "ground restricted: the three-part test of "
                "Art. 6 part 2 (interest, harm, balance), required then"},
    "new_date": {"type": "string", "format": "date"}, "pages": {"type": "integer"},
    "format": {"type": "string", "enum": ["a4", "a3", "restricted", "scan"]},
    "exempt": {"type": "boolean", "description": "invoice: no fee (Art. 21 part 4); needs "
               "exempt_ground"},
    "exempt_ground": {"type": "string", "enum": ["public_interest", "personal"],
                      "description": "invoice: why no fee is charged — the information is of "
                      "public interest, or about the requester; implies exempt"}}}
LETTER = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "number": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "status": {"type": "string", "description": "queued: in the outbox, not yet accepted by "
               "the mail server; sent: accepted (or posted); failed: could not be delivered",
               "enum": [s.value for s in LetterStatus]},
    "text": {"type": "string"}, "outbox_message_id": _nullable({"type": "integer"}),
    "warnings": {"type": "array", "items": {"type": "string"}},
    "signatory": _nullable({"type": "string"}),
    "approved_by": _nullable({"type": "string", "description": "who approved (signed) it"}),
    "approved_at": _nullable({"type": "string", "format": "date-time"}),
    "return_comment": _nullable({"type": "string"}),
    "files": {"type": "array", "items": {"$ref": "#/components/schemas/LetterFile"}}}}
LETTER_FILE = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["signed", "attachment"]},
    "filename": {"type": "string"},
    "title": _nullable({"type": "string", "description": "the «Додаток» line's name for it, "
                        "if not made from the file name"}),
    "content_type": {"type": "string"},
    "size": {"type": "integer"}, "pages": {"type": "integer"}, "sha256": {"type": "string"},
    "source_attachment_id": _nullable({"type": "integer"})}}
MESSAGE = {"type": "object", "properties": {
    "requester": {"type": "object"}, "reply_to": _nullable({"type": "string"}),
    "received_at": {"type": "string"}, "subject": {"type": "string"},
    "title": {"type": "string"}, "text": {"type": "string"},
    "channel": {"type": "string", "enum": ["email", "portal"]},
    "portal": _nullable({"type": "object"}), "attachments": {"type": "array"},
    "follow_up_of": _nullable({"type": "integer"})}}
SUMMARY = {"type": "object", "required": ["total", "by_channel", "by_category", "by_outcome",
                                          "on_time", "late", "median_days", "p90_days",
                                          "by_executor"]}

ERRORS = {"type": "object", "properties": {"errors": {
    "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}
ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}
