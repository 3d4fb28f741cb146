"""Nothing but the login page, the language switch, static files, /health and the public pages
under /public/ (and their API under /api/v1/public/) answers without a session or token.

Walks every rule of the app's URL map, so a new route is covered the day it is added.
"""
import re

from tracker.web.policy import PUBLIC as PUBLIC_RULE, rule_for

FIXED_PUBLIC = {"auth.login", "static", "health", "set_language"}
PUBLIC_PREFIXES = ("/public/", "/api/v1/public/")


def _public_endpoints(app) -> set[str]:
    """The fixed public endpoints and every endpoint whose routes all live under /public/."""
    under = {}
    for rule in app.url_map.iter_rules():
        inside = rule.rule.startswith(PUBLIC_PREFIXES)
        under[rule.endpoint] = under.get(rule.endpoint, True) and inside
    return FIXED_PUBLIC | {endpoint for endpoint, inside in under.items() if inside}
SAMPLE_VALUES = {"int": "1", "default": "x", "path": "css/app.css"}


def _url(rule) -> str:
    """The rule with sample values: "1" for ids, a real static file, "x" otherwise."""
    def value(match):
        converter = match.group(1) or ""
        if rule.endpoint == "static":
            return SAMPLE_VALUES["path"]
        return SAMPLE_VALUES["int" if converter.startswith("int") else "default"]
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", value, rule.rule)


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_only_the_login_page_and_pages_under_public_are_declared_public(app):
    public = _public_endpoints(app)
    for rule, method in _routes(app):
        declared = rule_for(rule.endpoint, method) == PUBLIC_RULE
        assert declared == (rule.endpoint in public), (rule.rule, method)


def test_every_route_but_the_public_ones_refuses_anonymous_users(app, client):
    checked = 0
    public = _public_endpoints(app)
    for rule, method in _routes(app):
        if rule.endpoint in public:
            continue
        response = client.open(_url(rule), method=method)
        if rule.endpoint.startswith("api."):
            assert response.status_code == 401, (rule.rule, method, response.status_code)
            assert "error" in response.json
        else:
            assert response.status_code == 302, (rule.rule, method, response.status_code)
            assert response.headers["Location"].startswith("/login"), rule.rule
        checked += 1
    assert checked >= 15  # the walk really covered the app


def test_public_endpoints_answer(client):
    assert client.get("/login").status_code == 200
    assert client.get("/health").json == {"status": "ok"}
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    static.close()


def test_unknown_paths_do_not_leak_anything(client):
    assert client.get("/api/v1/nothing-here").status_code in (401, 404)
    assert client.get("/nothing-here").status_code in (302, 404)


def test_security_headers_are_set(client):
    headers = client.get("/login").headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
