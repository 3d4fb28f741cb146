"""/api/v1/requests/<id>/letters and /api/v1/letters/<id>…: draft, finalise, files, send."""
from __future__ import annotations

from flask import Response, g, jsonify, request

from ..auth import permissions as perm
from ..core.errors import TransitionError, ValidationError
from ..core.i18n import gettext as _
from ..extensions import db
from ..disclosure import operations as publishing
from ..disclosure.redaction import passages_from
from ..letters import approval, files
from ..letters import operations as ops
from ..letters.render.html import render_html
from ..letters.signing import printed_content
from ..web.downloads import attachment_disposition
from ..register import operations as reg
from . import bp, json_body


def _file_json(item) -> dict:
    return {"id": item.id, "kind": item.kind.value, "filename": item.filename,
            "title": item.title, "content_type": item.content_type, "size": item.size,
            "pages": item.pages,
            "sha256": item.sha256, "source_attachment_id": item.source_attachment_id}


def letter_json(letter) -> dict:
    content = printed_content(letter)
    return {
        "id": letter.id, "kind": letter.kind.value, "number": letter.number,
        "date": letter.date.isoformat(), "status": letter.status.value,
        "text": content.plain_text(), "warnings": list(content.warnings),
        "version": letter.version, "request_id": letter.request_id,
        "companion_id": letter.companion_id, "outbox_id": letter.outbox_id,
        "delivery": letter.delivery,
        "signatory": letter.signatory.email if letter.signatory else None,
        "approved_by": letter.approved_by.email if letter.approved_by else None,
        "approved_at": letter.approved_at.isoformat() if letter.approved_at else None,
        "return_comment": letter.return_comment,
        "files": [_file_json(f) for f in letter.files],
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
    html = render_html(printed_content(letter), standalone=True)
    db.session.commit()
    return Response(html, mimetype="text/html")


def _publish_choice() -> tuple[bool, list[str]]:
    """Optional JSON ``{"publish": true, "redact": ["passage", …]}``: publish the answer in
    the disclosure log (never by default), removing these passages besides personal data."""
    body = json_body(optional=True)
    redact = body.get("redact")
    if redact is not None and not isinstance(redact, (list, str)):
        raise ValidationError({"redact": [_("Очікується список фрагментів тексту.")]})
    return body.get("publish") is True, passages_from(redact)


@bp.post("/letters/<int:letter_id>/send")
def send_letter(letter_id: int):
    letter = ops.get_letter(letter_id)
    publish_it, passages = _publish_choice()
    msg = publishing.send(g.api_user, letter, publish_it, passages)
    db.session.commit()
    body = {**letter_json(letter), "outbox_message_id": msg.id if msg else None}
    return jsonify(body), 202


@bp.post("/letters/<int:letter_id>/approve")
def approve_letter(letter_id: int):
    """The signatory signs: the letter is dated today and may be sent."""
    letter = approval.approve(g.api_user, ops.get_letter(letter_id))
    db.session.commit()
    return jsonify(letter_json(letter))


@bp.post("/letters/<int:letter_id>/return")
def return_letter(letter_id: int):
    """The signatory returns the letter to its author with a comment: a draft again."""
    body = json_body()
    letter = approval.return_letter(g.api_user, ops.get_letter(letter_id), body.get("comment"))
    db.session.commit()
    return jsonify(letter_json(letter))


@bp.post("/letters/<int:letter_id>/files")
def add_letter_file(letter_id: int):
    """multipart ``file`` with ``kind`` = signed | attachment (and optional ``pages``), or
    ``attachment_id`` of one of the request's own files to release with the letter."""
    letter = ops.get_letter(letter_id)
    perm.require_can_act(g.api_user, letter.request)
    item = _store_file(letter, request.form, request.files.get("file"))
    db.session.commit()
    return jsonify(_file_json(item)), 201


def _store_file(letter, form, upload):
    if form.get("attachment_id"):
        attachment = files.request_attachment(letter, form.get("attachment_id"))
        return files.copy_request_attachment(g.api_user, letter, attachment,
                                             title=form.get("title"))
    return files.add_file(g.api_user, letter, form.get("kind"),
                          upload.filename if upload else None,
                          upload.read() if upload else None, form.get("pages"), form.get("title"))


@bp.get("/letters/<int:letter_id>/files/<int:file_id>")
def letter_file(letter_id: int, file_id: int):
    letter = _readable(letter_id)
    item = files.get_file(letter, file_id)
    db.session.commit()
    return Response(item.content, mimetype=item.content_type, headers={
        "Content-Disposition": attachment_disposition(item.filename, f"file-{item.id}"),
        "X-Content-Type-Options": "nosniff"})


@bp.patch("/letters/<int:letter_id>/files/<int:file_id>")
def rename_letter_file(letter_id: int, file_id: int):
    """``title``: how the letter's «Додаток» line names a released document (null: from
    the file name); drafts only."""
    letter = ops.get_letter(letter_id)
    perm.require_can_act(g.api_user, letter.request)  # before the body: 403, not 400
    body = json_body()
    if "title" not in body:  # {} is no request to clear the name
        raise ValidationError({"title": [_("Зазначте title (null — назва з імені файлу).")]})
    item = files.rename_file(g.api_user, letter, file_id, body["title"])
    db.session.commit()
    return jsonify(_file_json(item))


@bp.delete("/letters/<int:letter_id>/files/<int:file_id>")
def delete_letter_file(letter_id: int, file_id: int):
    files.remove_file(g.api_user, ops.get_letter(letter_id), file_id)
    db.session.commit()
    return "", 204


@bp.post("/letters/<int:letter_id>/posted")
def letter_posted(letter_id: int):
    """A printed letter was signed and posted: it left today."""
    publish_it, passages = _publish_choice()
    letter = publishing.mark_posted(g.api_user, ops.get_letter(letter_id), publish_it, passages)
    db.session.commit()
    return jsonify(letter_json(letter))
