"""/api/v1/requests: register, read, list, act."""
from __future__ import annotations

from flask import g, jsonify, request

from ..auth import permissions as perm
from ..core.errors import ValidationError
from ..core.timeutil import utcnow
from ..extensions import db
from ..register import operations as ops
from ..register.actions import perform_action
from ..register import deadlines as dl
from ..register.models import Status
from ..register.queries import Clock, RequestFilters, list_requests, timeline
from ..register.serialize import request_json
from ..register.validation import validate_registration
from . import bp, json_body


@bp.post("/requests")
def create_request():
    perm.require_role(g.api_user, perm.REGISTRARS, "реєструвати запити")  # before reading input
    settings = Clock.current().settings
    inp = validate_registration(json_body(), tz=settings.tz, now=utcnow(), skew=settings.future_skew)
    req = ops.register_request(g.api_user, inp, settings)
    db.session.commit()
    return jsonify(request_json(req, Clock.current())), 201


@bp.get("/requests/<int:request_id>")
def get_request(request_id: int):
    req = ops.get_request(request_id)
    body = request_json(req, Clock.current(), timeline(req.id),
                        contacts=perm.can_act_on(g.api_user, req))
    ops.log_access(g.api_user, "api", request=req, address=request.remote_addr)
    db.session.commit()
    return jsonify(body)


@bp.get("/requests")
def find_requests():
    clock = Clock.current()
    args = request.args
    errors: dict[str, list[str]] = {}
    f = RequestFilters(per_page=min(max(_int(args, "per_page", 25, errors), 1), 200))
    f.page = min(max(_int(args, "page", 1, errors), 1), MAX_PAGE)
    for name, cls in (("status", Status), ("deadline_state", dl.DeadlineState)):
        if args.get(name):
            try:
                setattr(f, name, cls(args[name]))
            except ValueError:
                errors[name] = [f"Невідоме значення «{args[name]}»."]
    f.q = (args.get("q") or "").strip()[:200] or None
    if errors:
        raise ValidationError(errors)
    items, total = list_requests(f, clock)
    body = {"items": [request_json(r, clock, contacts=perm.can_act_on(g.api_user, r))
                      for r in items],
            "total": total, "page": f.page, "per_page": f.per_page}
    ops.log_access(g.api_user, "api:list", request_ids=[r.id for r in items], address=request.remote_addr)
    db.session.commit()
    return jsonify(body)


MAX_PAGE = 1_000_000  # beyond any register; keeps OFFSET within the database's integers


def _int(args, name, default, errors):
    try:
        return int(args.get(name, default))
    except (TypeError, ValueError):
        errors[name] = ["Очікується ціле число."]
        return default


@bp.post("/requests/<int:request_id>/actions")
def request_action(request_id: int):
    req = ops.get_request(request_id)
    perm.require_can_act(g.api_user, req)  # 403 before any input is read
    body = json_body()
    perform_action(g.api_user, req, str(body.get("action") or ""), body)
    db.session.commit()
    return jsonify(request_json(req, Clock.current()))
