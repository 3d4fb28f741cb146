"""A request's own files and its registration card: the upload form on the request page, the
printable card for the paper file, and ``POST /api/v1/requests/<id>/files``.

The API route is added to the app as ``api.add_request_file``: an endpoint named under the API's
blueprint gets that blueprint's token check and CSRF exemption, like every other API route,
without this module importing ``tracker.api`` (register must not import an area that imports
it back: .importlinter). Downloads go through ``intake.attachment``, which logs the access.
"""
from __future__ import annotations

import segno
from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..auth import permissions as perm
from ..core.errors import DomainError, PermissionDenied
from ..extensions import csrf, db
from ..register import operations as ops
from . import request_files as files

bp = Blueprint("request_files", __name__)


@bp.app_template_global()
def request_file_limit() -> int:
    """The largest file the upload form takes (bytes), for its hint."""
    return files.max_bytes()


def _upload():
    """(name, bytes) of the multipart ``file``; at most one byte over the limit is read."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return None, None
    return upload.filename, upload.stream.read(files.max_bytes() + 1)


@bp.route("/requests/<int:request_id>/files", methods=["POST"])
@login_required
def upload(request_id: int):
    req = ops.get_request(request_id)
    perm.require_can_act(current_user, req)
    csrf.protect()  # CSRFProtect checks every POST already; this view never runs without it
    back = redirect(url_for("register.request_view", request_id=request_id) + "#files")
    try:
        item = files.add_file(current_user, req, *_upload())
        db.session.commit()
    except PermissionDenied:
        raise
    except DomainError as exc:
        db.session.rollback()
        for message in getattr(exc, "errors", {}).get("file", [exc.message]):
            flash(message, "error")
        return back
    flash(_("Файл «%(name)s» додано до запиту.", name=item.filename), "success")
    return back


def qr_data_uri(text: str) -> str:
    """A QR code (never Micro QR: phones do not read it) of ``text`` as an SVG data: URI
    (the CSP allows data: images; the SVG carries no script or style)."""
    return segno.make_qr(text, error="m", encoding="utf-8").svg_data_uri(scale=4, border=4)


@bp.route("/requests/<int:request_id>/card")
@login_required
def card(request_id: int):
    """The registration card of the paper file, to print (the request page's facts: who
    sees the page sees the card; the read is logged)."""
    req = ops.get_request(request_id)
    page = render_template("register/card.html", req=req,
                           qr=qr_data_uri(req.registration_number))
    ops.log_access(current_user, "card", request=req, address=request.remote_addr)
    db.session.commit()
    return page


@csrf.exempt  # token-authenticated, no cookies (as the API blueprint)
def add_request_file(request_id: int):
    """``POST /api/v1/requests/<id>/files``, multipart ``file``: a scan or a document kept
    with the request → 201 with its JSON."""
    user = g.get("api_user")  # set by the API blueprint's token check
    if user is None:
        return jsonify({"error": _("Потрібен дійсний токен.")}), 401
    req = ops.get_request(request_id)
    perm.require_can_act(user, req)
    item = files.add_file(user, req, *_upload())
    db.session.commit()
    return jsonify(files.file_json(item)), 201


@bp.record_once
def _add_api_route(state) -> None:
    state.app.add_url_rule("/api/v1/requests/<int:request_id>/files",
                           endpoint="api.add_request_file", view_func=add_request_file,
                           methods=["POST"])
