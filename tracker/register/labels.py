"""Ukrainian labels of statuses, deadline states and timeline events (translated where shown)."""
from ..core.i18n import N_
from .deadlines import DeadlineState
from ..core.timeutil import fmt_datetime
from .models import Category, Channel, Gender, Outcome, RefusalGround, Status

CATEGORY_LABELS = {
    Category.INDIVIDUAL: N_("фізична особа"),
    Category.LEGAL_ENTITY: N_("юридична особа"),
    Category.ASSOCIATION: N_("об'єднання громадян без статусу юридичної особи"),
    Category.MEDIA: N_("засоби масової інформації"),
}
CHANNEL_LABELS = {
    Channel.EMAIL: N_("електронна пошта"),
    Channel.POST: N_("пошта"),
    Channel.FAX: N_("факс"),
    Channel.PHONE: N_("телефон"),
    Channel.IN_PERSON: N_("особисто"),
    Channel.WEBSITE: N_("вебсайт"),
    Channel.PORTAL: N_("портал «Доступ до правди»"),
}
GENDER_LABELS = {Gender.FEMALE: N_("жіночий"), Gender.MALE: N_("чоловічий")}
GROUND_LABELS = {
    RefusalGround.NOT_HOLDER: N_("не є розпорядником запитуваної інформації (п. 1 ч. 1 ст. 22)"),
    RefusalGround.RESTRICTED: N_("інформація з обмеженим доступом (п. 2 ч. 1 ст. 22)"),
    RefusalGround.UNPAID: N_("не оплачено витрати на копіювання (п. 3 ч. 1 ст. 22)"),
    RefusalGround.INCOMPLETE: N_("запит не відповідає ч. 5 ст. 19 (п. 4 ч. 1 ст. 22)"),
}

STATUS_LABELS = {
    Status.NEW: N_("Новий"), Status.IN_PROGRESS: N_("У роботі"), Status.EXTENDED: N_("Продовжено"),
    Status.DEFERRED: N_("Відстрочено"), Status.ANSWERED: N_("Надано відповідь"),
    Status.REFUSED: N_("Відмовлено"), Status.FORWARDED: N_("Переслано"), Status.CLOSED: N_("Закрито"),
}
STATE_LABELS = {
    DeadlineState.ON_TRACK: N_("У строк"), DeadlineState.DUE_SOON: N_("Скоро строк"),
    DeadlineState.DUE_TODAY: N_("Строк сьогодні"), DeadlineState.OVERDUE: N_("Прострочено"),
    DeadlineState.ON_TIME: N_("Відповідь вчасно"), DeadlineState.LATE: N_("Відповідь із запізненням"),
    DeadlineState.VOIDED: N_("Анульовано"),
}
EVENT_LABELS = {
    "registered": N_("Зареєстровано"), "assigned": N_("Призначено виконавця"),
    "extended": N_("Строк продовжено"), "forwarded": N_("Переслано"), "deferred": N_("Відстрочено"),
    "refused": N_("Відмовлено"), "answered": N_("Надано відповідь"), "closed": N_("Закрито"),
    "voided": N_("Реєстрацію анульовано"),
    "void_undone": N_("Анульовану реєстрацію відновлено"),
    "edited": N_("Реквізити виправлено"),
    "registered_from_email": N_("Зареєстровано з електронного листа"),
    "correspondence_received": N_("Отримано лист у листуванні"),
    "letter_drafted": N_("Підготовлено чернетку листа"), "letter_edited": N_("Лист відредаговано"),
    "letter_finalized": N_("Лист остаточний"), "letter_sent": N_("Лист надіслано"),
    "letter_to_print": N_("Лист передано на друк"),
    "letter_queued": N_("Лист поставлено в чергу на надсилання"),
    "letter_delivered": N_("Лист прийнято поштовим сервером"),
    "letter_not_delivered": N_("Лист не вдалося надіслати"), "letter_posted": N_("Лист надіслано поштою"),
    "due_date_recomputed": N_("Строк перераховано: змінено календар"),
    "letter_approved": N_("Лист затверджено (підписано)"),
    "letter_returned": N_("Лист повернуто на доопрацювання"),
    "letter_versioned": N_("Створено нову версію листа"),
    "letter_file_added": N_("До листа додано файл"),
    "letter_file_removed": N_("Файл листа вилучено"),
    "letter_file_renamed": N_("Змінено назву документа в додатку листа"),
    "file_added": N_("Додано файл"),
    "tags_set": N_("Мітки змінено"),
    "registered_online": N_("Подано через вебсайт"), "spam_marked": N_("Позначено як спам"),
    "spam_unmarked": N_("Позначку «спам» знято"),
    "urgency_confirmed": N_("Терміновість підтверджено"),
    "urgency_rejected": N_("Терміновість не підтверджено"),
    "status_link_sent": N_("Запитувачу надіслано посилання на сторінку стану"),
}

OUTCOME_LABELS = {
    Outcome.FULL: N_("повністю"), Outcome.PARTIAL: N_("частково"),
    Outcome.REFUSED: N_("відмовлено"), Outcome.FORWARDED: N_("переслано"),
}
#: Letter kinds as the timeline names them (the letters area has the titles; the register
#: sits below it and keeps its own short names).
LETTER_KIND_NAMES = {
    "answer": N_("відповідь"), "extension": N_("повідомлення про продовження строку"),
    "forwarding": N_("повідомлення про пересилання"),
    "forwarding_holder": N_("лист належному розпоряднику"), "refusal": N_("відмова"),
    "deferral": N_("повідомлення про відстрочку"), "invoice": N_("витрати на копіювання"),
}

#: Event fields shown on the timeline, with their Ukrainian names (others stay hidden).
EVENT_FIELD_LABELS = {
    "registration_number": N_("індекс"), "name": N_("запитувач"), "category": N_("категорія"),
    "gender": N_("граматичний рід"), "email": N_("ел. пошта"),
    "postal_address": N_("поштова адреса"), "phone": N_("телефон"),
    "subject": N_("короткий зміст"), "text": N_("текст"), "channel": N_("канал"),
    "received_at": N_("надійшов"), "tags": N_("мітки"),
    "due_date": N_("строк"), "due_at": N_("строк (48 год)"),
    "standard_due_date": N_("5 робочих днів"), "executor": N_("виконавець"),
    "status": N_("статус"), "outcome": N_("результат"), "extension_reason": N_("причина"),
    "deferral_reason": N_("причина"), "reason": N_("причина"), "forwarded_to": N_("кому"),
    "refusal_ground": N_("підстава"), "answered_on": N_("дата відповіді"),
    "closed_on": N_("дата закриття"), "missing_items": N_("бракує реквізитів"),
    "from": N_("від"), "portal": N_("портал"), "attachments": N_("вкладень"),
    "kind": N_("вид"), "number": N_("номер"), "version": N_("версія"), "to": N_("кому"),
    "comment": N_("коментар"), "date": N_("дата листа"), "file": N_("файл"),
    "pages": N_("аркушів"), "title": N_("назва в додатку"), "via": N_("через"),
    "duplicates": N_("схожі запити"),
    "sender_number": N_("номер документа запитувача"),
    "sender_date": N_("дата документа запитувача"),
}
#: Fields whose values are the requester's contacts (hidden from who does not act on it).
CONTACT_EVENT_FIELDS = frozenset({"email", "postal_address", "phone", "from", "to"})
_SHORT_GROUNDS = {RefusalGround.NOT_HOLDER.value: N_("не розпорядник (п. 1 ч. 1 ст. 22)"),
                  RefusalGround.RESTRICTED.value: N_("обмежений доступ (п. 2 ч. 1 ст. 22)"),
                  RefusalGround.UNPAID.value: N_("не оплачено копіювання (п. 3 ч. 1 ст. 22)"),
                  RefusalGround.INCOMPLETE.value: N_("не відповідає ч. 5 ст. 19 (п. 4 ч. 1 ст. 22)")}
_VALUE_LABELS = {
    "channel": {k.value: v for k, v in CHANNEL_LABELS.items()},
    "category": {k.value: v for k, v in CATEGORY_LABELS.items()},
    "gender": {k.value: v for k, v in GENDER_LABELS.items()},
    "status": {k.value: v for k, v in STATUS_LABELS.items()},
    "outcome": {k.value: v for k, v in OUTCOME_LABELS.items()},
    "refusal_ground": _SHORT_GROUNDS, "kind": LETTER_KIND_NAMES,
    "via": {"form": N_("форму на сайті"), "api": N_("API сайту")},
}


def _shown(key: str, value, translate, names: dict[str, str], dates=None) -> str | None:
    """One value as a person reads it; None for nothing worth showing. ``dates``: the page's
    (date, datetime) formatters (the numeric Ukrainian forms without them)."""
    import datetime as dt
    day, moment = dates or (lambda d: d.strftime("%d.%m.%Y"), fmt_datetime)
    if value in (None, "", []):
        return None
    if key == "missing_items":
        return ", ".join(translate(MISSING_LABELS.get(v, v)) for v in value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if key in _VALUE_LABELS and isinstance(value, str):
        label = _VALUE_LABELS[key].get(value)
        return translate(label) if label else value
    if key == "executor" and isinstance(value, str):
        return names.get(value, value)
    if key == "portal" and isinstance(value, str):
        return translate(value)  # a known portal's name is a msgid (register/portal.py)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return day(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and key in ("due_at", "received_at") and "T" in value:
        try:
            return moment(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    value = str(value)
    return value if len(value) <= 80 else value[:79] + "…"


def event_details(after: dict | None, before: dict | None = None, *, contacts: bool = True,
                  names: dict[str, str] | None = None,
                  translate=lambda s: s, dates=None) -> list[tuple[str, str]]:
    """(label, value) pairs worth showing for an Event: labels, not codes (канал: особисто;
    статус: Надано відповідь). A field that ``before`` has too reads «old → new». Without
    ``contacts`` the requester's contacts read «змінено»; ``names`` maps executors' e-mail
    addresses to their names; ``translate`` is the page's gettext, ``dates`` its (date,
    datetime) formatters."""
    after, before = after or {}, before or {}
    names = names or {}
    out = []
    for key, label in EVENT_FIELD_LABELS.items():
        if key not in after or (after[key] in (None, "", []) and key not in before):
            continue
        if key in CONTACT_EVENT_FIELDS and not contacts:
            if key in before:
                out.append((translate(label), translate(N_("змінено"))))
            continue
        new = _shown(key, after[key], translate, names, dates) or "—"
        if before.get(key) not in (None, "", []) and before[key] != after[key]:
            new = f"{_shown(key, before[key], translate, names, dates) or '—'} → {new}"
        out.append((translate(label), new))
    return out


def executor_emails(events) -> set[str]:
    """The executors' addresses the events name (to show their names instead)."""
    return {v for e in events for part in (e.before or {}, e.after or {})
            for k, v in part.items() if k == "executor" and isinstance(v, str)}


REMINDER_LABELS = {
    "before_2": N_("За 2 робочі дні до строку"), "before_1": N_("За 1 робочий день до строку"),
    "due_today": N_("У день строку"), "urgent_24h": N_("За 24 години (терміновий)"),
    "urgent_4h": N_("За 4 години (терміновий)"), "overdue": N_("Прострочено: ескалація"),
    "extension_day4": N_("4-й день: останній день для повідомлення про продовження — завтра"),
}

MISSING_LABELS = {
    "name": N_("ім'я (найменування) запитувача"),
    "contact": N_("поштова адреса або адреса електронної пошти"),
    "description": N_("загальний опис запитуваної інформації"),
    "signature": N_("підпис і дата (письмовий запит)"),
}

#: The request page's actions: their buttons, and what a done one says.
ACTION_LABELS = {"assign": N_("Призначити виконавця"), "extend": N_("Продовжити строк до 20 робочих днів"),
                 "forward": N_("Переслати належному розпоряднику"), "defer": N_("Відстрочити"),
                 "refuse": N_("Відмовити"), "answer": N_("Позначити відповідь надану"), "close": N_("Закрити"),
                 "void": N_("Анулювати реєстрацію (зареєстровано помилково)"),
                 "restore": N_("Відновити анульовану реєстрацію")}
ACTION_DONE = {"assign": N_("Виконавця призначено."), "extend": N_("Строк продовжено."),
               "forward": N_("Пересилання зареєстровано."), "defer": N_("Відстрочку зареєстровано."),
               "refuse": N_("Відмову зареєстровано."), "answer": N_("Відповідь зареєстровано."),
               "close": N_("Запит закрито."),
               "void": N_("Реєстрацію анульовано: запит закрито і не враховано в статистиці."),
               "restore": N_("Реєстрацію відновлено: запит знову в роботі.")}
