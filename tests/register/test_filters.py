"""The request list's filters: one reading for the page and the API (issue 14)."""
import re

from tests.factories import register
from tracker.core.errors import ErrorCollector
from tracker.register.filters import filters_from_args


def test_the_page_and_the_api_read_the_same_filters(users, api, login, client):
    register(users["clerk"], channel="email", executor=users["executor"].email,
             received_at="2018-03-28T10:00", subject="Перший")
    register(users["clerk"], channel="post", received_at="2018-04-02T10:00", subject="Другий")
    register(users["clerk"], channel="email", received_at="2018-05-02T10:00", subject="Третій")
    query = "channel=email&from=2018-03-01&to=2018-04-30"
    api_subjects = [i["subject"] for i in api(users["clerk"])("GET", f"/api/v1/requests?{query}")
                    .json["items"]]
    login(users["clerk"])
    page = client.get(f"/requests?{query}").get_data(as_text=True)
    assert api_subjects == ["Перший"] and "Перший" in page
    assert "Другий" not in page and "Третій" not in page
    mine = api(users["executor"])("GET", "/api/v1/requests?executor=me").json["items"]
    assert [i["subject"] for i in mine] == ["Перший"]


def test_a_bad_filter_is_reported_by_the_api_and_shown_on_the_page(users, api, login, client):
    r = api(users["clerk"])("GET", "/api/v1/requests?channel=pigeon&from=31.02.2018&page=x")
    assert r.status_code == 400 and set(r.json["errors"]) == {"channel", "from", "page"}
    login(users["clerk"])
    page = client.get("/requests?channel=pigeon").get_data(as_text=True)
    assert re.search(r"Невідоме значення «pigeon»", page)


def test_filters_are_read_without_flask():
    errors = ErrorCollector()
    f = filters_from_args({"executor": "none", "q": "  ремонт ", "page": "3", "per_page": "999"},
                          page_size=25, errors=errors, max_per_page=200)
    assert (f.unassigned, f.q, f.page, f.per_page, errors.errors) == (True, "ремонт", 3, 200, {})
