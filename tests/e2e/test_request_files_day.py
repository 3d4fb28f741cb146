"""A paper request's day in a real browser: the clerk attaches the scan on the request page,
sees it listed, and prints the registration card with the index and its QR code."""
from __future__ import annotations

from tests.e2e.test_day import shot
from tests.factories import register

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attach_a_scan_and_print_the_card(page, live_server, sign_in, users):
    req = register(users["clerk"], executor=users["executor"].email, channel="post",
                   requester={"email": None, "postal_address": "вул. Шевченка, 1, Київ"},
                   subject="Копія рішення про бюджет")
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/requests/{req.id}")
    page.set_input_files("#request-file", files=[{
        "name": "скан запиту.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("#files button[type=submit]")
    page.wait_for_url(f"{live_server}/requests/{req.id}#files")
    assert "додано до запиту" in page.inner_text(".flashes, main")
    link = page.locator("#files .request-files a", has_text="скан запиту.pdf")
    assert link.count() == 1
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "скан запиту.pdf"
    shot(page, "request-files")

    page.click("text=Реєстраційна картка")
    page.wait_for_url(f"{live_server}/requests/{req.id}/card")
    assert page.inner_text("#card-index") == req.registration_number
    assert "Копія рішення про бюджет" in page.content()
    qr = page.locator("#card-qr")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert page.evaluate("() => document.getElementById('card-qr').naturalWidth") > 0
    assert page.locator("#print-button").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#print-button").is_visible()  # the print stylesheet hides it
    page.emulate_media(media="screen")
    shot(page, "registration-card")
