"""Files the letter tests upload, made in memory."""
import io

from pypdf import PdfWriter


def pdf_bytes(pages: int) -> bytes:
    """A real PDF of ``pages`` blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(call, lid, name, data, kind="attachment", **extra):
    """POST /api/v1/letters/<lid>/files as multipart, as a client would."""
    return call("POST", f"/api/v1/letters/{lid}/files", data={
        "kind": kind, "file": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data")
