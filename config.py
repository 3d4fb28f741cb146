"""Settings from the environment, with defaults that run with nothing set.

Every setting can be given as an environment variable of the same name. Booleans accept
1/true/yes/on. The embedded default database is SQLite in ``instance/tracker.db``.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    """Production-shaped defaults; tests and the dev server override a few."""

    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'tracker.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    TIMEZONE = os.environ.get("TIMEZONE", "Europe/Kyiv")
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    # Session cookies: HttpOnly always, SameSite=Lax, Secure when served over HTTPS.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    BASE_URL_IS_HTTPS = os.environ.get("BASE_URL", "").startswith("https://")
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", BASE_URL_IS_HTTPS)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    #: "Remember me" lasts this long (seconds; Flask-Login), and is not sent cross-site.
    REMEMBER_COOKIE_DURATION = _int("REMEMBER_COOKIE_DAYS", 14) * 24 * 3600
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: Behind a reverse proxy (nginx): trust its X-Forwarded-For/-Proto (one hop).
    BEHIND_PROXY = _bool("BEHIND_PROXY", False)

    # Login protection: a rate limit per client address, and growing delays per (e-mail,
    # client address) — never a lock of the account itself (tracker/auth/throttle.py).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "20 per minute;200 per hour")
    #: Failures for one e-mail from one address before the delays start (the old name is
    #: still read).
    LOGIN_THROTTLE_AFTER = _int("LOGIN_THROTTLE_AFTER", _int("LOGIN_LOCKOUT_THRESHOLD", 5))
    #: The first delay, doubled with each further failure up to the maximum.
    LOGIN_THROTTLE_FIRST_SECONDS = _int("LOGIN_THROTTLE_FIRST_SECONDS", 60)
    LOGIN_THROTTLE_MAX_SECONDS = _int("LOGIN_THROTTLE_MAX_SECONDS",
                                      _int("LOGIN_LOCKOUT_MINUTES", 15) * 60)
    #: Failures are forgotten this long after the last one.
    LOGIN_THROTTLE_FORGET_HOURS = _int("LOGIN_THROTTLE_FORGET_HOURS", 24)

    # The public request form and API (tracker/public/guard.py): limits per client address
    # (with the form's proof-of-work; without it; the API), per requester address (e-mail or
    # postal, form and API together), for replies and for "send me the link" requests.
    PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "10 per hour;30 per day")
    PUBLIC_NOSCRIPT_RATE_LIMIT = os.environ.get("PUBLIC_NOSCRIPT_RATE_LIMIT",
                                                "3 per hour;6 per day")
    #: The API has no proof-of-work, so a client address gets no more than the form without
    #: script; a partner site filing for many people raises it (README, "Keeping bots off").
    PUBLIC_API_RATE_LIMIT = os.environ.get("PUBLIC_API_RATE_LIMIT", "3 per hour;6 per day")
    PUBLIC_ADDRESS_RATE_LIMIT = os.environ.get("PUBLIC_ADDRESS_RATE_LIMIT", "5 per day")
    PUBLIC_REPLY_RATE_LIMIT = os.environ.get("PUBLIC_REPLY_RATE_LIMIT", "10 per hour")
    PUBLIC_LINK_RATE_LIMIT = os.environ.get("PUBLIC_LINK_RATE_LIMIT", "5 per hour")
    #: A form sent sooner than this after it was shown is a bot's (at most 5 s: people are quick).
    PUBLIC_MIN_FILL_SECONDS = _int("PUBLIC_MIN_FILL_SECONDS", 3)
    PUBLIC_FORM_MAX_AGE_HOURS = _int("PUBLIC_FORM_MAX_AGE_HOURS", 24)
    #: Proof-of-work difficulty in leading zero bits: 17 ≈ 130 000 hashes, 0.1–0.4 s in a
    #: browser (each further bit doubles it).
    PUBLIC_POW_BITS = _int("PUBLIC_POW_BITS", 17)
    #: Files a requester may attach on the form (each up to REQUEST_FILE_MAX_BYTES), and
    #: all of them together (the form's hint states both; a post over it comes back with
    #: what was typed; tracker/public/uploads.py).
    PUBLIC_MAX_FILES = _int("PUBLIC_MAX_FILES", 5)
    PUBLIC_UPLOAD_MAX_BYTES = _int("PUBLIC_UPLOAD_MAX_BYTES", 30 * 1024 * 1024)
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # a form left open all morning must still submit

    BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "uk")
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    LANGUAGES = ("uk", "en")

    # Mail (used by the outbox; Flask-Mail settings).
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "zapyt@localhost")
    #: Seconds to wait for the SMTP server (Flask-Mail itself sets none).
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 30)
    #: "smtp" (the default: the outbox sends to MAIL_SERVER) or "catcher" (development only,
    #: set by `make run`): nothing is sent, messages are marked delivered to the local catcher
    #: and read on the outbox page.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp").strip().lower() or "smtp"
    #: Domain of the Message-IDs we generate.
    MAIL_MSGID_DOMAIN = os.environ.get("MAIL_MSGID_DOMAIN", "zapyt.local")

    # Outbox delivery: attempts before giving up, and the backoff between them.
    OUTBOX_MAX_ATTEMPTS = _int("OUTBOX_MAX_ATTEMPTS", 10)
    OUTBOX_BACKOFF_SECONDS = _int("OUTBOX_BACKOFF_SECONDS", 60)
    OUTBOX_BACKOFF_MAX_SECONDS = _int("OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
    #: A message claimed but not finished within this time is taken back (a worker died).
    OUTBOX_CLAIM_LEASE_SECONDS = _int("OUTBOX_CLAIM_LEASE_SECONDS", 600)

    # Reminder rules (DOMAIN §3; issue 5 defaults). Working days before the due date:
    REMINDER_DAYS_BEFORE = os.environ.get("REMINDER_DAYS_BEFORE", "2,1")
    #: Hours before an urgent request's 48-hour term ends.
    REMINDER_URGENT_HOURS = os.environ.get("REMINDER_URGENT_HOURS", "24,4")
    #: Morning time of day reminders and overdue escalations.
    REMINDER_MORNING = os.environ.get("REMINDER_MORNING", "08:00")
    DIGEST_TIME = os.environ.get("DIGEST_TIME", "08:30")

    # The scheduler: intervals of its fixed jobs, and whether `flask run` starts one.
    SCHEDULER_DELIVER_SECONDS = _int("SCHEDULER_DELIVER_SECONDS", 60)
    SCHEDULER_SWEEP_SECONDS = _int("SCHEDULER_SWEEP_SECONDS", 15 * 60)
    SCHEDULER_POLL_SECONDS = _int("SCHEDULER_POLL_SECONDS", 5 * 60)
    #: How often a waiting scheduler process asks for the leader lock.
    SCHEDULER_LEADER_RETRY_SECONDS = float(os.environ.get("SCHEDULER_LEADER_RETRY_SECONDS", "5"))

    #: The request list counts at most this many matches and then shows "10000+".
    LIST_COUNT_CAP = _int("LIST_COUNT_CAP", 10_000)

    # Council details (letterhead) and the registration index.
    COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "ЖИТОМИРСЬКА МІСЬКА РАДА")
    COUNCIL_UNIT = os.environ.get("COUNCIL_UNIT", "ВИКОНАВЧИЙ КОМІТЕТ")
    COUNCIL_ADDRESS = os.environ.get(
        "COUNCIL_ADDRESS", "майдан ім. С.П. Корольова, 4/2, м. Житомир, 10014"
    )
    COUNCIL_PHONE = os.environ.get("COUNCIL_PHONE", "48-11-85")
    COUNCIL_EMAIL = os.environ.get("COUNCIL_EMAIL", "mvk@zt-rada.gov.ua")
    COUNCIL_WEBSITE = os.environ.get("COUNCIL_WEBSITE", "https://zt-rada.gov.ua")
    COUNCIL_EDRPOU = os.environ.get("COUNCIL_EDRPOU", "04053625")
    COUNCIL_HEAD_TITLE = os.environ.get("COUNCIL_HEAD_TITLE", "міського голови")
    COUNCIL_PAYEE = os.environ.get("COUNCIL_PAYEE", "Виконавчий комітет Житомирської міської ради")
    #: The payee's account, a Ukrainian IBAN (UA + 27 characters). The default is a
    #: placeholder: a notice that charges money cannot be finalised until it is replaced.
    COUNCIL_IBAN = os.environ.get("COUNCIL_IBAN", "UA000000000000000000000000000")
    #: The payee's ЄДРПОУ code (checked; empty: the council's own COUNCIL_EDRPOU).
    COUNCIL_PAYEE_EDRPOU = os.environ.get("COUNCIL_PAYEE_EDRPOU") or COUNCIL_EDRPOU
    #: The council's decision that set the copying rate (Art. 21 part 3), cited in cost
    #: notices, e.g. «рішення виконавчого комітету від 12.02.2021 № 123». Empty: no rate was
    #: set, so copies are free and cost notices charge nothing.
    COPY_RATE_DECISION = os.environ.get("COPY_RATE_DECISION", "")
    #: Years of the subsistence minimum the built-in table (2018–2027) lacks or that changed:
    #: "2028:3500,2029:3700" (the admin edits it on «Налаштування ради»).
    SUBSISTENCE_MINIMUM_BY_YEAR = os.environ.get("SUBSISTENCE_MINIMUM_BY_YEAR", "")

    # Letters: who signs by default (a user's e-mail; else the first active head), the
    # outgoing index ("request": the request's own index, as in the sample; "register": a
    # separate yearly register with OUTGOING_PATTERN), and an optional DOCX blank.
    LETTER_SIGNATORY = os.environ.get("LETTER_SIGNATORY", "")
    OUTGOING_INDEX = os.environ.get("OUTGOING_INDEX", "request")
    OUTGOING_PATTERN = os.environ.get("OUTGOING_PATTERN", "{seq}/{dept}-вих")
    LETTERHEAD_DOCX = os.environ.get("LETTERHEAD_DOCX", "")
    # Files that go with a letter (released documents, the signed copy): the largest one,
    # and the largest e-mail a letter with its files may make (the requester's mail server
    # refuses bigger ones: 25 MB is common, base64 adds a third).
    # The apostrophe letters print: "'" (the typewriter one, as most councils type) or "ʼ"
    # (U+02BC, the Ukrainian letter apostrophe).
    LETTER_APOSTROPHE = os.environ.get("LETTER_APOSTROPHE", "'")
    LETTER_FILE_MAX_BYTES = _int("LETTER_FILE_MAX_BYTES", 10 * 1024 * 1024)
    LETTER_EMAIL_MAX_BYTES = _int("LETTER_EMAIL_MAX_BYTES", 18 * 1024 * 1024)

    #: Registration index pattern; fields: {dept} {letter} {seq} {suffix} {year} {yy}.
    INDEX_PATTERN = os.environ.get("INDEX_PATTERN", "{dept}/{letter}-{seq}{suffix}")
    INDEX_DEPT = os.environ.get("INDEX_DEPT", "25")
    INDEX_SUFFIX = os.environ.get("INDEX_SUFFIX", "із")

    # Deadline practice settings (DOMAIN.md §3), defaults as the Law is safest read.
    COUNT_RECEIPT_DAY = _bool("COUNT_RECEIPT_DAY", False)
    ROLL_NON_WORKING_RECEIPT = _bool("ROLL_NON_WORKING_RECEIPT", False)
    WORKDAY_END = os.environ.get("WORKDAY_END", "18:00")
    DUE_SOON_DAYS = _int("DUE_SOON_DAYS", 2)
    #: The last day of martial law (YYYY-MM-DD or DD.MM.YYYY; empty: it lasts, no end date):
    #: public holidays after it are days off again. The admin's calendar page overrides it.
    MARTIAL_LAW_UNTIL = os.environ.get("MARTIAL_LAW_UNTIL", "")
    #: Tolerated clock skew when checking that received_at is not in the future.
    FUTURE_SKEW_SECONDS = _int("FUTURE_SKEW_SECONDS", 300)

    # Report import: row percents are hand-rounded (1 point); totals are computed (0.1).
    IMPORT_PERCENT_TOLERANCE = os.environ.get("IMPORT_PERCENT_TOLERANCE", "1")
    IMPORT_TOTAL_TOLERANCE = os.environ.get("IMPORT_TOTAL_TOLERANCE", "0.1")
    IMPORT_MAX_BYTES = _int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
    # What one report file may make the readers do (a report is 10–500 rows): more is refused
    # with a message naming the setting. Unpacked: a DOCX/XLSX (a ZIP) once inflated.
    IMPORT_MAX_ROWS = _int("IMPORT_MAX_ROWS", 10_000)
    IMPORT_MAX_COLUMNS = _int("IMPORT_MAX_COLUMNS", 100)
    IMPORT_MAX_CELLS = _int("IMPORT_MAX_CELLS", 200_000)
    IMPORT_MAX_UNPACKED_BYTES = _int("IMPORT_MAX_UNPACKED_BYTES", 20 * 1024 * 1024)
    IMPORT_MAX_SECONDS = _int("IMPORT_MAX_SECONDS", 5)

    # E-mail intake. Portals: Alaveteli sites by domain (others are named by their domain).
    INTAKE_MAX_MESSAGE_BYTES = _int("INTAKE_MAX_MESSAGE_BYTES", 30 * 1024 * 1024)
    #: Files a clerk attaches to a request by hand (a paper request's scan), each.
    REQUEST_FILE_MAX_BYTES = _int("REQUEST_FILE_MAX_BYTES", 20 * 1024 * 1024)
    INTAKE_PORTALS = {"dostup.pravda.com.ua": "Доступ до правди"}
    # Mailbox polling (optional): off unless IMAP_HOST is set.
    IMAP_HOST = os.environ.get("IMAP_HOST")
    IMAP_PORT = _int("IMAP_PORT", 993)
    IMAP_USER = os.environ.get("IMAP_USER")
    IMAP_PASSWORD = os.environ.get("IMAP_PASSWORD")
    IMAP_FOLDER = os.environ.get("IMAP_FOLDER", "INBOX")
    #: "ssl" (implicit TLS, port 993), "starttls", or "plain" (only for a local test server).
    IMAP_SECURITY = os.environ.get("IMAP_SECURITY", "ssl")
    #: Move handled messages here instead of deleting them (empty: delete).
    IMAP_ARCHIVE_FOLDER = os.environ.get("IMAP_ARCHIVE_FOLDER", "")

    #: Years after a request is finished before its requester's data is anonymised.
    RETENTION_YEARS = _int("RETENTION_YEARS", 5)
    #: When set, `flask backup` signs the manifest (HMAC-SHA256) and `flask restore` accepts
    #: only backups signed with the same key.
    BACKUP_SIGNING_KEY = os.environ.get("BACKUP_SIGNING_KEY") or None

    PAGE_SIZE = _int("PAGE_SIZE", 25)
    API_TOKEN_DAYS = _int("API_TOKEN_DAYS", 365)
    MIN_PASSWORD_LENGTH = 12
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 32 * 1024 * 1024)
    #: Fields and files in one form (Werkzeug refuses more with 413).
    MAX_FORM_PARTS = _int("MAX_FORM_PARTS", 200)


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "test-secret-key"
    MAIL_SUPPRESS_SEND = False
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://")
    #: Real hashing is deliberately slow; tests create many users.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
