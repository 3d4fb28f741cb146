"""Letter composition, names and costs (pure: no app)."""
import datetime as dt
from decimal import Decimal

import pytest

from tracker.letters import compose
from tracker.letters.content import TABLE_MARK, Council, LetterContent
from tracker.letters.costs import copy_cost
from tracker.letters.names import dative, signature_name

COUNCIL = Council(name="ЖИТОМИРСЬКА МІСЬКА РАДА", unit="ВИКОНАВЧИЙ КОМІТЕТ",
                  address="майдан ім. С.П. Корольова, 4/2, м. Житомир, 10014", phone="48-11-85",
                  email="mvk@zt-rada.gov.ua", website="https://zt-rada.gov.ua", edrpou="04053625")
COMMON = compose.Common(council=COUNCIL, today=dt.date(2018, 4, 3), number="25/К-170із",
                        signatory=compose.Person("Наталія Чиж", "Секретар міської ради"),
                        executor=compose.Person("Ірина Коваль", "Начальник управління",
                                                "48-11-85"),
                        signature="Наталія ЧИЖ")
REQUEST = compose.RequestInfo(number="25/К-170із", received=dt.date(2018, 3, 28),
                              subject="Інформація про PR-заходи міської ради",
                              requester_name="Красновська Я.", addressee="Красновській Я.",
                              address_lines=["e-mail: foi+request-32845-3d497b34@dostup.pravda.com.ua"])


def rec(measure, text, category, order, planned, financed):
    return compose.RecordInfo(measure=measure, text=text, category=category,
                              category_order=order, planned=Decimal(planned),
                              financed=Decimal(financed),
                              programme="Ефективна влада. Конкурентне місто",
                              period="9 місяців 2018 року")


RECORDS = [
    rec("Інформаційні та рекламні послуги у сфері радіо", "Проведено 8 рекламних кампаній на радіо",
        "Радіо", 2, "80000.00", "73563.61"),
    rec("Висвітлення діяльності на телебаченні", "Підготовлено 45 відео сюжетів", "Телебачення", 1,
        "200000.00", "190000.00"),
    rec("Розвиток міського радіо", "Рішення щодо МІЦ не прийнято", "Радіо", 2, "120000.00", "0"),
]


@pytest.mark.parametrize("name, gender, expected", [
    ("Красновська Я.", "female", "Красновській Я."),
    ("Петренко Олег", "male", "Петренку Олегу"),
    ("Коваль Ірина Петрівна", "female", "Коваль Ірині Петрівні"),
    ("ТОВ «Житомир-Медіа»", None, "ТОВ «Житомир-Медіа»"),
])
def test_dative(name, gender, expected):
    assert dative(name, gender) == expected


def test_signature_name():
    assert signature_name("Наталія Чиж") == "Наталія ЧИЖ"
    assert signature_name("Чиж Н.М.") == "Н.М. ЧИЖ"


def test_answer_opening_paragraphs_by_category_and_computed_totals():
    c = compose.compose_answer(COMMON, REQUEST, RECORDS)
    assert c.paragraphs[0] == ("Розглянувши Ваш запит від 28.03.2018 щодо надання інформації "
                               "про PR-заходи міської ради, повідомляємо про наступне.")
    assert c.paragraphs[1] == "Телебачення. Підготовлено 45 відео сюжетів."
    assert c.paragraphs[2] == ("Радіо. Проведено 8 рекламних кампаній на радіо. "
                               "Рішення щодо МІЦ не прийнято.")
    assert c.table.total == ["", "Усього", "400 000,00", "263 563,61", "65,89"]
    assert c.table.rows[0][2:] == ["80 000,00", "73 563,61", "91,95"]
    assert "«Ефективна влада. Конкурентне місто» за 9 місяців 2018 року" in c.table_intro
    assert c.reference_line == "на № 25/К-170із від 28.03.2018"
    assert c.date_line == "03.04.2018 № 25/К-170із"


def test_answer_without_money_has_no_table():
    c = compose.compose_answer(COMMON, REQUEST, [compose.RecordInfo(
        "Сайт", "Щодня 10-12 новин", "Вебсайт", 1, None, None)])
    assert c.table is None


def test_refusal_has_the_five_items_and_the_appeal():
    c = compose.compose_refusal(COMMON, REQUEST, "not_holder", "Інформацією володіє ОДА")
    text = c.plain_text()
    assert "1. Посадова особа, відповідальна за розгляд запиту: Ірина Коваль, Начальник управління" in text
    assert "2. Дата відмови: 03.04.2018" in text
    assert "пункт 1 частини першої статті 22 Закону України «Про доступ до публічної інформації»" in text
    assert "Інформацією володіє ОДА." in text
    assert "статті 23" in text and "до суду" in text and "Уповноваженого Верховної Ради" in text
    assert "міського голови" in text
    assert "Секретар міської ради    Наталія ЧИЖ" in text  # 5: the signature block


def test_deferral_has_the_five_items():
    c = compose.compose_deferral(COMMON, REQUEST, "Знеструмлення архіву", dt.date(2018, 4, 20))
    text = c.plain_text()
    for item in ("1. Посадова особа, відповідальна за розгляд запиту: Ірина Коваль",
                 "2. Дата надіслання повідомлення: 03.04.2018",
                 "3. Причини, з яких запит не може бути задоволено у встановлений строк: "
                 "Знеструмлення архіву.",
                 "4. Строк, у який буде задоволено запит: до 20.04.2018.",
                 "Наталія ЧИЖ", "статті 23"):
        assert item in text, item


def test_extension_names_the_reason_and_the_new_date():
    text = compose.compose_extension(COMMON, REQUEST, "великий обсяг", dt.date(2018, 4, 26)).plain_text()
    assert "частини четвертої статті 20" in text and "до 26.04.2018 включно" in text
    assert "Причина продовження строку: великий обсяг." in text


def test_forwarding_pair():
    notice = compose.compose_forwarding(COMMON, REQUEST, "Житомирська ОДА", "oda@example.gov.ua")
    holder = compose.compose_forwarding_to_holder(COMMON, REQUEST, "Житомирська ОДА",
                                                  "oda@example.gov.ua")
    assert "надіслано належному розпоряднику інформації — Житомирська ОДА" in notice.plain_text()
    assert "Житомирська міська рада не володіє" in notice.plain_text()
    assert holder.addressee == "Житомирська ОДА" and holder.addressee_lines == ["oda@example.gov.ua"]
    assert "запит на інформацію Красновська Я. від 28.03.2018 (вх. № 25/К-170із)" in holder.plain_text()


def test_copy_costs_round_down_and_spare_the_first_ten_pages():
    cost = copy_cost(25, "a4", Decimal("3328"))
    assert (cost.rate, cost.charged_pages, cost.amount) == (Decimal("6.65"), 15, Decimal("99.75"))
    assert copy_cost(10, "a3", Decimal("3328")).amount == Decimal("0.00")
    assert copy_cost(11, "restricted", Decimal("3328")).amount == Decimal("13.31")
    assert copy_cost(500, "a4", Decimal("3328"), exempt=True).amount == Decimal("0.00")
    with pytest.raises(ValueError):
        copy_cost(5, "a5", Decimal("3328"))


def test_invoice_text():
    cost = copy_cost(25, "a4", Decimal("3328"))
    text = compose.compose_invoice(COMMON, REQUEST, cost, "a4", "Виконком", "UA12").plain_text()
    assert "6,65 грн за сторінку, разом 99,75 грн" in text and "IBAN UA12" in text
    assert "перші 10 сторінок надаються безоплатно" in text


def test_edited_text_round_trips_and_drops_the_table_when_asked():
    c = compose.compose_answer(COMMON, REQUEST, RECORDS)
    body = c.body_text()
    assert TABLE_MARK in body
    c.set_body_text(body.replace("наступне.", "таке.") + "\n\nДодатковий абзац <b>жирний</b>.")
    assert c.paragraphs[0].endswith("таке.") and c.closing == ["Додатковий абзац <b>жирний</b>."]
    assert c.table is not None
    again = LetterContent.from_dict(c.to_dict())
    assert again == c
    c.set_body_text(body.replace(TABLE_MARK, ""))
    assert c.table is None
