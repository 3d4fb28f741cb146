"""Letter composition, names and costs (pure: no app)."""
import datetime as dt
from decimal import Decimal

import pytest

from tests.letters.helpers import COMMON, REQUEST
from tracker.letters import compose
from tracker.letters.content import TABLE_MARK, LetterContent
from tracker.letters.costs import copy_cost
from tracker.letters.names import dative, signature_name


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
    ("Яна Красновська", "female", "Яні Красновській"),
    ("Ірина Коваль", "female", "Ірині Коваль"),
    ("Бондар Іван", "male", "Бондарю Івану"),
])
def test_dative(name, gender, expected):
    assert dative(name, gender) == expected


def test_signature_name():
    assert signature_name("Наталія Чиж") == "Наталія ЧИЖ"
    assert signature_name("Чиж Н.М.") == "Н.М. ЧИЖ"
    assert signature_name("Чиж Наталія Миколаївна") == "Наталія ЧИЖ"


def test_answer_opening_paragraphs_by_category_and_computed_totals():
    c = compose.compose_answer(COMMON, REQUEST, RECORDS)
    assert c.paragraphs[0] == ("Розглянувши Ваш запит від 28.03.2018 щодо надання інформації "
                               "про PR-заходи міської ради, повідомляємо таке.")
    assert c.paragraphs[1] == "Щодо телебачення: підготовлено 45 відео сюжетів."
    assert c.paragraphs[2] == ("Щодо радіо: проведено 8 рекламних кампаній на радіо. "
                               "Рішення щодо МІЦ не прийнято.")
    assert c.table.total == ["", "Усього за наведеними заходами", "400 000,00", "263 563,61", "65,9"]
    assert c.table.rows[0][2:] == ["80 000,00", "73 563,61", "92,0"]
    assert c.table.rows[2][2:] == ["120 000,00", "0,00", "0,0"]
    assert "«Ефективна влада. Конкурентне місто» за 9 місяців 2018 року" in c.table_intro
    assert c.reference_line == "на № 25/К-170із від 28.03.2018"
    assert c.date_line == "03.04.2018 № 25/К-170із"
    assert c.warnings == []
    text = c.plain_text()
    assert "про наступне" not in text and "Телебачення." not in text


def test_answer_paragraphs_read_as_prose():
    records = [
        compose.RecordInfo("Сайт", 'Щодня оновлюється 10-12 повідомлень у рубриці "Новини"',
                           "Вебсайт", 1, None, None),
        compose.RecordInfo("Делегації", "Прийнято делегацію з м. Хулун-Буїр", "Заходи та делегації",
                           2, None, None),
        compose.RecordInfo("Ютуб", "Житомирська міська рада має канал у мережі Youtube", None,
                           999, None, None),
    ]
    c = compose.compose_answer(COMMON, REQUEST, records)
    assert c.paragraphs[1:] == [
        "Щодо вебсайту: щодня оновлюється 10-12 повідомлень у рубриці «Новини».",
        "Щодо заходів та делегацій: прийнято делегацію з м. Хулун-Буїр.",
        "Крім того, Житомирська міська рада має канал у мережі Youtube.",
    ]


def test_answer_prints_the_computed_percent_and_warns_of_a_stated_one():
    row = compose.RecordInfo("Друк буклетів", "Виготовлено буклети", "Поліграфічна продукція", 1,
                             Decimal("100000.00"), Decimal("68000.00"), percent_stated=Decimal("38"))
    fine = compose.RecordInfo("Сайт", "Супровід сайту", "Вебсайт", 2, Decimal("180000.00"),
                              Decimal("89379.95"), percent_stated=Decimal("49.6"))
    c = compose.compose_answer(COMMON, REQUEST, [row, fine])
    assert [r[4] for r in c.table.rows] == ["68,0", "49,7"]
    assert c.warnings == ["Рядок 1 («Друк буклетів»): у звіті зазначено 38 %, а за сумами "
                          "(68 000,00 з 100 000,00 грн) виходить 68,0 %; у таблиці наведено "
                          "обчислений відсоток."]
    assert "38" not in c.plain_text()


def test_answer_checks_the_stated_total_of_the_sample_report():
    # The 9-month 2018 report: 840 463,65 of 1 640 000,00 = 51,2478 %, stated as 50,6 %.
    row = compose.RecordInfo("Усі заходи", "Виконано", "Вебсайт", 1, Decimal("1640000.00"),
                             Decimal("840463.65"))
    c = compose.compose_answer(COMMON, REQUEST, [row], stated_total_percent=Decimal("50.6"))
    assert c.table.total[4] == "51,2"
    assert c.warnings == ["Рядок «Усього»: у звіті зазначено 50,6 %, а за сумами (840 463,65 з "
                          "1 640 000,00 грн) виходить 51,2 %; у таблиці наведено обчислений "
                          "відсоток."]
    table = compose.measures_table([row], stated_total_percent=Decimal("51.2"), warnings=[])
    assert table.total[4] == "51,2"


def test_format_percent_fixed():
    from tracker.letters.compose.answer import format_percent_fixed
    assert [format_percent_fixed(Decimal(v)) for v in ("68", "51.25", "51.2478", "0", "99.95")] == [
        "68,0", "51,3", "51,2", "0,0", "100,0"]
    assert format_percent_fixed(None) == ""


@pytest.mark.parametrize("subject, expected", [
    ("Інформація про PR-заходи міської ради", "надання інформації про PR-заходи міської ради"),
    ("публічну інформацію щодо витрат на рекламу", "публічної інформації щодо витрат на рекламу"),
    ("Копії рішення сесії", "копій рішення сесії"),  # copies (the subject's nominative)
    ("Копія рішення сесії", "копії рішення сесії"),
    ("Дані про ДТП", "даних про ДТП"),
    ("Витрати на рекламу", "витрат на рекламу"),
    ("Інформаційний запит - Бюджет участі", "бюджету участі"),
    ("Прошу надати копію рішення виконкому", "надання копії рішення виконкому"),
    ('Скільки коштів витрачено на "Бюджет участі"?',
     "питання «Скільки коштів витрачено на „Бюджет участі“?»"),
])
def test_subject_phrase(subject, expected):
    assert compose.common.subject_phrase(subject) == expected


def test_an_opening_that_cannot_take_the_subject_warns():
    r = compose.RequestInfo(**{**REQUEST.__dict__, "subject": "Скільки коштів витрачено?"})
    c = compose.compose_answer(COMMON, r, RECORDS)
    assert c.paragraphs[0] == ("Розглянувши Ваш запит від 28.03.2018 щодо питання «Скільки коштів "
                               "витрачено?», повідомляємо таке.")
    assert c.warnings and "Скільки коштів витрачено?" in c.warnings[0]
    assert "Скільки" not in "".join(c.warnings[1:])


def test_answer_without_money_has_no_table():
    c = compose.compose_answer(COMMON, REQUEST, [compose.RecordInfo(
        "Сайт", "Щодня 10-12 новин", "Вебсайт", 1, None, None)])
    assert c.table is None


def test_refusal_has_the_five_items_and_the_appeal():
    c = compose.compose_refusal(COMMON, REQUEST, "not_holder", "Інформацією володіє ОДА")
    text = c.plain_text()
    assert "1. Посадова особа, відповідальна за розгляд запиту: Ірина Коваль, начальник управління" in text
    assert "2. Дата відмови: 03.04.2018" in text
    assert "пункт 1 частини першої статті 22 Закону України «Про доступ до публічної інформації»" in text
    assert "Інформацією володіє ОДА." in text
    assert "статті 23" in text and "до суду" in text and "Уповноваженого Верховної Ради" in text
    assert "міського голови" in text
    assert "Секретар міської ради    Наталія ЧИЖ" in text  # 5: the signature block


def test_deferral_has_the_five_items():
    c = compose.compose_deferral(COMMON, REQUEST, "Знеструмлення архіву", dt.date(2018, 4, 20))
    text = c.plain_text()  # the date of the notice is the letter's date (03.04.2018 here)
    for item in ("частин шостої та сьомої статті 22",
                 "1. Посадова особа, відповідальна за розгляд запиту: Ірина Коваль",
                 "2. Дата надіслання повідомлення про відстрочку: 03.04.2018",
                 "3. Причини, з яких запит не може бути задоволено у встановлений зазначеним Законом "
                 "строк (обставини непереборної сили): Знеструмлення архіву.",
                 "4. Строк, у який буде задоволено запит: до 20.04.2018.",
                 "Наталія ЧИЖ", "статті 23"):
        assert item in text, item


def test_extension_names_the_reason_and_the_new_date():
    text = compose.compose_extension(COMMON, REQUEST, "великий обсяг", dt.date(2018, 4, 26)).plain_text()
    assert "частини четвертої статті 20" in text and "до 26.04.2018 включно" in text
    assert "Обґрунтування продовження строку: великий обсяг." in text
    assert "Розглянувши" not in text  # the request has not been considered yet


def test_forwarding_pair():
    holder_ = compose.Holder(name="Житомирська ОДА", dative="Житомирській ОДА", pronoun="яка",
                             address="oda@example.gov.ua", reason="вона розпоряджається коштами")
    forwarded = compose.ForwardedRequest(
        requester_genitive="Красновської Я.", contact_lines=["Красновська Я.", "e-mail: ya@x.ua"],
        text="Прошу надати інформацію.\n\nДякую.", notice_number="№ 1")
    notice = compose.compose_forwarding(COMMON, REQUEST, holder_).plain_text()
    holder = compose.compose_forwarding_to_holder(COMMON, REQUEST, holder_, forwarded)
    assert "надіслано за належністю Житомирській ОДА (oda@example.gov.ua), яка розгляне Ваш запит" in notice
    assert ("виконавчий комітет Житомирської міської ради не володіє запитуваною інформацією "
            "і не зобов'язаний") in notice
    assert "з дня його надходження до належного розпорядника" in notice
    # ДСТУ 4163:2020: a body addressed as such is named in the nominative.
    assert holder.addressee == "Житомирська ОДА" and holder.addressee_lines == ["oda@example.gov.ua"]
    assert holder.ref_number is None and holder.reference_line is None
    text = holder.plain_text()
    assert "запит на інформацію Красновської Я. від 28.03.2018 (вх. № 25/К-170із)" in text
    assert "«Прошу надати інформацію." in text and "Дякую.»" in text
    assert "Контактні дані запитувача: Красновська Я.; e-mail: ya@x.ua." in text


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
    content = compose.compose_invoice(COMMON, REQUEST, cost, "a4", "Виконком",
                                      "UA21 3223 1300 0002 6007 2335 6600 1",
                                      edrpou="04053625", attached_pages=10,
                                      decision="рішення виконавчого комітету від 12.02.2021 № 123")
    text = content.plain_text()
    assert "6,65 грн за сторінку" in text and "IBAN UA213223130000026007233566001" in text
    assert "до сплати разом 99,75 грн (дев'яносто дев'ять гривень 75 копійок)" in text
    assert "перші 10 сторінок надаються безоплатно" in text
    assert "Перші 10 сторінок копій додаються до цього листа." in text
    assert content.attachments == ["копії документів на 10 арк."]
    assert [w for w in content.warnings if "частина четверта статті 21" not in w] == []


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
