"""The JSON API under /api/v1: Bearer tokens, JSON errors, thin modules per area."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from ..auth.operations import user_for_token
from ..core.errors import ValidationError
from ..core.validation import has_surrogates
from ..extensions import csrf, db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # token-authenticated; no cookies are accepted here, so no CSRF exposure

def error(status: int, message: str, **extra):
    body = {"error": message}
    body.update(extra)
    return jsonify(body), status


@bp.before_request
def authenticate():
    from ..web.policy import PUBLIC, POLICY, rule_for
    endpoint = request.endpoint or ""
    if endpoint in POLICY and rule_for(endpoint, request.method) == PUBLIC:
        return None  # declared public in the access policy (the public request API)
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        return error(401, "Потрібен дійсний токен: заголовок Authorization: Bearer <токен>.")
    g.api_user = user
    db.session.commit()  # keep last_used_at even when the request itself fails
    return None


# Domain and HTTP errors are answered as JSON by the app-wide handlers (web/errors.py).


def json_body(optional: bool = False) -> dict:
    """The request's JSON object, or a 400 naming the problem (``optional``: no body is {}).
    A string holding a lone surrogate («\\ud800» is valid JSON) is refused here, once for
    every field: no database, PDF or page can take it."""
    data = request.get_json(silent=True)
    if optional and data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationError({"body": ["Очікується JSON-об'єкт (Content-Type: application/json)."]})
    if _any_surrogate(data):
        raise ValidationError({"body": ["Текст містить недопустимі символи (неповні пари "
                                        "UTF-16)."]})
    return data


def _any_surrogate(value, depth: int = 0) -> bool:
    if isinstance(value, str):
        return has_surrogates(value)
    if depth > 50:  # deeper than any body of ours: refused as if it held one
        return True
    if isinstance(value, dict):
        return any(_any_surrogate(k, depth + 1) or _any_surrogate(v, depth + 1)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(_any_surrogate(v, depth + 1) for v in value)
    return False


from . import activities, intake, letters, openapi, public_requests, reports, requests  # noqa: E402,F401  (routes register on bp)
