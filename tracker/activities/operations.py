"""Service functions for activity records: analyse and import reports, edit records."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select

from ..auth.models import Role, User
from ..core.i18n import gettext as _, ngettext
from ..core.errors import ConflictError, DomainError, ErrorCollector, NotFound, PermissionDenied
from ..core.models import get_or_raise, record_event
from ..extensions import db
from ..core.validation import clean_date, clean_text, tag_text
from .categorize import DEFAULT_CATEGORIES, guess_category
from .checks import Warning_, check_report
from .heading import parse_heading
from .importers import ReadLimits, ReportFormatError, read_table
from .importers.table import ParsedTable, read_records
from .models import ActivityRecord, Category, Programme, Report
from .numbers import NumberError, parse_amount, parse_percent, percent_of
from .periods import parse_period
from .quantities import extract_quantities
from .search_index import index_record
from ..search import add_words

EDITORS = (Role.EXECUTOR, Role.HEAD, Role.ADMIN)


class ReportImportError(DomainError):
    """A report that cannot be imported; ``problems`` name each row and column."""

    status = 400

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


def require_editor(actor: User) -> None:
    if actor is not None and actor.role not in EDITORS:
        raise PermissionDenied(_("Змінювати базу заходів можуть виконавці, керівники та "
                                 "адміністратори."))


# --- importing reports -------------------------------------------------------------------

@dataclass
class ImportAnalysis:
    """Everything the preview shows and the import stores."""

    filename: str
    sha256: str
    size: int
    programme: str
    decision: str | None
    years: str | None
    responsible: str | None
    period_label: str
    period_start: dt.date | None
    period_end: dt.date | None
    table: ParsedTable
    warnings: list[Warning_]
    duplicate_of: int | None = None
    categories: list[str | None] = field(default_factory=list)

    @property
    def total_planned(self) -> Decimal:
        return sum((r.planned for r in self.table.records if r.planned is not None), Decimal("0.00"))

    @property
    def total_financed(self) -> Decimal:
        return sum((r.financed for r in self.table.records if r.financed is not None), Decimal("0.00"))

    def summary(self, imported: bool, report_id: int | None = None) -> dict[str, Any]:
        """The JSON the CLI and the API print (amounts as two-decimal strings)."""
        def money(v):
            return None if v is None else f"{v:.2f}"
        return {
            "rows": len(self.table.records),
            "total_planned": money(self.total_planned),
            "total_financed": money(self.total_financed),
            "stated_total_planned": money(self.table.stated_total_planned),
            "stated_total_financed": money(self.table.stated_total_financed),
            "warnings": [w.as_dict() for w in self.warnings],
            "imported": imported,
            "programme": self.programme,
            "period": self.period_label,
            "duplicate_of": self.duplicate_of,
            "report_id": report_id,
        }


def read_limits() -> ReadLimits:
    """The readers' limits from the settings (IMPORT_MAX_*); the ZIP ratio and member count
    are fixed (ReadLimits' defaults): no office file comes near them."""
    config = current_app.config
    return ReadLimits(max_rows=int(config["IMPORT_MAX_ROWS"]),
                      max_columns=int(config["IMPORT_MAX_COLUMNS"]),
                      max_cells=int(config["IMPORT_MAX_CELLS"]),
                      max_unpacked_bytes=int(config["IMPORT_MAX_UNPACKED_BYTES"]),
                      max_seconds=float(config["IMPORT_MAX_SECONDS"]))


def analyse_report(data: bytes, filename: str, *, programme: str | None = None,
                   period: str | None = None) -> ImportAnalysis:
    """Read and check a report without storing anything.

    Raises ReportImportError naming every unreadable figure (row and column), or when the
    file is not a report at all.
    """
    limit = current_app.config["IMPORT_MAX_BYTES"]
    if len(data) > limit:
        raise ReportImportError(_("Файл завеликий: %(size)s КБ, дозволено до %(limit)s КБ.",
                                  size=len(data) // 1024, limit=limit // 1024))
    if not data.strip():
        raise ReportImportError(_("Файл порожній."))
    try:
        raw = read_table(data, filename, read_limits())
        table = read_records(raw)
    except ReportFormatError as exc:
        raise ReportImportError(str(exc)) from None
    if table.errors:
        raise ReportImportError(ngettext(
            "Звіт не імпортовано: не вдалося прочитати %(num)s цифру. %(errors)s",
            "Звіт не імпортовано: не вдалося прочитати %(num)s цифр. %(errors)s",
            len(table.errors), errors="; ".join(table.errors)), table.errors)
    if not table.records:
        raise ReportImportError(_("У таблиці звіту не знайдено жодного заходу."))
    heading = parse_heading(raw.heading)
    title = (programme or heading.programme or "").strip()
    label = (period or heading.period or "").strip()
    if not title and not label:
        raise ReportImportError(_("У заголовку звіту немає назви програми (--programme) і "
                                  "звітного періоду (--period): зазначте їх вручну."))
    if not title:
        raise ReportImportError(_("У заголовку звіту немає назви програми (--programme): "
                                  "зазначте її вручну."))
    if not label:
        raise ReportImportError(_("У заголовку звіту немає звітного періоду (--period): "
                                  "зазначте його вручну."))
    dates = parse_period(label)
    config = current_app.config
    warnings = check_report(
        table.records, stated_planned=table.stated_total_planned,
        stated_financed=table.stated_total_financed, stated_percent=table.stated_total_percent,
        tolerance=Decimal(str(config["IMPORT_PERCENT_TOLERANCE"])),
        total_tolerance=Decimal(str(config["IMPORT_TOTAL_TOLERANCE"])))
    sha = hashlib.sha256(data).hexdigest()
    duplicate = db.session.scalar(select(Report.id).join(Programme).where(or_(
        Report.source_sha256 == sha,
        (Programme.title == title) & (Report.period_label == label))))
    return ImportAnalysis(
        filename=filename, sha256=sha, size=len(data), programme=title,
        decision=heading.decision, years=heading.years, responsible=heading.responsible,
        period_label=label, period_start=dates[0] if dates else None,
        period_end=dates[1] if dates else None, table=table, warnings=warnings,
        duplicate_of=duplicate,
        categories=[guess_category(r.priority_task, r.measure) for r in table.records])


def _programme(title: str, decision=None, years=None, responsible=None) -> Programme:
    prog = db.session.scalar(select(Programme).where(Programme.title == title))
    if prog is None:
        prog = Programme(title=title)
        db.session.add(prog)
    prog.decision = prog.decision or decision
    prog.years = prog.years or years
    prog.responsible = prog.responsible or responsible
    return prog


def _categories_by_slug() -> dict[str, Category]:
    return {c.slug: c for c in db.session.scalars(select(Category))}


def import_report(actor: User | None, data: bytes, filename: str, *,
                  programme: str | None = None, period: str | None = None,
                  progress=None) -> tuple[Report, ImportAnalysis]:
    """Import a report: the programme, the report with its file, every record; one Event.

    All or nothing: the caller commits once. The same report (same file, or the same
    programme and period) imported again is refused with the existing report's number.
    ``progress(done, total)``, if given, is called as records are stored (large files).
    """
    require_editor(actor)
    analysis = analyse_report(data, filename, programme=programme, period=period)
    if analysis.duplicate_of:
        raise ConflictError(_("Цей звіт уже імпортовано (звіт № %(n)s): «%(programme)s», "
                              "%(period)s.", n=analysis.duplicate_of,
                              programme=analysis.programme, period=analysis.period_label))
    prog = _programme(analysis.programme, analysis.decision, analysis.years,
                      analysis.responsible)
    t = analysis.table
    report = Report(
        programme=prog, period_label=analysis.period_label, period_start=analysis.period_start,
        period_end=analysis.period_end, source_filename=filename[:255],
        source_sha256=analysis.sha256, source_size=analysis.size, source_content=data,
        stated_total_planned=t.stated_total_planned,
        stated_total_financed=t.stated_total_financed,
        stated_total_percent=t.stated_total_percent,
        warnings=[w.as_dict() for w in analysis.warnings],
        imported_by_id=getattr(actor, "id", None))
    db.session.add(report)
    categories = _categories_by_slug()
    total = len(t.records)
    words: set[str] = set()
    for done, (parsed, slug) in enumerate(zip(t.records, analysis.categories), start=1):
        record = ActivityRecord(
            programme=prog, report=report, item_number=parsed.item_number,
            priority_task=parsed.priority_task, measure=parsed.measure, term=parsed.term,
            executors=parsed.executors, planned=parsed.planned, financed=parsed.financed,
            percent_stated=parsed.percent_stated,
            percent_computed=percent_of(parsed.financed, parsed.planned), text=parsed.text,
            category=categories.get(slug) if slug else None,
            quantities=extract_quantities(parsed.text), tags=[],
            period_start=analysis.period_start, period_end=analysis.period_end,
            created_by_id=getattr(actor, "id", None))
        index_record(record, words)
        db.session.add(record)
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    add_words(db.session, words)  # the vocabulary in one statement, not one per record
    db.session.flush()
    record_event(actor, "report_imported", "activity_report", report.id, after={
        "programme": prog.title, "period": report.period_label, "file": filename,
        "records": len(t.records), "warnings": len(analysis.warnings)})
    return report, analysis


# --- records by hand ---------------------------------------------------------------------

def _clean_tags(errors: ErrorCollector, value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if not isinstance(value, (str, list)) or (
            isinstance(value, list) and not all(isinstance(t, str) for t in value)):
        errors.add("tags", _("Очікується список міток (рядків) або рядок через кому."))
        return []
    items = value.split(",") if isinstance(value, str) else value
    return sorted({tag_text(t) for t in items if tag_text(t)})[:20]


RECORD_FIELDS = ("measure", "programme", "category", "planned", "financed", "percent_stated",
                 "text", "period_start", "period_end", "tags", "item_number", "priority_task",
                 "term", "executors")


def _apply_record(record: ActivityRecord, raw: dict[str, Any]) -> None:
    errors = ErrorCollector()
    measure = clean_text(errors, "measure", raw.get("measure"), required=True, limit_key="text")
    text = clean_text(errors, "text", raw.get("text")) or ""
    amounts = {}
    for name, parse in (("planned", parse_amount), ("financed", parse_amount),
                        ("percent_stated", parse_percent)):
        value = raw.get(name)
        try:
            amounts[name] = parse(value if not isinstance(value, float) else repr(value))
        except (NumberError, ValueError, ArithmeticError):
            errors.add(name, _("Не вдалося прочитати число: напишіть, наприклад, 180 000,00."))
    start = clean_date(errors, "period_start", raw.get("period_start"), required=False)
    end = clean_date(errors, "period_end", raw.get("period_end"), required=False)
    if start and end and end < start:
        errors.add("period_end", _("Кінець періоду раніший за початок."))
    category = None
    if raw.get("category") is not None and not isinstance(raw.get("category"), str):
        errors.add("category", _("Очікується код категорії (рядок)."))
    elif raw.get("category"):
        category = db.session.scalar(select(Category).where(Category.slug == raw["category"]))
        if category is None:
            errors.add("category", _("Невідома категорія «%(slug)s».", slug=raw["category"]))
    programme_title = clean_text(errors, "programme", raw.get("programme"), multiline=False,
                                 limit_key="subject")
    short = {n: clean_text(errors, n, raw.get(n), limit_key="text")
             for n in ("item_number", "priority_task", "term", "executors")}
    if short["item_number"] and len(short["item_number"]) > 20:
        errors.add("item_number", ngettext("Не більше %(num)s символу.",
                                           "Не більше %(num)s символів.", 20))
    if short["term"] and len(short["term"]) > 100:
        errors.add("term", ngettext("Не більше %(num)s символу.", "Не більше %(num)s символів.",
                                    100))
    tags = _clean_tags(errors, raw.get("tags"))
    errors.raise_if_any()
    record.measure, record.text = measure, text
    record.planned, record.financed = amounts["planned"], amounts["financed"]
    record.percent_stated = amounts["percent_stated"]
    record.percent_computed = percent_of(record.financed, record.planned)
    record.period_start, record.period_end = start, end
    record.category = category
    record.programme = _programme(programme_title) if programme_title else None
    for name, value in short.items():
        setattr(record, name, value)
    record.tags = tags
    record.quantities = extract_quantities(text)
    index_record(record)


def create_record(actor: User, raw: dict[str, Any]) -> ActivityRecord:
    """A record entered by hand (narrative facts that no report holds)."""
    require_editor(actor)
    record = ActivityRecord(created_by_id=actor.id)
    _apply_record(record, raw)
    db.session.add(record)
    db.session.flush()
    record_event(actor, "activity_created", "activity_record", record.id,
                 after={"measure": record.measure[:200]})
    return record


def update_record(actor: User, record: ActivityRecord, raw: dict[str, Any]) -> ActivityRecord:
    require_editor(actor)
    before = {"measure": record.measure[:200], "planned": str(record.planned),
              "financed": str(record.financed), "category": record.category.slug
              if record.category else None}
    _apply_record(record, raw)
    record_event(actor, "activity_updated", "activity_record", record.id, before=before,
                 after={"measure": record.measure[:200], "planned": str(record.planned),
                        "financed": str(record.financed),
                        "category": record.category.slug if record.category else None})
    return record


def get_record(record_id: int) -> ActivityRecord:
    return get_or_raise(ActivityRecord, record_id, _("Запис не знайдено."))


# --- categories --------------------------------------------------------------------------

def seed_categories() -> int:
    """Insert the default categories that are missing; returns how many were added."""
    existing = set(db.session.scalars(select(Category.slug)))
    added = 0
    for position, (slug, name, _pattern) in enumerate(DEFAULT_CATEGORIES, start=1):
        if slug not in existing:
            db.session.add(Category(slug=slug, name=name, position=position))
            added += 1
    return added


def save_category(actor: User, slug: str | None, name: str | None, active: bool = True,
                  category_id: int | None = None) -> Category:
    """Add a category, or rename / (de)activate one. Categories are never deleted."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied(_("Категорії змінює адміністратор."))
    errors = ErrorCollector()
    name = clean_text(errors, "name", name, required=True, multiline=False, limit_key="phone")
    if category_id is None:
        slug = clean_text(errors, "slug", slug, required=True, multiline=False, limit_key="phone")
        if slug and not slug.replace("_", "").isalnum():
            errors.add("slug", _("Лише латинські літери, цифри та «_»."))
    errors.raise_if_any()
    if category_id is None:
        if db.session.scalar(select(func.count(Category.id)).where(
                or_(Category.slug == slug, Category.name == name))):
            raise ConflictError(_("Категорія з такою назвою чи кодом уже є."))
        position = (db.session.scalar(select(func.max(Category.position))) or 0) + 1
        category = Category(slug=slug.lower(), name=name, position=position, active=active)
        db.session.add(category)
    else:
        category = db.session.get(Category, category_id)
        if category is None:
            raise NotFound(_("Категорію не знайдено."))
        category.name, category.active = name, active
    db.session.flush()
    record_event(actor, "category_saved", "activity_category", category.id,
                 after={"slug": category.slug, "name": category.name, "active": active})
    return category
