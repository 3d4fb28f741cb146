"""Guess an activity record's category from its words. Pure.

The rules are ordered: the first that matches wins, so the specific ones come first
(a printed-products measure that mentions the city brand is printed products).
"""
from __future__ import annotations

import re

from ..core.i18n import N_

#: (category slug, Ukrainian name, pattern), in the order they are tried. The names are
#: data once seeded (an admin renames them); pages show an unrenamed one translated.
DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    ("participatory_budget", N_("Бюджет участі"), r"бюджет\w* участі|партисип|партицип"),
    ("events", N_("Заходи та делегації"), r"делегаці|побратим"),
    ("website", N_("Вебсайт"), r"веб-?сайт|\bсайт"),
    ("social_media", N_("Соціальні мережі"), r"соціальн\w+ мереж|фейсбук|facebook|youtube|instagram"),
    ("tv", N_("Телебачення"), r"телебач|телеканал|телевіз"),
    ("radio", N_("Радіо"), r"радіо|проводов\w* мовлен"),
    ("internet", N_("Інтернет"), r"інтернет|онлайн|банерн|таргет"),
    ("print", N_("Друковані ЗМІ"), r"друкован\w* змі|газет|друкован"),
    ("outdoor", N_("Зовнішня реклама"), r"біл-?борд|сіті-?лайт|зовнішн\w* реклам|соціальн\w* реклам"),
    ("printed_products", N_("Поліграфічна продукція"), r"поліграф|листів|буклет|флаєр"),
    ("branding", N_("Брендинг"), r"бренд|іміджев|символік|промоц"),
    ("civil_society", N_("Громадянське суспільство"), r"громадянськ|громадськ"),
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
