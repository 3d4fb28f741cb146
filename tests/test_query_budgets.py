"""Queries per page: a fixed budget per page (what the pages run today: bench/ measures the
same at 1 000 and 100 000 requests), the same with 3 requests as with 30 — no query per
row. A change that adds a query must raise its budget here, on purpose."""
import pytest

from tests.factories import register


PAGES = {  # path → most statements the page may run
    "/": 7,
    "/requests": 7,
    "/requests?status=in_progress&channel=email": 7,
    # the search vocabulary (typos); on PostgreSQL also the planner's estimate past the cap
    "/requests?q=ремонт": 9,
    "/reports/?from=2018-01-01&to=2018-12-31": 10,
    "/reports/journal?from=2018-01-01&to=2018-12-31": 6,
}


def _fill(users, n):
    """n requests, each with its own executor: a query per row (say, per executor) shows."""
    from tests.conftest import create_test_user
    from tracker.auth.models import Role
    for i in range(n):
        executor = create_test_user(Role.EXECUTOR, email=f"ex{_fill.made}@test.example",
                                    name=f"Виконавець {_fill.made}")
        _fill.made += 1
        register(users["clerk"], executor=executor.email, channel="email",
                 subject=f"Ремонт доріг {i}", received_at="2018-03-28T10:00")


_fill.made = 0


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_keeps_its_query_budget_whatever_the_data(users, login, client,
                                                            count_queries, path):
    login(users["clerk"])
    counts = []
    for n in (3, 27):  # 3 requests, then 30
        _fill(users, n)
        client.get(path)  # warm: the calendar and settings caches
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], f"{path}: {counts} — a query per row"
    assert counts[1] <= PAGES[path], f"{path}: {counts[1]} queries, budget {PAGES[path]}"


def test_the_request_page_keeps_its_budget(users, login, client, count_queries):
    login(users["clerk"])
    req = register(users["clerk"], executor=users["executor"].email)
    client.get(f"/requests/{req.id}")
    with count_queries() as counter:
        assert client.get(f"/requests/{req.id}").status_code == 200
    assert counter.count <= 11, counter.count
