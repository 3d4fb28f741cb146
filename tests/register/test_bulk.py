"""Bulk assign and bulk close from the list: one transaction, roles on the server, an Event
per request, a summary of what was done and skipped; the «зареєстровані мною» filter; the
confirm step before closing."""
import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import create_test_user
from tests.factories import csrf_token, on, register
from tracker.auth.models import Role
from tracker.core.errors import PermissionDenied, ValidationError
from tracker.core.models import Event
from tracker.extensions import db
from tracker.register import operations as ops
from tracker.register.bulk import bulk_apply, parse_selection
from tracker.register.models import Outcome, Request, Status


@pytest.fixture
def three(users):
    """Two answered requests of the executor, one still in work."""
    with on(2018, 3, 28):
        rs = [register(users["clerk"], executor=users["executor"].email) for _ in range(3)]
    with on(2018, 4, 2):
        for r in rs[:2]:
            ops.answer(users["executor"], r, Outcome.FULL)
        db.session.commit()
    return rs


def sel(*rs):
    return {r.id: r.version for r in rs}


def test_bulk_close_closes_those_with_an_outcome_and_says_why_the_rest_were_skipped(users, three):
    with on(2018, 4, 3):
        result = bulk_apply(users["clerk"], sel(*three), "close", reason="Відповіді надіслано")
        db.session.commit()
    assert [r.status for r in three] == [Status.CLOSED, Status.CLOSED, Status.IN_PROGRESS]
    assert result.done == [three[0].registration_number, three[1].registration_number]
    assert result.skipped == [(three[2].registration_number,
                               "ще без результату (відповіді, відмови чи пересилання)")]
    closed = db.session.scalars(select(Event).where(Event.action == "closed")).all()
    assert len(closed) == 2 and {e.request_id for e in closed} == {three[0].id, three[1].id}
    assert all(e.after["reason"] == "Відповіді надіслано" for e in closed)


def test_bulk_close_needs_a_reason_and_a_selection(users, three):
    with pytest.raises(ValidationError) as err:
        bulk_apply(users["clerk"], {}, "close", reason=" ")
    assert set(err.value.errors) == {"ids", "reason"}


def test_a_stale_or_foreign_request_is_skipped_not_changed(users, three):
    other = create_test_user(Role.EXECUTOR, email="other@test.example")
    with on(2018, 3, 28):
        foreign = register(users["clerk"], executor=other.email)
    with on(2018, 4, 3):
        ops.answer(other, foreign, Outcome.FULL)
        db.session.commit()
        result = bulk_apply(users["executor"], {three[0].id: three[0].version,
                                                foreign.id: foreign.version,
                                                three[2].id: three[2].version - 1,
                                                999999: None}, "close", reason="x")
        db.session.commit()
    assert result.done == [three[0].registration_number]
    reasons = dict(result.skipped)
    assert reasons[foreign.registration_number] == "немає права діяти щодо запиту"
    assert reasons[three[2].registration_number] == "щойно змінений іншим користувачем"
    assert reasons["#999999"] == "не знайдено"


def test_bulk_assign_is_for_supervisors_and_writes_an_event_each(users):
    head = users["head"]
    with on(2018, 3, 28):
        rs = [register(users["clerk"]) for _ in range(2)]
        with pytest.raises(PermissionDenied):
            bulk_apply(users["executor"], sel(*rs), "assign", executor_email=head.email)
        result = bulk_apply(users["clerk"], sel(*rs), "assign", executor_email=head.email)
        db.session.commit()
    assert len(result.done) == 2 and not result.skipped
    assert all(r.executor_id == head.id and r.status == Status.IN_PROGRESS for r in rs)
    assert len(db.session.scalars(select(Event).where(Event.action == "assigned")).all()) == 2


def test_parse_selection_reads_id_and_version():
    assert parse_selection(["3:2", "4", "x:1", "5:y"]) == {3: 2, 4: None, 5: None}


def test_the_list_form_closes_after_the_confirm_step_with_a_summary(client, users, login, three):
    with on(2018, 4, 3):
        login(users["clerk"])
        page = client.get("/requests").get_data(as_text=True)
        assert f'value="{three[0].id}:{three[0].version}"' in page and 'id="bulk"' in page
        data = {"csrf_token": csrf_token(client), "action": "close", "reason": "Надіслано",
                "ids": [f"{r.id}:{r.version}" for r in three], "next": "/requests"}
        ask = client.post("/requests/bulk", data=data)
        assert ask.status_code == 200 and "Закрити позначені запити (3)?" in ask.get_data(as_text=True)
        assert db.session.get(Request, three[0].id).status == Status.ANSWERED  # not yet
        done = client.post("/requests/bulk", data={**data, "confirm": "1"}, follow_redirects=True)
        html = done.get_data(as_text=True)
    assert "2 закрито, 1 пропущено (" in html and three[2].registration_number in html
    db.session.expire_all()
    assert db.session.get(Request, three[0].id).status == Status.CLOSED


def test_an_executor_cannot_bulk_assign(client, users, login, three):
    with on(2018, 4, 3):
        login(users["executor"])
        r = client.post("/requests/bulk", data={"csrf_token": csrf_token(client),
                                                "action": "assign", "ids": [str(three[2].id)],
                                                "executor": users["head"].email})
    assert r.status_code == 403


def test_registered_by_me_filter(client, users, login, api):
    with on(2018, 3, 28):
        mine = register(users["clerk"], subject="Моє")
        register(users["head"], subject="Чуже")
        login(users["clerk"])
        page = client.get("/requests?registered=me").get_data(as_text=True)
        assert "Моє" in page and "Чуже" not in page and "зареєстровані мною" in page
        j = api(users["clerk"])("GET", "/api/v1/requests?registered=me").json
        assert [i["id"] for i in j["items"]] == [mine.id]
        assert api(users["clerk"])("GET", "/api/v1/requests?registered=x").status_code == 400


def test_closing_one_request_asks_first(client, users, login, three):
    with on(2018, 4, 3):
        login(users["clerk"])
        data = {"close-csrf_token": csrf_token(client), "close-version": three[0].version}
        ask = client.post(f"/requests/{three[0].id}/actions/close", data=data)
        assert ask.status_code == 200 and "Так, закрити" in ask.get_data(as_text=True)
        assert db.session.get(Request, three[0].id).status == Status.ANSWERED
        done = client.post(f"/requests/{three[0].id}/actions/close",
                           data={**data, "confirm": "1"})
        assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Request, three[0].id).status == Status.CLOSED
    assert db.session.get(Request, three[0].id).closed_on == dt.date(2018, 4, 3)


def test_the_bulk_bar_shows_only_where_a_row_can_be_picked(client, users, login):
    """An executor sees others' requests in the list but may act on none of them."""
    with on(2018, 3, 28):
        register(users["clerk"], executor=users["head"].email)
        login(users["executor"])
        page = client.get("/requests").get_data(as_text=True)
        assert "25/" in page and 'id="bulk"' not in page
        register(users["clerk"], executor=users["executor"].email)
        page = client.get("/requests").get_data(as_text=True)
    assert 'id="bulk"' in page
