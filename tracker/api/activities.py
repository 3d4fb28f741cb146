"""/api/v1/activities: search and create activity records."""
from __future__ import annotations

from flask import g, jsonify, request

from ..activities import operations as ops
from ..activities.queries import ActivityFilters, list_activities
from ..activities.serialize import record_json
from ..core.paging import int_arg, page_arg
from ..core.errors import ErrorCollector
from ..extensions import db
from ..core.validation import clean_date
from . import bp, json_body


@bp.get("/activities")
def find_activities():
    args = request.args
    errors = ErrorCollector()
    f = ActivityFilters(
        q=(args.get("q") or "").strip()[:200] or None,
        category=args.get("category") or None,
        programme=(args.get("programme") or "").strip() or None,
        period_from=clean_date(errors, "period_from", args.get("period_from"), required=False),
        period_to=clean_date(errors, "period_to", args.get("period_to"), required=False))
    f.page = page_arg(args, errors)
    f.per_page = int_arg(args, "per_page", 50, 500, errors)
    errors.raise_if_any()
    items, total = list_activities(f)
    return jsonify({"items": [record_json(r) for r in items], "total": total})


@bp.get("/activities/<int:record_id>")
def get_activity(record_id: int):
    return jsonify(record_json(ops.get_record(record_id)))


@bp.post("/activities")
def create_activity():
    ops.require_editor(g.api_user)  # 403 before any input is read
    record = ops.create_record(g.api_user, json_body())
    db.session.commit()
    return jsonify(record_json(record)), 201
