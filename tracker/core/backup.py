"""Backup and restore of the whole database and the stored files, portable across engines.

A backup is a zip: ``manifest.json`` (format, schema revision, row counts), one JSON-lines
file per table (dates, decimals and binary file contents typed, so SQLite and PostgreSQL
read each other's backups), and ``files/`` with the council's files from instance/ (a DOCX
blank). The secret key is deliberately left out. Restore replaces every row in one
transaction, and refuses a backup of another schema revision.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from ..extensions import db
from .schema import FOREIGN_TABLES

FORMAT = "zapyt-backup/1"
#: Instance files that are never backed up (secrets, transient state, the database itself).
SKIP_FILES = {"secret_key", "demo-login.txt", "scheduler.lock", "scheduler.leader"}


class BackupError(ValueError):
    pass


def _encode(value):
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode()}
    if isinstance(value, dt.datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return value.value  # enums are stored as their value
    return value


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        (key, raw), = value.items()
        if key == "$b64":
            return base64.b64decode(raw)
        if key == "$dt":
            return dt.datetime.fromisoformat(raw)
        if key == "$date":
            return dt.date.fromisoformat(raw)
        if key == "$dec":
            return Decimal(raw)
    return value


def _tables():
    return [t for t in db.metadata.sorted_tables if t.name not in FOREIGN_TABLES]


def current_revision() -> str | None:
    if "alembic_version" not in inspect(db.engine).get_table_names():
        return None
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _instance_files(instance: Path):
    if not instance.exists():
        return
    for path in sorted(instance.rglob("*")):
        rel = path.relative_to(instance)
        if (path.is_file() and rel.parts[0] not in ("imports",) and path.name not in SKIP_FILES
                and not path.name.startswith("tracker.db")):
            yield rel, path


def backup(target: Path, instance: Path) -> dict:
    """Write the backup zip; returns its manifest."""
    manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "revision": current_revision(), "engine": db.engine.dialect.name,
                "tables": {}, "files": []}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in _tables():
            count = 0
            with zf.open(f"tables/{table.name}.jsonl", "w") as out:
                order = [c for c in table.primary_key.columns]
                result = db.session.execute(select(table).order_by(*order)
                                            .execution_options(yield_per=1000))
                for row in result.mappings():
                    line = json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False)
                    out.write(line.encode() + b"\n")
                    count += 1
            manifest["tables"][table.name] = count
        for rel, path in _instance_files(instance):
            zf.write(path, f"files/{rel.as_posix()}")
            manifest["files"].append(rel.as_posix())
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        with zipfile.ZipFile(source) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise BackupError(f"Це не резервна копія Zapyt: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Невідомий формат резервної копії: {manifest.get('format')!r}.")
    return manifest


def is_empty() -> bool:
    return all(db.session.scalar(select(func.count()).select_from(t)) == 0 for t in _tables())


def restore(source: Path, instance: Path) -> dict:
    """Replace every row with the backup's (the caller commits once; nothing half-restored)."""
    manifest = read_manifest(source)
    revision = current_revision()
    if manifest["revision"] != revision:
        raise BackupError(f"Копія зроблена зі схемою {manifest['revision']}, а база має "
                          f"{revision}: спершу приведіть базу до тієї ж версії "
                          f"(flask db upgrade/downgrade).")
    tables = _tables()
    with zipfile.ZipFile(source) as zf:
        for table in reversed(tables):
            db.session.execute(table.delete())
        for table in tables:
            name = f"tables/{table.name}.jsonl"
            if name not in zf.namelist():
                raise BackupError(f"У копії бракує таблиці {table.name}.")
            # A row may point at a later row of its own table (a letter's companion): such
            # columns go in empty and are filled once every row exists.
            self_refs = [fk.parent.name for fk in table.foreign_keys
                         if fk.column.table is table]
            later, batch = [], []
            with zf.open(name) as lines:
                for line in io.TextIOWrapper(lines, encoding="utf-8"):
                    row = {k: _decode(v) for k, v in json.loads(line).items()}
                    links = {c: row[c] for c in self_refs if row.get(c) is not None}
                    if links:
                        later.append((row, links))
                        row = {**row, **{c: None for c in links}}
                    batch.append(row)
                    if len(batch) >= 1000:
                        db.session.execute(table.insert(), batch)
                        batch = []
            if batch:
                db.session.execute(table.insert(), batch)
            key = list(table.primary_key.columns)
            stamped = [c.name for c in table.columns if c.onupdate is not None]
            for row, links in later:
                # Keep the row's own timestamps: an UPDATE would otherwise stamp "now".
                db.session.execute(table.update().where(*[c == row[c.name] for c in key])
                                   .values(**links, **{c: row[c] for c in stamped}))
        if db.engine.dialect.name == "postgresql":
            _reset_sequences(tables)
        for rel in manifest["files"]:
            path = instance / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(zf.read(f"files/{rel}"))
    return manifest


def _reset_sequences(tables) -> None:
    """After explicit ids, PostgreSQL's sequences must continue after the largest one."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto"
                                                and len(table.primary_key.columns) == 1
                                                and isinstance(column.type, db.Integer)):
                seq = db.session.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": column.name}).scalar()
                if seq:
                    db.session.execute(text(
                        f"SELECT setval('{seq}', COALESCE((SELECT MAX({column.name}) FROM "
                        f"{table.name}), 0) + 1, false)"))
