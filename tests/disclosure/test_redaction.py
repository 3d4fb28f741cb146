"""The redaction itself, pure: names in every case, initials, e-mails, phones, addresses and
the official's marked passages go; the rest of the answer stays as it was."""
import pytest

from tests.disclosure.helpers import PEOPLE, answer_paragraphs, page_leaks, person
from tracker.disclosure.redaction import (REMOVED, Personal, missing_passages, passages_from,
                                          redact)


def personal(p):
    return Personal(names=[p["name"]], emails=[p["email"]], phones=[p["phone"]],
                    addresses=[p["address"]])


@pytest.mark.parametrize("i", range(len(PEOPLE) * 2))
def test_every_form_of_every_name_goes(i):
    p = person(i)
    text = "\n\n".join(answer_paragraphs(p, i)) + "\n\n" + " ".join(p["forms"])
    out, removed = redact(text, personal(p))
    assert page_leaks(out, p) == [], out
    assert removed >= 4
    # What is no personal data stays: figures, dates, area, the year.
    assert "1 250 кв. м" in out and "03.04.2025" in out and "2025 році" in out
    assert "15 об'єктів, 4 підрядники" in out


def test_initials_next_to_a_name_go_with_it():
    out, _ = redact("Надіслано О. І. Петренку та Петренку О.І., копія — Петренко О.",
                    Personal(names=["Петренко Олег Іванович"]))
    assert out == f"Надіслано {REMOVED} та {REMOVED}, копія — {REMOVED}"


def test_phones_of_every_shape_go_but_dates_and_sums_stay():
    text = ("Тел. +380 67 123 45 67, 067 123-45-67, (067) 1234567, 0671234567, +380671234567, "
            "48-11-85. Рішення від 28.03.2018 № 25/К-170із, сума 1 234 567 грн, "
            "ЄДРПОУ 04053625, за 2017-2018 роки.")
    out, _ = redact(text, Personal())
    assert out.count(REMOVED) == 1  # one run of numbers, merged
    for kept in ("28.03.2018", "25/К-170із", "1 234 567 грн", "04053625", "2017-2018"):
        assert kept in out


def test_street_addresses_go_even_when_they_are_not_the_requesters():
    text = ("Об'єкт на вул. Шевченка, 5 і на вулиці Івана Франка 3; також 10014, м. Житомир, "
            "просп. Миру, 5/2. Площа 50 кв. м, ремонт площі не планується.")
    out, _ = redact(text, Personal())
    assert "Шевченка, 5" not in out and "Франка 3" not in out and "Миру" not in out
    assert "Площа 50 кв. м" in out and "ремонт площі не планується" in out


def test_marked_passages():
    assert passages_from("перший\n  \n[[другий]] і [[третій]]") == ["перший", "другий", "третій"]
    assert passages_from(["а", " б "]) == ["а", "б"]
    assert missing_passages("Текст  відповіді тут.", ["текст відповіді", "немає"]) == ["немає"]
    out, n = redact("Договір № 17 підписав\nдиректор. Решта.",
                    Personal(passages=["Договір № 17 підписав директор."]))
    assert out == f"{REMOVED} Решта." and n == 1


def test_the_requesters_address_goes_without_a_street_word_and_in_any_case():
    """The reviewer's examples: the street written without «вул.», in the locative, and a
    house and flat standing before it."""
    own = Personal(addresses=["м. Житомир, вул. Велика Бердичівська, 12, кв. 5, 10014"])
    for text in ("Відповідь надіслано на адресу: Велика Бердичівська, 12, кв. 5.",
                 "Мешканець будинку 12 на Великій Бердичівській скаржився на сміття.",
                 "Лист вручено: буд. 12, кв. 5 по Великій Бердичівській.",
                 "Ремонт на Бердичівській, 12 завершено; поштовий індекс 10014.",
                 "Вулиця Великої Бердичівської, будинок № 12."):
        out, _ = redact(text, own)
        for leak in ("Бердичівськ", "12", "кв. 5", "10014"):
            assert leak not in out, (text, out)
    out, _ = redact("Площа 50 кв. м, звіт за 1 кв. 2025 року, 12 квартир у будинку.", own)
    assert out == "Площа 50 кв. м, звіт за 1 кв. 2025 року, 12 квартир у будинку."


def test_anyones_house_flat_and_postcode_go():
    out, _ = redact("Скарга з буд. 7, кв. 31 на сусідів; ще будинку № 4а, квартира 2; "
                    "адреса 10029, м. Житомир.", Personal())
    assert out == f"Скарга з {REMOVED} на сусідів; ще {REMOVED}; адреса {REMOVED}."


def test_the_index_and_letter_numbers_go():
    out, _ = redact("На Ваш запит від 20.11.2026 № 25/П-4із (лист № 25/П-4із/1).",
                    Personal(numbers=["25/П-4із", "25/П-4із/1"]))
    assert "П-4" not in out and out.startswith("На Ваш запит від 20.11.2026 № [вилучено]")
