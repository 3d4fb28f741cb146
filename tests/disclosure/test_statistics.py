"""/public/statistics: the report's open-data figures for anyone, as a page, JSON and CSV;
requests marked as spam are left out; nothing names an executor or a requester."""
import csv
import io

from tests.factories import on, register
from tracker.core.timeutil import utcnow
from tracker.extensions import db

PERIOD = "from=2025-01-01&to=2025-12-31"


def _requests(users):
    with on(2025, 6, 20):
        kept = [register(users["clerk"], executor=users["executor"].email, channel="email",
                         requester={"name": f"Петренко Олег {i}", "gender": "male",
                                    "email": f"p{i}@example.com"},
                         received_at=f"2025-0{m}-10T10:00:00")
                for i, m in enumerate((3, 3, 5))]
        spam = register(users["clerk"], channel="website", requester={
            "name": "Spam Bot", "email": "bot@example.com"}, received_at="2025-05-11T10:00:00")
        spam.spam_marked_at = utcnow()
        db.session.commit()
    return kept, spam


def test_the_figures_leave_out_spam_and_name_nobody(client, users):
    _requests(users)
    data = client.get(f"/public/statistics.json?{PERIOD}").json
    assert data["total"] == 3 and data["by_channel"]["website"] == 0
    assert data["monthly"]["received"]["2025-03"]["email"] == 2
    assert "by_executor" not in data and "by_tag" not in data
    rows = list(csv.reader(io.StringIO(client.get(f"/public/statistics.csv?{PERIOD}")
                                       .get_data(as_text=True))))
    assert rows[0] == ["section", "key", "value"] and ["summary", "total", "3"] in rows
    page = client.get(f"/public/statistics?{PERIOD}").get_data(as_text=True)
    assert 'id="stat-total">3<' in page and "<svg" in page and "<table" in page
    everything = page + str(data) + str(rows)
    for private in ("Петренко", "example.com", "Spam Bot", users["executor"].name,
                    users["executor"].email):
        assert private not in everything


def test_a_bad_period_is_explained_not_failed(client):
    page = client.get("/public/statistics?from=2025-13-40").get_data(as_text=True)
    assert "Неправильна дата" in page
    assert client.get("/public/statistics.json?from=x").status_code == 400
    assert client.get("/public/statistics.xml").status_code == 404


def test_the_public_pages_switch_to_english(client):
    client.get("/public/answers")
    from tests.factories import csrf_token
    token = csrf_token(client)
    client.post("/lang/en", data={"csrf_token": token})
    page = client.get("/public/statistics").get_data(as_text=True)
    assert '<html lang="en">' in page and "Statistics" in page
