"""What of an activity record is searched: the measure and the priority task rank above
the text, the executors and the tags."""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from .. import search
from ..extensions import db
from .models import ActivityRecord


def record_document(measure: str | None, priority_task: str | None, text: str | None,
                    executors: str | None, tags: list | None) -> dict[str, str]:
    return search.document(head=[measure, priority_task],
                           body=[text, executors, " ".join(tags or [])])


def _source():
    return select(ActivityRecord.id, ActivityRecord.measure, ActivityRecord.priority_task,
                  ActivityRecord.text, ActivityRecord.executors, ActivityRecord.tags)


def _from_row(row: Mapping) -> dict[str, str]:
    return record_document(row["measure"], row["priority_task"], row["text"],
                           row["executors"], row["tags"])


search.register(search.Searchable(model=ActivityRecord, short="activities", source=_source,
                                  document=_from_row))


def index_record(record: ActivityRecord, words: set[str] | None = None) -> None:
    """Recompute the record's search columns (``words``: see ``search.index``)."""
    search.index(db.session, record, record_document(
        record.measure, record.priority_task, record.text, record.executors, record.tags),
        words)
