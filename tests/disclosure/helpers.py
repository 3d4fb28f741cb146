"""What the disclosure tests share: requesters whose personal data must never reach a public
page, with the inflected forms of their names written out by hand (not by the code under
test), and a way to get an answer through the real letter workflow."""
from __future__ import annotations

import re

from tests.factories import with_information
from tracker.extensions import db

APOSTROPHES = "'ʼ’‘`"

#: (name as registered, gender, forms the text uses besides the words of the name).
PEOPLE = [
    ("Петренко Олег Іванович", "male", ["Петренку Олегу Івановичу", "пану Петренку",
                                         "Петренка Олега", "Олеже", "О. Петренко",
                                         "Петренку О. І.", "Петренкові", "Петренком"]),
    ("Коваленко Ірина Петрівна", "female", ["Коваленко Ірині Петрівні", "Коваленко Ірини",
                                             "Ірино Петрівно", "пані Коваленко", "І. П. Коваленко"]),
    ("Шевчук Андрій Миколайович", "male", ["Шевчуку Андрію", "Шевчука Андрія",
                                            "Андрію Миколайовичу", "пану Шевчуку", "А. М. Шевчук"]),
    ("Бондаренко Наталія Олегівна", "female", ["Бондаренко Наталії", "Наталіє",
                                                "Н. О. Бондаренко", "Наталією Олегівною"]),
    ("Мельник Василь Степанович", "male", ["Мельнику Василю", "Мельника Василя",
                                            "Василю Степановичу", "В. С. Мельнику"]),
    ("Ткачук Оксана Василівна", "female", ["Ткачук Оксані", "Оксано Василівно", "О. Ткачук"]),
    ("Кравчук Юрій Богданович", "male", ["Кравчуку Юрію", "Кравчука Юрія", "пане Юрію",
                                          "Кравчуком Юрієм"]),
    ("Олійник Світлана Ігорівна", "female", ["Олійник Світлані", "Світлано", "С. І. Олійник"]),
    ("Лисенко Дмитро Олександрович", "male", ["Лисенку Дмитру", "Лисенка Дмитра", "Дмитре",
                                               "Д. О. Лисенку"]),
    ("Савчук Марія Андріївна", "female", ["Савчук Марії", "Маріє Андріївно", "М. А. Савчук"]),
    ("Руденко Богдан Ярославович", "male", ["Руденку Богдану", "Руденка Богдана", "Богдане"]),
    ("Гнатюк Людмила Романівна", "female", ["Гнатюк Людмилі", "Людмило Романівно"]),
    ("Козаченко Тарас Петрович", "male", ["Козаченку Тарасу", "Козаченка Тараса",
                                           "Тарасе Петровичу"]),
    ("Марченко Галина Миколаївна", "female", ["Марченко Галині", "Галино", "Г. М. Марченко"]),
    ("Павленко Ярослав Ігорович", "male", ["Павленку Ярославу", "Павленка Ярослава",
                                            "Ярославе"]),
    ("Мороз Тетяна Вікторівна", "female", ["Мороз Тетяні", "Тетяно Вікторівно"]),
    ("Дем'яненко Мар'ян Олексійович", "male", ["Дем’яненку Мар’яну", "Дем'яненка Мар'яна",
                                                "Мар'яне"]),
    ("Красновська Яна Сергіївна", "female", ["Красновській Яні", "Красновської Яни", "Яно",
                                              "Я. С. Красновській"]),
    ("Зайченко-Ковальська Ольга Петрівна", "female", ["Зайченко-Ковальській Ользі", "Ольго",
                                                       "О. П. Зайченко-Ковальська"]),
    ("Гриценко Степан Іванович", "male", ["Гриценку Степану", "Гриценка Степана", "Степане"]),
]

PHONES = ["+380 67 {a} {b} {c}", "+38067{a}{b}{c}", "067 {a}-{b}-{c}", "(067) {a} {b} {c}",
          "067{a}{b}{c}", "+38 (050) {a}-{b}-{c}", "+380 (93) {a}{b}{c}", "063-{a}-{b}-{c}",
          "+380-97-{a}-{b}-{c}", "096 {a} {b}{c}"]
#: (postal address, its street's name, the name in other case forms written by hand). The
#: last three have no street word at all, as people write them.
ADDRESSES = [("вул. Садова, {n}, кв. 4, м. Житомир, 10001", "Садова", ["Садовій", "Садової"]),
             ("10008, м. Житомир, просп. Миру, {n}/2", "Миру", ["Миру"]),
             ("Житомирська обл., с. Іванівка, вул. Шкільна, {n}", "Шкільна",
              ["Шкільній", "Шкільною"]),
             ("м. Київ, бульв. Лесі Українки, {n}, кв. 17", "Лесі Українки", ["Лесі Українки"]),
             ("пров. Тихий, {n}, смт Черняхів, 12301", "Тихий", ["Тихому", "Тихого"]),
             ("вулиця Покровська {n}, м. Бердичів", "Покровська", ["Покровській"]),
             ("майдан Соборний, {n}, кв. 9, м. Житомир", "Соборний", ["Соборному"]),
             ("м. Житомир, Велика Бердичівська, {n}, кв. 5", "Велика Бердичівська",
              ["Великій Бердичівській", "Великої Бердичівської"]),
             ("Київська {n}, кв. 12, Житомир, 10003", "Київська", ["Київській", "Київською"]),
             ("10029, Житомир, Святослава Ріхтера, {n}", "Святослава Ріхтера",
              ["Святослава Ріхтера"])]


def person(i: int) -> dict:
    """The i-th requester: a name, an e-mail, a phone and a postal address of their own."""
    name, gender, forms = PEOPLE[i % len(PEOPLE)]
    a, b, c = f"{(i * 37) % 900 + 100:03d}", f"{(i * 13) % 90 + 10:02d}", f"{(i * 7) % 90 + 10:02d}"
    return {
        "name": name, "gender": gender, "forms": forms,
        "email": [f"req{i}@example.com", f"o.petrenko+foi{i}@ukr.net", f"user.{i}@gmail.com"][i % 3],
        "phone": PHONES[i % len(PHONES)].format(a=a, b=b, c=c),
        "phone_digits": f"{a}{b}{c}",
        "address": ADDRESSES[i % len(ADDRESSES)][0].format(n=10 + i),
        "street": ADDRESSES[i % len(ADDRESSES)][1], "street_forms": ADDRESSES[i % len(ADDRESSES)][2],
        "house": str(10 + i), "flat": str(i % 40 + 1),
    }


def answer_paragraphs(p: dict, i: int) -> list[str]:
    """An answer that mentions the requester the ways real answers do."""
    forms = p["forms"]
    return [
        f"Шановний (-а) {forms[i % len(forms)]}!",
        f"На Ваш запит, надісланий з адреси {p['email']}, повідомляємо про ремонт доріг "
        f"у 2025 році. Копію відповіді {forms[(i + 1) % len(forms)]} надіслано також поштою "
        f"за адресою: {p['address']}.",
        f"Для уточнень ми телефонували {forms[(i + 2) % len(forms)]} за номером {p['phone']}. "
        f"Площа відремонтованого покриття — 1 250 кв. м, кошторис затверджено 03.04.2025.",
        f"Запит {p['name']} розглянуто у строк. Зведені дані: 15 об'єктів, 4 підрядники.",
        # The address again, without a street word and in other cases, as people write it.
        [f"Повторну копію надіслано на адресу: {p['street']}, {p['house']}, кв. {p['flat']}.",
         f"Мешканець будинку {p['house']} на {forms_of(p)[0]} також звертався.",
         f"Лист вручено за адресою буд. {p['house']}, кв. {p['flat']} по {forms_of(p)[-1]}.",
         f"Ремонт під'їзду на {forms_of(p)[0]}, {p['house']} заплановано."][i % 4],
    ]


def forms_of(p: dict) -> list[str]:
    return p["street_forms"]


class Prepared:
    """A page's text as page_leaks reads it, made once for many requesters: case- and
    apostrophe-folded, its words as a set (a word stands alone in the text exactly when it
    is one of the runs of [\\w'-]), and without spaces and brackets for phone numbers."""

    def __init__(self, page: str):
        self.text = re.sub(f"[{APOSTROPHES}]", "'", page).casefold()
        self.words = set(re.findall(r"[\w'-]+", self.text))
        self.flat = re.sub(r"[\s()+-]", "", self.text)


def _alone(w: str, prepared: Prepared) -> bool:
    """``w`` in the text, not inside a longer word."""
    if re.fullmatch(r"[\w'-]+", w):
        return w in prepared.words
    return w in prepared.text and re.search(
        rf"(?<![\w'-]){re.escape(w)}(?![\w'-])", prepared.text) is not None


def page_leaks(page: str | Prepared, p: dict) -> list[str]:
    """Which of the requester's data occur in the page text (case- and apostrophe-blind);
    ``page`` may be Prepared once for many requesters."""
    prepared = page if isinstance(page, Prepared) else Prepared(page)
    text = prepared.text
    found = []
    words = {w for w in re.findall(r"[\w'-]+", p["name"]) if len(w) > 2}
    for form in p["forms"]:
        words |= {w for w in re.findall(r"[\w'-]+", form) if len(w) > 2}
    words -= {"пану", "пані", "пане"}
    for word in words:
        if _alone(re.sub(f"[{APOSTROPHES}]", "'", word).casefold(), prepared):
            found.append(word)
    if p["email"].casefold() in text:
        found.append(p["email"])
    if p["phone_digits"] in prepared.flat:
        found.append(p["phone"])
    for street in (p["street"], *p["street_forms"]):
        if _alone(re.sub(f"[{APOSTROPHES}]", "'", street).casefold(), prepared):
            found.append(street)
    house, flat = re.escape(p["house"]), re.escape(p["flat"])
    for shape in (rf"(?:буд\.|будин\w*)\s*№?\s*{house}(?!\d)", rf"(?<!\d){house}\s*,?\s*кв\.",
                  rf"кв\.\s*{flat}(?!\d)", *re.findall(r"(?<!\d)\d{5}(?!\d)", p["address"])):
        if re.search(shape, text):
            found.append(shape)
    address = " ".join(p["address"].split()).casefold()
    street = address.split(", ")[0] if address.startswith(("вул", "пров", "майдан")) else None
    for part in (address, street, *[s for s in address.split(", ") if re.search(r"\d", s)
                                     and re.search(r"[а-яіїєґ]{3}", s)]):
        if part and part in text:
            found.append(part)
    return found


def send_answer(call, head_user, rid: int, *, publish=None, redact=None, extra: str = ""):
    """Draft, finalise (the head signs at once) and send an answer through the API; returns
    the letter's JSON after sending."""
    from tracker.letters import operations as letter_ops
    r = call("POST", f"/api/v1/requests/{rid}/letters", json={"kind": "answer"})
    assert r.status_code == 201, r.json
    letter = letter_ops.get_letter(r.json["id"])
    with_information(head_user, letter)
    if extra:
        from tracker.letters.content import LetterContent
        content = LetterContent.from_dict(letter.content)
        letter_ops.update_letter(head_user, letter, {
            "text": content.body_text() + "\n\n" + extra, "addressee": content.addressee,
            "addressee_lines": "\n".join(content.addressee_lines),
            "signatory_position": content.signatory_position or "Посада",
            "signatory_name": content.signatory_name or "Н. ЧИЖ"})
        db.session.commit()
    lid = r.json["id"]
    assert call("POST", f"/api/v1/letters/{lid}/finalize").status_code == 200
    body = {} if publish is None else {"publish": publish}
    if redact is not None:
        body["redact"] = redact
    return call("POST", f"/api/v1/letters/{lid}/send", json=body)
