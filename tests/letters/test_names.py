"""Names in letters: dative and genitive, the order of the words, signatures (pure)."""
import pytest

from tracker.letters.names import (dative, genitive, person_dative, signature_from_parts,
                                   signature_name)

GENDER_WARNING = "Не вдалося визначити рід запитувача: перевірте давальний відмінок імені."


@pytest.mark.parametrize("name, gender, expected", [
    ("Красновська Я.", "female", "Красновській Я."),
    ("Яна Красновська", "female", "Яні Красновській"),
    ("Ірина Коваль", "female", "Ірині Коваль"),
    ("Коваль Ірина Петрівна", "female", "Коваль Ірині Петрівні"),
    ("Петренко Олег Іванович", "male", "Петренку Олегу Івановичу"),
    ("Бондар", "male", "Бондарю"),
    ("Бондар Ірина", "female", "Бондар Ірині"),
    ("Шевченко Тарас", "male", "Шевченку Тарасу"),
    ("Шевченко Ольга", "female", "Шевченко Ользі"),
    ("Франко Іван", "male", "Франку Івану"),
    ("Віктор Гюго", "male", "Віктору Гюго"),
    ("Дюма Олександр", "male", "Дюма Олександру"),
    ("Руссо Жан-Жак", "male", "Руссо Жану-Жаку"),
    ("Наталія Миколаївна Чиж", "female", "Наталії Миколаївні Чиж"),
    ("Косач-Квітка Лариса", "female", "Косач-Квітці Ларисі"),
    ("КРАСНОВСЬКА ЯНА", "female", "КРАСНОВСЬКІЙ ЯНІ"),
    ("ТОВ «Житомир-Медіа»", None, "ТОВ «Житомир-Медіа»"),
    ("Сидоренко Ілля Ілліч", None, "Сидоренку Іллі Іллічу"),  # -ліч, not only -ич
    ("Петренко Олег Кузьмич", None, "Петренку Олегу Кузьмичу"),
])
def test_dative(name, gender, expected):
    assert dative(name, gender) == expected


@pytest.mark.parametrize("name, expected", [
    ("Яна Красновська", "Яні Красновській"),  # the given name tells the gender
    ("Петренко Олег Іванович", "Петренку Олегу Івановичу"),
    ("Красновська Я.", "Красновській Я."),  # so does an adjectival surname
    ("Чиж Наталія Миколаївна", "Чиж Наталії Миколаївні"),
])
def test_person_dative_takes_the_gender_from_the_name(name, expected):
    assert person_dative(name, None) == (expected, None)


@pytest.mark.parametrize("name", ["Саша Коваль", "Коваль", "Женя Бондар"])
def test_person_dative_warns_when_nothing_tells_the_gender(name):
    assert person_dative(name, None) == (name, GENDER_WARNING)


def test_person_dative_warns_of_what_it_cannot_inflect():
    form, warning = person_dative("Шарло", "male")
    assert form == "Шарло" and "Шарло" in warning and "давальний" in warning
    form, warning = person_dative("ТОВ «Житомир-Медіа»", "male")
    assert form == "ТОВ «Житомир-Медіа»" and warning
    assert person_dative("", None) == ("", None)


@pytest.mark.parametrize("name, gender, expected", [
    ("Петренко Олег", "male", "Петренка Олега"),
    ("Яна Красновська", None, "Яни Красновської"),
    ("Ірина Коваль", "female", "Ірини Коваль"),
    ("Бондар Іван", "male", "Бондаря Івана"),
    ("Гюго", "male", "Гюго"),
])
def test_genitive(name, gender, expected):
    assert genitive(name, gender) == expected


@pytest.mark.parametrize("name, expected", [
    ("Чиж Наталія Миколаївна", "Наталія ЧИЖ"),
    ("Наталія Чиж", "Наталія ЧИЖ"),
    ("Наталія Миколаївна Чиж", "Наталія ЧИЖ"),
    ("Чиж Наталія", "Наталія ЧИЖ"),
    ("Чиж Н.М.", "Н.М. ЧИЖ"),
    ("Н.М. Чиж", "Н.М. ЧИЖ"),
    ("Чиж Н. М.", "Н.М. ЧИЖ"),
    ("Тест head", "Тест HEAD"),
])
def test_signature_name(name, expected):
    assert signature_name(name) == expected


def test_signature_from_parts():
    assert signature_from_parts("Наталія", "Чиж") == "Наталія ЧИЖ"
    assert signature_from_parts("Наталія Миколаївна", "Чиж") == "Наталія ЧИЖ"
    assert signature_from_parts("", "Чиж") == "ЧИЖ"
    assert signature_from_parts("Н.М.", "Чиж") == "Н.М. ЧИЖ"
