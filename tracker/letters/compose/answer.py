"""The answer (Art. 20, 22): an opening naming the request, prose by category, the table."""
from __future__ import annotations

from decimal import Decimal

from ...activities.numbers import percent_of
from ...core.money import format_amount, format_percent
from ..content import LetterContent, Table
from ..legal import appeal
from .common import Common, RecordInfo, RequestInfo, base, opening, sentence


def measures_table(records: list[RecordInfo]) -> Table | None:
    """Measure, planned, financed, percent; the totals row computed from the rows shown."""
    money = [r for r in records if r.planned is not None or r.financed is not None]
    if not money:
        return None
    rows = []
    for i, r in enumerate(money, start=1):
        rows.append([str(i), " ".join(r.measure.split()), format_amount(r.planned),
                     format_amount(r.financed),
                     format_percent(percent_of(r.financed, r.planned))])
    planned = sum((r.planned for r in money if r.planned is not None), Decimal("0.00"))
    financed = sum((r.financed for r in money if r.financed is not None), Decimal("0.00"))
    return Table(header=["№ з/п", "Захід", "Річний обсяг фінансування, грн",
                         "Профінансовано, грн", "Відсоток виконання, %"],
                 rows=rows, total=["", "Усього", format_amount(planned),
                                   format_amount(financed),
                                   format_percent(percent_of(financed, planned))])


def compose_answer(c: Common, r: RequestInfo, records: list[RecordInfo],
                   partial: bool = False) -> LetterContent:
    """The answer: an opening naming the request, paragraphs by category, the table."""
    paragraphs = [f"{opening(r)} про наступне."]
    groups: dict[tuple[int, str], list[RecordInfo]] = {}
    for rec in records:
        groups.setdefault((rec.category_order, rec.category or "Інше"), []).append(rec)
    for (_, category), recs in sorted(groups.items()):
        sentences = [sentence(rec.text) or sentence(rec.measure) for rec in recs]
        paragraphs.append(f"{category}. " + " ".join(s for s in sentences if s))
    table = measures_table(records)
    intro = None
    if table is not None:
        sources = sorted({f"«{rec.programme}»" + (f" за {rec.period}" if rec.period else "")
                          for rec in records if rec.programme})
        intro = ("Відомості про фінансування заходів" +
                 (f" програми {', '.join(sources)}" if sources else "") + ":")
    closing = []
    if partial:
        closing.append("Інформацію в решті запиту не може бути надано з підстав, викладених "
                       "вище. " + appeal(c.council.head_title))
    return base("answer", c, r, paragraphs, table=table, table_intro=intro, closing=closing)
