"""The answer (Art. 20, 22): an opening naming the request, prose by category, the table.

The figures are the council's own records, checked, not trusted: the percent column is
computed from financed / planned with one precision everywhere (``68,0``); where the source
report stated a different figure the letter prints the computed one and tells the official
in the letter's warnings (shown in the editor, never printed).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ...core.i18n import N_, Note
from ...core.money import format_amount, format_percent
from ..content import LetterContent, Table
from ..grammar import inflect_phrase
from ..subjects import lower_initial
from ..typography import typography
from .refusal import Refusal, partial_refusal
from .common import Common, RecordInfo, RequestInfo, base, opening, sentence

_TENTH = Decimal("0.1")
_OTHER = {"інше", "інші", "різне"}


def format_percent_fixed(value: Decimal | None) -> str:
    """One decimal place, comma, half up: ``68`` → ``68,0``, ``51.25`` → ``51,3``."""
    if value is None:
        return ""
    return f"{Decimal(value).quantize(_TENTH, rounding=ROUND_HALF_UP):.1f}".replace(".", ",")


def _percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole × 100, unrounded (rounded once, when printed)."""
    if part is None or whole is None or whole == 0:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def _differs(stated: Decimal, computed: Decimal) -> bool:
    """Whether a hand-written percent disagrees with the computed one by more than the way
    it was written allows (``49,6`` for 49,655; ``68`` for 67,8; never less than 0,1)."""
    exponent = Decimal(stated).normalize().as_tuple().exponent
    tolerance = max(Decimal(10) ** min(exponent, 0), _TENTH)
    return abs(Decimal(stated) - computed) > tolerance


def _figures(stated: Decimal, computed: Decimal, financed, planned) -> dict[str, str]:
    return {"stated": format_percent(stated), "financed": format_amount(financed or 0),
            "planned": format_amount(planned), "computed": format_percent_fixed(computed)}


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def measures_table(records: list[RecordInfo], stated_total_percent: Decimal | None = None,
                   warnings: list[str] | None = None) -> Table | None:
    """Measure, planned, financed, percent; the totals row computed from the rows shown.
    A stated percent (a row's, or the report's total) that differs from the computed one adds
    a warning to ``warnings``; the table always prints the computed figure."""
    money = [r for r in records if r.planned is not None or r.financed is not None]
    if not money:
        return None
    notes: list[str] = []
    rows = []
    for i, r in enumerate(money, start=1):
        computed = _percent(r.financed, r.planned)
        if computed is None:
            shown = format_percent_fixed(r.percent_stated)
        else:
            shown = format_percent_fixed(computed)
            if r.percent_stated is not None and _differs(r.percent_stated, computed):
                notes.append(Note(N_("Рядок %(row)s («%(measure)s»): у звіті зазначено "
                                     "%(stated)s %%, а за сумами (%(financed)s з %(planned)s "
                                     "грн) виходить %(computed)s %%; у таблиці наведено "
                                     "обчислений відсоток."),
                                  row=i, measure=_short(r.measure),
                                  **_figures(r.percent_stated, computed, r.financed, r.planned)))
        rows.append([str(i), " ".join(r.measure.split()), format_amount(r.planned),
                     format_amount(r.financed), shown])
    planned = sum((r.planned for r in money if r.planned is not None), Decimal("0.00"))
    financed = sum((r.financed for r in money if r.financed is not None), Decimal("0.00"))
    total = _percent(financed, planned)
    if stated_total_percent is not None and total is not None and \
            _differs(stated_total_percent, total):
        notes.append(Note(N_("Рядок «Усього»: у звіті зазначено %(stated)s %%, а за сумами "
                             "(%(financed)s з %(planned)s грн) виходить %(computed)s %%; у "
                             "таблиці наведено обчислений відсоток."),
                          **_figures(stated_total_percent, total, financed, planned)))
    if warnings is not None:
        warnings.extend(notes)
    return Table(header=["№ з/п", "Захід", "Річний обсяг фінансування, грн",
                         "Профінансовано, грн", "Відсоток виконання, %"],
                 rows=rows, total=["", "Усього" if stated_total_percent is not None else
                                   "Усього за наведеними заходами", format_amount(planned),
                                   format_amount(financed), format_percent_fixed(total)])


def category_paragraph(category: str | None, texts: list[str]) -> str:
    """A category's records as prose: «Щодо телебачення: підготовлено 45 відеосюжетів.»;
    the records without a category: «Крім того, …»."""
    sentences = [s for s in (sentence(t) for t in texts) if s]
    if not sentences:
        return ""
    name = " ".join((category or "").split())
    if not name or name.lower() in _OTHER:
        lead = "Крім того, "
    else:
        gent = inflect_phrase(name, "gent")
        lead = f"Щодо {lower_initial(gent, strict=False)}: " if gent else \
            f"Щодо напряму «{typography(name, apostrophe=None).strip('«»')}»: "
    return lead + " ".join([lower_initial(sentences[0])] + sentences[1:])


def _programme(title: str) -> str:
    title = typography(" ".join(title.split()), apostrophe=None)
    if title.startswith("«") and title.endswith("»") and title.count("«") == 1:
        title = title[1:-1]
    return f"«{title}»"


def compose_answer(c: Common, r: RequestInfo, records: list[RecordInfo],
                   partial: bool = False,
                   stated_total_percent: Decimal | None = None,
                   refused_parts: str | None = None,
                   refusal: Refusal | None = None) -> LetterContent:
    """The answer: an opening naming the request, paragraphs by category, the table; a
    partial answer then names what is not given, with every refusal item for it."""
    warnings: list[str] = []
    paragraphs = [f"{opening(r, warnings)} таке."]
    groups: dict[tuple[int, str], list[RecordInfo]] = {}
    for rec in records:
        other = not rec.category or rec.category.strip().lower() in _OTHER
        key = (1 if other else 0, 10**9 if other else rec.category_order,
               "" if other else rec.category)
        groups.setdefault(key, []).append(rec)
    for (_, _, category), recs in sorted(groups.items()):
        paragraph = category_paragraph(category or None,
                                       [(rec.text or "").strip() or rec.measure for rec in recs])
        if paragraph:
            paragraphs.append(paragraph)
    table = measures_table(records, stated_total_percent, warnings)
    intro = None
    if table is not None:
        sources = sorted({_programme(rec.programme) + (f" за {rec.period}" if rec.period else "")
                          for rec in records if rec.programme})
        intro = ("Відомості про фінансування заходів" +
                 (f" програми {', '.join(sources)}" if sources else "") + ":")
    closing = []
    if partial:
        if refusal is None or not refused_parts:
            raise ValueError("a partial answer needs what is refused and the refusal's ground")
        closing += partial_refusal(c, refused_parts, refusal)
    return base("answer", c, r, paragraphs, table=table, table_intro=intro, closing=closing,
                warnings=warnings)
