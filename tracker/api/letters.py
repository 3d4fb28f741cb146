"""/api/v1/requests/<id>/letters and /api/v1/letters/<id>…: draft, finalise, files, send."""
from __future__ import annotations

from flask import Response, g, jsonify, request

from ..auth import permissions as perm
from ..core.errors import TransitionError
from ..extensions import db
from ..letters import delivery
from ..letters import operations as ops
from ..letters.content import LetterContent
from ..letters.render.html import render_html
from ..register import operations as reg
from . import bp, json_body


def letter_json(letter) -> dict:
    return {
        "id": letter.id, "kind": letter.kind.value, "number": letter.number,
        "date": letter.date.isoformat(), "status": letter.status.value,
        "text": LetterContent.from_dict(letter.content).plain_text(),
        "version": letter.version, "request_id": letter.request_id,
        "companion_id": letter.companion_id, "outbox_id": letter.outbox_id,
        "delivery": letter.delivery,
    }


@bp.post("/requests/<int:request_id>/letters")
def create_letter(request_id: int):
    req = reg.get_request(request_id)
    perm.require_can_act(g.api_user, req)  # 403 before any input is read
    body = json_body()
    fields = {k: v for k, v in body.items() if k not in ("kind", "activity_ids")}
    ids = body.get("activity_ids") or []
    if not isinstance(ids, list):
        ids = [ids]
    letter = ops.create_letter(g.api_user, req, body.get("kind"), fields, ids)
    db.session.commit()
    return jsonify(letter_json(letter)), 201


def _readable(letter_id: int):
    """The letter for those who act on its request (it carries the requester's address);
    the read is logged (the caller commits)."""
    letter = ops.get_letter(letter_id)
    perm.require_can_act(g.api_user, letter.request)
    reg.log_access(g.api_user, "api:letter", request=letter.request, address=request.remote_addr)
    return letter


@bp.get("/letters/<int:letter_id>")
def get_letter(letter_id: int):
    body = letter_json(_readable(letter_id))
    db.session.commit()
    return jsonify(body)


@bp.post("/letters/<int:letter_id>/finalize")
def finalize_letter(letter_id: int):
    letter = ops.finalize(g.api_user, ops.get_letter(letter_id))
    db.session.commit()
    return jsonify(letter_json(letter))


def _file(letter_id: int, attr: str, mimetype: str, ext: str) -> Response:
    letter = _readable(letter_id)
    data = getattr(letter, attr)
    if data is None:
        raise TransitionError("Файл з'явиться, коли лист стане остаточним (finalize).")
    db.session.commit()
    name = f"letter-{letter.id}-v{letter.version}.{ext}"
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/letters/<int:letter_id>.docx")
def letter_docx(letter_id: int):
    return _file(letter_id, "docx", "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document", "docx")


@bp.get("/letters/<int:letter_id>.pdf")
def letter_pdf(letter_id: int):
    return _file(letter_id, "pdf", "application/pdf", "pdf")


@bp.get("/letters/<int:letter_id>.html")
def letter_html(letter_id: int):
    letter = _readable(letter_id)
    html = render_html(LetterContent.from_dict(letter.content), standalone=True)
    db.session.commit()
    return Response(html, mimetype="text/html")


@bp.post("/letters/<int:letter_id>/send")
def send_letter(letter_id: int):
    letter = ops.get_letter(letter_id)
    msg = delivery.send(g.api_user, letter)
    db.session.commit()
    body = {**letter_json(letter), "outbox_message_id": msg.id if msg else None}
    return jsonify(body), 202
