"""/api/v1/requests: register, read, list, correct, act."""
from __future__ import annotations

from flask import g, jsonify, request

from ..auth import permissions as perm
from ..core.errors import ErrorCollector
from ..core.timeutil import utcnow
from ..extensions import db
from ..register import operations as ops
from ..register.actions import perform_action
from ..register.editing import edit_request
from ..register.filters import API_MAX_PER_PAGE, filters_from_args
from ..register.queries import Clock, request_page, timeline
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
    errors = ErrorCollector()
    f = filters_from_args(args, page_size=25, me_id=g.api_user.id, errors=errors,
                          max_per_page=API_MAX_PER_PAGE,
                          sees_all_contacts=g.api_user.role in perm.SUPERVISORS)
    errors.raise_if_any()
    listed = request_page(f, clock)
    items = listed.items
    # ``page`` as before; ``next_after`` (when there is more) reads on by keyset: ?after=…
    body = {"items": [request_json(r, clock, contacts=perm.can_act_on(g.api_user, r))
                      for r in items],
            "total": listed.total, "page": f.page, "per_page": f.per_page,
            "next_after": listed.next_after}
    ops.log_access(g.api_user, "api:list", request_ids=[r.id for r in items], address=request.remote_addr)
    db.session.commit()
    return jsonify(body)


@bp.post("/requests/<int:request_id>/actions")
def request_action(request_id: int):
    req = ops.get_request(request_id)
    perm.require_can_act(g.api_user, req)  # 403 before any input is read
    body = json_body()
    perform_action(g.api_user, req, str(body.get("action") or ""), body)
    db.session.commit()
    return jsonify(request_json(req, Clock.current()))


@bp.patch("/requests/<int:request_id>")
def update_request(request_id: int):
    """Correct a request read at ``version``: 409 when it changed since; the request with
    its events (the new "edited" one last) as the GET gives it."""
    req = ops.get_request(request_id)
    perm.require_can_act(g.api_user, req)  # 403 before any input is read
    edit_request(g.api_user, req, json_body())
    ops.log_access(g.api_user, "api:edit", request=req, address=request.remote_addr)
    db.session.commit()
    return jsonify(request_json(req, Clock.current(), timeline(req.id)))
