"""The mail clerk's day in a real browser: folded Cyrillic names, a 20 MB message, a 15 MB
scan, and a file that is not an e-mail at all."""
from __future__ import annotations

import os
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.intake.models import IntakeMessage

SHOTS = Path(__file__).resolve().parent / "screenshots"
NAME = "Бондаренко Олександр Іванович"
SUBJECT = "Запит на публічну інформацію щодо ремонту доріг і тротуарів у Шевченківському районі"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def upload(page, live_server, path: Path) -> None:
    page.goto(f"{live_server}/intake")
    page.set_input_files("#file", str(path))
    page.click("button.primary")
    page.wait_for_load_state("load")


def message(path: Path, body: str, **attachments) -> Path:
    msg = EmailMessage(policy=policy.SMTP)  # folds long Cyrillic headers inside words
    msg["From"] = f"{NAME} <bondarenko@example.org>"
    msg["Subject"] = SUBJECT
    msg["Date"] = "Tue, 03 Apr 2018 10:00:00 +0300"
    msg.set_content(body)
    for filename, data in attachments.items():
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=filename)
    path.write_bytes(msg.as_bytes())
    return path


def test_a_folded_cyrillic_name_is_whole_on_the_form(page, live_server, sign_in, users, tmp_path):
    path = message(tmp_path / "zapyt.eml", "Прошу надати копії актів виконаних робіт.")
    assert b"?=\r\n =?utf-8?b?" in path.read_bytes()  # the name really is in several words
    sign_in(page, users["clerk"])
    upload(page, live_server, path)
    page.wait_for_selector("#requester_name")
    assert page.input_value("#requester_name") == NAME
    assert page.input_value("#subject") == SUBJECT
    assert NAME in page.inner_text("section.card") and "Ів анович" not in page.content()
    page.click("form.grid-form button.primary")
    page.wait_for_selector(".flash-success")
    assert NAME in page.content()
    shot(page, "intake-folded-name")


def test_a_20_mb_message_opens_quickly_with_its_full_text_a_download(
        page, live_server, sign_in, users, tmp_path):
    line = "Прошу надати копії всіх рішень виконавчого комітету за 2024 рік. " * 2 + "\n"
    body = "Початок листа.\n" + line * (20 * 1024 * 1024 // len(line.encode())) + "Кінець листа."
    path = message(tmp_path / "big.eml", body)
    sign_in(page, users["clerk"])
    upload(page, live_server, path)
    item_url = page.url
    start = time.monotonic()
    response = page.goto(item_url, wait_until="load")
    elapsed = time.monotonic() - start
    size = len(response.body())
    print(f"\n20 MB message: item page {size / 1e6:.2f} MB, loaded in {elapsed:.2f} s")
    assert size < 200_000 and elapsed < 10
    assert "Початок листа." in page.input_value("#text")
    assert "Кінець листа." not in page.content()
    assert page.locator("#text-truncated").is_visible()
    with page.expect_download() as full:
        page.click("#text-truncated >> text=Показати все")
    full_text = Path(full.value.path()).read_text(encoding="utf-8")
    assert full_text.startswith("Початок листа.") and full_text.endswith("Кінець листа.")
    with page.expect_download() as original:
        page.click("#text-truncated >> text=Оригінал (.eml)")
    assert Path(original.value.path()).read_bytes() == path.read_bytes()
    shot(page, "intake-big-message")


def test_a_15_mb_scan_is_kept(page, live_server, sign_in, users, tmp_path):
    scan = os.urandom(15 * 1024 * 1024)
    path = message(tmp_path / "scan.eml", "Запит у вкладенні.", **{"скан запиту.pdf": scan})
    sign_in(page, users["clerk"])
    upload(page, live_server, path)
    page.wait_for_selector("#requester_name")
    link = page.locator("section.card a", has_text="скан запиту.pdf")
    assert "15 МБ" in page.inner_text("section.card")
    assert page.locator("#kept-out").count() == 0
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_bytes() == scan
    shot(page, "intake-big-attachment")


def test_a_file_that_is_not_mail_is_refused_at_upload(page, live_server, sign_in, users, tmp_path):
    sign_in(page, users["clerk"])
    for name, data in (("junk.eml", os.urandom(4096)),
                       ("zapyt.txt", "Прошу надати інформацію про бюджет.".encode())):
        path = tmp_path / name
        path.write_bytes(data)
        upload(page, live_server, path)
        assert "/intake" in page.url
        assert "Файл не схожий на лист (.eml)" in page.inner_text("main")
    assert "(без теми)" not in page.content()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(IntakeMessage.id))) == 0
    shot(page, "intake-junk-refused")
