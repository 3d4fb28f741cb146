"""Password policy (length and an offline strength estimate) and the decoy hash.

The strength estimate is zxcvbn: it ships its own dictionaries (common passwords, names,
words, keyboard patterns) and never calls out to the network.
"""
from __future__ import annotations

import threading
from functools import lru_cache

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.security import generate_password_hash
from zxcvbn import zxcvbn

from ..core.errors import ErrorCollector

#: zxcvbn score (0–4) a password must reach: 3 is "safely unguessable" for online attacks
#: and resists a slow offline one.
MIN_SCORE = 3
#: zxcvbn refuses longer input; the first characters decide anyway.
_ZXCVBN_MAX = 72
#: Words an attacker would try first here, beyond zxcvbn's English dictionaries.
LOCAL_WORDS = ("пароль", "parol", "zapyt", "запит", "житомир", "zhytomyr", "zhitomir", "rada",
               "рада", "міськрада", "mvk", "україна", "ukraine", "ukraina", "kyiv", "київ")
#: zxcvbn keeps the user inputs in a module-level dictionary: one check at a time.
_lock = threading.Lock()


def _weakness(result: dict) -> str:
    """Why zxcvbn finds the password weak, in Ukrainian (its own feedback is English)."""
    sequence = result.get("sequence") or []
    longest = max(sequence, key=lambda m: len(m.get("token", "")), default={})
    pattern = longest.get("pattern")
    if pattern == "dictionary":
        if longest.get("dictionary_name") == "passwords":
            return _("це один із найпоширеніших паролів")
        if longest.get("dictionary_name") == "user_inputs":
            return _("він складений з вашої адреси, імені чи очевидних тут слів "
                     "(як «пароль», «Житомир»)")
        return _("це поширене слово або ім'я")
    if pattern == "spatial":
        return _("це сусідні клавіші (як «qwerty»)")
    if pattern == "repeat":
        return _("це повтори (як «aaaa» чи «abcabc»)")
    if pattern == "sequence":
        return _("це послідовність (як «abcd» чи «1234»)")
    if pattern in ("date", "regex"):
        return _("дати й роки легко вгадати")
    return _("його легко вгадати")


def check_password_strength(errors: ErrorCollector, password: str | None, field="password",
                            user_inputs=()) -> None:
    """Add an error for a password that is too short, too long or easy to guess.

    ``user_inputs``: the account's own words (e-mail, name) that must not carry the password.
    """
    minimum = current_app.config["MIN_PASSWORD_LENGTH"]
    if not password or len(password) < minimum:
        errors.add(field, ngettext("Пароль має містити щонайменше %(num)s символ.",
                                   "Пароль має містити щонайменше %(num)s символів.", minimum))
        return
    if len(password) > 256:
        errors.add(field, _("Пароль занадто довгий (не більше 256 символів)."))
        return
    words = list(LOCAL_WORDS)
    for value in user_inputs:
        if value:
            words.append(str(value))
            words.extend(str(value).replace("@", " ").replace(".", " ").split())
    with _lock:
        result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words)
    if result["score"] < MIN_SCORE:
        errors.add(field, _("Пароль надто простий: %(why)s. Візьміть кілька незвичних слів "
                            "або довший випадковий пароль.", why=_weakness(result)))


@lru_cache(maxsize=4)
def _decoy_hash(method: str) -> str:
    return generate_password_hash("not anyone's password", method=method)


def decoy_hash() -> str:
    """A hash made exactly like real ones (same method and cost), checked for unknown
    e-mails so that they take as long as known ones. Made once per method."""
    return _decoy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


# The production default made once at import, so the first unknown e-mail costs no more.
_decoy_hash("scrypt")
