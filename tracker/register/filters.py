"""The request list's filters from a query string: one reading for the page and the API."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..core.errors import ErrorCollector
from ..core.i18n import gettext as _
from ..core.paging import cursor_arg, int_arg, page_arg
from ..core.timeutil import iso_day
from . import deadlines as dl
from .models import Channel, Status
from .queries import RequestFilters
from ..core.validation import row_id

#: The API's largest page.
API_MAX_PER_PAGE = 200


def filters_from_args(args: Mapping, *, page_size: int, me_id: int | None = None,
                      errors: ErrorCollector | None = None, max_per_page: int | None = None,
                      sees_all_contacts: bool = True) -> RequestFilters:
    """Filters named in ``args``; a bad value is recorded in ``errors`` (and in the
    filters' own ``errors`` for a page to show), never guessed.

    ``executor`` is a user id, ``me`` (``me_id``) or ``none`` (unassigned); ``registered=me``
    the requests ``me_id`` registered; ``after`` / ``before`` a request id (keyset paging,
    ``page`` then only numbers the page); ``per_page`` is
    read only when ``max_per_page`` is given (the API)."""
    errors = errors if errors is not None else ErrorCollector()
    f = RequestFilters(per_page=page_size)

    def enum_arg(name, cls):
        value = args.get(name) or None
        if value is None:
            return None
        try:
            return cls(value)
        except ValueError:
            errors.add(name, _("Невідоме значення «%(value)s».", value=value))
            return None

    def date_arg(name):
        value = args.get(name) or None
        if value is None:
            return None
        try:
            return iso_day(value)
        except ValueError:
            errors.add(name, _("Неправильна дата: очікується РРРР-ММ-ДД."))
            return None

    if args.get("status") == "open":
        f.open_only = True
    else:
        f.status = enum_arg("status", Status)
    f.deadline_state = enum_arg("deadline_state", dl.DeadlineState)
    f.channel = enum_arg("channel", Channel)
    executor = args.get("executor") or ""
    if executor == "none":
        f.unassigned = True
    elif executor == "me" and me_id is not None:
        f.executor_id = me_id
    elif row_id(executor) is not None:
        f.executor_id = row_id(executor)
    elif executor:
        errors.add("executor", _("Невідоме значення «%(value)s»: номер користувача, me або "
                                 "none.", value=executor))
    registered = args.get("registered") or ""
    if registered == "me" and me_id is not None:
        f.registered_by = me_id
    elif registered:
        errors.add("registered", _("Невідоме значення «%(value)s»: лише me.", value=registered))
    f.received_from = date_arg("from")
    f.received_to = date_arg("to")
    if f.received_from and f.received_to and f.received_from > f.received_to:
        errors.add("to", _("Кінець періоду раніший за початок."))
    f.q = (args.get("q") or "").strip()[:200] or None
    if not sees_all_contacts:
        f.contacts_of_executor = me_id
    f.page = page_arg(args, errors if max_per_page else None)
    f.after = cursor_arg(args, "after", errors if max_per_page else None)
    f.before = None if f.after else cursor_arg(args, "before", errors if max_per_page else None)
    if max_per_page:
        f.per_page = int_arg(args, "per_page", page_size, max_per_page, errors)
    f.errors = errors.errors
    return f
