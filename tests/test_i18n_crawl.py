"""Every screen in both languages: a crawler over the URL map.

For each role, with English selected, every GET route is visited with real ids (one request
in each status, a letter of each kind, an intake item, an import preview, a report period,
every admin page), and every form on those pages is submitted empty to reach its
validation messages. A visible text node with a Cyrillic letter fails, unless it is inside an
element marked lang="uk…" (letters, the council's name: Ukrainian by law or nature). The seeded
data is in Latin letters (tests/i18n_world.py), so no other allow-list is needed. In
Ukrainian the same crawl fails on English interface words left untranslated.

    pytest tests/test_i18n_crawl.py -k "english and clerk"
    I18N_CRAWL_ONLY=/reports,/activities pytest tests/test_i18n_crawl.py
"""
from __future__ import annotations

import io
import itertools
from collections import Counter
import json
import os
import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from tests.conftest import PASSWORD
from tests.i18n_world import build_world, report_csv

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: English interface words that must not appear on a Ukrainian page (whole words).
ENGLISH_WORDS = re.compile(
    r"\b(Save|Cancel|Search|Request|Requests|Submit|Delete|Edit|Back|Next|Previous|Page|"
    r"Log in|Log out|Letter|Letters|Dashboard|Reports|Settings|Close|Upload|Download|"
    r"Filter|Reset|Send|Approve|Status|Date|Name|Required|Error|Not Found|Forbidden|"
    r"This field is required|Invalid|Sunday|Monday|January|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")
ROLES = ["admin", "clerk", "executor", "head"]
#: Endpoints that answer with files (or act) on GET: not pages.
SKIP = {"static", "health", "letters.docx", "letters.pdf", "letters.blank_sample",
        "letters.file", "intake.raw", "intake.attachment", "reports.journal_export",
        "reports.open_data", "reports.report_export",
        "public.letter_pdf", "disclosure.answer_pdf"}  # files, not pages
#: Visible attributes: what a screen reader or a tooltip says.
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
#: Pages a route reaches only with a query (a period, a filter, a wrong value).
QUERIES = {
    "reports.index": ["?from=2018-01-01&to=2018-12-31", "?preset=year", "?from=bad"],
    "reports.journal": ["?from=2018-01-01&to=2018-12-31", "?from=2018-12-31&to=2018-01-01"],
    "register.request_list": ["?status=new", "?q=PR", "?state=overdue", "?page=2"],
    "activities.index": ["?q=delegations"],
    "outbox.index": ["?state=failed"],
    "register.calendar": ["?year=2018"],
}


def _only() -> list[str]:
    return [p.strip() for p in os.environ.get("I18N_CRAWL_ONLY", "").split(",") if p.strip()]


def _values(world) -> dict[str, list]:
    users = world["users"]
    return {
        "request_id": [r.id for r in world["requests"].values()],
        "letter_id": [letter.id for letter in world["letters"].values()],
        "item_id": [world["item"].id], "record_id": [world["record"].id],
        "report_id": [world["report"].id], "category_id": [world["category"].id],
        "user_id": [users["clerk"].id], "message_id": [world["message"].id],
        "day": ["2026-12-31"], "action": ["answer"], "fmt": ["csv"], "code": ["uk"],
        "filename": ["css/app.css"], "file_id": [1],
        "index": [world["published"].registration_number],
        "answer_id": [_answer_id()]}


def _answer_id() -> int:
    from tracker.disclosure.models import PublishedAnswer
    from tracker.extensions import db
    return db.session.scalars(db.select(PublishedAnswer.id)).first()


def _urls(app, world) -> list[str]:
    values, only, urls = _values(world), _only(), []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if ("GET" not in rule.methods or rule.endpoint in SKIP
                or rule.rule.startswith("/api/")):
            continue
        args = sorted(rule.arguments)
        if any(a not in values for a in args):
            continue  # a route whose ids the world does not seed yet (tests/i18n_world.py)
        for combo in itertools.product(*(values[a] for a in args)):
            url = rule.rule
            for arg, value in zip(args, combo):
                url = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(value), url)
            urls.append(url)
            urls += [url + q for q in QUERIES.get(rule.endpoint, [])
                     + world["public_queries"].get(rule.endpoint, [])]
    urls.append("/no-such-page")  # the 404 page
    return [u for u in urls if not only or any(u.startswith(p) for p in only)]


def _client(app, role: str, users, lang: str):
    client = app.test_client()
    client.post("/login", data={"email": users[role].email, "password": PASSWORD,
                                "csrf_token": _csrf(client.get("/login").get_data(True))})
    client.post(f"/lang/{lang}", data={"csrf_token": _csrf(client.get("/").get_data(True))})
    return client


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    return match.group(1) if match else ""


def _in_uk(element) -> bool:
    """Inside an element marked as Ukrainian content (lang="uk", "uk-UA")."""
    for el in itertools.chain([element], element.iterancestors()):
        lang = el.get("lang")
        if lang is not None and el.tag != "html":
            return lang.lower().startswith("uk")
    return False


def texts(html: str):
    """Every text a person reads (or hears) on the page, with the element it belongs to:
    text nodes outside script/style, the visible attributes, button values, and the
    strings of the page's JSON data blocks (the JavaScript's messages)."""
    root = lxml.html.document_fromstring(html)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "script":
            if el.get("type") == "application/json" and el.text:
                data = json.loads(el.text)
                strings = data.values() if isinstance(data, dict) else data
                for s in strings:
                    if isinstance(s, str):
                        yield el, s
                    elif isinstance(s, list):
                        yield from ((el, x) for x in s if isinstance(x, str))
            continue
        if el.tag == "style":
            continue
        if el.text and el.text.strip():
            yield el, el.text.strip()
        for child in el:
            if child.tail and child.tail.strip():
                yield el, child.tail.strip()
        for name in ATTRIBUTES:
            if el.get(name):
                yield el, el.get(name)
        if el.tag == "input" and el.get("type") in ("submit", "button") and el.get("value"):
            yield el, el.get("value")


def problems(html: str, lang: str) -> list[str]:
    found = []
    for el, text in texts(html):
        if _in_uk(el):
            continue
        if lang == "en" and CYRILLIC.search(text):
            found.append(text)
        elif lang == "uk" and (m := ENGLISH_WORDS.search(text)) and not CYRILLIC.search(text):
            found.append(f"{m.group(0)!r} in {text}")
    return found


def _forms(html: str, url: str) -> list[str]:
    """The actions of the page's POST forms that have fields a person fills in."""
    root = lxml.html.document_fromstring(html)
    actions = []
    for form in root.iter("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        fillable = [f for f in form.iter("input", "select", "textarea")
                    if f.get("type") not in ("hidden", "submit", "button", "image")]
        if not fillable:
            continue  # a button that acts (approve, dismiss, log out): not a form to fill
        action = urljoin(url, form.get("action") or url)
        path = urlsplit(action).path + (f"?{urlsplit(action).query}" if urlsplit(action).query else "")
        if not path.startswith(("/logout", "/lang/")):
            actions.append(path)
    return actions


def crawl(app, client, urls: list[str], lang: str) -> tuple[list, int]:
    failures, pages, forms = [], 0, []

    def check(url, response):
        nonlocal pages
        if not response.content_type.startswith("text/html"):
            return None
        html = response.get_data(as_text=True)
        pages += 1
        failures.extend((url, text) for text in problems(html, lang))
        return html

    for url in urls:
        html = check(url, client.get(url))
        if html:
            forms += [(url, action, _csrf(html)) for action in _forms(html, url)]
    # The import preview: a report uploaded (the page only a POST reaches).
    if any(u.startswith("/activities/import") for u in urls):
        page = client.get("/activities/import")
        if page.status_code == 200:
            check("/activities/import (preview)", client.post("/activities/import", data={
                "csrf_token": _csrf(page.get_data(True)),
                "file": (io.BytesIO(report_csv()), "report-copy.csv"),
                "programme": "Another programme", "period": "12 months of 2018"},
                content_type="multipart/form-data"))
    seen = set()
    for url, action, token in forms:  # after every GET: an empty form may change the world
        if action in seen:
            continue
        seen.add(action)
        check(f"{action} (empty form from {url})",
              client.post(action, data={"csrf_token": token}, follow_redirects=True))
    return failures, pages


@pytest.mark.parametrize("lang", ["en", "uk"], ids=["english", "ukrainian"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_speaks_the_chosen_language(app, users, role, lang):
    world = build_world(users)
    client = _client(app, role, users, lang)
    failures, pages = crawl(app, client, _urls(app, world), lang)
    if not _only() or any(p.startswith("/login") for p in _only()):
        # Before login: the language switch of the login page, its empty form.
        anonymous = app.test_client()
        anonymous.post(f"/lang/{lang}",
                       data={"csrf_token": _csrf(anonymous.get("/login").get_data(True))})
        more, n = crawl(app, anonymous, ["/login"], lang)
        failures, pages = failures + more, pages + n
    assert pages > (0 if _only() else 20), "the crawl reached almost no page"
    unique = list(dict.fromkeys(failures))
    by_area = Counter("/" + url.split()[0].lstrip("/").split("/")[0].split("?")[0]
                      for url, _ in unique)
    report = "\n".join(f"{url}: {text[:120]!r}" for url, text in unique)
    assert not failures, (f"{len(unique)} untranslated texts on {pages} pages "
                          f"({dict(by_area.most_common())}):\n{report}")
