"""The activities API and screens."""
import io

import pytest
from sqlalchemy import func, select

from tests.factories import csrf_token
from tracker.activities.models import ActivityRecord, Report
from tracker.extensions import db

from . import builders as b


@pytest.fixture
def imported(runner):
    result = runner.invoke(args=["activities", "import", str(b.SAMPLE)])
    assert result.exit_code == 0, result.output


def test_api_lists_with_every_filter(api, users, imported):
    call = api(users["executor"])
    all_ = call("GET", "/api/v1/activities").json
    assert all_["total"] == 16
    item = all_["items"][0]
    assert set(item) >= {"id", "measure", "category", "planned", "financed", "percent_stated",
                         "percent_computed", "text", "period_start", "period_end"}
    assert call("GET", "/api/v1/activities", query_string={"category": "radio"}).json["total"] == 2
    found = call("GET", "/api/v1/activities", query_string={"q": "ХУЛУН-БУІР"}).json
    assert found["total"] == 1 and found["items"][0]["planned"] == "180000.00"
    assert call("GET", "/api/v1/activities", query_string={
        "programme": "ефективна"}).json["total"] == 16
    assert call("GET", "/api/v1/activities", query_string={
        "period_from": "2018-09-01", "period_to": "2018-12-31"}).json["total"] == 16
    assert call("GET", "/api/v1/activities", query_string={
        "period_from": "2019-01-01"}).json["total"] == 0
    assert call("GET", "/api/v1/activities", query_string={
        "period_to": "31.13.2018"}).status_code == 400


def test_api_creates_a_record_by_hand(api, users):
    call = api(users["executor"])
    r = call("POST", "/api/v1/activities", json={
        "measure": "Телеканали, що висвітлювали діяльність ради",
        "text": "СК1, Союз ТВ, «Житомир», 1+1, ZIK, 5 канал, Перший національний",
        "category": "tv", "period_start": "2018-01-01", "period_end": "2018-12-31",
        "tags": ["ЗМІ", "телебачення"]})
    assert r.status_code == 201, r.json
    assert r.json["category"] == "tv" and r.json["planned"] is None
    assert r.json["tags"] == ["змі", "телебачення"]
    bad = call("POST", "/api/v1/activities", json={"measure": "", "planned": "12O,00",
                                                  "category": "cinema"})
    assert bad.status_code == 400 and set(bad.json["errors"]) == {"measure", "planned",
                                                                  "category"}
    assert api(users["clerk"])("POST", "/api/v1/activities",
                               json={"measure": "x"}).status_code == 403


def test_upload_preview_then_confirm(client, users, login):
    login(users["executor"])
    data = {"csrf_token": csrf_token(client),
            "file": (io.BytesIO(b.SAMPLE.read_bytes()), "zvit.txt")}
    page = client.post("/activities/import", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Перевірка звіту перед імпортом" in page
    assert "68,00 %" in page and "51,25 %" in page  # the warnings, before anything is stored
    assert db.session.scalar(select(func.count(ActivityRecord.id))) == 0
    import re
    token = re.search(r'name="token"[^>]*value="([0-9a-f]{64})"', page) or \
        re.search(r'value="([0-9a-f]{64})"', page)
    r = client.post("/activities/import/confirm", data={
        "csrf_token": csrf_token(client), "token": token.group(1), "filename": "zvit.txt",
        "programme": "", "period": ""}, follow_redirects=True)
    assert "Імпортовано звіт" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ActivityRecord.id))) == 16
    report = db.session.scalars(select(Report)).one()
    src = client.get(f"/activities/reports/{report.id}/source")
    assert src.data == b.SAMPLE.read_bytes()
    src.close()


def test_upload_of_a_broken_file_says_why(client, users, login):
    login(users["executor"])
    data = {"csrf_token": csrf_token(client),
            "file": (io.BytesIO(b"PK\x03\x04junk"), "zvit.docx")}
    page = client.post("/activities/import", data=data,
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Не вдалося відкрити DOCX" in page


def test_manual_record_form_keeps_input_on_error(client, users, login):
    login(users["executor"])
    r = client.post("/activities/new", data={
        "csrf_token": csrf_token(client), "measure": "Сторінка у Facebook",
        "planned": "сто тисяч", "text": "Щодня нові дописи"})
    page = r.get_data(as_text=True)
    assert "Не вдалося прочитати число" in page and 'value="сто тисяч"' in page
    r = client.post("/activities/new", data={
        "csrf_token": csrf_token(client), "measure": "Сторінка у Facebook",
        "planned": "12 000,50", "category": "social_media", "text": "Щодня нові дописи"},
        follow_redirects=True)
    assert "Запис додано." in r.get_data(as_text=True)
    rec = db.session.scalars(select(ActivityRecord)).one()
    assert str(rec.planned) == "12000.50" and rec.category.slug == "social_media"
    page = client.get(f"/activities/{rec.id}/edit").get_data(as_text=True)
    assert 'value="12000,50"' in page


def test_list_page_shows_money_the_ukrainian_way(client, users, login, imported):
    login(users["clerk"])
    page = client.get("/activities/?category=tv").get_data(as_text=True)
    # Non-breaking spaces: an amount never wraps between its digit groups or before «грн».
    assert "200\u00a0000,00\u00a0грн" in page and "190\u00a0000,00\u00a0грн" in page
    assert client.get("/activities/new").status_code == 403  # clerks read only


def test_admin_adds_and_renames_categories(client, users, login):
    login(users["admin"])
    r = client.post("/activities/categories", data={
        "csrf_token": csrf_token(client), "slug": "podcasts", "name": "Подкасти", "active": "y"},
        follow_redirects=True)
    assert "Категорію додано." in r.get_data(as_text=True)
    from tracker.activities.models import Category
    cat = db.session.scalar(select(Category).where(Category.slug == "podcasts"))
    client.post(f"/activities/categories/{cat.id}", data={
        "csrf_token": csrf_token(client), "name": "Подкасти й аудіо"})
    db.session.expire_all()
    assert cat.name == "Подкасти й аудіо" and cat.active is False
