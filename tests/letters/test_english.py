"""The letter screens in English: the chooser, the editor with its «check before signing»
items (stored with the letter, shown in each reader's language), the letterhead page. The
letter itself stays Ukrainian, marked lang="uk"."""
from tests.factories import csrf_token, on
from tests.letters.test_letters import REQUESTER, new_request
from tests.letters.test_workflow import draft, world  # noqa: F401  (the fixture)


def _english(client, user, login):
    login(user)
    client.post("/lang/en", data={"csrf_token": csrf_token(client)})
    return client


def test_the_editor_in_english_keeps_the_letter_ukrainian(world, users, client, login):  # noqa: F811
    head = world["head"]
    with on(2018, 4, 3):
        rid = new_request(head, requester={**REQUESTER, "name": "Коваль Саша", "gender": None})
        letter = draft(head, rid, kind="answer")
        page = _english(client, users["head"], login).get(f"/letters/{letter['id']}") \
            .get_data(as_text=True)
    # The API gives the warning as stored (Ukrainian); the page translates it.
    assert "рід" in letter["warnings"][0]
    assert "Check before signing" in page
    assert "Could not tell the requester&#39;s gender: check the dative case of the name." \
        in page
    assert letter["warnings"][0] not in page
    assert "Make final and approve" in page and "Letter files" in page
    assert ">Letter text<" in page and "Message text" not in page
    assert '<article class="letter" lang="uk">' in page  # the preview
    assert '<textarea id="text" lang="uk" name="text">' in page  # the letter's own words
    assert "Зберегти чернетку" not in page and "Перевірте перед підписом" not in page


def test_the_chooser_and_a_refusal_in_english(world, users, client, login):  # noqa: F811
    with on(2018, 4, 3):
        rid = new_request(world["head"])
        _english(client, users["executor"], login)
        page = client.get(f"/requests/{rid}/letters/new?kind=refusal").get_data(as_text=True)
        letter = draft(world["executor"], rid, kind="refusal", ground="not_holder",
                       explanation="Інформація належить до відання області.")
        world["executor"]("POST", f"/api/v1/letters/{letter['id']}/finalize")
        sent = client.post(f"/letters/{letter['id']}/send",
                           data={"csrf_token": csrf_token(client)}, follow_redirects=True)
    assert "Letter on request No. 25/К-170із" in page and "Invoice (copying costs)" in page
    assert "Extension notice" in page and "Deferral notice" in page  # one name per kind
    assert "Not the holder of the information requested (Art. 22 part 1 item 1)" in page
    assert "Create the draft" in page and "Створити чернетку" not in page
    assert "The letter is not approved yet: it must be approved (signed) by" in \
        sent.get_data(as_text=True)


def test_the_letterhead_page_in_english(users, client, login):
    page = _english(client, users["admin"], login).get("/admin/letter-blank") \
        .get_data(as_text=True)
    assert "Upload the letterhead" in page and "Download a sample letter (PDF)" in page
    assert "Бланк" not in page


def test_letters_to_sign_name_the_kind_and_number_in_english(world, users, client, login):  # noqa: F811
    with on(2018, 4, 3):
        rid = new_request(world["head"])
        letter = draft(world["executor"], rid, kind="extension", reason="Великий обсяг")
        world["executor"]("POST", f"/api/v1/letters/{letter['id']}/finalize")
        page = _english(client, users["head"], login).get("/letters/awaiting") \
            .get_data(as_text=True)
    assert "Extension notice No. " in page and "№" not in page

