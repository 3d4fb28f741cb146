"""The notification settings in English; the reminder e-mails stay Ukrainian."""
from tests.conftest import csrf_token


def test_notification_settings_in_english(client, users, login):
    login(users["clerk"])
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})
    page = client.get("/settings/notifications").get_data(as_text=True)
    assert "My notifications" in page
    assert "Daily digest of requests at 08:30 (working days)" in page
    assert "Reminder e-mails are written in Ukrainian" in page
    assert "Нагадування" not in page and "Щоденний огляд" not in page
