"""Nothing but the login page, static files and /health answers without a session or token.

Walks every rule of the app's URL map, so a new route is covered the day it is added.
"""

PUBLIC = {"auth.login", "static", "health"}
SAMPLE_VALUES = {"int": "1", "default": "x", "path": "css/app.css"}


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        converter = type(rule._converters[arg]).__name__.replace("Converter", "").lower()
        if rule.endpoint == "static":
            value = SAMPLE_VALUES["path"]
        else:
            value = SAMPLE_VALUES.get("int" if converter.startswith("integer") else "default")
        url = url.replace(f"<{rule._converters[arg].__class__.__name__}:{arg}>", value)
        url = url.replace(f"<int:{arg}>", value).replace(f"<{arg}>", value)
        url = url.replace(f"<path:{arg}>", value)
    return url


def _routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_but_the_public_ones_refuses_anonymous_users(app, client):
    checked = 0
    for rule, method in _routes(app):
        if rule.endpoint in PUBLIC:
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
