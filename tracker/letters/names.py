"""Names as letters need them. Pure.

The addressee is in the dative case (``Красновська Я.`` → ``Красновській Я.``, ``Яна
Красновська`` → ``Яні Красновській``), the requester in the genitive (``запит Петренка
Олега``); the signature is ``Власне ім'я ПРІЗВИЩЕ`` (``Чиж Наталія Миколаївна`` →
``Наталія ЧИЖ``).

The order of the words is read, not assumed: a given name is a word pymorphy3 tags as a
name (``Name``), a patronymic ends in -ович/-івна…; registers write the surname first,
people and users often the given name first. Given names and patronymics are inflected by
shevchenko-py; surnames by pymorphy3's dictionary of surnames where it knows them (it knows
that Гюго, Дюма, Руссо do not decline and that Бондар takes -ю), by shevchenko-py otherwise.
Where the gender is not stored it is taken from the patronymic, the given name or an
adjectival surname (-ська/-ський); when nothing tells it, the name is left as written and
the caller gets a warning for the official.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import shevchenko

from ..core.i18n import N_, Note
from .grammar import _APOS_RE, match_case, parses

_GENDER = {"female": "femn", "feminine": "femn", "f": "femn", "жіноча": "femn",
           "male": "masc", "masculine": "masc", "m": "masc", "чоловіча": "masc"}
_SHEVCHENKO_GENDER = {"femn": "feminine", "masc": "masculine"}
_PATRONYMIC = re.compile(r"(?:ович|евич|євич|йович|ич|лліч|івна|ївна|ична|інічна)$", re.IGNORECASE)
_PATRONYMIC_FEMN = re.compile(r"(?:вна|ична|інічна)$", re.IGNORECASE)
_ADJ_SURNAME = {"masc": re.compile(r"(?:ський|цький|зький)$", re.IGNORECASE),
                "femn": re.compile(r"(?:ська|цька|зька)$", re.IGNORECASE)}
_PERSON_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['ʼ’`-])*$")

#: Warnings for the editor, one per case (a case's name inside a sentence does not translate).
WARN_GENDER = {"datv": N_("Не вдалося визначити рід запитувача: перевірте давальний відмінок "
                          "імені."),
               "gent": N_("Не вдалося визначити рід запитувача: перевірте родовий відмінок "
                          "імені.")}
WARN_UNKNOWN = {"datv": N_("Не вдалося відмінити ім'я «%(name)s»: перевірте давальний відмінок."),
                "gent": N_("Не вдалося відмінити ім'я «%(name)s»: перевірте родовий відмінок.")}
WARN_NOT_A_NAME = {"datv": N_("«%(name)s» не схоже на ім'я особи: перевірте давальний відмінок."),
                   "gent": N_("«%(name)s» не схоже на ім'я особи: перевірте родовий відмінок.")}


def _is_initial(token: str) -> bool:
    return "." in token and all(len(p) <= 2 for p in token.split(".") if p) and \
        len(token.replace(".", "")) <= 3


# --- reading a name ---------------------------------------------------------------------------
def _given_genders(word: str) -> set[str]:
    """The genders a word has as a given name in the nominative; empty if it is not one."""
    return {p.tag.gender for p in parses(word)
            if "Name" in p.tag and p.tag.case == "nomn" and "plur" not in p.tag and p.tag.gender}


def _is_given(word: str) -> bool:
    return bool(_given_genders(word))


def _is_patronymic(word: str) -> bool:
    return bool(_PATRONYMIC.search(word)) and not _is_given(word)


@dataclass
class _Layout:
    tokens: list[str]
    roles: list[str]  # per token: "F" family, "G" given, "P" patronymic, "I" initials

    def word(self, role: str) -> str | None:
        return next((t for t, r in zip(self.tokens, self.roles) if r == role), None)


def _layout(name: str, given_first: bool) -> _Layout | None:
    """Which word is which; None when this does not look like a person's name.
    ``given_first`` decides the order when the words do not tell it."""
    tokens = (name or "").split()
    if not tokens or len(tokens) > 4:
        return None
    initials = [_is_initial(t) for t in tokens]
    words = [t for t, i in zip(tokens, initials) if not i]
    if not words or len(words) > 3 or not all(_PERSON_WORD.match(w) for w in words):
        return None
    if any(initials):
        if len(words) != 1:
            return None
        return _Layout(tokens, ["I" if i else "F" for i in initials])
    if len(words) == 1:
        return _Layout(tokens, ["F"])
    if len(words) == 2:
        a, b = words
        if _is_given(a) and not _is_given(b):
            roles = ["G", "P"] if _is_patronymic(b) else ["G", "F"]
        elif _is_given(b) and not _is_given(a):
            roles = ["F", "G"]
        elif _is_patronymic(b):
            roles = ["G", "P"]
        else:
            roles = ["G", "F"] if given_first else ["F", "G"]
        return _Layout(tokens, roles)
    a, b, c = words
    if _is_patronymic(c) and not _is_patronymic(b):
        return _Layout(tokens, ["F", "G", "P"])
    if _is_patronymic(b) and not _is_patronymic(c):
        return _Layout(tokens, ["G", "P", "F"])
    if _is_given(a) and not _is_given(c):
        return _Layout(tokens, ["G", "G", "F"])
    return None


def _guess_gender(layout: _Layout) -> str | None:
    """The gender the words tell (patronymic, given name, adjectival surname), None when they
    tell none or disagree."""
    clues = set()
    patronymic = layout.word("P")
    if patronymic:
        clues.add("femn" if _PATRONYMIC_FEMN.search(patronymic) else "masc")
    given = layout.word("G")
    if given:
        genders = _given_genders(given)
        if len(genders) == 1:
            clues |= genders
        elif len(genders) > 1 and not patronymic:
            return None  # Саша, Женя: the name does not tell
    family = layout.word("F")
    if family:
        clues |= {g for g, rx in _ADJ_SURNAME.items() if rx.search(family)}
    return clues.pop() if len(clues) == 1 else None


# --- inflecting --------------------------------------------------------------------------------
def _normal(form: str) -> str:
    return _APOS_RE.sub("'", form).lower()


def _shevchenko(field: str, word: str, gender: str, case: str) -> str | None:
    func = shevchenko.in_dative if case == "datv" else shevchenko.in_genitive
    try:
        out = func({"gender": _SHEVCHENKO_GENDER[gender], field: word}).get(field)
    except Exception:  # noqa: BLE001 — an unknown word: the caller keeps it as written
        return None
    return match_case(word, _normal(out)) if out else None


def _surname_part(word: str, gender: str, case: str) -> tuple[str, bool]:
    """One part of a surname in the case; (form, sure)."""
    surnames = [p for p in parses(word) if "Surn" in p.tag and p.tag.case == "nomn"
                and "plur" not in p.tag and p.tag.gender == gender]
    declining = [p for p in surnames if "Fixd" not in p.tag]
    if declining:
        forms = [f.word for f in declining[0].lexeme if f.tag.case == case
                 and "plur" not in f.tag and f.tag.gender == gender]
        if case == "datv":
            forms = [f for f in forms if not re.search(r"(ові|еві|єві)$", f)] or forms
        if forms:
            return match_case(word, forms[0]), True
    if surnames:  # the dictionary knows it does not decline: Гюго, Дюма, Руссо
        return word, True
    low = _normal(word)
    if re.search(r"[еєиіїуює]$", low):
        return word, True  # Гете, Верді, Камю: never declined
    if gender == "femn" and not re.search(r"[ая]$", low):
        return word, True  # Коваль, Бондар, Шевченко for a woman
    if gender == "masc" and low.endswith("о") and not low.endswith("ко"):
        return word, False  # Шарло? Сало? The dictionary does not know: ask the official
    form = _shevchenko("family_name", word, gender, case)
    return (form, True) if form else (word, False)


def _surname(word: str, gender: str, case: str) -> tuple[str, bool]:
    parts = [_surname_part(p, gender, case) for p in word.split("-")]
    return "-".join(f for f, _ in parts), all(ok for _, ok in parts)


def _inflect_person(name: str, gender: str | None, case: str,
                    given_first: bool = False) -> tuple[str, str | None]:
    written = " ".join((name or "").split())
    if not written:
        return "", None
    layout = _layout(written, given_first)
    if layout is None:
        return written, Note(WARN_NOT_A_NAME[case], name=written)
    g = _GENDER.get(str(gender).lower()) if gender else None
    g = g or _guess_gender(layout)
    if g is None:
        return written, Note(WARN_GENDER[case])
    out, sure = [], True
    for token, role in zip(layout.tokens, layout.roles):
        if role == "F":
            form, ok = _surname(token, g, case)
        elif role in ("G", "P"):
            form = _shevchenko("given_name" if role == "G" else "patronymic_name", token, g, case)
            ok = form is not None
            form = form or token
        else:
            form, ok = token, True
        out.append(form)
        sure = sure and ok
    result = " ".join(out)
    return result, None if sure else Note(WARN_UNKNOWN[case], name=written)


def person_dative(name: str, gender: str | None) -> tuple[str, str | None]:
    """A person's name in the dative, in the order it is written, and a warning in Ukrainian
    for the official when it could not be inflected (then the name comes back as written).
    ``gender``: "female"/"male" or None (then the name itself must tell it)."""
    return _inflect_person(name, gender, "datv")


def dative(name: str, gender: str | None) -> str:
    """The dative of a person's name (surname first or given name first); anything that is
    not a person's name, or whose gender nothing tells, is returned as written: a wrong ending
    in an official letter is worse than none, and the clerk can write the form."""
    return person_dative(name, gender)[0]


def genitive(name: str, gender: str | None) -> str:
    """The genitive (``запит Петренка Олега``), as :func:`dative` does the dative."""
    return _inflect_person(name, gender, "gent")[0]


# --- signatures -----------------------------------------------------------------------------------
def signature_from_parts(given: str, family: str) -> str:
    """``Наталія``, ``Чиж`` → ``Наталія ЧИЖ`` (a patronymic in ``given`` is dropped)."""
    given_words = [w for w in (given or "").split() if not _is_patronymic(w)]
    family = " ".join((family or "").split())
    if not family:
        return signature_name(given or "")
    if not given_words:
        return family.upper()
    first = given_words[0]
    if _is_initial(first):
        first = "".join(w for w in given_words if _is_initial(w))
    return f"{first} {family.upper()}"


def signature_name(full_name: str) -> str:
    """``Наталія Чиж``, ``Чиж Наталія Миколаївна``, ``Наталія Миколаївна Чиж`` → ``Наталія
    ЧИЖ``; ``Чиж Н.М.`` → ``Н.М. ЧИЖ``. Users are named given name first: that is the
    reading when the words do not tell the order."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return (full_name or "").strip().upper()
    layout = _layout(" ".join(parts), given_first=True)
    if layout is None:
        return f"{parts[0]} {parts[-1].upper()}"
    family = layout.word("F") or ""
    if "I" in layout.roles:
        return f"{''.join(t for t, r in zip(layout.tokens, layout.roles) if r == 'I')} {family.upper()}"
    given = layout.word("G") or ""
    if not family:  # "Наталія Миколаївна": no surname to capitalise
        return " ".join(parts)
    return f"{given} {family.upper()}".strip()
