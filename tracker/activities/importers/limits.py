"""How much one report file may make the readers do. Pure.

A programme report is 10–500 rows of about ten columns in a file of tens of kilobytes. A
file can claim far more than it holds — a sheet dimension of a million rows, a Word cell
spanning 60 000 grid columns, a ZIP member that inflates a thousandfold, an XML DTD whose
entities expand — and a parser then spends gigabytes and minutes materialising the claim.
So the limits are checked twice: on what the file declares (the ZIP's central directory and
its XML, scanned raw in bounded chunks) before a parser opens it, and on what is actually
read (rows, columns, cells and time, counted by the readers as they go). Every refusal is a
ReportFormatError naming the limit and its figure.
"""
from __future__ import annotations

import html
import io
import re
import time
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from .base import ReportFormatError

from ...core.i18n import Count, ngettext
from ...core.i18n import gettext as _

MB = 1024 * 1024
#: The most columns a sheet row can have in Excel (XFD): a row with more cell elements is
#: not a spreadsheet row at all, and openpyxl would parse every one of them at once.
EXCEL_COLUMNS = 16_384
#: What is kept of the text above a table, the end nearest the table: parse_heading's
#: patterns grow with the square of the text (8 000 characters: 0.2 s at worst, 300 000:
#: minutes), and a real heading (title, programme, period, decision) is under 1 000.
HEADING_CHARS = 8_000


@dataclass(frozen=True)
class ReadLimits:
    """The figures; the settings (config.py) override the first five."""

    max_rows: int = 10_000  # IMPORT_MAX_ROWS: table rows read, empty and skipped ones too
    max_columns: int = 100  # IMPORT_MAX_COLUMNS: grid columns of one row
    max_cells: int = 200_000  # IMPORT_MAX_CELLS: cells of the whole file
    max_unpacked_bytes: int = 20 * MB  # IMPORT_MAX_UNPACKED_BYTES: a DOCX/XLSX unpacked
    max_seconds: float = 5  # IMPORT_MAX_SECONDS: reading one file
    #: A member's unpacked : packed size. Deflate tops out near 1030:1 (a bomb); office XML
    #: of repetitive rows reaches 70:1, so members under _RATIO_GRACE are not held to it.
    max_zip_ratio: int = 200
    max_zip_members: int = 1_000

    @property
    def max_xml_nodes(self) -> int:
        """Elements and attributes ("<" and "=") of all XML parts together: python-docx (and
        openpyxl, for a workbook's styles) builds whole lxml trees, up to 350 bytes a node,
        so this bounds their memory — 2 a cell, 400 000 by default: 125 MB at worst (one
        element of 400 000 attributes). A 500-row DOCX report has about 120 000."""
        return self.max_cells * 2


def figure(number: float) -> str:
    """10000 → «10 000», the Ukrainian way."""
    return f"{number:,}".replace(",", " ") if isinstance(number, int) else f"{number:g}"


def megabytes(size: int, *, up: bool = False) -> str:
    """A file size as people read it: ``13_002_000`` → «12,4 МБ», ``10 * MB`` → «10 МБ»,
    under a megabyte in КБ. ``up`` rounds up (a file just over a limit never reads as the
    limit itself)."""
    if size < MB:
        kb = -(-size // 1024) if up else round(size / 1024)
        return _("%(size)s КБ", size=max(kb, 1))
    tenths = -(-size * 10 // MB) if up else round(size * 10 / MB)
    whole, tenth = divmod(tenths, 10)
    return _("%(size)s МБ", size=f"{figure(whole)},{tenth}" if tenth else figure(whole))


def file_too_large(size: int, limit: int) -> str:
    """The refusal of a report file over IMPORT_MAX_BYTES, with the file's real size:
    «Файл завеликий: 12,4 МБ при межі 10 МБ»."""
    return _("Файл завеликий: %(size)s при межі %(limit)s (IMPORT_MAX_BYTES). Звіт програми "
             "займає десятки чи сотні кілобайтів: перевірте, чи це той файл, або збережіть у "
             "ньому лише таблицю звіту.", size=megabytes(size, up=True), limit=megabytes(limit))


def too_many_rows(limits: ReadLimits, detail: str = "") -> ReportFormatError:
    return ReportFormatError(ngettext(
        "У таблиці понад %(n)s рядок%(detail)s — це межа імпорту (IMPORT_MAX_ROWS). Звіт "
        "програми має десятки чи сотні рядків: перевірте, чи це той файл, або розділіть його.",
        "У таблиці понад %(n)s рядків%(detail)s — це межа імпорту (IMPORT_MAX_ROWS). Звіт "
        "програми має десятки чи сотні рядків: перевірте, чи це той файл, або розділіть його.",
        limits.max_rows, n=Count(limits.max_rows), detail=detail))


def too_many_columns(limits: ReadLimits, where: str) -> ReportFormatError:
    return ReportFormatError(ngettext(
        "%(where)s має понад %(n)s стовпець — це межа імпорту (IMPORT_MAX_COLUMNS).",
        "%(where)s має понад %(n)s стовпців — це межа імпорту (IMPORT_MAX_COLUMNS).",
        limits.max_columns, where=where, n=Count(limits.max_columns)))


def too_many_cells(limits: ReadLimits) -> ReportFormatError:
    return ReportFormatError(ngettext(
        "У файлі понад %(n)s клітинку — це межа імпорту (IMPORT_MAX_CELLS).",
        "У файлі понад %(n)s клітинок — це межа імпорту (IMPORT_MAX_CELLS).",
        limits.max_cells, n=Count(limits.max_cells)))


class ReadBudget:
    """What is left of the limits while one file is read: the readers tick it as they go."""

    def __init__(self, limits: ReadLimits):
        self.limits = limits
        self.rows = 0
        self.cells = 0
        self.nodes = 0
        self._deadline = time.monotonic() + limits.max_seconds

    def tick(self) -> None:
        """Refuse once the time is up (checked between rows and chunks, not mid-parse)."""
        if time.monotonic() >= self._deadline:
            raise ReportFormatError(_(
                "Файл читається довше за %(n)s с — це межа імпорту (IMPORT_MAX_SECONDS). "
                "Спростіть файл (лише таблиця звіту) або розділіть його.",
                n=figure(self.limits.max_seconds)))

    def row(self, cells: int = 0) -> None:
        """One more table row, with ``cells`` non-empty cells."""
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise too_many_rows(self.limits)
        self.add_cells(cells)
        self.tick()

    def add_cells(self, count: int) -> None:
        self.cells += count
        if self.cells > self.limits.max_cells:
            raise too_many_cells(self.limits)

    def columns(self, count: int, where: str) -> None:
        if count > self.limits.max_columns:
            raise too_many_columns(self.limits, where)

    def add_nodes(self, count: int) -> None:
        self.nodes += count
        if self.nodes > self.limits.max_xml_nodes:
            raise ReportFormatError(ngettext(
                "Розмітка документа завелика: понад %(n)s елемент і атрибут XML — це межа "
                "імпорту (по 2 на клітинку з IMPORT_MAX_CELLS). Збережіть у файлі лише таблицю "
                "звіту.",
                "Розмітка документа завелика: понад %(n)s елементів і атрибутів XML — це межа "
                "імпорту (по 2 на клітинку з IMPORT_MAX_CELLS). Збережіть у файлі лише таблицю "
                "звіту.", self.limits.max_xml_nodes, n=Count(self.limits.max_xml_nodes)))


def clip_heading(lines: list[str]) -> list[str]:
    """The last HEADING_CHARS of the text above a table (the title sits right above it)."""
    text = "\n".join(lines)
    return text[-HEADING_CHARS:].split("\n") if len(text) > HEADING_CHARS else lines


# --- ZIP containers (DOCX, XLSX) -----------------------------------------------------------

_CHUNK = 64 * 1024
#: Members smaller than this cannot hurt whatever their ratio.
_RATIO_GRACE = 1 * MB
#: A DTD in UTF-8 (and the encodings that agree with ASCII) and in UTF-16 either way.
_DOCTYPE = tuple("<!DOCTYPE".encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(p) for p in _DOCTYPE) - 1
_DECLARED = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding\s*=\s*[\"']"
                       rb"([A-Za-z0-9._-]{1,40})[\"']")
#: Encodings in which the DTD scan above sees every "<!DOCTYPE"; Office writes UTF-8.
_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"utf-16", b"utf-16le", b"utf-16be",
              b"iso-8859-1", b"latin1", b"windows-1251", b"windows-1252"}


def _exotic_encoding(name: str, head: bytes) -> None:
    """Refuse XML in an encoding the DTD scan cannot read (UTF-32, EBCDIC, UTF-7, …).

    Parsers recognise UTF-32 and EBCDIC by the first bytes, without a declaration; a PNG or
    JPEG member never starts with these.
    """
    declared = _DECLARED.match(head)
    ucs4 = head[:8].count(0) == 6 and b"<" in head[:4]
    if ucs4 or head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"Lo\xa7\x94") or \
            (declared and declared.group(1).lower() not in _ENCODINGS):
        raise ReportFormatError(_("Частина «%(name)s» файлу — XML у незвичному кодуванні: "
                                  "документи Office зберігаються в UTF-8. Збережіть файл "
                                  "заново.", name=name))


def check_zip(data: bytes, limits: ReadLimits, budget: ReadBudget | None = None,
              watch: Callable[[str, bytes], None] | None = None, kind: str | None = None) -> None:
    """Refuse a DOCX/XLSX whose ZIP would cost more than the limits, before any parser.

    The central directory gives the members and their declared sizes (zipfile never
    inflates a member past its declared size: a lie ends in a CRC error). Then every member
    is streamed once, in bounded chunks, for a DTD and for the node count; ``watch(name,
    chunk)`` sees the same chunks (the readers' own pre-scans). ``kind`` names the format
    in messages ("DOCX").
    """
    budget = budget or ReadBudget(limits)
    kind = kind or _("файл")
    # Each member has a central-directory entry starting with this signature: counting them
    # costs nothing, while zipfile would build an object for each of hundreds of thousands.
    if data.count(b"PK\x01\x02") > limits.max_zip_members:
        raise _too_many_members(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # a mangled directory raises BadZipFile, struct, Unicode errors…
        raise ReportFormatError(_("Не вдалося відкрити %(kind)s: архів ZIP пошкоджений "
                                  "(%(error)s).", kind=kind, error=exc)) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise _too_many_members(limits)
        unpacked = sum(m.file_size for m in members)
        if unpacked > limits.max_unpacked_bytes:
            size, limit = (f"{n / MB:.1f}".replace(".0", "").replace(".", ",")
                           for n in (unpacked, limits.max_unpacked_bytes))
            raise ReportFormatError(_(
                "Розпакований вміст файлу — %(size)s МБ, а межа імпорту — %(limit)s МБ "
                "(IMPORT_MAX_UNPACKED_BYTES). Це не схоже на звіт (можлива «ZIP-бомба»): файл "
                "не прочитано.", size=size, limit=limit))
        for m in members:
            _check_member(m, limits)
        for m in members:
            _scan_member(archive, m, budget, watch, kind)


def _too_many_members(limits: ReadLimits) -> ReportFormatError:
    return ReportFormatError(ngettext(
        "Архів файлу має понад %(n)s частину — це межа імпорту: документ звіту стільки не має.",
        "Архів файлу має понад %(n)s частин — це межа імпорту: документ звіту стільки не має.",
        limits.max_zip_members, n=Count(limits.max_zip_members)))


def _check_member(member: zipfile.ZipInfo, limits: ReadLimits) -> None:
    name = member.filename[:100]
    if member.flag_bits & 0x1:
        raise ReportFormatError(_("Файл зашифровано (захищено паролем): збережіть його без "
                                  "пароля і завантажте знову."))
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ReportFormatError(_("Частину «%(name)s» стиснуто методом, якого Office не "
                                  "використовує: файл не прочитано.", name=name))
    packed = max(member.compress_size, 1)
    if member.file_size > _RATIO_GRACE and member.file_size > limits.max_zip_ratio * packed:
        raise ReportFormatError(_(
            "Частину «%(name)s» стиснуто в %(ratio)s разів, а межа імпорту — %(limit)s (ознака "
            "«ZIP-бомби»): файл не прочитано.", name=name, ratio=member.file_size // packed,
            limit=figure(limits.max_zip_ratio)))


def _scan_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: ReadBudget,
                 watch: Callable[[str, bytes], None] | None, kind: str) -> None:
    name = member.filename[:100]
    tail = b""
    try:
        with archive.open(member) as stream:
            chunk = stream.read(_CHUNK)
            _exotic_encoding(name, chunk)
            while chunk:
                window = tail + chunk  # a DTD cut by the chunk boundary is still seen
                if any(p in window for p in _DOCTYPE):
                    raise ReportFormatError(_(
                        "Частина «%(name)s» файлу містить DTD (<!DOCTYPE>): документи Office "
                        "його не мають, а через нього XML-парсер можна змусити розгортати "
                        "сутності без кінця. Файл не прочитано.", name=name))
                budget.add_nodes(chunk.count(b"<") + chunk.count(b"="))
                if watch is not None:
                    watch(member.filename, chunk)
                budget.tick()
                tail = window[-_OVERLAP:]
                chunk = stream.read(_CHUNK)
    except ReportFormatError:
        raise
    except Exception as exc:  # bad CRC (a size lie), corrupt deflate data, truncated file…
        raise ReportFormatError(_("Не вдалося відкрити %(kind)s: частина «%(name)s» "
                                  "пошкоджена (%(error)s).", kind=kind, name=name,
                                  error=exc)) from None


class TagScan(ABC):
    """Feeds chosen XML tags, whatever their namespace prefix, from raw chunks to ``tag``.

    A pre-scan, not a parser: it sees the tags a parser would build so that the readers can
    refuse before the parser spends the memory; the readers count again while reading. A
    tag cut by a chunk boundary is completed with the next chunk; one longer than _CARRY is
    skipped (at most one tag per _CARRY bytes, so the counts stay close).
    """

    _CARRY = 4096

    def __init__(self, *names: str):
        alternatives = "|".join(names).encode()
        self._pattern = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(" + alternatives +
                                   rb")(?=[\s/>])([^<>]*)>")
        self._member: str | None = None
        self._carry = b""

    def __call__(self, member: str, chunk: bytes) -> None:
        if member != self._member:
            self._member, self._carry = member, b""
            self.start_member()
        text = self._carry + chunk
        cut = text.rfind(b"<")
        if cut != -1 and text.find(b">", cut) == -1:
            text, carry = text[:cut], text[cut:]
            self._carry = carry if len(carry) <= self._CARRY else b""
        else:
            self._carry = b""
        for match in self._pattern.finditer(text):
            if match.group(1):
                self.end_tag(match.group(2).decode())
            else:
                self.tag(match.group(2).decode(), match.group(3))

    def start_member(self) -> None:
        """A new ZIP member begins."""

    @abstractmethod
    def tag(self, name: str, attributes: bytes) -> None:
        """An opening tag of interest (each scan counts what it must)."""

    def end_tag(self, name: str) -> None:
        """A closing tag; most scans need only the opening ones."""


def attribute_int(attributes: bytes, name: str) -> int | None:
    """An attribute's value read as the parsers read it (character references resolved,
    then int(), which takes spaces, "+" and "_"); None if absent or not a number."""
    pattern = rb"(?:^|\s)(?:[A-Za-z_][\w.-]*:)?" + name.encode() + rb"\s*=\s*([\"'])(.*?)\1"
    match = re.search(pattern, attributes, re.DOTALL)
    if match is None:
        return None
    text = html.unescape(match.group(2).decode("utf-8", "replace"))
    try:
        return int(text)
    except ValueError:
        try:
            return int(float(text))
        except (ValueError, OverflowError):
            return None
