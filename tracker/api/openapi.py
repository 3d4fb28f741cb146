"""The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json."""
from __future__ import annotations

from flask import jsonify

from ..register.deadlines import DeadlineState
from ..register.models import Channel, Status
from . import bp
from .openapi_schemas import (ACTION, ACTIVITY, ERROR, ERRORS, LETTER, LETTER_FILE, MESSAGE,
                              NEW_ACTIVITY, NEW_LETTER, NEW_REQUEST, PUBLISH_BODY, REQUEST,
                              REQUEST_PATCH, SUMMARY, _enum)


def _json(schema_ref):
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _responses(ok_code: str, ok_ref: str, *extra: str) -> dict:
    return {ok_code: {"description": "OK", **_json(ok_ref)}, **_errors(*extra)}


def _errors(*codes: str) -> dict:
    """The error answers: always 401, and those named (400 lists the fields' errors)."""
    out = {"401": {"description": "No or invalid token", **_json("Error")}}
    for code in codes:
        ref = "ValidationErrors" if code == "400" else "Error"
        out[code] = {"description": {"400": "Invalid input", "403": "Forbidden",
                                     "404": "Not found", "409": "Not allowed in this state"}[code],
                     **_json(ref)}
    return out


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
PERIOD = [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
          {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}]


def _file(media_type: str) -> dict:
    return {"200": {"description": "The file", "content": {media_type: {"schema": {
        "type": "string", "format": "binary"}}}},
        "401": {"description": "No or invalid token", **_json("Error")},
        "403": {"description": "Forbidden", **_json("Error")},
        "404": {"description": "Not found", **_json("Error")},
        "409": {"description": "Not final yet", **_json("Error")}}


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Zapyt API", "version": "1.0.0",
             "description": "Register of requests for public information."},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {"NewRequest": NEW_REQUEST, "Request": REQUEST, "Action": ACTION,
                    "RequestPatch": REQUEST_PATCH,
                    "ValidationErrors": ERRORS, "Error": ERROR, "Activity": ACTIVITY,
                    "NewActivity": NEW_ACTIVITY, "NewLetter": NEW_LETTER, "Letter": LETTER,
                    "LetterFile": LETTER_FILE,
                    "Message": MESSAGE, "Summary": SUMMARY,
                    "ActivityList": {"type": "object", "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Activity"}},
                        "total": {"type": "integer"}}},
                    "RequestList": {"type": "object", "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Request"}},
                        "total": {"type": "integer"},
                        "next_after": {"type": ["integer", "null"],
                                       "description": "pass as `after` for the next page"}}}},
    },
    "paths": {
        "/requests": {
            "post": {"summary": "Register a request", "requestBody": {"required": True, **_json("NewRequest")},
                     "responses": _responses("201", "Request", "400", "403", "409")},
            "get": {"summary": "List requests", "parameters": [
                {"name": "deadline_state", "in": "query", "schema": _enum(DeadlineState)},
                {"name": "status", "in": "query",
                 "schema": {"type": "string", "enum": ["open", *_enum(Status)["enum"]]},
                 "description": "a status, or `open`: every request still in work"},
                {"name": "channel", "in": "query", "schema": _enum(Channel)},
                {"name": "executor", "in": "query", "schema": {"type": "string"},
                 "description": "a user id, `me` or `none` (unassigned)"},
                {"name": "registered", "in": "query", "schema": {"type": "string", "enum": ["me"]},
                 "description": "`me`: the requests the caller registered"},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                {"name": "after", "in": "query", "schema": {"type": "integer", "minimum": 1},
                 "description": "keyset paging: the page after this request id (`next_after`); "
                                "a deep page costs what the first does"},
                {"name": "before", "in": "query", "schema": {"type": "integer", "minimum": 1},
                 "description": "keyset paging: the page before this request id"},
            ], "responses": _responses("200", "RequestList", "400")},
        },
        "/requests/{id}": {
            "get": {"summary": "A request with its events",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": _responses("200", "Request", "404")},
            "patch": {"summary": "Correct a request (the request with its events, the new "
                                 "`edited` one last)",
                      "parameters": [ID], "requestBody": {"required": True, **_json("RequestPatch")},
                      "responses": _responses("200", "Request", "400", "403", "404", "409")},
        },
        "/requests/{id}/actions": {
            "post": {"summary": "Act on a request",
                     "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                     "requestBody": {"required": True, **_json("Action")},
                     "responses": _responses("200", "Request", "400", "403", "404", "409")},
        },
        "/requests/{id}/letters": {
            "post": {"summary": "Draft a letter", "parameters": [ID],
                     "requestBody": {"required": True, **_json("NewLetter")},
                     "responses": _responses("201", "Letter", "400", "403", "404", "409")},
        },
        "/letters/{id}": {"get": {"summary": "A letter", "parameters": [ID],
                                  "responses": _responses("200", "Letter", "404")}},
        "/letters/{id}/finalize": {"post": {"summary": "Freeze a letter (DOCX and PDF stored)",
                                            "parameters": [ID],
                                            "responses": _responses("200", "Letter", "403", "404", "409")}},
        "/letters/{id}/send": {"post": {"summary": "Queue the letter (or mark it for printing)",
                                        "description": "An answer or a refusal may be published "
                                        "in the disclosure log (/public/answers) with personal "
                                        "data removed: never by default, only with "
                                        "\"publish\": true.",
                                        "parameters": [ID], "requestBody": PUBLISH_BODY,
                                        "responses": {**_responses("202", "Letter", "400", "403", "404", "409")}}},
        "/letters/{id}/approve": {"post": {
            "summary": "Approve (sign) a final letter: dated today, may be sent",
            "parameters": [ID], "responses": _responses("200", "Letter", "403", "404", "409")}},
        "/letters/{id}/return": {"post": {
            "summary": "Return a final letter to its author with a comment (a draft again)",
            "parameters": [ID], "requestBody": {"required": True, "content": {
                "application/json": {"schema": {"type": "object", "required": ["comment"],
                                                "properties": {"comment": {"type": "string"}}}}}},
            "responses": _responses("200", "Letter", "400", "403", "404", "409")}},
        "/letters/{id}/posted": {"post": {
            "summary": "A printed letter was signed and posted today",
            "parameters": [ID], "requestBody": PUBLISH_BODY,
            "responses": _responses("200", "Letter", "400", "403", "404", "409")}},
        "/requests/{id}/files": {"post": {
            "summary": "Keep a file with the request (a scan of a paper request, a document): "
                       "PDF, PNG, JPEG, TIFF, DOCX, XLSX, ODT up to REQUEST_FILE_MAX_BYTES; "
                       "listed and downloaded with the e-mail attachments",
            "parameters": [ID],
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "properties": {
                    "file": {"type": "string", "format": "binary"}}}}}},
            "responses": {**_errors("400", "403", "404", "409"),
                          "201": {"description": "Stored", "content": {"application/json": {
                              "schema": {"type": "object", "properties": {
                                  "id": {"type": "integer"}, "request_id": {"type": "integer"},
                                  "filename": {"type": "string"},
                                  "content_type": {"type": "string"},
                                  "size": {"type": "integer"}, "sha256": {"type": "string"},
                                  "uploaded": {"type": "boolean"},
                                  "created_at": {"type": "string",
                                                 "format": "date-time"}}}}}}}}},
        "/letters/{id}/files": {"post": {
            "summary": "Add a file: a released document (attachment, drafts only) or the "
                       "signed copy (signed, approved letters); or attachment_id of one of "
                       "the request's own files",
            "parameters": [ID],
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "kind": {"type": "string", "enum": ["signed", "attachment"]},
                    "pages": {"type": "integer", "minimum": 1},
                    "attachment_id": {"type": "integer"},
                    "title": {"type": "string", "maxLength": 300, "description":
                              "the document's name in the letter's «Додаток» line "
                              "(default: from the file name)"}}}}}},
            "responses": _responses("201", "LetterFile", "400", "403", "404", "409")}},
        "/letters/{id}/files/{file_id}": {
            "get": {"summary": "A file of the letter",
                    "parameters": [ID, {"name": "file_id", "in": "path", "required": True,
                                        "schema": {"type": "integer"}}],
                    "responses": _file("application/octet-stream")},
            "patch": {"summary": "Name a released document as the «Додаток» line should "
                                 "(attachments of drafts only)",
                      "parameters": [ID, {"name": "file_id", "in": "path", "required": True,
                                          "schema": {"type": "integer"}}],
                      "requestBody": {"required": True, "content": {"application/json": {
                          "schema": {"type": "object", "properties": {"title": {
                              "type": ["string", "null"], "maxLength": 300}}}}}},
                      "responses": _responses("200", "LetterFile", "400", "403", "404", "409")},
            "delete": {"summary": "Remove a file (attachments of drafts only)",
                       "parameters": [ID, {"name": "file_id", "in": "path", "required": True,
                                           "schema": {"type": "integer"}}],
                       "responses": {"204": {"description": "Removed"},
                                     **_errors("403", "404", "409")}}},
        "/letters/{id}.docx": {"get": {"summary": "The DOCX", "parameters": [ID], "responses": _file(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}},
        "/letters/{id}.pdf": {"get": {"summary": "The PDF", "parameters": [ID],
                                      "responses": _file("application/pdf")}},
        "/letters/{id}.html": {"get": {"summary": "The HTML", "parameters": [ID],
                                       "responses": _file("text/html")}},
        "/activities": {
            "get": {"summary": "Search activity records", "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "category", "in": "query", "schema": {"type": "string"}},
                {"name": "programme", "in": "query", "schema": {"type": "string"}},
                {"name": "period_from", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "period_to", "in": "query", "schema": {"type": "string", "format": "date"}},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
            ], "responses": _responses("200", "ActivityList", "400")},
            "post": {"summary": "Create a record by hand",
                     "requestBody": {"required": True, **_json("NewActivity")},
                     "responses": _responses("201", "Activity", "400", "403")},
        },
        "/activities/{id}": {"get": {"summary": "One record", "parameters": [ID],
                                     "responses": _responses("200", "Activity", "404")}},
        "/intake/eml": {"post": {
            "summary": "Parse an .eml (and register it with register=true)",
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "register": {"type": "string", "enum": ["true", "false"]}}}}}},
            "responses": {**_responses("200", "Message", "400", "403"),
                          "201": {"description": "Registered", **_json("Message")}}}},
        "/reports/summary": {"get": {"summary": "The period report", "parameters": PERIOD,
                                     "responses": _responses("200", "Summary", "400")}},
        "/reports/open-data.json": {"get": {"summary": "Statistics without personal data",
                                            "parameters": PERIOD,
                                            "responses": _responses("200", "Summary", "400")}},
        "/reports/journal.csv": {"get": {
            "summary": "The register journal (comma-separated; sep=semicolon for Excel)",
            "parameters": PERIOD + [{"name": "sep", "in": "query", "schema": {
                "type": "string", "enum": ["comma", "semicolon", ",", ";"]}}],
            "responses": {**_file("text/csv"),
                          "400": {"description": "Invalid input", **_json("ValidationErrors")}}}},
        "/reports/journal.xlsx": {"get": {"summary": "The register journal", "parameters": PERIOD,
                                          "responses": _file(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}},
    },
}


# The public request API (no token): its schemas live with its route.
from .public_requests import OPENAPI_PATHS, OPENAPI_SCHEMAS  # noqa: E402
DOCUMENT["paths"].update(OPENAPI_PATHS)
DOCUMENT["components"]["schemas"].update(OPENAPI_SCHEMAS)


@bp.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)
