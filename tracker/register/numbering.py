"""Registration index patterns. Pure.

The default pattern ``{dept}/{letter}-{seq}{suffix}`` with dept ``25`` and suffix ``із`` gives
``25/К-170із``: department 25, К(расновська), number 170 of the year, інформаційний запит.
"""
from __future__ import annotations

import string

from ..core.i18n import gettext as _

FIELDS = frozenset({"dept", "letter", "seq", "suffix", "year", "yy"})
#: Characters skipped when looking for the first letter of a name: quotes, brackets, dashes.
_SKIP = set(string.punctuation) | set("«»“”„‘’ʼ'–— \t")


class PatternError(ValueError):
    pass


def validate_pattern(pattern: str) -> None:
    """Raise PatternError unless the pattern uses known fields and includes ``{seq}``."""
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
    except ValueError as exc:
        raise PatternError(_("Неправильний шаблон індексу: %(problem)s", problem=exc)) from None
    unknown = names - FIELDS
    if unknown:
        raise PatternError(_("Невідомі поля в шаблоні індексу: %(fields)s",
                             fields=", ".join(sorted(unknown))))
    if "seq" not in names:
        raise PatternError(_("Шаблон індексу має містити {seq} (порядковий номер)"))


def initial_letter(name: str) -> str:
    """The first letter of a requester's surname or title, upper-case (``Красновська`` → К)."""
    for ch in name or "":
        if ch in _SKIP or ch.isdigit():
            continue
        if ch.isalpha():
            return ch.upper()
    return "Б"  # "без імені": a request with no name still needs an index


def format_index(pattern: str, *, seq: int, year: int, letter: str, dept: str, suffix: str) -> str:
    validate_pattern(pattern)
    return pattern.format(
        seq=seq, year=year, yy=f"{year % 100:02d}", letter=letter, dept=dept, suffix=suffix
    )
