"""Writing reminders in bulk, in the caller's transaction.

PostgreSQL: one statement per sweep (``queue_in_database``) joins the open requests to the
stages due (a few hundred rows: one per set of terms and stage, computed by the rules in
Python), and writes the log rows and the outbox rows of what is not logged yet from the
same materialised result. Each mail is its stage's frame (mailing.Frame: the rendered
template with everything but the request's own values filled in) concatenated with those
values, so no request row, no text and no mail travels between Python and the database.
A second sweep running at the same time waits on the log's unique key; if the first
commits, the statement fails, its savepoint is rolled back and it runs again, now seeing
what the first logged: nothing twice, nothing lost, all or nothing.

SQLite (one writer at a time): the sweep builds the mails in Python and writes each chunk
with one multi-row INSERT per table.
"""
from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..outbox.models import OutboxMessage
from .mailing import Frame
from .models import SentReminder


def _executemany(table, rows: list[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` with one driver executemany,
    each value through its column type's bind processor computed once per column: what
    ``session.execute(insert(table), rows)`` does, without building the parameters of each
    row through the compiler (two thirds of a 30 000-mail sweep's time on SQLite)."""
    dialect = db.session.get_bind().dialect
    names = list(rows[0])
    # dialect_impl: the type as this dialect runs it (UTCDateTime's DateTime then formats
    # as SQLite stores it; JSON as psycopg's Json), exactly what the compiler would use.
    procs = [_memo(p) if p else None for p in
             (table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
           f"VALUES ({', '.join([mark] * len(names))})")
    values = [tuple(row[n] if p is None else p(row[n]) for n, p in zip(names, procs))
              for row in rows]
    db.session.connection().exec_driver_sql(sql, values)


def _memo(process):
    """``process`` remembering its result per value: a chunk's rows share their moments,
    state, headers and most recipient lists (JSON encoded once, not once a row)."""
    seen: dict = {}

    def key(value):  # types kept apart (1, True, 1.0), a dict's order kept (its JSON)
        if isinstance(value, list):
            return ("list", *((type(x), x) for x in value))
        if isinstance(value, dict):
            return ("dict", *((k, type(v), v) for k, v in value.items()))
        return (type(value), value)

    def memoised(value):
        try:
            k = key(value)
            return seen[k] if k in seen else seen.setdefault(k, process(value))
        except TypeError:  # not hashable (a nested list): processed as it is
            return process(value)
    return memoised


def insert_outbox(rows: list[dict]) -> list[int]:
    """Insert these outbox rows; their ids, in order. One executemany, then the ids read
    back by the unique Message-ID (RETURNING in order costs SQLite a statement a row)."""
    if not rows:
        return []
    table = OutboxMessage.__table__
    _executemany(table, rows)
    ids = dict(db.session.execute(select(table.c.message_id, table.c.id).where(
        table.c.message_id.in_([row["message_id"] for row in rows]))).all())
    return [ids[row["message_id"]] for row in rows]


def insert_log(rows: list[dict]) -> None:
    """Insert these reminder log rows. A duplicate key raises IntegrityError."""
    if rows:
        _executemany(SentReminder.__table__, rows)


@dataclass(frozen=True)
class Stage:
    """A stage due for every open request with these terms (the rules' input)."""

    due_date: object
    due_at: object
    standard_due_date: object
    status: str
    urgent: bool
    rule: str
    key: str
    skip: bool  # logged, not sent
    escalate: bool  # the heads too
    frame: Frame | None  # None when skipped


@dataclass(frozen=True)
class Staff:
    """Who gets a reminder, by executor id (``None``: nobody assigned or not active), as the
    outbox stores it (JSON of the sorted addresses), and the name the mail shows."""

    names: dict[int, str]
    to_executor: dict[int | None, str]
    to_escalation: dict[int | None, str]

    @staticmethod
    def recipients(users) -> str:
        return json.dumps(sorted({u.email for u in users}))


def _esc(sql: str) -> str:
    """html.escape (quote=True) in SQL, as mailing.py escapes the values in Python."""
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                     ("'", "&#x27;")):
        sql = f"replace({sql}, {_literal(old)}, {_literal(new)})"
    return sql


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


#: mailing.row_values in SQL (``r`` the request to remind of, ``q`` its requester, ``p`` its
#: executor).
ROW_SQL = {"number": "r.registration_number",
           "received": "to_char(r.received_at AT TIME ZONE :kyiv, 'DD.MM.YYYY')",
           "requester": "coalesce(nullif(q.name, ''), '—')",
           "req_subject": "r.subject",
           "executor": "coalesce(p.name, 'не призначено')",
           "id": "CAST(r.request_id AS text)"}
PLAIN = {"received", "id"}  # digits and dots: nothing to escape


def _concat(prefix: str, fields: tuple[str, ...], escape: bool) -> str:
    """A Template.fill in SQL: the frame's literals (array parameters, by the stage's
    number ``f.n``) and the request's values."""
    parts = [f"(CAST(:{prefix}0 AS text[]))[f.n]"]
    for i, name in enumerate(fields, start=1):
        value = f"f.{name}"
        parts += [_esc(value) if escape and name not in PLAIN else value,
                  f"(CAST(:{prefix}{i} AS text[]))[f.n]"]
    return " || ".join(parts)


def _statement(shape: tuple, open_sql: str) -> str:
    """Log rows and outbox rows from the same materialised join; a key another sweep
    logged meanwhile fails the statement (the caller retries it)."""
    subject, body_text, body_html = shape
    return f"""
WITH d AS MATERIALIZED (
  SELECT * FROM unnest(CAST(:due_date AS date[]), CAST(:due_at AS timestamptz[]),
                       CAST(:std AS date[]), CAST(:status AS text[]), CAST(:urgent AS boolean[]),
                       CAST(:rule AS text[]), CAST(:key AS text[]), CAST(:skip AS boolean[]),
                       CAST(:escalate AS boolean[]))
  WITH ORDINALITY AS d(due_date, due_at, std, status, urgent, rule, key, skip, escalate, n)
), p AS (
  SELECT * FROM unnest(CAST(:uid AS integer[]), CAST(:uname AS text[]),
                       CAST(:to_exec AS text[]), CAST(:to_esc AS text[]))
  AS p(uid, name, to_exec, to_esc)
), todo AS MATERIALIZED (
  SELECT r.id AS request_id, d.n, d.rule, d.key, d.skip, d.escalate, r.registration_number,
         r.received_at, r.subject, r.requester_id, r.executor_id
  -- "+ 0": one pass over the open requests near a term into a hash of the stages, rather
  -- than an index scan per stage re-reading the requests of its due date.
  FROM d JOIN requests r ON r.due_date + 0 = d.due_date AND r.standard_due_date = d.std
       AND coalesce(r.due_at, '-infinity') = coalesce(d.due_at, '-infinity')
       AND r.status = d.status AND r.urgent = d.urgent
  WHERE r.{open_sql} AND (r.due_at IS NULL AND (r.due_date <= :horizon
                                                OR r.standard_due_date <= :horizon)
                          OR r.due_at <= :urgent_horizon)
    -- One probe of the log's key per candidate, whatever the statistics say: "OFFSET 0"
    -- keeps the planner from turning this into a join, which, with a log it last saw
    -- nearly empty, it did as a scan of the whole log per request (1.4 s at 33 000).
    AND NOT EXISTS (SELECT 1 FROM sent_reminders s
                    WHERE s.request_id = r.id AND s.rule = d.rule AND s.due_key = d.key
                    OFFSET 0)
), f AS MATERIALIZED (
  SELECT * FROM (
    SELECT r.request_id, r.n, r.rule, r.key, r.skip,
           CASE WHEN r.skip THEN NULL
                ELSE nextval(pg_get_serial_sequence('outbox', 'id')) END AS oid,
           CASE WHEN r.escalate THEN coalesce(p.to_esc, :nobody_esc)
                ELSE coalesce(p.to_exec, :nobody_exec) END AS recipients,
           {", ".join(f"{sql} AS {name}" for name, sql in ROW_SQL.items())}
    FROM todo r LEFT JOIN requesters q ON q.id = r.requester_id
    LEFT JOIN p ON p.uid = r.executor_id
    ORDER BY r.request_id, r.n  -- outbox ids as the row-by-row sweep gives them
  ) x WHERE skip OR recipients <> '[]'
), logged AS (
  INSERT INTO sent_reminders (request_id, rule, due_key, outbox_id, created_at)
  SELECT request_id, rule, key, oid, :now FROM f ORDER BY request_id, rule, key
)
INSERT INTO outbox (id, kind, message_id, sender, recipients, reply_to, subject, body_text,
                    body_html, headers, state, attempts, next_attempt_at, request_id,
                    created_at, updated_at)
SELECT f.oid, 'reminder', :msgid_head || f.oid || :msgid_tail, :sender,
       CAST(f.recipients AS json), NULL, {_concat("s", subject, False)},
       {_concat("t", body_text, False)}, {_concat("h", body_html, True)},
       CAST(:headers AS json), 'pending', 0, :now, f.request_id, :now, :now
FROM f WHERE NOT f.skip"""


#: A sweep racing this one can make it retry; each retry sees what the others committed.
ATTEMPTS = 5


def queue_in_database(stages: list[Stage], staff: Staff, *, horizons: tuple, now,
                      sender: str, domain: str, headers: dict, open_statuses, kyiv: str) -> int:
    """Log and queue every stage due for every matching open request not logged before,
    set-based (PostgreSQL); returns how many mails were queued."""
    if not stages:
        return 0
    # Frames of one shape (the same holes in the same order) go in one statement; the
    # stages logged without a mail ride with the first.
    shapes: dict[tuple, list[Stage]] = {}
    for stage in stages:
        if stage.frame is not None:
            shape = tuple(t.fields for t in (stage.frame.subject, stage.frame.text,
                                             stage.frame.html))
            shapes.setdefault(shape, []).append(stage)
    skipped = [s for s in stages if s.frame is None]
    if not shapes:
        shapes[((), (), ())] = []
    first = next(iter(shapes))
    shapes[first] = shapes[first] + skipped
    uids = sorted(k for k in staff.to_executor if k is not None)
    # make_msgid's form; the outbox id in it makes each one unique.
    head = f"<{int(time.time() * 100)}.{os.getpid()}.{random.getrandbits(32)}."
    base = {"uid": uids, "uname": [staff.names[u] for u in uids],
            "to_exec": [staff.to_executor[u] for u in uids],
            "to_esc": [staff.to_escalation[u] for u in uids],
            "nobody_exec": staff.to_executor[None], "nobody_esc": staff.to_escalation[None],
            "now": now, "sender": sender, "headers": json.dumps(headers), "kyiv": kyiv,
            "msgid_head": head, "msgid_tail": f"@{domain}>",
            "horizon": horizons[0], "urgent_horizon": horizons[1]}
    open_sql = "status IN ({})".format(", ".join(f"'{s}'" for s in sorted(open_statuses)))
    queued = 0
    for shape, group in shapes.items():
        params = dict(base, due_date=[s.due_date for s in group],
                      due_at=[s.due_at for s in group],
                      std=[s.standard_due_date for s in group],
                      status=[s.status for s in group], urgent=[s.urgent for s in group],
                      rule=[s.rule for s in group], key=[s.key for s in group],
                      skip=[s.skip for s in group], escalate=[s.escalate for s in group])
        for prefix, index in (("s", 0), ("t", 1), ("h", 2)):
            for i in range(len(shape[index]) + 1):
                params[f"{prefix}{i}"] = [
                    "" if s.frame is None else
                    (s.frame.subject, s.frame.text, s.frame.html)[index].lits[i]
                    for s in group]
        statement = text(_statement(shape, open_sql))
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with db.session.begin_nested():
                    queued += db.session.execute(statement, params).rowcount
                break
            except IntegrityError:  # another sweep logged some of these first
                if attempt == ATTEMPTS:
                    raise
    return queued
