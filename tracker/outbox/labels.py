"""What a person reads for the outbox's states, kinds and errors (translated where shown)."""
import re

from ..core.i18n import N_
from ..core.i18n import gettext as _
from .models import OutboxState

STATE_LABELS = {
    OutboxState.PENDING: N_("у черзі"), OutboxState.SENDING: N_("надсилається"),
    OutboxState.SENT: N_("надіслано"), OutboxState.FAILED: N_("не надіслано"),
}
#: The filter tabs of the outbox page (plural).
STATE_TABS = {
    OutboxState.PENDING: N_("у черзі"), OutboxState.SENDING: N_("надсилаються"),
    OutboxState.SENT: N_("надіслані"), OutboxState.FAILED: N_("не надіслані"),
}
#: The badge's style per state.
STATE_CLASSES = {OutboxState.SENT: "state-on_time", OutboxState.FAILED: "state-overdue"}
KIND_LABELS = {"reminder": N_("нагадування"), "digest": N_("огляд"), "letter": N_("лист"),
               "notice": N_("службове повідомлення")}

#: Python's names for what went wrong, as an admin reads them (the sentence, no jargon).
ERROR_SENTENCES = {
    "ConnectionRefusedError": N_("Поштовий сервер недоступний (з'єднання відхилено)"),
    "ConnectionResetError": N_("Поштовий сервер розірвав з'єднання"),
    "ConnectionAbortedError": N_("З'єднання з поштовим сервером перервано"),
    "SMTPServerDisconnected": N_("Поштовий сервер розірвав з'єднання"),
    "SMTPConnectError": N_("Поштовий сервер не прийняв з'єднання"),
    "TimeoutError": N_("Поштовий сервер не відповів вчасно (MAIL_TIMEOUT)"),
    "timeout": N_("Поштовий сервер не відповів вчасно (MAIL_TIMEOUT)"),
    "gaierror": N_("Адресу поштового сервера не знайдено (перевірте MAIL_SERVER)"),
    "SSLError": N_("Не вдалося встановити захищене з'єднання з поштовим сервером (TLS)"),
    "SSLCertVerificationError": N_("Сертифікат поштового сервера не пройшов перевірку (TLS)"),
    "SMTPAuthenticationError": N_("Поштовий сервер не прийняв логін або пароль (MAIL_USERNAME)"),
    "SMTPRecipientsRefused": N_("Поштовий сервер не прийняв адресу отримувача"),
    "SMTPSenderRefused": N_("Поштовий сервер не прийняв адресу відправника (MAIL_DEFAULT_SENDER)"),
    "SMTPDataError": N_("Поштовий сервер не прийняв текст листа"),
    "SMTPNotSupportedError": N_("Поштовий сервер не підтримує потрібну функцію"),
    "OSError": N_("Мережева помилка під час з'єднання з поштовим сервером"),
}


#: The sentences delivery stores (in Ukrainian, in the job) besides ERROR_SENTENCES: the page
#: shows them in the reader's language.
STORED_SENTENCES = (
    N_("Поштовий сервер остаточно відхилив лист"), N_("Поштовий сервер недоступний"),
    N_("Помилка поштового сервера"), N_("Непередбачена помилка під час надсилання"),
    N_("Розробницький режим: доставлено до локального перехоплювача, на пошту не надсилалося "
       "(MAIL_BACKEND=catcher)"),
)
RETRY = re.compile(r"[;,] спробуємо ще раз$")
REFUSED_FOR = "Не прийнято для: "


def error_kind(text: str | None) -> str | None:
    """The exception's class name in a stored error text (``ConnectionRefusedError: …``)."""
    if not text:
        return None
    match = re.search(r"\b(\w+(?:Error|Exception|Refused|Disconnected)|gaierror|timeout): ",
                      text)
    return match.group(1) if match else None


def error_sentence(kind: str | None) -> str | None:
    """The Ukrainian sentence for an exception's class name, if there is one."""
    return ERROR_SENTENCES.get(kind) if kind else None


def readable_error(text: str | None) -> tuple[str, str | None]:
    """(what an admin reads, the technical detail or None) of a stored ``last_error``.

    The sentence comes first in what delivery stores, the detail in brackets after it; text
    written by older versions (or a bare ``ConnectionRefusedError: …``) still reads as a
    sentence: the exception's name is replaced by its Ukrainian label."""
    if not text:
        return "", None
    match = re.match(r"^(.*?)\s*\((\w[\w.]*: .*)\)\.?$", text, re.S)
    sentence, detail = (match.group(1), match.group(2)) if match else (text, None)
    kind = error_kind(detail or text)
    label = error_sentence(kind)
    if detail is None and kind and re.match(rf"\s*[\w.]*\b{kind}: ", text):
        sentence, detail = "", text  # nothing but Python's words
    if label and (not sentence or sentence.startswith("Поштовий сервер недоступний")
                  or sentence.startswith("Помилка поштового сервера")
                  or sentence.startswith("Непередбачена помилка")):
        retry = "спробуємо ще раз" in sentence
        sentence = label + ("; спробуємо ще раз" if retry else "")
    if not sentence:
        sentence = "Непередбачена помилка під час надсилання"
    return _in_readers_language(sentence.rstrip(" .,;")) + ".", detail


def _in_readers_language(sentence: str) -> str:
    """A stored (Ukrainian) sentence through the catalogue: its known part translated, the
    «спробуємо ще раз» tail and the refused addresses kept in their place."""
    retry = RETRY.search(sentence)
    base = sentence[:retry.start()] if retry else sentence
    if base.startswith(REFUSED_FOR):
        text = _("Не прийнято для: %(recipients)s", recipients=base[len(REFUSED_FOR):])
    else:
        text = _(base)
    return text + (_("; спробуємо ще раз") if retry else "")
