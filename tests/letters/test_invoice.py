"""The cost notice (Art. 21; Resolution No. 740): rates by year, the free pages, the council's
rate decision, the payment details and the amount in words. Pure: no app."""
import datetime as dt
from decimal import Decimal

import pytest

from tracker.letters import compose
from tracker.letters.costs import (FREE_EXEMPT, FREE_NO_LIMIT, FREE_NO_RATE, FREE_WITHIN_LIMIT,
                                   copy_cost_on, rate_base, subsistence_minimum)
from tracker.letters.payment import (amount_in_words, amount_with_words, edrpou_problem,
                                     iban_problem, pages_phrase, payment_problems)

from .test_compose import COMMON, REQUEST

DECISION = "рішення виконавчого комітету від 12.02.2021 № 123"
PAYEE = "Виконавчий комітет Житомирської міської ради"
IBAN = "UA213223130000026007233566001"
EDRPOU = "04053625"
IN_2018 = dt.date(2018, 4, 3)
IN_2026 = dt.date(2026, 3, 2)


def notice(cost, *, decision=DECISION, attached=10, iban=IBAN, edrpou=EDRPOU, fmt="a4"):
    return compose.compose_invoice(COMMON, REQUEST, cost, fmt, PAYEE, iban, edrpou=edrpou,
                                   decision=decision, attached_pages=attached)


# --- the subsistence minimum by year ---------------------------------------------------------

@pytest.mark.parametrize("year, value", [(2018, 1762), (2019, 1921), (2020, 2102), (2021, 2270),
                                         (2022, 2481), (2023, 2684), (2024, 3028), (2025, 3028),
                                         (2026, 3328), (2027, 3328)])
def test_subsistence_minimum_on_1_january(year, value):
    assert subsistence_minimum(dt.date(year, 1, 1)) == Decimal(value)
    assert rate_base(dt.date(year, 12, 31)) == Decimal(value)


def test_mid_year_changes_are_in_the_table_but_the_rate_uses_1_january():
    assert subsistence_minimum(dt.date(2018, 6, 30)) == Decimal("1762")
    assert subsistence_minimum(dt.date(2018, 7, 1)) == Decimal("1841")
    assert subsistence_minimum(dt.date(2018, 12, 1)) == Decimal("1921")
    assert rate_base(dt.date(2018, 12, 15)) == Decimal("1762")
    with pytest.raises(ValueError):
        subsistence_minimum(dt.date(2017, 12, 31))


# --- rates and amounts -----------------------------------------------------------------------

def test_2018_and_2026_rates_and_amounts():
    # 2018: 0.1 % (the text before the resolution of 15.01.2020 No. 4) of 1762 = 1.762 → 1.76
    old = copy_cost_on(IN_2018, 25, "a4", rate_set=True)
    assert (old.rate, old.charged_pages, old.amount) == (Decimal("1.76"), 15, Decimal("26.40"))
    # 2026: 0.2 % of 3328 = 6.656 → 6.65
    new = copy_cost_on(IN_2026, 25, "a4", rate_set=True)
    assert (new.rate, new.charged_pages, new.amount) == (Decimal("6.65"), 15, Decimal("99.75"))
    assert copy_cost_on(IN_2026, 25, "restricted", rate_set=True).rate == Decimal("13.31")
    assert copy_cost_on(dt.date(2020, 2, 3), 11, "a3", rate_set=True).rate == Decimal("6.30")


def test_ten_pages_are_free_and_the_eleventh_is_charged():
    ten = copy_cost_on(IN_2026, 10, "a4", rate_set=True)
    assert (ten.charged_pages, ten.amount, ten.free_reason) == (0, Decimal("0.00"),
                                                                FREE_WITHIN_LIMIT)
    eleven = copy_cost_on(IN_2026, 11, "a4", rate_set=True)
    assert (eleven.free_pages, eleven.charged_pages, eleven.amount) == (10, 1, Decimal("6.65"))
    assert eleven.charges and eleven.free_reason is None


def test_exempt_and_scanning_before_2020_are_free():
    assert copy_cost_on(IN_2026, 500, "a4", True, rate_set=True).free_reason == FREE_EXEMPT
    scan = copy_cost_on(IN_2018, 30, "scan", rate_set=True)
    assert (scan.amount, scan.free_reason) == (Decimal("0.00"), FREE_NO_LIMIT)


# --- the letter ------------------------------------------------------------------------------

def test_a_charging_notice_cites_the_decision_and_gives_the_amount_in_words():
    content = notice(copy_cost_on(IN_2026, 25, "a4", rate_set=True))
    text = content.plain_text()
    assert DECISION in text and "від 13.07.2011 № 740" in text
    assert "обсягом понад 10 сторінок" in text and "перші 10 сторінок надаються безоплатно" in text
    assert ("6,65 грн за сторінку (0,2 % прожиткового мінімуму для працездатних осіб станом на "
            "01.01.2026 — 3 328,00 грн)") in text
    assert "Платних сторінок — 15" in text
    assert "99,75 грн (дев'яносто дев'ять гривень 75 копійок)" in text
    assert f"код ЄДРПОУ {EDRPOU}; рахунок IBAN {IBAN}" in text
    assert "Перші 10 сторінок копій додаються до цього листа." in text
    assert content.attachments == ["копії документів на 10 арк."]
    assert "Додаток: копії документів на 10 арк." in text
    # Only the reminder that public-interest information is free (the details are valid).
    assert len(content.warnings) == 1 and "частина четверта статті 21" in content.warnings[0]


def test_the_2018_notice_uses_the_2018_figures():
    text = notice(copy_cost_on(IN_2018, 25, "a4", rate_set=True)).plain_text()
    assert "1,76 грн за сторінку (0,1 % прожиткового мінімуму для працездатних осіб станом на " \
           "01.01.2018 — 1 762,00 грн)" in text
    assert "26,40 грн (двадцять шість гривень 40 копійок)" in text


def test_without_a_decision_the_copies_are_free_and_the_letter_says_why():
    cost = copy_cost_on(IN_2026, 25, "a4", rate_set=False)
    assert (cost.amount, cost.free_reason, cost.charges) == (Decimal("0.00"), FREE_NO_RATE, False)
    content = notice(cost, decision="", attached=25)
    text = content.plain_text()
    assert "частини третьої статті 21" in text
    assert "не встановив розміру плати за копіювання або друк" in text
    assert "копії документів надаються безоплатно" in text
    assert "IBAN" not in text and "грн" not in text and "Реквізити" not in text
    assert "До цього листа додаються копії документів (25 сторінок)." in text
    assert content.attachments == ["копії документів на 25 арк."] and not content.warnings


def test_a_charge_without_a_decision_is_refused():
    with pytest.raises(ValueError):
        notice(copy_cost_on(IN_2026, 25, "a4", rate_set=True), decision=" ")


def test_pages_are_said_to_be_attached_only_when_they_are():
    content = notice(copy_cost_on(IN_2026, 25, "a4", rate_set=True), attached=0)
    text = content.plain_text()
    assert "додаються до цього листа" not in text and "Додаток" not in text
    assert content.attachments == [] and "до листа їх не додано" in content.warnings[0]


def test_ten_pages_or_fewer_are_free():
    text = notice(copy_cost_on(IN_2026, 7, "a4", rate_set=True), attached=7).plain_text()
    assert "загальний обсяг копій запитуваних документів — 7 сторінок" in text
    assert "Обсяг не перевищує 10 сторінок" in text and "частини другої статті 21" in text
    assert "До цього листа додаються копії документів (7 сторінок)." in text


def test_an_invalid_iban_is_a_warning_in_the_draft():
    content = notice(copy_cost_on(IN_2026, 25, "a4", rate_set=True),
                     iban="UA000000000000000000000000000")
    assert any("зразок" in w and "COUNCIL_IBAN" in w for w in content.warnings)


# --- payment details -------------------------------------------------------------------------

def test_valid_details_have_no_problems():
    assert edrpou_problem("04053625") is None
    assert iban_problem("UA21 3223 1300 0002 6007 2335 6600 1") is None
    assert payment_problems(PAYEE, EDRPOU, IBAN, DECISION) == []


def test_invalid_and_placeholder_ibans():
    assert "контрольні цифри" in iban_problem("UA00 3223 1300 0002 6007 2335 6600 1")
    assert "зразок" in iban_problem("UA00 0000 0000 0000 0000 0000 0000 0")
    assert "зразок" in iban_problem("UA00 0000…")
    assert "зразок" in iban_problem("UAXXXXXXXXXXXXXXXXXXXXXXXXXXX")
    assert "29" in iban_problem("UA2132231300000260072335660")
    assert "не український" in iban_problem("DE89370400440532013000")
    assert "Не зазначено IBAN" in iban_problem("")


def test_invalid_edrpou():
    assert "контрольна цифра" in edrpou_problem("04053626")
    assert "8 цифр" in edrpou_problem("1234567")
    assert "зразок" in edrpou_problem("00000000")
    assert "Не зазначено" in edrpou_problem(" ")


def test_payment_problems_list_every_problem_in_ukrainian():
    problems = payment_problems("", "04053626", "UA00 0000…", "")
    assert len(problems) == 4
    assert "COPY_RATE_DECISION" in problems[0] and "безоплатно" in problems[0]
    assert "COUNCIL_PAYEE" in problems[1]
    assert "ЄДРПОУ" in problems[2] and "IBAN" in problems[3]


# --- words -----------------------------------------------------------------------------------

@pytest.mark.parametrize("amount, words", [
    ("1234.56", "одна тисяча двісті тридцять чотири гривні 56 копійок"),
    ("2.00", "дві гривні 00 копійок"),
    ("21.00", "двадцять одна гривня 00 копійок"),
    ("5.00", "п'ять гривень 00 копійок"),
    ("11.01", "одинадцять гривень 01 копійка"),
    ("0.02", "нуль гривень 02 копійки"),
    ("1000000.00", "один мільйон гривень 00 копійок"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_amount_with_words():
    assert amount_with_words(Decimal("1234.56")) == (
        "1 234,56 грн (одна тисяча двісті тридцять чотири гривні 56 копійок)")


@pytest.mark.parametrize("n, phrase", [(1, "1 сторінка"), (2, "2 сторінки"), (5, "5 сторінок"),
                                       (11, "11 сторінок"), (21, "21 сторінка"),
                                       (24, "24 сторінки"), (112, "112 сторінок")])
def test_pages_agree_with_numbers(n, phrase):
    assert pages_phrase(n) == phrase


@pytest.mark.parametrize("ground, because", [
    ("public_interest", "оскільки запитувана інформація становить суспільний інтерес. Копії"),
    ("personal", "оскільки запитувана інформація є інформацією про Вас. Копії"),
])
def test_a_free_notice_names_the_one_exemption_that_applies(ground, because):
    cost = copy_cost_on(IN_2026, 500, "a4", True, rate_set=True)
    text = " ".join(compose.compose_invoice(
        COMMON, REQUEST, cost, "a4", PAYEE, IBAN, edrpou=EDRPOU, decision=DECISION,
        attached_pages=500, exempt_ground=ground).plain_text().split())
    assert "частини четвертої статті 21" in text and because in text
    assert " або " not in text.split("оскільки", 1)[1].split(".", 1)[0]
