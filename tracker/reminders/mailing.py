"""Reminder e-mails in bulk: each template variant rendered once, then filled per reminder.

Jinja renders a variant (the rule, urgent or not, a «when» or none) once, with a marker in
place of each value. A frame is a variant with the values its requests share filled in
(the stage's wording, the term, «when»), the request's own values (ROW_FIELDS) left as
holes; a reminder fills the holes in one pass, its values escaped for the HTML part, in
Python (``Skeletons.mail``) or, on PostgreSQL, in SQL (bulk.py). The pass never re-reads
what it put in, so a marker typed into a request's subject stays text. 16 000 reminders
cost a few dozen renders instead of 32 000.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from flask import current_app, render_template
from html import escape

from ..core.timeutil import fmt_date
from .rules import Due

#: The values a reminder fills in, in marker order.
FIELDS = ("subject", "number", "received", "requester", "req_subject", "due_text", "when",
          "executor", "url", "std")
_MARKER = re.compile(r"@@ZV(\d+)@@")

#: What each stage says; ``{when}`` is the relation of the sweep's moment to the term,
#: computed from the council's calendar (rules.Due.phrase), never implied by the stage.
SUBJECTS = {
    "before": "Нагадування: строк відповіді на запит № {n} — {when} ({due})",
    "due_today": "Нагадування: строк відповіді на запит № {n} — {when} ({due})",
    "urgent": "Терміновий запит № {n}: строк відповіді спливає {when}",
    "overdue": "Запит № {n}: {when} (строк був {due})",
    "overdue_urgent": "Терміновий запит № {n}: {when} (строк був {due})",
    "extension_day4": "Запит № {n}: продовжити строк можна лише до {std} включно ({when})",
}


def subject_key(due: Due, urgent: bool) -> str:
    if due.rule.startswith("before_"):
        return "before"
    if due.rule.startswith("urgent_"):
        return "urgent"
    if due.rule == "overdue" and urgent:
        return "overdue_urgent"
    return due.rule


@dataclass(frozen=True)
class ReminderRow:
    """What a reminder shows of its request (a row, not an ORM object: no per-row load)."""

    id: int
    registration_number: str
    received_at: dt.datetime
    subject: str
    urgent: bool
    due_date: dt.date
    due_at: dt.datetime | None
    standard_due_date: dt.date
    executor_id: int | None
    requester_name: str | None


#: What a reminder shows of its own request: the only values filled in per mail (the rest
#: of a mail is the same for every request sharing its terms and stage).
ROW_FIELDS = ("number", "received", "requester", "req_subject", "executor", "id")
_SENTINEL = "\x00"


@dataclass(frozen=True)
class Template:
    """A text with holes for ROW_FIELDS: ``lits[0] field[0] lits[1] … lits[-1]``."""

    lits: tuple[str, ...]
    fields: tuple[str, ...]

    def fill(self, values: dict[str, str]) -> str:
        out = [self.lits[0]]
        for name, lit in zip(self.fields, self.lits[1:]):
            out += (values[name], lit)
        return "".join(out)


def _template(items, esc) -> Template:
    """From ("raw", rendered template text), ("val", a value to escape) and ("field", name)
    items: literals merged, so only the per-request fields are holes."""
    lits, fields, current = [], [], []
    for kind, value in items:
        if kind == "field":
            lits.append("".join(current))
            fields.append(value)
            current = []
        else:
            current.append(value if kind == "raw" else esc(value))
    lits.append("".join(current))
    return Template(tuple(lits), tuple(fields))


@dataclass(frozen=True)
class Frame:
    """A reminder's subject, text and HTML for one stage of one set of terms."""

    subject: Template
    text: Template
    html: Template


def row_values(row: ReminderRow, executor_name: str | None) -> dict[str, str]:
    """The ROW_FIELDS of a request (bulk.py computes the same in SQL on PostgreSQL)."""
    return {"number": row.registration_number, "received": fmt_date(row.received_at),
            "requester": row.requester_name or "—", "req_subject": row.subject,
            "executor": executor_name or "не призначено", "id": str(row.id)}


def due_text(due_date: dt.date, due_at: dt.datetime | None, tz) -> str:
    return due_at.astimezone(tz).strftime("%d.%m.%Y %H:%M") if due_at \
        else due_date.strftime("%d.%m.%Y")


@dataclass
class Skeletons:
    """Rendered variants, by (rule, urgent, with «when»): (text, html) with markers; and
    the frames built from them, by stage and terms."""

    base_url: str
    cache: dict = field(default_factory=dict)
    frames: dict = field(default_factory=dict)

    @classmethod
    def for_app(cls) -> Skeletons:
        return cls(base_url=current_app.config["BASE_URL"].rstrip("/"))

    def _variant(self, rule: str, urgent: bool, with_when: bool) -> tuple[list, list]:
        key = (rule, urgent, with_when)
        if key not in self.cache:
            context = {name: f"@@ZV{i}@@" for i, name in enumerate(FIELDS)}
            context.update(rule=rule, urgent=urgent, with_when=with_when)
            self.cache[key] = (_split(render_template("emails/reminder.txt", **context)),
                               _split(render_template("emails/reminder.html", **context)))
        return self.cache[key]

    def frame(self, due: Due, urgent: bool, due_date: dt.date, due_at: dt.datetime | None,
              standard_due_date: dt.date, tz) -> Frame:
        """The mail of this stage for a request with these terms, the request's own values
        left as holes (the same for the thousands of requests sharing a due date)."""
        key = (due.rule, due.phrase, bool(urgent), due_date, due_at, standard_due_date, tz)
        if key not in self.frames:
            self.frames[key] = self._frame(due, bool(urgent), due_date, due_at,
                                           standard_due_date, tz)
        return self.frames[key]

    def _frame(self, due, urgent, due_date, due_at, standard_due_date, tz) -> Frame:
        consts = {"due_text": due_text(due_date, due_at, tz), "when": due.phrase,
                  "std": standard_due_date.strftime("%d.%m.%Y")}
        pieces = SUBJECTS[subject_key(due, due_at is not None)].format(
            n=_SENTINEL, due=consts["due_text"], when=due.phrase, std=consts["std"]
        ).split(_SENTINEL)
        subject = [("val", pieces[0])]
        for piece in pieces[1:]:
            subject += [("field", "number"), ("val", piece)]

        def items(parts):
            for i, part in enumerate(parts):
                name = FIELDS[part] if i % 2 else None
                if name is None:
                    yield "raw", part
                elif name == "subject":
                    yield from subject
                elif name == "url":
                    yield from (("val", f"{self.base_url}/requests/"), ("field", "id"))
                elif name in consts:
                    yield "val", consts[name]
                else:
                    yield "field", name

        text, html = self._variant(due.rule, urgent, bool(due.phrase))
        return Frame(_template(subject, str), _template(items(text), str),
                     _template(items(html), escape))

    def mail(self, row: ReminderRow, due: Due, executor_name: str | None,
             tz) -> tuple[str, str, str]:
        """(subject, text, html) of one reminder."""
        frame = self.frame(due, row.urgent, row.due_date, row.due_at, row.standard_due_date, tz)
        values = row_values(row, executor_name)
        escaped = {k: escape(v) for k, v in values.items()}
        return frame.subject.fill(values), frame.text.fill(values), frame.html.fill(escaped)


def _split(rendered: str) -> list:
    """A rendered variant as literal text and field numbers, alternating."""
    parts = _MARKER.split(rendered)
    return [p if i % 2 == 0 else int(p) for i, p in enumerate(parts)]
