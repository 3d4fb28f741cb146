"""The disclosure log never shows a requester's name (in any case form), e-mail, phone or
address: 200 published answers that mention their requesters the ways real answers do, and
every public page, search result, PDF and open-data file crawled for them."""
import datetime as dt
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.disclosure.helpers import PEOPLE, Prepared, answer_paragraphs, page_leaks, person
from tests.factories import on, register
from tracker.disclosure import operations as publishing
from tracker.disclosure.models import PublishedAnswer
from tracker.extensions import db
from tracker.letters import operations as letter_ops
from tracker.letters.content import LetterContent
from tracker.letters.models import LetterStatus
from tracker.register import operations as reg
from tracker.register.models import Outcome

N = 200
TOPICS = ["Ремонт доріг", "Бюджет на освіту", "Вивезення сміття", "Освітлення вулиць",
          "Закупівлі транспорту"]


@pytest.fixture
def published(app, users):
    head = users["head"]
    people = []
    with on(2025, 12, 20):
        for i in range(N):
            p = person(i)
            month, day = i % 11 + 1, i % 27 + 1
            req = register(head, requester={
                "name": p["name"], "category": "individual", "gender": p["gender"],
                "email": p["email"], "phone": p["phone"], "postal_address": p["address"]},
                channel="email", received_at=f"2025-{month:02d}-{day:02d}T10:00:00",
                subject=f"{TOPICS[i % len(TOPICS)]} у 2025 році"
                        + (f" (запит {p['forms'][1]})" if i % 4 == 0 else ""))
            letter = letter_ops.create_letter(head, req, "answer", {}, [])
            content = LetterContent.from_dict(letter.content)
            content.paragraphs, content.closing = answer_paragraphs(p, i), []
            secret = f"Внутрішній номер справи {1000 + i}."
            content.paragraphs.append(secret)
            letter.content = content.to_dict()
            # The letter has left (its sending is tested elsewhere; here: what is published).
            letter.status = LetterStatus.SENT
            reg.answer(head, req, Outcome.FULL, dt.date(2025, month, day) + dt.timedelta(days=3))
            publishing.publish(head, letter, [secret] if i % 2 else [])
            p["secret"] = secret
            people.append(p)
        db.session.commit()
    return people


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _answer_links(page: str) -> set[str]:
    return set(re.findall(r'href="(/public/answers/\d+)"', page))


def _pages(client, query: str = "") -> tuple[list[str], set[str]]:
    """Every page of a listing (following the pager), and the answers it links to."""
    pages, links, url = [], set(), f"/public/answers{query}"
    while url:
        page = _text(client.get(url))
        # The search field shows back what the visitor typed (their words, not our data).
        pages.append(re.sub(r'(name="q" value=")[^"]*"', r'\1"', page))
        links |= _answer_links(page)
        nxt = re.search(r'href="([^"]+)">[^<]*Наступна', page)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
    return pages, links


def test_no_requester_data_on_any_public_page(client, published):
    seen: list[str] = []
    listing, links = _pages(client)
    assert len(links) == N and len(listing) == 10
    seen += listing
    for link in sorted(links):
        seen.append(_text(client.get(link)))
    for q in ("?q=ремонт", "?q=2025&date=received&from=2025-03-01&to=2025-06-30",
              "?date=answered&from=2025-01-01&to=2025-12-31", "?q=петренко", "?q=example.com",
              "?q=садова", "?q=067"):
        seen += _pages(client, q)[0]
    for link in sorted(links)[:3]:
        pdf = client.get(f"{link}.pdf")
        assert pdf.mimetype == "application/pdf"
        seen.append(" ".join(page.extract_text() for page in PdfReader(
            __import__("io").BytesIO(pdf.data)).pages))
    seen.append(_text(client.get("/public/statistics?from=2025-01-01&to=2025-12-31")))
    seen.append(_text(client.get("/public/statistics.json?from=2025-01-01&to=2025-12-31")))
    seen.append(_text(client.get("/public/statistics.csv?from=2025-01-01&to=2025-12-31")))
    everything = "\n".join(seen)
    assert everything.count("[вилучено]") > 4 * N
    prepared = Prepared(everything)
    leaks = {}
    for p in published:
        found = page_leaks(prepared, p)
        if p["secret"] in everything and published.index(p) % 2:
            found.append(p["secret"])
        if found:
            leaks[p["name"]] = found
    assert leaks == {}


def test_search_finds_by_subject_words_and_by_period(client, published):
    _, rubbish = _pages(client, "?q=вивезення+сміття")
    assert len(rubbish) == N // len(TOPICS)
    _, march = _pages(client, "?date=received&from=2025-03-01&to=2025-03-31")
    expected = sum(1 for i in range(N) if i % 11 + 1 == 3)
    assert len(march) == expected
    _, answered = _pages(client, "?date=answered&from=2025-03-04&to=2025-03-04")
    assert len(answered) == sum(1 for i in range(N) if (i % 11 + 1, i % 27 + 1) == (3, 1))
    # The requester's name is not in the searchable text either.
    for p in PEOPLE[:5]:
        assert "Знайдено" not in _text(client.get(f"/public/answers?q={p[0].split()[0]}"))
    page = _text(client.get("/public/answers?from=2025-13-01"))
    assert "Неправильна дата" in page and 'aria-invalid="true"' in page


def test_a_taken_down_answer_disappears_from_the_listing(client, published, users):
    row = db.session.scalars(select(PublishedAnswer).order_by(PublishedAnswer.id)).first()
    publishing.unpublish(users["admin"], row, "помилка")
    db.session.commit()
    _, links = _pages(client)
    assert len(links) == N - 1 and f"/public/answers/{row.id}" not in links
