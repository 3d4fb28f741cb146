"""Letter content → HTML (preview, print view, and the source of the PDF). Pure: its own
Jinja environment over the app's template folder, no Flask.

Autoescaping does the escaping: the official's text is data, never markup or a template.

The table's column widths are computed here once, from the bundled font's metrics, and both
the PDF (through this HTML) and the DOCX use them: № narrow, the money and percent columns
just wide enough for their figures, the measure column takes the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..content import LetterContent, Table
from .letterhead import Letterhead

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
FONTS = Path(__file__).resolve().parents[3] / "static" / "fonts"
#: Where the app serves the letter's stylesheet (Flask's fixed static route).
STYLESHEET_HREF = "/static/css/letter.css"

TEXT_WIDTH_MM = 170.0  # A4 210 mm − left 30 − right 10
TABLE_PT = 12
CELL_PADDING_MM = 1.5  # left and right, in the CSS and the DOCX (w:tblCellMar) alike
SLACK_MM = 1.0  # borders, rounding to twips, a renderer's own kerning
NUMBER_COLUMN_MM = 10.0
MIN_FIGURE_COLUMN_MM = 20.0  # text width of a figures column at the least (its header wraps)
SOFT_HYPHEN = "\u00ad"
_FIGURE = re.compile(r"^[\d\s.,%+\-−]*$")
_VOWELS = set("аеєиіїоуюяaeiouy")
#: An index after «№» («№ 25/К-170із»): a line may not break inside it (at its hyphen or
#: slash), nor between the sign and the number.
INDEX = re.compile(r"№\s?[^\s,;:()«»„“]+")


def unbroken(text: str) -> Markup:
    """``text`` escaped, each index after «№» in a span the stylesheet keeps on one line.
    The text is cut before escaping, so a span never splits an entity («&#39;»)."""
    text = str(text or "")
    out, pos = [], 0
    for m in INDEX.finditer(text):
        out += [escape(text[pos:m.start()]), Markup('<span class="nobr">%s</span>') % m.group()]
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      undefined=StrictUndefined)
    env.filters["unbroken"] = unbroken
    return env


@lru_cache(maxsize=2)
def _metrics(bold: bool) -> tuple[dict[int, str], dict, int]:
    from fontTools.ttLib import TTFont  # WeasyPrint's own dependency
    with TTFont(str(FONTS / f"LiberationSerif-{'Bold' if bold else 'Regular'}.ttf")) as font:
        return dict(font.getBestCmap()), dict(font["hmtx"].metrics), font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float = TABLE_PT, bold: bool = False) -> float:
    """The width of one line of text in Liberation Serif (Times New Roman's metrics)."""
    cmap, advances, units = _metrics(bold)
    total = 0
    for ch in text:
        glyph = cmap.get(ord(ch))
        total += advances[glyph][0] if glyph in advances else units // 2
    return total / units * size_pt * 25.4 / 72


@dataclass(frozen=True)
class TableLayout:
    widths_mm: list[float]
    #: The header with soft hyphens in a word wider than its column (Word, LibreOffice and
    #: WeasyPrint all break there, and print the hyphen only when they do).
    header: list[str]


def _is_figures(values: list[str]) -> bool:
    return any(v.strip() for v in values) and all(_FIGURE.match(v) for v in values)


def _hyphenate(word: str, width_mm: float) -> str:
    """Soft hyphens where a Ukrainian word breaks well (Pyphen's breaks, kept only where
    the left part has a vowel and the right one starts consonant + vowel: фінан-сування,
    виконан-ня, Про-фінансовано), only in a word wider than its column."""
    if text_width_mm(word, bold=True) <= width_mm:
        return word
    import pyphen  # WeasyPrint's own dependency
    letters = word.lower()
    keep = []
    for at in pyphen.Pyphen(lang="uk_UA").positions(word):
        left, right = letters[:at], letters[at:]
        if (len(left) >= 2 and len(right.rstrip(",.;:")) >= 2 and _VOWELS & set(left)
                and right[0].isalpha() and right[0] not in _VOWELS | set("ьй")
                and right[1] in _VOWELS and left[-1].isalpha()):
            keep.append(at)
    for at in reversed(keep):
        word = word[:at] + SOFT_HYPHEN + word[at:]
    return word


def table_layout(table: Table, width_mm: float = TEXT_WIDTH_MM) -> TableLayout:
    """Column widths (mm, summing to the text width) and the header to print."""
    n = len(table.header)
    columns = [[row[i] if i < len(row) else "" for row in table.rows] for i in range(n)]
    totals = list(table.total or []) + [""] * n
    pad = 2 * CELL_PADDING_MM + SLACK_MM
    widths: list[float | None] = [None] * n
    for i in range(n):
        values = columns[i]
        figures = _is_figures(values + [totals[i]])
        if i == 0 and table.header[0].lstrip().startswith("№") and figures:
            widest = max([text_width_mm(v, bold=True) for v in values + [totals[i]]] or [0])
            widths[i] = max(NUMBER_COLUMN_MM, widest + pad)
        elif figures and i > 0:
            widest = max(text_width_mm(v, bold=True) for v in values + [totals[i]])
            widths[i] = max(widest, MIN_FIGURE_COLUMN_MM) + pad
    fixed = sum(w for w in widths if w is not None)
    free = [i for i, w in enumerate(widths) if w is None]
    if not free:  # every column is figures: share the page in proportion
        scale = width_mm / fixed
        widths = [w * scale for w in widths]
    else:
        rest = width_mm - fixed
        if rest < 40 * len(free):  # too many figures columns: squeeze them, not the text
            scale = (width_mm - 40 * len(free)) / fixed
            widths = [w * scale if w is not None else None for w in widths]
            rest = 40.0 * len(free)
        for i in free:
            widths[i] = rest / len(free)
    header = [" ".join(_hyphenate(word, widths[i] - pad) for word in text.split(" "))
              for i, text in enumerate(table.header)]
    return TableLayout(widths_mm=[round(w, 2) for w in widths], header=header)


def render_html(content: LetterContent, *, standalone: bool = True, letterhead: bool = True,
                for_pdf: bool = False, head: Letterhead | None = None) -> str:
    """``letterhead``: draw a head at all; ``head``: the council's blank to draw instead of
    the default head (its images only in the PDF, where the fetcher serves them)."""
    layout = table_layout(content.table) if content.table is not None else None
    return _environment().get_template("letters/letter.html").render(
        c=content, standalone=standalone, letterhead=letterhead, for_pdf=for_pdf,
        stylesheet_href=STYLESHEET_HREF, head=head, layout=layout)
