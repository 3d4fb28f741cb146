"""The activity screens in English: forms, validation, the import's checks and limits."""
import io

from tests.factories import csrf_token

from . import builders as b


def _english(client, user, login):
    login(user)
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})


def test_the_record_form_and_its_validation_in_english(client, users, login):
    _english(client, users["executor"], login)
    page = client.get("/activities/new").get_data(as_text=True)
    assert "Annual budget, UAH" in page and "— no category —" in page
    assert "Participatory budget" in page  # a built-in category, not renamed
    page = client.post("/activities/new", data={
        "csrf_token": csrf_token(client), "measure": "Facebook page", "planned": "one hundred",
        "period_start": "2018-05-01", "period_end": "2018-04-01"}).get_data(as_text=True)
    assert "Could not read the number: write it as, for example, 180,000.00." in page
    assert "The end of the period is before its start." in page
    assert 'value="one hundred"' in page and "Не вдалося" not in page


def test_the_import_preview_in_english_keeps_the_report_in_ukrainian(client, users, login):
    _english(client, users["executor"], login)
    rows = b.table()
    rows[1][7] = "60 %"  # 89 379,95 of 180 000,00 is 49,66 %
    page = client.post("/activities/import", data={
        "csrf_token": csrf_token(client), "file": (io.BytesIO(b.to_csv(rows)), "zvit.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert "Checking the report before import" in page and "Warnings (" in page
    assert "No. 1: the stated 60 %" in page and "does not match the funding" in page
    assert "89,379.95 of 180,000.00 is 49.66 %" in page  # figures the English way
    assert "89 379,95" not in page and "49,66" not in page
    assert "Import 4 activities" in page
    assert '<span lang="uk">“Ефективна влада. Конкурентне місто”</span>' in page
    assert "decision of 18 Dec 2017, No. 879" in page and "№ 879" not in page


def test_import_refusals_in_english(client, users, login):
    _english(client, users["executor"], login)
    page = client.post("/activities/import", data={"csrf_token": csrf_token(client)},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Choose the report file." in page
    page = client.post("/activities/import", data={
        "csrf_token": csrf_token(client), "file": (io.BytesIO(b"PK\x03\x04junk"), "zvit.docx")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert "Could not open the DOCX: the ZIP archive is damaged" in page


def test_the_preview_counts_in_ukrainian_plural_forms(client, users, login):
    login(users["executor"])
    page = client.post("/activities/import", data={
        "csrf_token": csrf_token(client), "file": (io.BytesIO(b.to_csv(b.table())), "zvit.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert "Імпортувати 4 заходи" in page and "Перевірка звіту перед імпортом" in page


def test_an_english_amount_and_empty_optional_dates_are_accepted(client, users, login):
    _english(client, users["executor"], login)
    page = client.get("/activities/new").get_data(as_text=True)
    assert 'placeholder="e.g. 180,000.00"' in page or "e.g. 180,000.00" in page
    r = client.post("/activities/new", data={
        "csrf_token": csrf_token(client), "measure": "Facebook page", "planned": "180,000.00",
        "period_start": "", "period_end": ""})
    assert r.status_code == 302, r.get_data(as_text=True)
    record = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "180,000.00" in record
    page = client.post("/activities/new", data={
        "csrf_token": csrf_token(client), "measure": "Facebook page",
        "period_start": "1st of May"}).get_data(as_text=True)
    assert "Enter the date as DD.MM.YYYY" in page and "Not a valid date" not in page

