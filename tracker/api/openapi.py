"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json."""
from __future__ import annotations

from flask import jsonify

from ..register.deadlines import DeadlineState
from ..register.models import Category, Channel, Gender, Outcome, RefusalGround, Status
from . import bp


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
        "events": {"type": "array", "items": {"type": "object"}},
    },
}

ACTION = {
    "type": "object", "required": ["action"],
    "properties": {
        "action": {"type": "string", "enum": ["assign", "extend", "forward", "defer", "refuse",
                                              "answer", "close"]},
        "executor": {"type": "string", "format": "email"},
        "reason": {"type": "string"},
        "holder_name": {"type": "string"},
        "holder_address": {"type": "string"},
        "new_date": {"type": "string", "format": "date"},
        "ground": _enum(RefusalGround),
        "explanation": {"type": "string"},
        "result": {"type": "string", "enum": ["full", "partial"]},
        "answered_on": {"type": "string", "format": "date"},
    },
}

ERRORS = {"type": "object", "properties": {"errors": {
    "type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}
ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}


def _json(schema_ref):
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _responses(ok_code: str, ok_ref: str, *extra: str) -> dict:
    out = {ok_code: {"description": "OK", **_json(ok_ref)},
           "401": {"description": "No or invalid token", **_json("Error")}}
    for code in extra:
        ref = "ValidationErrors" if code == "400" else "Error"
        out[code] = {"description": {"400": "Invalid input", "403": "Forbidden",
                                     "404": "Not found", "409": "Not allowed in this state"}[code],
                     **_json(ref)}
    return out


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Zapyt API", "version": "1.0.0",
             "description": "Register of requests for public information."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {"NewRequest": NEW_REQUEST, "Request": REQUEST, "Action": ACTION,
                    "ValidationErrors": ERRORS, "Error": ERROR,
                    "RequestList": {"type": "object", "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Request"}},
                        "total": {"type": "integer"}}}},
    },
    "paths": {
        "/requests": {
            "post": {"summary": "Register a request", "requestBody": {"required": True, **_json("NewRequest")},
                     "responses": _responses("201", "Request", "400", "403", "409")},
            "get": {"summary": "List requests", "parameters": [
                {"name": "deadline_state", "in": "query", "schema": _enum(DeadlineState)},
                {"name": "status", "in": "query", "schema": _enum(Status)},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
            ], "responses": _responses("200", "RequestList", "400")},
        },
        "/requests/{id}": {
            "get": {"summary": "A request with its events",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": _responses("200", "Request", "404")},
        },
        "/requests/{id}/actions": {
            "post": {"summary": "Act on a request",
                     "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                     "requestBody": {"required": True, **_json("Action")},
                     "responses": _responses("200", "Request", "400", "403", "404", "409")},
        },
    },
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)
