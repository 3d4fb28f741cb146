"""Guess an activity record's category from its words. Pure.

The rules are ordered: the first that matches wins, so the specific ones come first
(a printed-products measure that mentions the city brand is printed products).
"""
from __future__ import annotations

import re

#: (category slug, Ukrainian name, pattern), in the order they are tried.
DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("participatory_budget", "Бюджет участі", r"бюджет\w* участі|партисип|партицип"),
    ("events", "Заходи та делегації", r"делегаці|побратим"),
    ("website", "Вебсайт", r"веб-?сайт|\bсайт"),
    ("social_media", "Соціальні мережі", r"соціальн\w+ мереж|фейсбук|facebook|youtube|instagram"),
    ("tv", "Телебачення", r"телебач|телеканал|телевіз"),
    ("radio", "Радіо", r"радіо|проводов\w* мовлен"),
    ("internet", "Інтернет", r"інтернет|онлайн|банерн|таргет"),
    ("print", "Друковані ЗМІ", r"друкован\w* змі|газет|друкован"),
    ("outdoor", "Зовнішня реклама", r"біл-?борд|сіті-?лайт|зовнішн\w* реклам|соціальн\w* реклам"),
    ("printed_products", "Поліграфічна продукція", r"поліграф|листів|буклет|флаєр"),
    ("branding", "Брендинг", r"бренд|іміджев|символік|промоц"),
    ("civil_society", "Громадянське суспільство", r"громадянськ|громадськ"),
]
DEFAULT_CATEGORY_ORDER = [slug for slug, _, _ in DEFAULT_CATEGORIES]
_RULES = [(slug, re.compile(pattern, re.IGNORECASE)) for slug, _, pattern in DEFAULT_CATEGORIES]
# "events" also takes what names an event but none of the specific media.
_EVENTS = re.compile(r"захід|заход|конкурс|свят", re.IGNORECASE)


def guess_category(*texts: str | None) -> str | None:
    """The slug of the first category whose pattern occurs in the texts, or None."""
    joined = " ".join(t for t in texts if t)
    for slug, rule in _RULES:
        if rule.search(joined):
            return slug
    return "events" if _EVENTS.search(joined) else None
