"""Translation helpers. Ukrainian is the source language; English is the second locale.

Flask-free, so the pure core may use them: ``gettext``/``ngettext`` translate through whatever
the app installed (Flask-Babel: the request's language; Ukrainian outside a request) and
return the msgid itself before that (pure tests, scripts). ``Note`` keeps a message whose
text is stored (a letter's warnings) translatable when it is shown later, to someone else.

Dates, moments and Decimals given as values (``date=due``, not ``date=f"{due:%d.%m.%Y}"``) are
written in the reader's locale: ``04.12.2026`` and ``840 463,65`` in Ukrainian (without an
app too), ``4 Dec 2026`` and ``840,463.65`` in English (the app installs the formatter).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def N_(text: str) -> str:
    """Mark a string for extraction without translating it here (labels in dicts are
    translated where they are shown, with ``_()`` in the template)."""
    return text


class Note(str):
    """A message that reads as its Ukrainian text (stored, compared, sent by the API as
    that) and remembers its msgid and values, so a page can show it translated:
    ``Note(N_("Рядок %(n)s: …"), n=3)``; ``translated(note)`` in the reader's language."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Note:
        text = msgid % {k: ukrainian_value(v) for k, v in params.items()} if params else msgid
        self = super().__new__(cls, text)
        self.msgid, self.params = msgid, params
        return self

    def to_json(self) -> dict[str, Any]:
        return {"text": str(self), "msgid": self.msgid,
                "params": {k: _typed(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, value: Any) -> str:
        """A stored note back (a plain string stays one: letters drafted before notes)."""
        if isinstance(value, dict) and "msgid" in value:
            return cls(value["msgid"], **{k: _untyped(v) for k, v in
                                          (value.get("params") or {}).items()})
        return value


#: A date, moment or Decimal value in a stored note: {"date": "2026-12-04"} and so on.
_TYPES = {"datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat,
          "decimal": Decimal, "count": lambda n: Count(n)}


def _typed(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, Count):
        return {"count": int(value)}
    return value


def _untyped(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _TYPES:
        kind, text = next(iter(value.items()))
        return _TYPES[kind](text)
    return value


class Count(int):
    """A number of things inside a message, written with the locale's digit groups:
    ``Count(10000)`` reads ``10 000`` in Ukrainian, ``10,000`` in English."""


def ukrainian_value(value: Any) -> Any:
    """A message's value as Ukrainian text writes it: ``04.12.2026``, ``04.12.2026 10:00``
    (as given: the caller chose the time zone), ``840 463,65`` (the Decimal's own places);
    a :class:`Count` with its digit groups (``10 000``); anything else as it is (an int
    stays ``2021``, not ``2 021``)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Count):
        return f"{int(value):,}".replace(",", " ")
    if isinstance(value, Decimal) and value.is_finite():
        whole, _, frac = f"{abs(value):f}".partition(".")
        groups = []
        while whole:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        return ("-" if value < 0 else "") + " ".join(groups) + (f",{frac}" if frac else "")
    return value


def translated(message: Any) -> str:
    """A message as the reader reads it: a Note through the catalogue with its values; a
    plain string through the catalogue too (a static message stored before Notes existed)."""
    if isinstance(message, Note):
        return gettext(message.msgid, **message.params)
    return gettext(message) if isinstance(message, str) and message else message


# The pure modules may not import Flask (.importlinter), yet their messages reach people.
# They translate through these three, which call the translator the app installs
# (Flask-Babel's, following the request's locale; Ukrainian outside a request); without an
# app (pure tests, scripts) they give the Ukrainian source text.
_installed: tuple | None = None
#: The app's writer of dates and Decimals in the reader's locale (Ukrainian without it).
_values = ukrainian_value


def install(gettext_function, ngettext_function) -> None:
    """Route :func:`gettext` and :func:`ngettext` through the app's translator."""
    global _installed
    _installed = (gettext_function, ngettext_function)


def install_values(function) -> None:
    """Write the messages' dates and Decimals with ``function`` (the page's locale)."""
    global _values
    _values = function


def _written(variables: dict) -> dict:
    return {k: _values(v) for k, v in variables.items()}


def gettext(msgid: str, **variables) -> str:
    variables = _written(variables)
    if _installed is not None:
        return _installed[0](msgid, **variables)
    return msgid % variables if variables else msgid


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables = _written(variables)
    if _installed is not None:
        return _installed[1](singular, plural, num, **variables)
    variables.setdefault("num", num)
    return (singular if num == 1 else plural) % variables


def lazy_gettext(msgid: str, **variables):
    """A message translated each time it is shown (module-level labels of pure modules)."""
    from babel.support import LazyProxy
    return LazyProxy(gettext, msgid, enable_cache=False, **variables)
