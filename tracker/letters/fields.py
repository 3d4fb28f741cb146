"""A letter kind's own fields (a refusal's ground and reasons, an extension's reason, a cost
notice's pages and exemption …) checked as the draft form and the API give them: one error
per bad field, all at once; the values kept JSON-friendly in ``Letter.fields``."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from ..core.errors import ErrorCollector
from ..core.validation import clean_bool, clean_date, clean_enum, clean_text, row_id
from ..register.models import Outcome, RefusalGround, Request
from . import rules
from .costs import EXEMPT_GROUNDS, SHARES
from .models import LetterKind

#: The three parts of the test of Art. 6 part 2 a restricted-information refusal states.
HARM_TEST = ("interest", "harm", "balance")


def _refusal_fields(e: ErrorCollector, raw: dict[str, Any], req: Request) -> dict[str, Any]:
    """A refusal's ground and reasons; for restricted information the three-part test of
    Art. 6 part 2 (the interest, the harm, why the harm outweighs the public interest)."""
    ground = clean_enum(e, "ground", raw.get("ground"), RefusalGround)
    f = {"ground": ground.value if ground else None,
         "explanation": clean_text(e, "explanation", raw.get("explanation"), required=True)}
    if ground == RefusalGround.RESTRICTED:
        for name in HARM_TEST:
            f[name] = clean_text(e, name, raw.get(name), required=True)
    if ground == RefusalGround.UNPAID:
        # The refusal names the notice and refuses only the copies it charged for.
        invoice = rules.unpaid_invoice(req, rules.today())
        if invoice is None:
            e.add("ground", rules.unpaid_problem(req, rules.today()))
        else:
            f["invoice_id"] = invoice.id
    return f


def clean_fields(kind: LetterKind, raw: dict[str, Any], req: Request) -> dict[str, Any]:
    """The kind's own fields, checked; as JSON-friendly values."""
    e = ErrorCollector()
    f: dict[str, Any] = {}
    if kind == LetterKind.ANSWER:
        result = clean_enum(e, "result", raw.get("result") or "full", Outcome)
        if result not in (None, Outcome.FULL, Outcome.PARTIAL):
            e.add("result", _("Допустимі значення: full, partial."))
        f["result"] = result.value if result else None
        if result == Outcome.PARTIAL:
            # A partial answer refuses the rest: what is not given, and every refusal item.
            f["refused_parts"] = clean_text(e, "refused_parts", raw.get("refused_parts"),
                                            required=True)
            f.update(_refusal_fields(e, raw, req))
    elif kind == LetterKind.EXTENSION:
        f["reason"] = clean_text(e, "reason", raw.get("reason"), required=True)
    elif kind == LetterKind.FORWARDING:
        f["holder_name"] = clean_text(e, "holder_name", raw.get("holder_name"), required=True,
                                      multiline=False)
        f["holder_address"] = clean_text(e, "holder_address", raw.get("holder_address"))
        f["holder_reason"] = clean_text(e, "holder_reason", raw.get("holder_reason"),
                                        required=True)
    elif kind == LetterKind.REFUSAL:
        f.update(_refusal_fields(e, raw, req))
    elif kind == LetterKind.DEFERRAL:
        f["reason"] = clean_text(e, "reason", raw.get("reason"), required=True)
        new_date = clean_date(e, "new_date", raw.get("new_date"))
        if new_date and new_date <= rules.today():
            e.add("new_date", _("Нова дата має бути пізнішою за сьогоднішню."))
        f["new_date"] = new_date.isoformat() if new_date else None
    elif kind == LetterKind.INVOICE:
        pages = row_id(raw.get("pages"))  # a whole number: «2.5» or «true» is no page count
        if pages is None or pages > 100_000:
            e.add("pages", _("Зазначте кількість сторінок (ціле число від 1)."))
            pages = None
        fmt = raw.get("format") or "a4"
        if not isinstance(fmt, str) or fmt not in SHARES:
            e.add("format", _("Допустимі формати: %(formats)s.", formats=", ".join(SHARES)))
        f.update(pages=pages, format=fmt, **_exemption(e, raw))
    e.raise_if_any()
    return f


def _exemption(e: ErrorCollector, raw: dict[str, Any]) -> dict[str, Any]:
    """Whether copies are free under Art. 21 part 4, and on which of its two grounds: the
    letter names the one that applies, so ``exempt`` alone is not enough."""
    ground = raw.get("exempt_ground") or None
    if ground is not None and (not isinstance(ground, str) or ground not in EXEMPT_GROUNDS):
        e.add("exempt_ground", _("Допустимі значення: %(values)s.",
                                 values=", ".join(EXEMPT_GROUNDS)))
        ground = None
    exempt = clean_bool(e, "exempt", raw.get("exempt"), default=ground is not None)
    if exempt and ground is None and "exempt_ground" not in e.errors:
        e.add("exempt_ground", _("Зазначте, чому плата не стягується: інформація становить "
                                 "суспільний інтерес (public_interest) чи є інформацією про "
                                 "самого запитувача (personal)."))
    if not exempt and ground is not None:
        e.add("exempt", _("Підставу звільнення від плати зазначено, а плату не скасовано."))
    return {"exempt": bool(exempt), "exempt_ground": ground if exempt else None}
