"""A council's blank (a DOCX with its coat of arms and letterhead) read into plain values,
so that the PDF draws the same head the DOCX carries.

Only what a head needs is read: the body's paragraphs (also those inside layout tables) with
their text, alignment, bold/italic and size, and the inline pictures in them — PNG or JPEG
only, checked by their bytes, not by the name the file gives them. Nothing is fetched: the
images travel as bytes and reach WeasyPrint through the PDF renderer's fetcher under the
private ``letterhead:N`` scheme.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

#: The scheme the PDF renderer answers from memory (see pdf.StaticOnlyFetcher).
SCHEME = "letterhead"

MAX_PARAGRAPHS = 60
MAX_IMAGES = 8
MAX_IMAGE_BYTES = 5 * 1024 * 1024
EMU_PER_MM = 36000

_ALIGN = {WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.RIGHT: "right",
          WD_ALIGN_PARAGRAPH.JUSTIFY: "justify", WD_ALIGN_PARAGRAPH.LEFT: "left"}
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


@dataclass(frozen=True)
class HeadImage:
    data: bytes
    mime: str  # image/png or image/jpeg
    width_mm: float | None = None
    height_mm: float | None = None


@dataclass(frozen=True)
class HeadRun:
    """Text (``image`` None) or an inline picture (``image`` = index into the images)."""
    text: str = ""
    bold: bool = False
    italic: bool = False
    size_pt: float | None = None
    image: int | None = None


@dataclass(frozen=True)
class HeadParagraph:
    runs: tuple[HeadRun, ...]
    align: str = "left"  # left, center, right, justify
    size_pt: float | None = None  # the paragraph's own size (its style's)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.image is None)

    @property
    def bold(self) -> bool:
        texts = [r for r in self.runs if r.image is None and r.text.strip()]
        return bool(texts) and all(r.bold for r in texts)

    @property
    def size(self) -> float | None:
        """The largest text size in the paragraph, else the paragraph's own."""
        sizes = [r.size_pt for r in self.runs if r.image is None and r.size_pt]
        return max(sizes) if sizes else self.size_pt


@dataclass(frozen=True)
class Letterhead:
    paragraphs: list[HeadParagraph]
    images: list[HeadImage] = field(default_factory=list)

    @staticmethod
    def image_url(index: int) -> str:
        return f"{SCHEME}:{index}"


def image_mime(data: bytes) -> str | None:
    """PNG or JPEG by the file's own bytes; anything else None."""
    return next((mime for magic, mime in _SIGNATURES if data.startswith(magic)), None)


def _style_value(style, get):
    while style is not None:
        value = get(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def _default_size(document) -> float | None:
    sz = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/"
                                      f"{qn('w:rPr')}/{qn('w:sz')}")
    value = sz.get(qn("w:val")) if sz is not None else None
    return int(value) / 2 if value and value.isascii() and value.isdigit() else None


def _paragraphs(container):
    """The body's paragraphs in order, those of layout tables included (cell by cell)."""
    for child in container.iter_inner_content():
        if isinstance(child, Paragraph):
            yield child
        elif isinstance(child, DocxTable):
            for row in child.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell)


def read_letterhead(data: bytes) -> Letterhead:
    """The blank's head as plain values; ValueError if it is not a DOCX."""
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise ValueError(f"The letterhead is not a readable DOCX: {exc}") from exc
    default_size = _default_size(document)
    images: list[HeadImage] = []
    by_rid: dict[str, int] = {}
    paragraphs: list[HeadParagraph] = []
    for para in _paragraphs(document):
        if len(paragraphs) >= MAX_PARAGRAPHS:
            break
        style = para.style
        para_size = _style_value(style, lambda s: s.font.size)
        para_size_pt = para_size.pt if para_size is not None else default_size
        para_bold = bool(_style_value(style, lambda s: s.font.bold))
        para_italic = bool(_style_value(style, lambda s: s.font.italic))
        alignment = para.alignment
        if alignment is None:
            alignment = _style_value(style, lambda s: s.paragraph_format.alignment)
        runs: list[HeadRun] = []
        for run in para.runs:
            for rid in run._r.xpath(".//a:blip/@r:embed"):
                index = by_rid.get(rid)
                if index is None:
                    index = _image(para, run, rid, images)
                    if index is None:
                        continue
                    by_rid[rid] = index
                runs.append(HeadRun(image=index))
            if run.text:
                size = run.font.size.pt if run.font.size is not None else para_size_pt
                bold = run.font.bold if run.font.bold is not None else para_bold
                italic = run.font.italic if run.font.italic is not None else para_italic
                runs.append(HeadRun(text=run.text, bold=bool(bold), italic=bool(italic),
                                    size_pt=size))
        paragraphs.append(HeadParagraph(runs=tuple(runs), align=_ALIGN.get(alignment, "left"),
                                        size_pt=para_size_pt))
    return Letterhead(paragraphs=paragraphs, images=images)


def _image(para: Paragraph, run, rid: str, images: list[HeadImage]) -> int | None:
    if len(images) >= MAX_IMAGES:
        return None
    part = para.part.related_parts.get(rid)
    blob = getattr(part, "blob", None)
    if not blob or len(blob) > MAX_IMAGE_BYTES:
        return None
    mime = image_mime(blob)
    if mime is None:
        return None
    width = height = None
    for extent in run._r.iter(qn("wp:extent")):
        try:
            width = int(extent.get("cx")) / EMU_PER_MM
            height = int(extent.get("cy")) / EMU_PER_MM
        except (TypeError, ValueError):
            width = height = None
        break
    images.append(HeadImage(data=blob, mime=mime, width_mm=width, height_mm=height))
    return len(images) - 1
