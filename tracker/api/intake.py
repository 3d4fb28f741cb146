"""/api/v1/intake/eml: parse an uploaded message (optionally register it)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..auth import permissions as perm
from ..core.errors import ValidationError
from ..core.timeutil import utcnow
from ..intake import operations as ops
from ..intake.models import IntakeStatus
from ..intake.parser import MalformedMessage
from ..intake.receiving import take_in
from . import bp


@bp.post("/intake/eml")
def intake_eml():
    perm.require_role(g.api_user, perm.REGISTRARS, "опрацьовувати вхідну пошту")
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError({"file": ["Додайте файл .eml у поле file (multipart/form-data)."]})
    raw = upload.read()
    if request.form.get("register", "").lower() not in ("1", "true", "yes"):
        try:
            parsed = ops.parse(raw)
        except MalformedMessage as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        return jsonify(ops.message_json(parsed, ops.received_moment(parsed, utcnow()),
                                        ops.find_follow_up(parsed)))
    result = take_in(g.api_user, raw, "api", register=True)
    item, req = result.item, result.request
    if item.status == IntakeStatus.ERROR:
        return jsonify({"errors": {"file": [item.error]}, "intake_id": item.id}), 400
    body = {k: v for k, v in item.parsed.items() if k not in ("notes", "forwarded_by", "html_only")}
    return jsonify({**body, "registration_number": req.registration_number,
                    "request_id": req.id}), 201
