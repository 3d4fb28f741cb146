"""Removing personal data from an answer before it is published. Pure.

What goes: the requester's name in every case form either dictionary knows (pymorphy3's
paradigms and shevchenko-py's, for both genders and every role a word may play), with the
initials written next to it («О. Петренко», «Петренку О.І.»); every e-mail address; every
phone-like number; the requester's postal address, also in parts and other case forms (its
street's name in any case with the house and flat around it, its postcode), anyone's
«буд. N» / «кв. N», and anything shaped like a street address; the request's index and its
letters' numbers (the default index carries the requester's initial); and the passages the
official marked. Each is replaced by «[вилучено]».

The rule is to remove too much rather than too little: a surname that is also a word
(Мороз, Коваль) goes wherever it occurs; a council's own e-mail in the text goes too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import shevchenko

from ..letters.grammar import APOSTROPHES, morph

REMOVED = "[вилучено]"

_APOS = f"[{APOSTROPHES}]"
_WORD_RE = re.compile(rf"\w(?:[\w{APOSTROPHES}-]*\w)?")
_INITIAL = r"(?-i:(?:[A-ZА-ЯІЇЄҐ]\.\s?){1,3})"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: A number written as a phone: + or a digit, then digits with spaces, dashes, brackets.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+/.,])\+?\(?\d[\d\s()\-]{4,20}\d(?![\w/])")
#: A local number: 48-11-85, 2-34-56, 123-45-67.
_LOCAL_PHONE = re.compile(r"(?<![\w/.-])\d{1,3}-\d{2}-\d{2}(?![\w/-])")

_STREET_WORDS = (r"(?i:вул\.|вулиц[яіеюи]\w*|просп\.|пр-т|проспект\w*|пров\.|провул\w*|"
                 r"бульв\.|бульвар\w*|б-р|пл\.|площ[аіу]|майдан\w*|шосе|узвіз\w*|наб\.|"
                 r"набережн\w*|тупик\w*|мкр\.|мікрорайон\w*|проїзд\w*|кв-л|квартал\w*)")
_CAPITAL = r"[A-ZА-ЯІЇЄҐ]"
_PLACE = (r"(?:\d{5}|(?i:(?:м|с|сел|с-ще)\.|смт\.?)\s*" + _CAPITAL + r"[\w'ʼ’-]*(?:[ -]" + _CAPITAL +
          r"[\w'ʼ’-]*)?|" + _CAPITAL + r"[\w'ʼ’-]*\s+(?i:обл\.|області|область|р-н|району|район)|"
          r"(?i:буд\.|будинок|б\.)\s*\d+[\w/-]*|(?i:кв\.|квартира|оф\.|офіс|к\.)\s*\d+\w*)")
#: A street with its number: «вул. Садова, 12», «на вулиці Івана Франка 3», «просп. Миру, 5/2».
_STREET = (rf"(?<!\w){_STREET_WORDS}\s*(?:(?i:ім\.|імені)\s*)?{_CAPITAL}[^\n,;:|]{{0,60}}?,?\s*"
           rf"(?:(?i:буд\.)\s*)?\d+[\w/-]*(?:\s*,?\s*(?i:корп\.|корпус)\s*\d+\w*)?")
ADDRESS_RE = re.compile(rf"(?:{_PLACE}\s*,\s*)*{_STREET}(?:\s*,\s*{_PLACE})*")
#: Places with a post office box or a village alone: «а/с 15», «абонентська скринька 15».
_PO_BOX = re.compile(r"(?<!\w)(?:а/с|абонентськ\w+ скриньк\w+)\s*\d+", re.IGNORECASE)

#: A house, a building, a flat written with its word, whoever's they are: «буд. 12, кв. 5»,
#: «будинку № 12», «квартира 5» (singular forms: «12 квартир» is a count). «1 кв. 2025»
#: (a quarter of a year) and «50 кв. м» stay.
_HOUSE_WORD = r"(?i:буд\.|будин(?:ок|ку|ком|кові))"
_NUMBER = r"№?\s*\d+(?:[-/]\d+)?(?:-?[а-яіїєґa-z](?!\w))?"
_BLOCK = r"(?i:корп\.|корпус\w*|секці[яїю])\s*№?\s*\d+\w*"
_FLAT = r"(?i:кв\.|квартир(?:а|и|і|у|ою)|оф\.|офіс\w{0,2}|кімн\.|кімнат[аиіу])\s*№?\s*(?!(?:19|20)\d\d\b)\d{1,4}(?:-?[а-яіїєґ](?!\w))?(?!\d)"
_HOUSE = rf"(?<!\w){_HOUSE_WORD}\s*{_NUMBER}(?:\s*,?\s*{_BLOCK})?(?:\s*,?\s*{_FLAT})?"
HOUSE_RE = re.compile(rf"{_HOUSE}|(?:(?<![\w.,/-])\d+(?:[-/]\d+)?[а-яіїєґ]?\s*,\s*)?(?<!\w){_FLAT}")
#: A postcode next to its town: «10014, м. Житомир», «м. Житомир, 10014».
_TOWN = r"(?i:м\.|місто|с\.|село|смт\.?|сел\.|с-ще)\s*" + _CAPITAL + r"[\w'ʼ’-]*"
POSTCODE_RE = re.compile(rf"(?<![\w.,])\d{{5}}(?!\d)\s*,?\s*{_TOWN}|{_TOWN}\s*,\s*\d{{5}}(?!\d)")
#: What precedes or follows a street's name in a text: its kind (вулиця, провулок …).
_STREET_KIND = (r"(?i:вул\.|вулиц\w*|просп\.|пр-т|проспект\w*|пров\.|провул\w*|бульв\.|"
                r"бульвар\w*|б-р|пл\.|площ\w*|майдан\w*|шосе|узв\.|узвоз\w*|узвіз|наб\.|"
                r"набережн\w*|тупик\w*|мкр\.|мікрорайон\w*|проїзд\w*|кв-л|квартал\w*)")
_PREPOSITION = r"(?i:на|по|в|у|за|біля|до|з|із|від)"


@dataclass
class Personal:
    """What to remove for one request."""

    names: list[str] = field(default_factory=list)  # as written: "Петренко Олег Іванович"
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    passages: list[str] = field(default_factory=list)  # marked by the official
    #: The request's index and its letters' numbers: the default index carries the
    #: requester's initial («25/П-4із»).
    numbers: list[str] = field(default_factory=list)


# --- names ---------------------------------------------------------------------------------------
def _apostrophe_free(word: str) -> str:
    return re.sub(_APOS, "'", word)


@lru_cache(maxsize=2048)
def word_forms(word: str) -> frozenset[str]:
    """Every case form of one word of a name, lower case: the paradigms pymorphy3 knows for
    it (dictionary and guessed) and shevchenko-py's forms as a surname, a given name and a
    patronymic, masculine and feminine."""
    word = _apostrophe_free(word.strip(".,;:«»\"()"))
    if len(word) < 2:
        return frozenset()
    forms = {word.lower()}
    for parse in morph().parse(word.lower()):
        forms.update(f.word for f in parse.lexeme)
    parts = word.split("-") if "-" in word else [word]
    for gender in ("masculine", "feminine"):
        for case in shevchenko.CASES:
            inflect = getattr(shevchenko, f"in_{case}")
            for role in ("family_name", "given_name", "patronymic_name"):
                try:
                    out = [inflect({"gender": gender, role: p}).get(role) or p for p in parts]
                except Exception:  # noqa: BLE001 — a word it cannot read: its other forms stay
                    continue
                forms.add("-".join(out).lower())
    return frozenset(_apostrophe_free(f) for f in forms if len(f) >= 2)


def name_words(name: str) -> list[str]:
    """The words of a name that are not initials (``Петренко О.І.`` → ``["Петренко"]``)."""
    return [w for w in _WORD_RE.findall(name or "") if len(w) >= 2]


def _name_pattern(names: list[str]) -> re.Pattern | None:
    forms = set()
    for name in names:
        for word in name_words(name):
            forms |= word_forms(word)
    if not forms:
        return None
    alternatives = "|".join(re.escape(f).replace("'", _APOS)
                            for f in sorted(forms, key=len, reverse=True))
    one = rf"(?<!\w)(?:{alternatives})(?!\w)"
    # A run of name words with the initials before or after them: «О. І. Петренку».
    return re.compile(rf"(?:{_INITIAL}\s*)?{one}(?:[\s-]+{one})*(?:\s*{_INITIAL})?",
                      re.IGNORECASE)


# --- numbers and addresses --------------------------------------------------------------------
def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _phone_like(candidate: str, own: set[str]) -> bool:
    """A Ukrainian number (0XX…, 380…, +…), or one of the requester's own numbers."""
    digits = _digits(candidate)
    if any(len(o) >= 5 and digits.endswith(o) for o in own):
        return True
    if candidate.lstrip().startswith("+"):
        return 9 <= len(digits) <= 15
    if len(digits) == 10 and digits.startswith("0"):
        return True
    return len(digits) in (11, 12) and digits.startswith("38")


def _own_digits(phones: list[str]) -> set[str]:
    out = set()
    for phone in phones:
        digits = _digits(phone)
        if len(digits) >= 5:
            out.add(digits[-9:] if len(digits) > 9 else digits)
    return out


def _address_parts(address: str) -> list[str]:
    """The address as written (matched with any spacing and commas)."""
    text = " ".join((address or "").split())
    return [text] if text else []


@dataclass
class AddressParts:
    """A postal address broken into what identifies it: the street's name (its words
    without the street's kind), the postcodes and the town. Houses and flats are removed
    wherever they are written with their word (HOUSE_RE) or next to the street."""
    streets: list[list[str]] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    towns: list[str] = field(default_factory=list)


_TOWN_MARK = re.compile(r"^(?i:м\.|місто|с\.|село|смт\.?|сел\.|с-ще)\s*")
_REGION = re.compile(r"(?i:обл\.|област\w*|р-н|район\w*|громад\w*|україна)")
_KIND_PREFIX = re.compile(rf"^{_STREET_KIND}\s*(?:(?i:ім\.|імені)\s*)?")
_KIND_SUFFIX = re.compile(rf"\s+{_STREET_KIND}$")
_HOUSE_OR_FLAT = re.compile(rf"^(?:{_HOUSE_WORD}|(?i:корп\.|корпус|секці|кв\.|квартир|оф\.|офіс|"
                            r"кімн))")


def split_address(address: str) -> AddressParts:
    """The parts of a requester's own address. A piece with a street's kind («вул. Садова»)
    is a street; so is a piece of words followed by a number («Велика Бердичівська, 12»)
    or ending in one («Покровська 12»); failing both, every piece of words that is not a
    town or a region (a street is then guessed rather than missed)."""
    parts = AddressParts()
    pieces = [p.strip() for p in re.split(r"[,;\n]", address or "") if p.strip()]
    streets, guesses = [], []
    for i, piece in enumerate(pieces):
        parts.postcodes += re.findall(r"(?<!\d)\d{5}(?!\d)", piece)
        if _TOWN_MARK.match(piece):
            parts.towns.append(_TOWN_MARK.sub("", piece))
            continue
        if (_REGION.search(piece) and not _KIND_PREFIX.match(piece)) \
                or _HOUSE_OR_FLAT.match(piece):  # «вул. Районна» is a street all the same
            continue
        number = re.search(r"\d+(?:[-/]\d+)?[а-яіїєґ]?$", piece)
        words = [w for w in _WORD_RE.findall(_KIND_SUFFIX.sub("", _KIND_PREFIX.sub("", piece)))
                 if not w[0].isdigit()]
        if not words:
            continue
        following = pieces[i + 1] if i + 1 < len(pieces) else ""
        followed = (re.match(rf"^(?:{_HOUSE_WORD}\s*)?№?\s*\d", following)
                    and not re.fullmatch(r"\d{5}", following))  # a house, not a postcode
        if _KIND_PREFIX.match(piece) or _KIND_SUFFIX.search(piece) or followed or number:
            streets.append(words)
        else:
            guesses.append(words)
    parts.streets = streets or guesses
    return parts


def _word_forms(word: str) -> set[str]:
    """The forms of one word of a street's name (pymorphy3's paradigms), lower case."""
    word = _apostrophe_free(word)
    forms = {word.lower()}
    if not word.isdigit():
        for parse in morph().parse(word.lower())[:4]:
            forms.update(f.word for f in parse.lexeme)
    return {_apostrophe_free(f) for f in forms if f}


def _alternatives(forms: set[str]) -> str:
    return "|".join(re.escape(f).replace("'", _APOS) for f in sorted(forms, key=len, reverse=True))


def _street_patterns(words: list[str]) -> list[re.Pattern]:
    """The street's name in any case form, with its kind, its house and flat, and the
    house written before it («будинку 12 на Великій Бердичівській»). Alone it is matched
    when capitalised; after its kind («вулиці садовій») in any case."""
    if not words:
        return []
    each = [_alternatives(_word_forms(w)) for w in words]
    name = r"[\s-]+".join(f"(?:{a})" for a in each)
    capital = "(?-i:[A-ZА-ЯІЇЄҐ0-9])"
    before = (rf"(?:(?:{_HOUSE_WORD}\s*{_NUMBER}(?:\s*,?\s*{_BLOCK})?(?:\s*,?\s*{_FLAT})?|"
              rf"{_FLAT})\s*,?\s*(?:{_PREPOSITION}\s+)?)?")
    kind = rf"(?:{_STREET_KIND}\s*(?:(?i:ім\.|імені)\s*)?)"
    after = (rf"(?:\s+{_STREET_KIND}(?!\w))?(?:\s*,?\s*(?:{_HOUSE_WORD}\s*)?{_NUMBER}(?!\d)"
             rf"(?:\s*,?\s*{_BLOCK})?(?:\s*,?\s*{_FLAT})?)?")
    out = [re.compile(rf"{before}{kind}(?<!\w)(?:{name})(?!\w){after}", re.IGNORECASE),
           re.compile(rf"{before}(?:{kind})?(?<!\w)(?={capital})(?:{name})(?!\w){after}",
                      re.IGNORECASE)]
    if len(words) > 1:  # one word of a longer name, with a number: «на Бердичівській, 12»
        for w, a in zip(words, each):
            if len(w) >= 4:
                out.append(re.compile(
                    rf"(?<!\w)(?={capital})(?:{a})(?!\w)\s*,?\s*(?:{_HOUSE_WORD}\s*)?"
                    rf"{_NUMBER}(?!\d)(?:\s*,?\s*{_FLAT})?", re.IGNORECASE))
    return out


def address_patterns(address: str) -> list[re.Pattern]:
    """Everything that would give away the requester's own address (see split_address):
    its street in any form with any house, flat and kind around it, its postcode, and its
    town when it stands next to the postcode."""
    parts = split_address(address)
    patterns = []
    for words in parts.streets:
        patterns += _street_patterns(words)
    for code in set(parts.postcodes):
        town = "|".join(re.escape(t) for t in parts.towns if t)
        around = rf"(?:\s*,?\s*(?:{_TOWN_MARK.pattern[1:]})?(?:{town}))?" if town else ""
        patterns.append(re.compile(rf"(?<![\w.,]){code}(?!\d){around}", re.IGNORECASE))
    return patterns


# --- redaction -----------------------------------------------------------------------------------
def _spans(text: str, personal: Personal) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []

    def add(pattern: re.Pattern, accept=lambda m: True):
        spans.extend(m.span() for m in pattern.finditer(text) if accept(m))

    for passage in personal.passages:
        words = passage.split()
        if words:
            add(re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE))
    for address in personal.addresses:
        for part in _address_parts(address):
            add(re.compile(r"\s*,?\s*".join(re.escape(w) for w in part.replace(",", " ").split()),
                           re.IGNORECASE))
        for pattern in address_patterns(address):
            add(pattern)
    add(ADDRESS_RE)
    add(_PO_BOX)
    add(HOUSE_RE)
    add(POSTCODE_RE)
    for number in personal.numbers:
        if number and number.strip():
            add(re.compile(rf"(?<![\w/]){re.escape(number.strip())}(?![\w/])", re.IGNORECASE))
    add(EMAIL_RE)
    for email in personal.emails:
        if email:
            add(re.compile(re.escape(email.strip()), re.IGNORECASE))
    own = _own_digits(personal.phones)
    add(_PHONE_CANDIDATE, lambda m: _phone_like(m.group(), own))
    add(_LOCAL_PHONE)
    names = _name_pattern(personal.names)
    if names is not None:
        add(names)
    return spans


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping spans, and spans apart only by spaces or commas, become one."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and (start <= merged[-1][1] or not text[merged[-1][1]:start].strip(" ,")):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def redact(text: str, personal: Personal) -> tuple[str, int]:
    """``text`` with the personal data replaced by «[вилучено]», and how many places."""
    spans = _merge(_spans(text or "", personal), text or "")
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        # Keep the punctuation the match swallowed at its edge (a sentence's full stop).
        tail = text[start:end][len(text[start:end].rstrip(" ,")):]
        out.append(REMOVED + tail)
        last = end
    out.append(text[last:])
    return "".join(out), len(spans)


def missing_passages(text: str, passages: list[str]) -> list[str]:
    """The marked passages that do not occur in the text (a typo would publish them)."""
    flat = " ".join((text or "").split()).casefold()
    return [p for p in passages if " ".join(p.split()).casefold() not in flat]


def passages_from(value: str | list | None) -> list[str]:
    """The marked passages: one per line of a text field (or a list from the API); a
    ``[[…]]`` mark stands for its content."""
    lines = value if isinstance(value, list) else (value or "").splitlines()
    out = []
    for line in lines:
        line = str(line).strip()
        marked = re.findall(r"\[\[(.+?)\]\]", line)
        out.extend(m.strip() for m in marked if m.strip()) if marked else (
            out.append(line) if line else None)
    return out
