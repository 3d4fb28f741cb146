"""Names as letters need them. Pure.

The addressee is in the dative case (``Красновська Я.`` → ``Красновській Я.``), inflected by
shevchenko-py with the requester's grammatical gender (it refuses to guess for initials);
the signature is ``Власне ім'я ПРІЗВИЩЕ`` (``Наталія Чиж`` → ``Наталія ЧИЖ``).
"""
from __future__ import annotations

import shevchenko

_GENDER = {"female": "feminine", "male": "masculine"}


def _is_initial(token: str) -> bool:
    return token.endswith(".") and len(token.replace(".", "")) <= 2


def dative(name: str, gender: str | None) -> str:
    """The dative of a person's name written surname first; other names unchanged.

    Without a gender (organisations, or unknown) the name is returned as written: a wrong
    ending in an official letter is worse than none, and the clerk can write the form.
    """
    parts = (name or "").split()
    if not parts or gender not in _GENDER:
        return " ".join(parts)
    family, rest = parts[0], parts[1:]
    given = next((p for p in rest if not _is_initial(p)), None)
    patronymic = None
    if given and len(rest) > 1:
        after = [p for p in rest[rest.index(given) + 1:] if not _is_initial(p)]
        patronymic = after[0] if after else None
    person = {"gender": _GENDER[gender], "family_name": family}
    if given:
        person["given_name"] = given
    if patronymic:
        person["patronymic_name"] = patronymic
    try:
        inflected = shevchenko.in_dative(person)
    except Exception:  # noqa: BLE001 — an unknown word: keep the name as written
        return " ".join(parts)
    out = [inflected.get("family_name", family)]
    for p in rest:
        if p == given:
            out.append(inflected.get("given_name", p))
        elif p == patronymic:
            out.append(inflected.get("patronymic_name", p))
        else:
            out.append(p)
    return " ".join(out)


def signature_name(full_name: str) -> str:
    """``Наталія Чиж`` → ``Наталія ЧИЖ`` (given name, then the surname in capitals).

    Users are named given name first; a name written "Surname Given" with an initial
    (``Чиж Н.М.``) becomes ``Н.М. ЧИЖ``.
    """
    parts = (full_name or "").split()
    if len(parts) < 2:
        return (full_name or "").upper()
    if all(_is_initial(p) or "." in p for p in parts[1:]):
        return f"{' '.join(parts[1:])} {parts[0].upper()}"
    return f"{parts[0]} {parts[-1].upper()}"
