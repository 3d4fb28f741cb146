"""Report files built in the test, in every format, from a few rows of the sample report.

The figures keep the sample's hand-written spacing (`` 89 379, 95``, ``61, 8%``), so the
readers face the same mess as in the real file.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

#: A copy of shared/samples/programme-report-9m-2018.txt (the real report, byte for byte).
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "reports" / "programme-report-9m-2018.txt"

HEADER = ["№ з/п", "Пріоритетні завдання", "Зміст заходів", "Термін виконання", "Виконавці",
          "Річний обсяг фінансування, грн.", "Фактично профінансовано у звітному періоді, грн",
          "Відсоток виконання заходу, %", "Інформація про виконання, або причини невиконання заходу"]
ROWS = [
    ["1", "Встановлення партнерських відносин", "Прийом офіційних делегацій міст-побратимів",
     "2018-2020", "Управління по зв’язках з громадськістю", "180 000,00", " 89 379, 95", "49,6 %",
     "Забезпечено прийом офіційних делегацій з м. Хулун-Буір"],
    ["2", "Висвітлення діяльності на телебаченні", "Надання коментарів на телебаченні",
     "2018-2020", "Управління", "200 000, 00", "190 000, 00 ", " 95 %",
     "Підготовлено 45 відео сюжетів на телебаченні"],
    ["3", "Поширювати інформацію про соціальні проекти", "Розміщення соціальної реклами",
     "2018-2020", "Управління", "100 000, 00", "68 000, 00", "38%",
     "Розміщено на білбордах соціальну рекламу"],
    ["4", "Промоція проекту «Бюджету участі»", "Проведення медійних заходів", "2018-2020",
     "Управління", "160 000, 00", "89 174, 4", "55, 7%", "Виготовлено листівки"],
]
TOTALS = ["", "Всього:", "", "", "", "640 000, 00", "436 554, 35", "68,2 %", ""]
HEADING = ["Звіт", "про результати виконання",
           "міської цільової програми «Ефективна влада. Конкурентне місто»",
           "за 9 місяців 2018 року",
           "яким затверджено Програму та зміни до неї: 18.12.2017 р. № 879"]
EXPECTED = [  # (row, planned, financed, percent) as Decimal strings
    ("1", "180000.00", "89379.95", "49.6"), ("2", "200000.00", "190000.00", "95"),
    ("3", "100000.00", "68000.00", "38"), ("4", "160000.00", "89174.40", "55.7")]


def table(order: list[int] | None = None, extra: bool = False, numbering: bool = False,
          two_row_header: bool = False, rows=None, totals=True) -> list[list[str]]:
    """The sample table, optionally reordered, with an extra column, a numbering row, or a
    two-row header ("Фінансування, грн" over "план" / "факт")."""
    order = order or list(range(len(HEADER)))
    rows = [list(r) for r in (rows or ROWS)]
    out = []
    if two_row_header:
        top = list(HEADER)
        top[5] = top[6] = "Фінансування, грн"  # merged over two columns
        bottom = ["", "", "", "", "", "план", "факт", "", ""]
        out += [[top[i] for i in order], [bottom[i] for i in order]]
    else:
        out.append([HEADER[i] for i in order])
    header_rows = len(out)
    body = rows + ([TOTALS] if totals else [])
    out += [[r[i] for i in order] for r in body]
    if extra:
        out = [r + ["Примітка" if i == 0 else "—"] for i, r in enumerate(out)]
        out = [["Код КПКВ" if i == 0 else "0210180"] + r for i, r in enumerate(out)]
    if numbering:  # numbers every column, the extra ones too
        out.insert(header_rows, [str(n) for n in range(1, len(out[0]) + 1)])
    return out


def to_csv(rows, delimiter=";", heading=True) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    if heading:
        for line in HEADING:
            writer.writerow([line])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def to_docx(rows, heading=True, merge_two_row_header=False) -> bytes:
    import docx
    document = docx.Document()
    if heading:
        for line in HEADING:
            document.add_paragraph(line)
    t = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            t.cell(i, j).text = value
    if merge_two_row_header:
        # Merge the "Фінансування" cells as Word would: python-docx then repeats the text.
        cols = [j for j, v in enumerate(rows[0]) if v == "Фінансування, грн"]
        merged = t.cell(0, cols[0]).merge(t.cell(0, cols[-1]))
        merged.text = "Фінансування, грн"
    document.add_paragraph("Начальник управління О.В. Ахмедова")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def to_xlsx(rows, heading=True, numeric=False) -> bytes:
    """XLSX; with ``numeric`` the figures are real numbers (percent cells formatted %)."""
    from decimal import Decimal

    from openpyxl import Workbook

    from tracker.activities.numbers import parse_amount, parse_percent
    wb = Workbook()
    ws = wb.active
    ws.title = "Звіт"
    if heading:
        for line in HEADING:
            ws.append([line])
    header_cells = rows[0]
    money_cols = {j for j, h in enumerate(header_cells) if "обсяг" in h or "профінансовано" in h
                  or h == "Фінансування, грн"}
    pct_cols = {j for j, h in enumerate(header_cells) if "Відсоток" in h}
    for i, row in enumerate(rows):
        values = list(row)
        if numeric and i > 0 and "Всього:" not in row and not all(v.isdigit() for v in row if v):
            for j in money_cols:
                values[j] = float(parse_amount(row[j]))
            for j in pct_cols:
                values[j] = float(parse_percent(row[j]) / Decimal(100))
        ws.append(values)
        if numeric and i > 0:
            for j in pct_cols:
                ws.cell(row=ws.max_row, column=j + 1).number_format = "0.0%"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
