"""What the letter tests share: the sample's council, people and request as the pure
composer takes them, and files to upload, made in memory."""
import datetime as dt
import io

from pypdf import PdfWriter

from tracker.letters import compose
from tracker.letters.content import Council

ADDRESS = "foi+request-32845-3d497b34@dostup.pravda.com.ua"
COUNCIL = Council(name="ЖИТОМИРСЬКА МІСЬКА РАДА", unit="ВИКОНАВЧИЙ КОМІТЕТ",
                  address="майдан ім. С.П. Корольова, 4/2, м. Житомир, 10014", phone="48-11-85",
                  email="mvk@zt-rada.gov.ua", website="https://zt-rada.gov.ua", edrpou="04053625")
COMMON = compose.Common(council=COUNCIL, today=dt.date(2018, 4, 3), number="25/К-170із",
                        signatory=compose.Person("Наталія Чиж", "Секретар міської ради"),
                        executor=compose.Person("Ірина Коваль", "Начальник управління",
                                                "48-11-85"),
                        signature="Наталія ЧИЖ")
REQUEST = compose.RequestInfo(number="25/К-170із", received=dt.date(2018, 3, 28),
                              subject="Інформація про PR-заходи міської ради",
                              requester_name="Красновська Я.", addressee="Красновській Я.",
                              address_lines=[f"e-mail: {ADDRESS}"])


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
