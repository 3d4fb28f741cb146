"""Backup and restore of the whole database and the stored files, portable across engines.

A backup is a zip: ``manifest.json`` (format, schema revision, row counts, the SHA-256 of
every other member, and an HMAC of the whole when ``BACKUP_SIGNING_KEY`` is set), one
JSON-lines file per table (dates, decimals and binary file contents typed, so SQLite and
PostgreSQL read each other's backups), and ``files/`` with the council's files from
instance/ (a DOCX blank). The secret key is deliberately left out.

Restore first checks the whole zip, before the database is touched: every member must be
one the backup itself would write (the manifest, a table of this schema, a file the
manifest lists), every listed file a relative path inside instance/ that is not a secret or
service file, every checksum (and the signature, when a key is set) must match. Then it
replaces every row in one transaction and writes only those files, to paths it computes
under instance/; it refuses a backup of another schema revision.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, inspect, select, text

from ..extensions import db
from ..core.schema import FOREIGN_TABLES

FORMAT = "zapyt-backup/2"
MANIFEST = "manifest.json"
#: Instance files that are never backed up nor restored (secrets, transient state).
SKIP_FILES = {"secret_key", "demo-login.txt", "scheduler.lock", "scheduler.leader"}
#: The SQLite database and its journals (``tracker.db``, ``tracker.db-wal``…).
SKIP_PREFIX = "tracker.db"
#: Instance folders that are never backed up (uploads waiting for confirmation).
SKIP_DIRS = {"imports"}
_BAD_NAME_CHARS = re.compile(r"[\\:\x00-\x1f\x7f]")
_CHUNK = 1 << 16


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


def restorable(rel: object) -> bool:
    """Whether ``rel`` names an instance file a backup may carry and a restore may write:
    a plain relative POSIX path (no absolute path, ``..``, ``.``, empty part, backslash,
    drive colon or control character), outside the skipped folders, naming no secret or
    service file and not the database."""
    if not isinstance(rel, str) or not rel or len(rel) > 1024 or _BAD_NAME_CHARS.search(rel):
        return False
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts) or parts[0] in SKIP_DIRS:
        return False
    return not any(part.lower() in SKIP_FILES or part.lower().startswith(SKIP_PREFIX)
                   for part in parts)


def _instance_files(instance: Path):
    if not instance.exists():
        return
    for path in sorted(instance.rglob("*")):
        rel = path.relative_to(instance).as_posix()
        if path.is_file() and restorable(rel):
            yield rel, path


def _signature(manifest: dict, key: str) -> str:
    """HMAC-SHA256 of the manifest (without its signature), in a canonical JSON form."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(key.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def backup(target: Path, instance: Path, signing_key: str | None = None) -> dict:
    """Write the backup zip; returns its manifest (signed when ``signing_key`` is given)."""
    manifest = {"format": FORMAT, "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "revision": current_revision(), "engine": db.engine.dialect.name,
                "tables": {}, "files": [], "checksums": {}}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in _tables():
            count, digest, name = 0, hashlib.sha256(), f"tables/{table.name}.jsonl"
            with zf.open(name, "w") as out:
                order = [c for c in table.primary_key.columns]
                result = db.session.execute(select(table).order_by(*order)
                                            .execution_options(yield_per=1000))
                for row in result.mappings():
                    line = json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False)
                    data = line.encode() + b"\n"
                    out.write(data)
                    digest.update(data)
                    count += 1
            manifest["tables"][table.name] = count
            manifest["checksums"][name] = digest.hexdigest()
        for rel, path in _instance_files(instance):
            name, digest = f"files/{rel}", hashlib.sha256()
            info = zipfile.ZipInfo.from_file(path, name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as src, zf.open(info, "w") as out:
                while chunk := src.read(_CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
            manifest["files"].append(rel)
            manifest["checksums"][name] = digest.hexdigest()
        if signing_key:
            manifest["signature"] = _signature(manifest, signing_key)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        with zipfile.ZipFile(source) as zf:
            manifest = json.loads(zf.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"Це не резервна копія Zapyt: {exc}") from None
    if not isinstance(manifest, dict):
        raise BackupError("Це не резервна копія Zapyt: маніфест не є об'єктом JSON.")
    if manifest.get("format") == "zapyt-backup/1":
        raise BackupError("Копія старого формату zapyt-backup/1 не має контрольних сум: "
                          "відновіть її попередньою версією Zapyt і зробіть нову копію.")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Невідомий формат резервної копії: {manifest.get('format')!r}.")
    return manifest


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise BackupError(message)


def _check_signature(manifest: dict, signing_key: str | None) -> None:
    if not signing_key:
        return  # nothing to check against (a signature made elsewhere cannot be verified)
    signature = manifest.get("signature")
    _expect(isinstance(signature, str), "Копію не підписано, а BACKUP_SIGNING_KEY задано: "
                                        "відновлюються лише підписані копії.")
    _expect(hmac.compare_digest(signature.encode(), _signature(manifest, signing_key).encode()),
            "Підпис маніфесту не збігається: копію змінено або підписано іншим ключем.")


def _check_members(names: list[str], manifest: dict) -> None:
    """Every member is one the backup would write, and every one it would write is there."""
    tables, files = manifest.get("tables"), manifest.get("files")
    _expect(isinstance(tables, dict) and isinstance(files, list)
            and isinstance(manifest.get("checksums"), dict),
            "Маніфест копії пошкоджено: бракує переліку таблиць, файлів чи контрольних сум.")
    _expect(len(set(names)) == len(names), "У копії є елементи з однаковими іменами.")
    for rel in files:
        _expect(restorable(rel), f"Недопустимий файл у маніфесті копії: {rel!r} (абсолютний "
                                 f"шлях, «..», секретний ключ чи інший службовий файл).")
    _expect(len(set(files)) == len(files), "У маніфесті копії файли повторюються.")
    expected_tables = {t.name for t in _tables()}
    _expect(set(tables) == expected_tables, "Перелік таблиць у маніфесті не збігається зі "
                                            "схемою бази.")
    expected = ({MANIFEST} | {f"tables/{t}.jsonl" for t in expected_tables}
                | {f"files/{rel}" for rel in files})
    for name in names:
        _expect(name in expected, f"Недопустимий елемент у копії: {name!r} (його не пише "
                                  f"резервне копіювання або немає в маніфесті).")
    missing = sorted(expected - set(names))
    _expect(not missing, f"У копії бракує елемента {missing[0]!r}." if missing else "")


def _check_checksums(zf: zipfile.ZipFile, names: list[str], checksums: dict) -> None:
    _expect(set(checksums) == set(names) - {MANIFEST},
            "Перелік контрольних сум у маніфесті не збігається з вмістом копії.")
    for name in names:
        if name == MANIFEST:
            continue
        digest = hashlib.sha256()
        with zf.open(name) as member:
            while chunk := member.read(_CHUNK):
                digest.update(chunk)
        _expect(hmac.compare_digest(str(checksums[name]).encode(), digest.hexdigest().encode()),
                f"Контрольна сума {name!r} не збігається: копію пошкоджено або змінено.")


def verify(source: Path, signing_key: str | None = None) -> dict:
    """Check the whole backup (see the module's docstring); returns its manifest."""
    manifest = read_manifest(source)
    _check_signature(manifest, signing_key)
    try:
        with zipfile.ZipFile(source) as zf:
            names = zf.namelist()
            _check_members(names, manifest)
            _check_checksums(zf, names, manifest["checksums"])
    except zipfile.BadZipFile as exc:
        raise BackupError(f"Копію пошкоджено: {exc}") from None
    return manifest


def _targets(instance: Path, files: list[str]) -> list[tuple[str, Path]]:
    """Where each listed file goes: under instance/, its folder resolved (links followed)."""
    root = instance.resolve()
    out = []
    for rel in files:
        path = root.joinpath(*rel.split("/"))
        folder = path.parent.resolve()
        _expect(folder == root or root in folder.parents,
                f"Файл {rel!r} з копії веде за межі теки instance/.")
        out.append((rel, folder / path.name))
    return out


def is_empty() -> bool:
    return all(db.session.scalar(select(func.count()).select_from(t)) == 0 for t in _tables())


def restore(source: Path, instance: Path, signing_key: str | None = None) -> dict:
    """Replace every row with the backup's (the caller commits once; nothing half-restored).

    Nothing is deleted or written before the whole backup has been checked."""
    manifest = verify(source, signing_key)
    revision = current_revision()
    if manifest.get("revision") != revision:
        raise BackupError(f"Копія зроблена зі схемою {manifest.get('revision')}, а база має "
                          f"{revision}: спершу приведіть базу до тієї ж версії "
                          f"(flask db upgrade/downgrade).")
    targets = _targets(instance, manifest["files"])
    tables = _tables()
    with zipfile.ZipFile(source) as zf:
        for table in reversed(tables):
            db.session.execute(table.delete())
        for table in tables:
            name = f"tables/{table.name}.jsonl"
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
        # The report summary came back with the rows it counts: recounting what the inserts
        # touched would only restamp it (and differ from the backup).
        from ..reports.summary import discard_pending
        discard_pending(db.session)
        # The search postings and SQLite's FTS tables followed the inserts by their
        # triggers; SQLite's trigram table of the vocabulary (typos) is refilled here.
        from ..search.vocabulary import refill_trigrams
        refill_trigrams(db.session)
        for rel, path in targets:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                path.unlink()  # replace the link itself, never write where it points
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
