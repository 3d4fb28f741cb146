"""Request hooks and the app's own small routes: the login requirement, the language, the
security headers, /health and /lang."""
from __future__ import annotations

import re

from flask import Flask, jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from ..extensions import db, login

def select_locale():
    """The user's saved choice, else the session's, else the browser's; Ukrainian by default.
    Outside a request (CLI, jobs: e-mails, letters) always Ukrainian."""
    from flask import has_request_context
    if not has_request_context():
        return "uk"
    if current_user.is_authenticated and getattr(current_user, "locale", None) in ("uk", "en"):
        return current_user.locale
    chosen = session.get("lang")
    if chosen in ("uk", "en"):
        return chosen
    if request.path.startswith("/public/"):
        # A council's site opens in the state language (Art. 27 of the language law); the
        # visitor's own choice with the switch (above) is the only other way.
        return "uk"
    return request.accept_languages.best_match(["uk", "en"]) or "uk"


def require_login():
    """Login is required everywhere except the endpoints the access policy declares public
    (tracker/web/policy.py) and the token API."""
    from .policy import PUBLIC, POLICY, rule_for
    endpoint = request.endpoint or ""
    if request.path.startswith("/api/"):
        return None  # the API checks its own Bearer token
    if endpoint in POLICY and rule_for(endpoint, request.method) == PUBLIC:
        return None
    if not endpoint and request.path.startswith("/public/"):
        return None  # no such public page: the public 404, not the staff login
    if not current_user.is_authenticated:
        return login.unauthorized()
    return None


def register_hooks(app: Flask) -> None:
    @app.route("/health")
    def health():
        """Liveness and database check for load balancers; no data in the answer."""
        try:
            db.session.execute(text("SELECT 1"))
            return jsonify({"status": "ok"})
        except Exception:  # noqa: BLE001 — any database failure means "not healthy"
            db.session.rollback()
            return jsonify({"status": "error", "database": "unavailable"}), 503

    @app.route("/lang/<code>", methods=["POST"])
    def set_language(code: str):
        """Switch the interface language; remembered in the session and on the account."""
        from .forms import EmptyForm
        if code in ("uk", "en") and EmptyForm().validate_on_submit():
            session["lang"] = code
            if not current_user.is_authenticated:
                session["lang_at_login"] = code  # the login page's choice: onto the account
            elif current_user.locale != code:
                current_user.locale = code
                db.session.commit()
        # Back where the switch was pressed; without a Referer, a public page says where
        # it was (``next``, a /public/ path only) rather than landing on the staff login.
        back = request.form.get("next") or ""
        fallback = back if re.fullmatch(r"/public/[\w/.%-]*(?:\?[\w=&%.-]*)?", back) else url_for("register.dashboard")
        target = request.referrer or fallback
        return redirect(target if target.startswith(request.host_url) else fallback)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
