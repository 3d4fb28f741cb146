"""The request list pages by keyset (after / before a request) and counts up to a cap (issue 18).

A deep page is read from where the previous one ended, not by skipping rows, so it costs
what the first page costs; the count stops at LIST_COUNT_CAP (beyond it PostgreSQL shows its
planner's estimate, SQLite "cap+"). The API keeps ``page`` and gains ``after``/``next_after``.
"""
import re

import pytest
from sqlalchemy import select

from tests.factories import register
from tracker.core.errors import ErrorCollector
from tracker.core.paging import cursor_arg
from tracker.extensions import db
from tracker.maintenance.generate import generate
from tracker.register.models import Request

ROW = re.compile(r'<td><a href="/requests/(\d+)">')


@pytest.fixture
def many(app, users):
    """53 generated requests and 5 received at the same moment (ties broken by id);
    ten to a page."""
    generate(53, seed=5, records=2)
    db.session.commit()
    for n in range(5):
        register(users["clerk"], channel="email", received_at="2024-06-03T10:00:00",
                 subject=f"Однакова мить {n}")
    app.config["PAGE_SIZE"] = 10
    return [r.id for r in db.session.scalars(
        select(Request).order_by(Request.received_at.desc(), Request.id.desc()))]


def _walk(client, url, rel):
    """Pages followed by their ``rel`` link: the ids on each and the links seen."""
    pages, links = [], []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append([int(i) for i in ROW.findall(html)])
        found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
        url = found.group(1).replace("&amp;", "&") if found else None
        links.append(url)
    return pages, links, html


def test_next_links_walk_every_request_once_in_order_and_back(many, users, login, client):
    login(users["admin"])
    pages, links, last = _walk(client, "/requests", "next")
    assert [i for page in pages for i in page] == many  # all 58, in order, none twice
    assert [len(p) for p in pages] == [10] * 5 + [8]
    assert all("after=" in link for link in links[:-1])
    assert "Сторінка 6 з 6" in last and "(58)" in last
    # Back from the last page by "previous" links: the same pages in reverse.
    back, back_links, first = _walk(client, links[-2], "prev")
    assert back == pages[-1:-len(back) - 1:-1] and back[-1] == pages[0]
    assert "before=" in back_links[0] and "before=" not in back_links[-2]  # page 1: no cursor
    assert "Сторінка 1 з 6" in first


def test_a_page_number_still_works_and_matches_the_keyset_page(many, users, login, client):
    login(users["admin"])
    by_offset = ROW.findall(client.get("/requests?page=3").get_data(as_text=True))
    assert [int(i) for i in by_offset] == many[20:30]
    after = client.get(f"/requests?after={many[19]}&page=3").get_data(as_text=True)
    assert ROW.findall(after) == by_offset and "Сторінка 3 з 6" in after


def test_the_pager_keeps_the_filters(many, users, login, client):
    login(users["admin"])
    emails = [r.id for r in db.session.scalars(
        select(Request).where(Request.channel == "email")
        .order_by(Request.received_at.desc(), Request.id.desc()))]
    pages, links, _ = _walk(client, "/requests?channel=email", "next")
    assert [i for page in pages for i in page] == emails
    assert all("channel=email" in link for link in links if link)


def test_the_count_stops_at_the_cap(many, app, users, login, client):
    app.config["LIST_COUNT_CAP"] = 20
    login(users["admin"])
    html = client.get("/requests").get_data(as_text=True)
    if db.engine.dialect.name == "postgresql":  # beyond the cap: the planner's estimate
        assert re.search(r"\(≈ \d+\)", html) and "Сторінка 1 з ≈" in html
    else:
        assert "(20+)" in html and "Сторінка 1 з 2+" in html
    # Below the cap the count is exact, and the walk still reaches the end.
    assert "(5)" in client.get("/requests?q=однакова").get_data(as_text=True)
    pages, _, _ = _walk(client, "/requests", "next")
    assert sum(map(len, pages)) == 58


def test_a_deep_page_runs_the_queries_of_the_first(many, users, login, client, count_queries):
    login(users["admin"])
    client.get("/requests")  # warm: the session, the calendar
    counts = []
    for url in ("/requests", f"/requests?after={many[39]}&page=5", "/requests?page=5",
                f"/requests?before={many[20]}&page=2"):
        with count_queries() as n:
            assert client.get(url).status_code == 200
        counts.append(n.count)
    assert len(set(counts)) == 1, counts


def test_the_api_reads_on_by_next_after_and_keeps_page(many, users, api):
    call = api(users["admin"])
    seen, url = [], "/api/v1/requests?per_page=25"
    while url:
        body = call("GET", url).json
        assert body["total"] == 58  # exact, as before
        seen += [i["id"] for i in body["items"]]
        url = body["next_after"] and f"/api/v1/requests?per_page=25&after={body['next_after']}"
    assert seen == many
    page2 = call("GET", "/api/v1/requests?per_page=25&page=2").json
    assert [i["id"] for i in page2["items"]] == many[25:50] and page2["page"] == 2
    bad = call("GET", "/api/v1/requests?after=x&before=-1")
    assert bad.status_code == 400 and set(bad.json["errors"]) == {"after", "before"}


def test_cursors_are_read_without_flask():
    errors = ErrorCollector()
    assert cursor_arg({"after": "42"}, "after", errors) == 42
    assert cursor_arg({}, "after", errors) is None and errors.errors == {}
    for bad in ("0", "-3", "x", "9" * 30):
        assert cursor_arg({"after": bad}, "after") is None
    cursor_arg({"after": "x"}, "after", errors)
    assert set(errors.errors) == {"after"}


def test_a_capped_count_gives_way_to_what_the_page_shows(app, users):
    """Beyond the cap the count is an estimate; a page reached by its number knows better:
    the last page gives the exact count, and an empty first page says none, not «3+»."""
    from tests.factories import register
    from tracker.register.queries import Clock, RequestFilters, request_page
    app.config["LIST_COUNT_CAP"] = 3
    for i in range(5):
        register(users["clerk"], subject=f"Запит про бюджет {i}")
    first = request_page(RequestFilters(per_page=2), Clock.current(), count_cap=3)
    # Capped: SQLite says «cap+», PostgreSQL its planner's estimate; past this page either way.
    assert first.exact is False and first.total >= 3
    last = request_page(RequestFilters(per_page=2, page=3), Clock.current(), count_cap=3)
    assert (last.total, last.exact, len(last.items)) == (5, True, 1)
    none = request_page(RequestFilters(q="бюджет кошторис", per_page=2), Clock.current(),
                        count_cap=3)
    assert (none.total, none.exact, none.items) == (0, True, [])
