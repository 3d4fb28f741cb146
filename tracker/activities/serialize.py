"""Activity records as JSON (amounts as decimal strings, never floats)."""
from __future__ import annotations

from .models import ActivityRecord


def _dec(value):
    return None if value is None else f"{value:.2f}"


def _date(value):
    return None if value is None else value.isoformat()


def record_json(r: ActivityRecord) -> dict:
    return {
        "id": r.id,
        "measure": r.measure,
        "category": r.category.slug if r.category else None,
        "planned": _dec(r.planned),
        "financed": _dec(r.financed),
        "percent_stated": _dec(r.percent_stated),
        "percent_computed": _dec(r.percent_computed),
        "text": r.text,
        "period_start": _date(r.period_start),
        "period_end": _date(r.period_end),
        "programme": r.programme.title if r.programme else None,
        "report_id": r.report_id,
        "item_number": r.item_number,
        "priority_task": r.priority_task,
        "term": r.term,
        "executors": r.executors,
        "quantities": r.quantities or [],
        "tags": r.tags or [],
    }
