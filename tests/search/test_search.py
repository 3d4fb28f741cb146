"""Full-text search on both engines: word forms, substrings, typos, index fragments,
ranking, highlighting, and the same answers from SQLite and PostgreSQL."""
from __future__ import annotations

import re

from sqlalchemy import text

from tests.conftest import PASSWORD
from tests.factories import csrf_token, register
from tracker.extensions import db
from tracker.register.models import Request
from tracker.register.queries import Clock, RequestFilters, list_requests
from tracker.search import highlight, narrowed, prepare, reindex_all


def found(q: str) -> list[int]:
    items, _ = list_requests(RequestFilters(q=q, per_page=200), Clock.current())
    return [r.id for r in items]


def req(clerk, subject, name="Петренко Олег", text="Прошу надати копії документів.", **kw):
    return register(clerk, subject=subject, text=text,
                    requester={"name": name, "email": kw.pop("email", None)}, **kw).id


def test_a_word_form_finds_its_lemma(engine):
    clerk = engine.clerk()
    hit = req(clerk, "Запит про бюджет участі")
    req(clerk, "Кошторис Дня міста")
    assert found("запиту") == [hit]
    assert found("бюджету") == [hit]


def test_a_surname_in_another_case_a_part_of_it_and_a_typo_find_it(engine):
    clerk = engine.clerk()
    hit = req(clerk, "Тарифи на воду", name="Коваленко Ірина")
    req(clerk, "Тарифи на тепло", name="Бондаренко Олег")
    assert found("Коваленка") == [hit]
    assert found("Ковал") == [hit]
    assert found("Ковалнко") == [hit]  # a letter missing: trigram similarity
    assert prepare("Ковалнко").terms[0].corrections == ("коваленко",)


def test_an_index_fragment_and_an_email_find_their_request(engine):
    clerk = engine.clerk()
    first = register(clerk, subject="Ремонт доріг")
    second = register(clerk, subject="Ремонт доріг", requester={"email": "olena@zhytomyr.example"})
    fragment = second.registration_number.split("/")[0] if "/" in second.registration_number \
        else second.registration_number
    assert second.id in found(fragment) and first.id not in found(second.registration_number)
    assert found("olena@zhytomyr") == [second.id]


def _fragment(number: str) -> str:
    """«К-12» of «18/К-12із»: the letter and the sequence, as a clerk types from memory."""
    return re.search(r"[^/]+-[0-9]+", number).group(0)


def test_a_fragment_is_read_through_the_postings_and_still_matches_as_a_substring(engine):
    """A fragment whose last part begins few indexed words is looked up through them, and
    finds what a substring search finds: «к-1» also «к-10», «к-11» (words beginning «1»)."""
    from tracker.register.models import Request
    from tracker.search import narrowed
    clerk = engine.clerk()
    ids = [req(clerk, "Ремонт доріг", name="Коваленко Ірина") for _ in range(12)]
    numbers = dict(db.session.execute(text("SELECT id, registration_number FROM requests")).all())
    first, tenth = _fragment(numbers[ids[0]]), _fragment(numbers[ids[9]])
    assert first.endswith("-1") and tenth.endswith("-10")
    assert found(first) == sorted((i for i in ids if _fragment(numbers[i]).startswith(first)),
                                  reverse=True)
    assert len(found(first)) == 4  # -1, -10, -11, -12
    assert found(tenth) == [ids[9]]
    assert found(f"ремонт {tenth}") == [ids[9]]
    q = prepare(tenth)
    found(tenth)
    assert narrowed(db.session, "requests", q) == {q.terms[0].word: ("10", "11")}
    # The whole index: its inner part («10із» is its last) is a word of its own.
    whole = prepare(numbers[ids[9]])
    assert found(numbers[ids[9]]) == [ids[9]]
    assert narrowed(db.session, "requests", whole)
    # A part no indexed word begins: nothing to read, nothing found.
    assert found("к-999") == []
    assert Request.query.count() == 12
    if engine.name == "postgresql":  # ranges of words in code-point order, whatever the locale
        assert db.session.scalar(text(
            "SELECT collation_name FROM information_schema.columns WHERE table_name = "
            "'fts_requests_postings' AND column_name = 'lemma'")) == "C"


def test_the_subject_ranks_above_the_body_then_the_newest(engine):
    clerk = engine.clerk()
    in_subject = req(clerk, "Ремонт школи № 5", received_at="2018-03-01T10:00:00")
    in_body = req(clerk, "Кошторис", text="Прошу надати кошторис на ремонт школи.",
                  received_at="2018-03-20T10:00:00")
    newer_subject = req(clerk, "Капітальний ремонт школи", received_at="2018-03-10T10:00:00")
    assert found("ремонт школи") == [newer_subject, in_subject, in_body]


def test_writes_keep_the_index_current(engine):
    from tracker.register.editing import edit_request
    from tracker.register.operations import get_request
    clerk = engine.clerk()
    rid = req(clerk, "Закупівлі електробусів")
    assert found("електробуса") == [rid]
    r = get_request(rid)
    edit_request(clerk, r, {"subject": "Тарифи на воду", "version": r.version})
    db.session.commit()
    assert found("електробуса") == [] and found("тарифів") == [rid]


def test_reindex_all_rebuilds_what_a_bulk_load_left_out(engine):
    clerk = engine.clerk()
    rid = req(clerk, "Договори оренди землі", name="Шевченко Марія")
    db.session.execute(text("UPDATE requests SET search_text = '', search_head = '', "
                            "search_body = ''"))
    db.session.execute(text("DELETE FROM search_words"))
    db.session.commit()
    assert found("оренди") == []
    counts = reindex_all(db.session)
    db.session.commit()
    assert counts["requests"] == 1
    assert found("оренда") == [rid] and found("Шевченка") == [rid] and found("Шевчнко") == [rid]


def test_wildcards_and_punctuation_are_taken_literally(engine):
    clerk = engine.clerk()
    hit = req(clerk, "Виконання на 100%")
    req(clerk, "Виконання плану")
    assert found("%") == [hit] and found("_") == [] and found("100%") == [hit]


def test_the_journal_and_the_record_picker_search_the_same_way(engine):
    import datetime as dt
    from tracker.activities.operations import create_record
    from tracker.activities.queries import ActivityFilters, list_activities, suggest_for
    from tracker.auth.models import Role
    from tracker.reports.queries import Period, journal_ids, journal_select
    from tests.conftest import create_test_user
    clerk = engine.clerk()
    rid = req(clerk, "Ремонт доріг", name="Коваленко Ірина")
    req(clerk, "Тарифи на воду")
    period = Period(dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert journal_ids(journal_select(period, q="Коваленка")) == [rid]
    editor = create_test_user(Role.ADMIN, email="editor@test.example")
    road = create_record(editor, {"measure": "Поточний ремонт доріг", "text": "Відремонтовано 5 км"})
    create_record(editor, {"measure": "Благоустрій дворів", "text": "Висаджено дерева"})
    db.session.commit()
    items, total = list_activities(ActivityFilters(q="ремонту дороги"))
    assert [r.id for r in items] == [road.id] and total == 1
    assert [r.id for r in suggest_for("Прошу надати інформацію про ремонт доріг")] == [road.id]


def test_highlighting_escapes_the_text_and_marks_the_words():
    html = str(highlight('<b>Ремонт</b> доріг & «Коваленко»', _offline("ремонту ковал")))
    assert html == ("&lt;b&gt;<mark>Ремонт</mark>&lt;/b&gt; доріг &amp; "
                    "«<mark>Ковал</mark>енко»")


def _offline(q):
    """A prepared query without the database (no typo step)."""
    from tracker.search.query import Query, parse
    terms = parse(q)
    return Query(terms, frozenset(x for t in terms for x in t.lemmas))


def test_the_list_marks_the_words_and_escapes_the_rest(engine):
    clerk = engine.clerk()
    req(clerk, "<script>alert(1)</script> ремонт", name="Коваленко <i>Ірина</i>")
    client = engine.app.test_client()
    client.get("/login")
    client.post("/login", data={"email": clerk.email, "password": PASSWORD,
                                "csrf_token": csrf_token(client)})
    page = client.get("/requests?q=Коваленка ремонту").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>ремонт</mark>" in page
    assert "<mark>Коваленко</mark> &lt;i&gt;Ірина&lt;/i&gt;" in page
    assert "<script>alert(1)" not in page


SURNAMES = ["Коваленко", "Бондаренко", "Ткаченко", "Шевченко", "Мельник", "Поліщук",
            "Красновська", "Олійник", "Гнатюк", "Марченко"]
TOPICS = ["Ремонт доріг", "Бюджет участі", "Тарифи на воду", "Закупівлі електробусів",
          "PR-заходи міської ради", "Капітальний ремонт школи", "Договори оренди землі"]
BODIES = ["Прошу надати копію запиту та відповіді.", "Надайте інформацію щодо витрат.",
          "Скільки коштів витрачено на ремонт доріг у 2017 році?",
          "Прошу надіслати кошторис школи № 5 на olena@zhytomyr.example."]
QUERIES = ["запиту", "Коваленка", "Ковал", "Ковалнко", "ремонт доріг", "школи", "PR",
           "оренди землі", "zhytomyr", "Красновської", "Шевчнко", "витрачено", "2017",
           "бюджету", "воду тарифи", "%", "електробусів", "олійника"]


def _corpus_results(engine) -> dict[str, list]:
    """~50 requests registered the same way; each query's ids, in ranked order, plus the
    request's index (ids can differ between engines only if the corpus does)."""
    with engine:
        clerk = engine.clerk()
        for i in range(49):
            req(clerk, TOPICS[i % len(TOPICS)] + (f" (лист {i})" if i % 5 == 0 else ""),
                name=f"{SURNAMES[i % len(SURNAMES)]} {'Олена' if i % 2 else 'Петро'}",
                text=BODIES[i % len(BODIES)], received_at=f"2018-03-{1 + i % 27:02d}T{8 + i % 9:02d}:00:00")
        number = db.session.scalar(text("SELECT registration_number FROM requests WHERE id = 7"))
        return {q: found(q) for q in QUERIES + [number, _fragment(number), "к-1", "ivan@zhyt"]}


def test_sqlite_and_postgresql_give_the_same_results(both):
    sqlite, postgresql = (_corpus_results(e) for e in both)
    assert sqlite == postgresql
    assert all(sqlite[q] for q in QUERIES if q != "%"), {q: ids for q, ids in sqlite.items()
                                                         if not ids}


def test_sqlite_keeps_its_triggers_through_later_migrations(search_databases):
    from sqlalchemy import create_engine
    engine = create_engine(search_databases["sqlite"])
    with engine.connect() as conn:
        names = set(conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
    engine.dispose()
    assert {f"fts_{t}_{k}" for t in ("requests", "activities") for k in ("ai", "ad", "au")} <= names


def test_a_ranked_search_pages_on_in_rank_order(engine):
    from tracker.register.queries import request_page
    clerk = engine.clerk()
    for i in range(3):
        req(clerk, f"Кошторис {i}", text="Прошу надати кошторис на ремонт.",
            received_at=f"2018-03-{10 + i}T10:00:00")
        req(clerk, f"Ремонт доріг {i}", received_at=f"2018-03-{1 + i:02d}T10:00:00")
    everything = found("ремонту")
    seen, after = [], None
    while True:
        page = request_page(RequestFilters(q="ремонту", per_page=2, after=after), Clock.current())
        seen += [r.id for r in page.items]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == everything and len(seen) == 6


def test_pages_forward_and_back_cross_the_tiers_in_one_order(engine):
    """The index walk's cursors (search/walk.py): head matches first, then the rest, and
    the previous page is the same rows read back; a substring word is probed per row."""
    from tracker.register.queries import request_page
    clerk = engine.clerk()
    for i in range(4):
        req(clerk, f"Ремонт доріг {i}", email="olena@zhytomyr.example")
        req(clerk, f"Кошторис {i}", email="olena@zhytomyr.example",
            text="Прошу надати кошторис на ремонт.")
    for q in ("ремонту", "ремонт zhytomyr.example"):
        everything = found(q)
        assert len(everything) == 8 and everything[:4] == sorted(everything[:4], reverse=True)
        pages, after = [], None
        while True:
            page = request_page(RequestFilters(q=q, per_page=3, after=after), Clock.current())
            pages.append([r.id for r in page.items])
            if page.next_after is None:
                break
            after = page.next_after
        assert sum(pages, []) == everything
        back = request_page(RequestFilters(q=q, per_page=3, before=pages[-1][0], page=3),
                            Clock.current())
        assert [r.id for r in back.items] == pages[-2]


def test_a_fragment_of_many_parts_reads_a_few_anchors():
    """Each anchor is a bounded read of the postings: a fragment of a hundred parts tries
    its last part and its longest inner parts, not a hundred ranges."""
    from tracker.search.query import MAX_ANCHORS, parse
    (term,) = parse("a-" + "-".join(map(str, range(100))))
    assert len(term.anchors) == MAX_ANCHORS
    assert term.anchors[0] == ("99", "9:")  # the last part, as a prefix
    assert all(high is None and len(low) == 2 for low, high in term.anchors[1:])
    (whole,) = parse("25/К-4812із")  # «к» is Cyrillic: its lemma may differ from the word
    assert whole.anchors == (("4812із", "4812іи"),)  # з + 1 = и


def test_a_fragment_ending_in_the_start_of_a_long_word_finds_it(engine):
    """A word longer than 60 characters (a hash) is indexed by its first 60, so a fragment
    whose last part begins it is read through the postings and found, as by substring."""
    clerk = engine.clerk()
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    hit = req(clerk, "Контрольна сума", text=f"Файл sha-{digest} додано.")
    req(clerk, "Інший запит", text="Файл sha-1234 додано.")
    assert found("sha-9f86") == [hit]
    assert found(f"sha-{digest}") == [hit]
    assert narrowed(db.session, "requests", prepare("sha-9f86"))


def test_a_query_is_normalised_once_as_the_text_is():
    """A mark between two jamo: normalising twice would compose them into a syllable the
    indexed text does not hold."""
    from tracker.search.lemmas import normalise, tokens
    from tracker.search.query import parse
    raw = "a-\u1100\u0301\u1161"
    (term,) = parse(raw)
    assert term.anchors[0][0] == tokens(normalise(raw), normalised=True)[-1]
    assert term.substring == normalise(raw)


def test_invisible_and_control_characters_and_the_number_sign(engine):
    """A zero-width space or a soft hyphen pasted inside a word, a NUL, and «№» before an
    index: the word is found as typed without them, on both engines (PostgreSQL refuses NUL
    in text: it never reaches it)."""
    clerk = engine.clerk()
    hit = req(clerk, "Тарифи на воду", name="Коваленко Ірина")
    number = db.session.scalar(text("SELECT registration_number FROM requests WHERE id = :i"),
                               {"i": hit})
    assert found("Кова\u200bленко") == [hit] and found("Кова\u00adленко") == [hit]
    found("тари\x00фи")  # two words now: PostgreSQL raised DataError on the NUL before
    assert found("Коваленко\x00") == [hit]
    assert found(f"№ {number}") == [hit] and found(f"№{number}") == [hit]


def test_latin_look_alikes_typed_in_an_index_or_a_name_find_it(engine):
    """«25/K-1iз» typed on the wrong layout (Latin K and i) is the index «25/К-1із»; a surname
    with a Latin «o» inside is the Cyrillic one; an e-mail and a Latin word stay as typed."""
    clerk = engine.clerk()
    hit = req(clerk, "Тарифи на воду", name="Коваленко Ірина", email="olena@zhytomyr.example")
    req(clerk, "Тарифи на тепло", name="Бондаренко Олег")
    number = db.session.get(Request, hit).registration_number
    latin = number.translate(str.maketrans("КкІіОоАаРрСсЕе", "KkIiOoAaPpCcEe"))
    assert latin != number and found(latin) == [hit]
    assert found("Кoваленко") == [hit]  # a Latin «o»
    assert found("olena@zhytomyr") == [hit]
