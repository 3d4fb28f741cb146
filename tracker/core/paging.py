"""Page numbers, sizes and keyset cursors from a query string, the same way for pages and the
API. Pure."""
from __future__ import annotations

from collections.abc import Mapping

from .errors import ErrorCollector
from .i18n import gettext as _
from .validation import row_id

#: Beyond any register; keeps OFFSET within the databases' integers.
MAX_PAGE = 1_000_000


def int_arg(args: Mapping, name: str, default: int, upper: int,
            errors: ErrorCollector | None = None) -> int:
    """``args[name]`` as an integer within 1..upper; not a number: the default (and an error
    recorded, when ``errors`` is given — the API says so, a page just shows page 1)."""
    try:
        value = int(args.get(name, default))
    except (TypeError, ValueError):
        if errors is not None:
            errors.add(name, _("Очікується ціле число."))
        return default
    return min(max(value, 1), upper)


def page_arg(args: Mapping, errors: ErrorCollector | None = None) -> int:
    return int_arg(args, "page", 1, MAX_PAGE, errors)


def cursor_arg(args: Mapping, name: str, errors: ErrorCollector | None = None) -> int | None:
    """A keyset cursor (``after`` / ``before``): the id of the row a page starts after or ends
    before. Absent: None; not a positive id: None (and an error recorded, as ``int_arg``)."""
    value = args.get(name)
    if value in (None, ""):
        return None
    if row_id(value):
        return row_id(value)
    if errors is not None:
        errors.add(name, _("Очікується ціле число."))
    return None
