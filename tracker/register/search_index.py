"""What of a request is searched: the head (index, subject, requester's name) ranks above
the body (text, e-mail, phone)."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from .. import search
from ..extensions import db
from .models import Request, Requester


def request_document(number: str | None, subject: str | None, text: str | None,
                     name: str | None, email: str | None, phone: str | None) -> dict[str, str]:
    return search.document(head=[number, subject, name], body=[text, email, phone])


def _source():
    return (select(Request.id, Request.registration_number, Request.subject, Request.text,
                   Requester.name, Requester.email, Requester.phone)
            .join(Requester, Requester.id == Request.requester_id))


def _from_row(row: Mapping) -> dict[str, str]:
    return request_document(row["registration_number"], row["subject"], row["text"],
                            row["name"], row["email"], row["phone"])


search.register(search.Searchable(model=Request, short="requests", source=_source,
                                  document=_from_row))


def index_request(req: Request) -> None:
    """Recompute the request's search columns (registration, correction, anonymising)."""
    r = req.requester
    search.index(db.session, req, request_document(
        req.registration_number, req.subject, req.text, r.name, r.email, r.phone))
