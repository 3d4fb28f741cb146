"""Keeping bots off the public form and API without a third party.

A form carries a *ticket*: a random nonce and the moment the page was made, signed with the
app's secret (itsdangerous). The nonce is also the proof-of-work challenge (proof.py). On
submit: a filled honeypot, a ticket that is forged, stale or already used, a form sent sooner
than PUBLIC_MIN_FILL_SECONDS after it was made, or a wrong proof is refused with a message
saying what happened. A used ticket is written to the database with the request it filed
(``public_form_tickets``, pruned as tickets expire), so no other worker and no restart takes
it again, and two replays at once fail on its primary key. A form without a proof (no
JavaScript) is accepted under the stricter PUBLIC_NOSCRIPT_RATE_LIMIT.

Rate limits count per client address (an IPv6 client by its /64) and per requester address
(e-mail, postal address), in Flask-Limiter's storage: Redis when RATELIMIT_STORAGE_URI names
it (shared by every worker), else memory; if that storage fails, an in-process counter keeps
counting. A submission *reserves* its place before it is registered — increment, then
compare (Redis INCR), so eight forms sent at once cannot all take the last place — and gives
it back if it is refused or fails for a reason that is not the sender's; a typo is caught
before anything is reserved, so a person correcting one is never counted twice.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass, field

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ..core.errors import DomainError
from ..core.i18n import N_
from ..core.timeutil import utcnow
from ..extensions import client_key, db, limiter
from . import proof
from .models import UsedTicket

log = logging.getLogger(__name__)

HONEYPOT = N_("Форму відхилено: заповнено поле, якого людина не бачить (так роблять "
              "програми-боти). Якщо ви людина, залиште поле «Не заповнюйте» порожнім і "
              "надішліть форму ще раз.")
TOO_FAST = N_("Форму надіслано надто швидко — менш ніж за %(seconds)s с після того, як її "
              "відкрито (так роблять програми-боти). Перевірте введене і надішліть ще раз.")
STALE = N_("Форма застаріла або пошкоджена. Введене збережено: надішліть форму ще раз.")
REUSED = N_("Цю форму вже надіслано. Введене збережено: надішліть її ще раз, якщо це новий "
            "запит.")
BAD_PROOF = N_("Перевірку браузера не пройдено. Введене збережено: надішліть форму ще раз.")
NOSCRIPT_LIMIT = N_("Без JavaScript з однієї мережевої адреси можна подати лише кілька запитів; "
                    "ліміт вичерпано. Увімкніть JavaScript (сторінка зробить коротку перевірку "
                    "сама) або спробуйте пізніше.")
CLIENT_LIMIT = N_("Забагато запитів з вашої мережевої адреси. Спробуйте пізніше або надішліть "
                  "запит електронною поштою чи поштою.")
ADDRESS_LIMIT = N_("Від цього запитувача (цієї адреси) за короткий час надійшло забагато "
                   "запитів. Спробуйте пізніше або надішліть запит електронною поштою чи "
                   "поштою.")


class Refused(DomainError):
    """A submission refused as a bot's or over a limit; ``msgid`` and ``params`` let the page
    show it in the reader's language (the message itself is the Ukrainian text)."""

    status = 429

    def __init__(self, msgid: str, **params):
        self.msgid, self.params = msgid, params
        super().__init__(msgid % params if params else msgid)


# --- the ticket -----------------------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="public-form")


def new_ticket() -> str:
    """A signed ticket for a new form: its nonce is the proof-of-work challenge."""
    return _serializer().dumps(secrets.token_hex(12))


def challenge_of(ticket: str) -> str:
    """The challenge the page's script solves: the ticket itself (signed, unguessable)."""
    return ticket


@dataclass
class Passed:
    """What the bot checks found: whether the browser proved its work."""
    scripted: bool
    ticket_nonce: str


def check_form(ticket: str | None, nonce: str | None, honeypot: str | None) -> Passed:
    """Refused unless the form came from a person's browser (see the module); the ticket is
    written off in this transaction, so the same form files one request at most."""
    cfg = current_app.config
    if (honeypot or "").strip():
        raise Refused(HONEYPOT)
    try:
        ticket_nonce, issued = _serializer().loads(
            ticket or "", max_age=int(cfg["PUBLIC_FORM_MAX_AGE_HOURS"]) * 3600,
            return_timestamp=True)
    except (BadSignature, SignatureExpired):
        raise Refused(STALE) from None
    seconds = int(cfg["PUBLIC_MIN_FILL_SECONDS"])
    if time.time() - issued.timestamp() < seconds:
        raise Refused(TOO_FAST, seconds=seconds)
    scripted = bool((nonce or "").strip())
    if scripted and not proof.solves(challenge_of(ticket), nonce, int(cfg["PUBLIC_POW_BITS"])):
        raise Refused(BAD_PROOF)
    _spend(ticket_nonce, issued + dt.timedelta(hours=int(cfg["PUBLIC_FORM_MAX_AGE_HOURS"])))
    return Passed(scripted, ticket_nonce)


def _spend(nonce: str, expires_at: dt.datetime) -> None:
    """Write the ticket off in the submission's transaction (a refused submission leaves it
    unspent); a ticket written off before, or by a replay racing this one, is refused."""
    now = utcnow()
    db.session.execute(delete(UsedTicket).where(UsedTicket.expires_at < now))
    if db.session.get(UsedTicket, nonce) is not None:
        raise Refused(REUSED)
    db.session.add(UsedTicket(nonce=nonce, expires_at=expires_at))
    try:
        db.session.flush()  # a replay at the same moment waits here, then fails
    except IntegrityError:
        db.session.rollback()
        raise Refused(REUSED) from None


# --- rate limits ------------------------------------------------------------------------------

_fallback = FixedWindowRateLimiter(MemoryStorage())


class _Counter:
    """The shared limiter's strategy, or the in-process one when its storage fails."""

    def _strategy(self):
        if limiter.enabled and getattr(limiter, "_limiter", None) is not None:
            return limiter.limiter
        return _fallback

    def hit(self, item, *ids):
        """Take a place (increment, then compare): (taken, the strategy that counted)."""
        strategy = self._strategy()
        try:
            return strategy.hit(item, *ids), strategy
        except Exception:  # noqa: BLE001 — Redis down: keep limiting in this process
            log.warning("rate-limit storage failed; counting in process", exc_info=True)
            return _fallback.hit(item, *ids), _fallback

    def give_back(self, strategy, item, *ids) -> None:
        """Undo a ``hit`` (a fixed window's counter goes down by one; other strategies keep
        it: erring towards the limit)."""
        if not isinstance(strategy, FixedWindowRateLimiter):
            return
        try:
            strategy.hit(item, *ids, cost=-1)
        except Exception:  # noqa: BLE001 — nothing to undo in a storage that failed
            log.warning("rate-limit storage failed giving a place back", exc_info=True)

    def test(self, item, *ids) -> bool:
        try:
            return self._strategy().test(item, *ids)
        except Exception:  # noqa: BLE001
            log.warning("rate-limit storage failed; counting in process", exc_info=True)
            return _fallback.test(item, *ids)


def _counter() -> _Counter:
    return _Counter()


def address_keys(email: str | None, postal_address: str | None) -> list[str]:
    """The requester's addresses as counted: case and spacing folded."""
    keys = []
    for value in (email, postal_address):
        folded = " ".join((value or "").casefold().split())
        if folded:
            keys.append(folded[:300])
    return keys


@dataclass
class Limits:
    """The limits one submission counts against: (setting, scope, key, message)."""
    items: list[tuple[str, str, str, str]] = field(default_factory=list)
    taken: list[tuple] = field(default_factory=list)

    def check(self) -> None:
        """Refused if a limit is already spent — without counting (a flood stops before
        any work; the place itself is taken by ``reserve``)."""
        for setting, scope, key, message in self.items:
            for item in parse_many(current_app.config[setting]):
                if not _counter().test(item, scope, key):
                    raise Refused(message)

    def reserve(self) -> None:
        """Take this submission's place in every limit, each atomically (increment, then
        compare); refused on the first that is full, with every place given back."""
        for setting, scope, key, message in self.items:
            for item in parse_many(current_app.config[setting]):
                ok, strategy = _counter().hit(item, scope, key)
                self.taken.append((strategy, item, scope, key))
                if not ok:
                    self.release()
                    raise Refused(message)

    def release(self) -> None:
        """Give the places back: the submission was refused or failed, not registered."""
        for strategy, item, scope, key in reversed(self.taken):
            _counter().give_back(strategy, item, scope, key)
        self.taken = []


def limits_for(kind: str, remote_addr: str | None, addresses: list[str] = (),
               scripted: bool = True) -> Limits:
    """The limits of a ``kind`` of submission ("form", "api", "reply", "link") from a client
    address for these requester addresses; a form without a proof also counts against the
    no-script limit."""
    client = client_key(remote_addr)
    setting = {"form": "PUBLIC_RATE_LIMIT", "api": "PUBLIC_API_RATE_LIMIT",
               "reply": "PUBLIC_REPLY_RATE_LIMIT", "link": "PUBLIC_LINK_RATE_LIMIT"}[kind]
    limits = Limits([(setting, f"public-{kind}", client, CLIENT_LIMIT)])
    if kind == "form" and not scripted:
        limits.items.append(("PUBLIC_NOSCRIPT_RATE_LIMIT", "public-noscript", client,
                             NOSCRIPT_LIMIT))
    scope = "public-link-address" if kind == "link" else "public-address"
    setting = "PUBLIC_LINK_RATE_LIMIT" if kind == "link" else "PUBLIC_ADDRESS_RATE_LIMIT"
    for key in addresses:
        limits.items.append((setting, scope, key, ADDRESS_LIMIT))
    return limits
