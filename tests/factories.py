"""What tests build things with: requests through the real service functions, Kyiv moments
and frozen clocks, the CSRF token a rendered form carries."""
from __future__ import annotations

import datetime as dt
import re

import time_machine

from tracker.core.timeutil import KYIV, utcnow
from tracker.extensions import db
from tracker.register.operations import register_request
from tracker.register.settings import current_settings
from tracker.register.validation import validate_registration


def raw_request(**overrides) -> dict:
    raw = {
        "requester": {"name": "Красновська Я.", "category": "individual", "gender": "female",
                      "email": "foi+request-32845-3d497b34@dostup.pravda.com.ua"},
        "channel": "portal",
        "received_at": "2018-03-28T10:00:00",
        "subject": "Інформація про PR-заходи",
        "text": "Прошу надати інформацію про проведені PR-заходи.",
    }
    requester = overrides.pop("requester", None)
    if requester is not None:
        raw["requester"] = {**raw["requester"], **requester}
    raw.update(overrides)
    return raw


def register(actor, **overrides):
    """Register a request as ``actor`` and commit; returns the Request."""
    settings = current_settings()
    inp = validate_registration(raw_request(**overrides), tz=settings.tz, now=utcnow(),
                                skew=settings.future_skew)
    req = register_request(actor, inp, settings)
    db.session.commit()
    return req


def kyiv(y, m, d, hh=10, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=KYIV)


def at(y, m, d, hh=9, mm=0) -> dt.datetime:
    """A Kyiv moment."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=KYIV)




def on(y, m, d, hh=12):
    """Travel to a Kyiv moment (the clock stays still)."""
    return time_machine.travel(kyiv(y, m, d, hh), tick=False)


def csrf_token(client) -> str:
    """The CSRF token of the client's session (as a rendered form would carry it)."""
    # The login page (anonymous) or the dashboard it redirects to (the logout form) carries it.
    page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def with_information(actor, letter):
    """Give an answer draft some information of its own (an empty answer, only its
    opening, cannot be finalised) by the official's edit, as the letter page saves it."""
    from tracker.letters import operations as letter_ops
    from tracker.letters.content import LetterContent
    content = LetterContent.from_dict(letter.content)
    letter_ops.update_letter(actor, letter, {
        "text": content.body_text() + "\n\nЗапитувану інформацію оприлюднено на сайті ради: "
                                      "https://zt-rada.gov.ua/pr.",
        "addressee": content.addressee, "addressee_lines": "\n".join(content.addressee_lines),
        "signatory_position": content.signatory_position or "Посада",
        "signatory_name": content.signatory_name or "Н. ЧИЖ"})
    db.session.commit()
    return letter


def answer_letter(actor, req):
    """An answer draft with some information in it."""
    from tracker.letters import operations as letter_ops
    return with_information(actor, letter_ops.create_letter(actor, req, "answer", {}, []))
