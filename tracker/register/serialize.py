"""The request as JSON (the API's shape)."""
from __future__ import annotations

from ..core.models import Event
from .labels import CONTACT_EVENT_FIELDS
from .models import Request
from .queries import Clock


def _iso(value):
    return value.isoformat() if value is not None else None


def _shown(values: dict | None, contacts: bool) -> dict | None:
    """An Event's values; without ``contacts`` the requester's contacts are left out."""
    if contacts or not values:
        return values
    return {k: v for k, v in values.items() if k not in CONTACT_EVENT_FIELDS}


def request_json(req: Request, clock: Clock, events: list[Event] | None = None, *,
                 contacts: bool = True) -> dict:
    """The request as the API gives it. ``contacts`` False (an executor reading a request
    not assigned to them) leaves out how to reach the requester: addresses and phone."""
    r = req.requester
    out = {
        "id": req.id,
        "registration_number": req.registration_number,
        "received_at": req.received_at.astimezone(clock.settings.tz).isoformat(),
        "requester": {
            "name": r.name, "category": r.category.value,
            "gender": r.gender.value if r.gender else None, "email": r.email,
            "postal_address": r.postal_address, "phone": r.phone,
        },
        "channel": req.channel.value,
        "subject": req.subject,
        "text": req.text,
        "sender_number": req.sender_number,
        "sender_date": _iso(req.sender_date),
        "urgent": req.urgent,
        "urgent_reason": req.urgent_reason,
        "completeness": list(req.missing_items or []),
        "executor": req.executor.email if req.executor else None,
        "status": req.status.value,
        "outcome": req.outcome.value if req.outcome else None,
        "due_date": _iso(req.due_date),
        "due_at": req.due_at.astimezone(clock.settings.tz).isoformat() if req.due_at else None,
        "standard_due_date": _iso(req.standard_due_date),
        "deadline_state": clock.state_of(req).value,
        "extended_on": _iso(req.extended_on),
        "extension_reason": req.extension_reason,
        "deferral_reason": req.deferral_reason,
        "forwarded_to": req.forwarded_to,
        "refusal_ground": req.refusal_ground.value if req.refusal_ground else None,
        "answered_on": _iso(req.answered_on),
        "closed_on": _iso(req.closed_on),
        "portal": ({"name": req.portal_name, "request_id": req.portal_request_id,
                    "address": req.portal_address} if req.portal_address else None),
        "reply_to": req.reply_to,
        "voided": ({"at": req.voided_at.astimezone(clock.settings.tz).isoformat(),
                    "reason": req.void_reason,
                    "duplicate_of": (req.duplicate_of.registration_number
                                     if req.duplicate_of else None)}
                   if req.voided_at else None),
        "contacts_hidden": not contacts,
        "tags": sorted(t.tag for t in req.tags),
        "version": req.version,
    }
    if not contacts:
        out["requester"].update(email=None, postal_address=None, phone=None)
        out["reply_to"] = None
        if out["portal"]:
            out["portal"]["address"] = None
    if events is not None:
        out["events"] = [{
            "at": e.at.isoformat(), "actor": e.actor.email if e.actor else None,
            "action": e.action, "before": _shown(e.before, contacts),
            "after": _shown(e.after, contacts),
        } for e in events]
    return out
