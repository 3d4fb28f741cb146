"""A day in English in a real browser (Chromium via Playwright): the language switched on the
login page, the letter editor (the letter itself stays Ukrainian, marked lang="uk"), the mail
queue («Пошта»), the report page and the date picker, with screenshots of each."""
from __future__ import annotations

import re

from tests.conftest import PASSWORD
from tests.e2e.test_day import shot
from tests.i18n_world import build_world

#: Visible text with a Cyrillic letter outside content marked lang="uk…" (the letter, the
#: council's name): what an English page must not show.
CYRILLIC_TEXTS = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || el.closest('script, style, template')) continue;
    const marked = el.closest('[lang]');
    if (marked && marked !== document.documentElement
        && marked.getAttribute('lang').toLowerCase().startsWith('uk')) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    if (/[\u0400-\u04FF]/.test(node.textContent)) out.push(node.textContent.trim().slice(0, 100));
  }
  return out;
}"""


def english_only(page) -> None:
    assert page.get_attribute("html", "lang") == "en"
    left = page.evaluate(CYRILLIC_TEXTS)
    assert not left, f"{page.url}: {left[:20]}"


def test_an_english_day_letter_editor_mail_queue_report(page, live_server, users):
    world = build_world(users)
    head = users["head"]
    # The login page switches language before anyone logs in; the choice stays.
    page.goto(f"{live_server}/login")
    assert page.get_attribute("html", "lang") == "uk"
    page.click("#lang-switch")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    english_only(page)
    shot(page, "language-login-en")
    page.fill("#email", head.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    english_only(page)

    # The letter editor: the interface English, the letter Ukrainian (the state language).
    letter = world["letters"]["answer"]
    page.goto(f"{live_server}/letters/{letter.id}")
    assert page.locator("[lang^=uk]").count() > 0, "the letter is not marked as Ukrainian"
    shot(page, "language-letter-editor-en")
    english_only(page)

    # The mail queue and an item of it.
    page.goto(f"{live_server}/intake")
    shot(page, "language-mail-queue-en")
    english_only(page)
    page.goto(f"{live_server}/intake/{world['item'].id}")
    english_only(page)

    # The report page with its charts.
    page.goto(f"{live_server}/reports/?from=2018-01-01&to=2018-12-31")
    page.locator("figure.chart").first.wait_for()
    shot(page, "language-report-en")
    english_only(page)

    # The date picker: Babel's English weekday and month names, from the catalogue block.
    req = world["requests"]["in_progress"]
    page.goto(f"{live_server}/requests/{req.id}")
    page.click("#action-answer summary")
    page.click("#answer-answered_on")
    picker = page.locator("#action-answer .workday-picker")
    picker.locator(".wp-day").first.wait_for()
    assert picker.locator(".wp-name").all_text_contents() == ["Mo", "Tu", "We", "Th", "Fr",
                                                              "Sa", "Su"]
    title = page.inner_text("#action-answer .wp-head span")
    assert re.fullmatch(r"(January|February|March|April|May|June|July|August|September|"
                        r"October|November|December) \d{4}", title), title
    assert picker.locator("button[aria-label='Previous month']").count() == 1
    shot(page, "language-date-picker-en")
