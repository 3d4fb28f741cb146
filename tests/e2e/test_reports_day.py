"""The report, the journal and their files as a head and a clerk see them in a browser:
amounts that never wrap, comma decimals, month names on readable charts, and the downloads
Excel opens as they are (Chromium via Playwright)."""
from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from tests.activities import builders
from tests.e2e.test_day import shot
from tests.factories import register
from tracker.core.timeutil import KYIV
from tracker.extensions import db
from tracker.register import operations as ops
from tracker.register.models import Outcome
from tracker.register.queries import Clock
from tracker.reports.labels import month_label

#: The rendered size of every chart label, in CSS pixels: its font size times the scale the
#: SVG is drawn at on the screen.
LABEL_SIZES = """() => Array.from(document.querySelectorAll('figure.chart svg text')).map(t =>
    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""


def answered_in_a_working_day(users) -> tuple[dt.date, dt.date]:
    """Two requests received on past working days, each answered the next working day (a
    median of 1,0), in the previous and the current month. Returns the report's period."""
    clock = Clock.current()
    cal = clock.cal
    days = []
    for start in (clock.today.replace(day=1) - dt.timedelta(days=20), clock.today.replace(day=1)):
        day = cal.first_working_day_from(start)
        if cal.next_working_day(day) > clock.today:  # too early in the month: go back a month
            day = cal.first_working_day_from(day - dt.timedelta(days=30))
        days.append(day)
    for day in days:
        received = dt.datetime.combine(day, dt.time(10, 0), tzinfo=KYIV)
        req = register(users["clerk"], executor=users["executor"].email,
                       received_at=received.isoformat())
        ops.answer(users["executor"], req, Outcome.FULL, cal.next_working_day(day))
    db.session.commit()
    return min(days), clock.today


def test_report_page_figures_and_charts_read_the_ukrainian_way(page, live_server, sign_in,
                                                                users):
    start, end = answered_in_a_working_day(users)
    sign_in(page, users["head"])
    page.goto(f"{live_server}/reports/?from={start.isoformat()}&to={end.isoformat()}")
    assert page.inner_text("#stat-median") == "1,0"
    assert page.inner_text("#stat-p90") == "1"
    months = page.locator("figure.chart svg text.chart-month").all_text_contents()
    expected = month_label(f"{end:%Y-%m}")
    assert expected.replace(" ", "") in [m.replace(" ", "") for m in months], months
    assert not any(m[:4].isdigit() for m in months), months  # no «2026-11»
    sizes = page.evaluate(LABEL_SIZES)
    assert sizes and min(sizes) >= 11, sizes
    shot(page, "report-page-uk")
    # A phone: the charts keep their size and scroll sideways; the labels stay readable.
    page.set_viewport_size({"width": 390, "height": 800})
    sizes = page.evaluate(LABEL_SIZES)
    assert min(sizes) >= 11, sizes
    # … inside their cards: the page itself does not scroll sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_amounts_never_wrap_between_digit_groups(page, live_server, sign_in, users, runner):
    result = runner.invoke(args=["activities", "import", str(builders.SAMPLE)])
    assert result.exit_code == 0, result.output
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/activities/")
    cells = page.locator("td.num", has_text="грн")
    assert cells.count() > 0
    for text in cells.all_inner_texts()[:20]:
        # Chromium gives the NBSP back as it is: no breakable space inside an amount.
        assert " " not in text.strip() and "\u00a0грн" in text, repr(text)
    # A narrow column cannot break one: every amount stays on one line.
    page.set_viewport_size({"width": 390, "height": 800})
    heights = page.evaluate("""() => Array.from(document.querySelectorAll('td.num'))
        .filter(td => td.textContent.includes('грн'))
        .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                     const tops = Array.from(r.getClientRects()).map(c => Math.round(c.top));
                     return new Set(tops).size; })""")
    assert heights and max(heights) == 1, heights
    shot(page, "activities-amounts-phone")


def test_journal_downloads_open_in_a_ukrainian_excel(page, live_server, sign_in, users,
                                                     tmp_path):
    start, end = answered_in_a_working_day(users)
    sign_in(page, users["clerk"])
    page.goto(f"{live_server}/reports/journal?from={start.isoformat()}&to={end.isoformat()}")
    with page.expect_download() as csv_download:
        page.click("a.button:text-is('CSV')")
    data = (tmp_path / "journal.csv")
    csv_download.value.save_as(data)
    raw = data.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Cyrillic right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Реєстраційний індекс", "Дата надходження"] and len(rows) == 3
    assert rows[1][1] == f"{start:%d.%m.%Y}"
    with page.expect_download() as xlsx_download:
        page.click("a.button:text-is('XLSX')")
    book = tmp_path / "journal.xlsx"
    xlsx_download.value.save_as(book)
    sheet = load_workbook(book)["Журнал"]
    received = sheet["B3"]
    assert received.is_date and received.value.date() == start
    assert received.number_format.lower() == "dd.mm.yyyy"
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:K4"
    shot(page, "journal-downloads")
