"""Ukrainian labels of statuses, deadline states and timeline events (translated where shown)."""
from ..core.i18n import N_
from .deadlines import DeadlineState
from .models import Category, Channel, Gender, RefusalGround, Status

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
    RefusalGround.NOT_HOLDER: "не є розпорядником запитуваної інформації (п. 1 ч. 1 ст. 22)",
    RefusalGround.RESTRICTED: "інформація з обмеженим доступом (п. 2 ч. 1 ст. 22)",
    RefusalGround.UNPAID: "не оплачено витрати на копіювання (п. 3 ч. 1 ст. 22)",
    RefusalGround.INCOMPLETE: "запит не відповідає ч. 5 ст. 19 (п. 4 ч. 1 ст. 22)",
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
}
EVENT_LABELS = {
    "registered": N_("Зареєстровано"), "assigned": N_("Призначено виконавця"),
    "extended": N_("Строк продовжено"), "forwarded": N_("Переслано"), "deferred": N_("Відстрочено"),
    "refused": N_("Відмовлено"), "answered": N_("Надано відповідь"), "closed": N_("Закрито"),
    "registered_from_email": N_("Зареєстровано з електронного листа"),
    "correspondence_received": N_("Отримано лист у листуванні"),
    "letter_drafted": N_("Підготовлено чернетку листа"), "letter_edited": N_("Лист відредаговано"),
    "letter_finalized": N_("Лист остаточний"), "letter_sent": N_("Лист надіслано"),
    "letter_to_print": N_("Лист передано на друк"),
    "letter_queued": N_("Лист поставлено в чергу на надсилання"),
    "letter_delivered": N_("Лист прийнято поштовим сервером"),
    "letter_not_delivered": N_("Лист не вдалося надіслати"), "letter_posted": N_("Лист надіслано поштою"),
    "due_date_recomputed": N_("Строк перераховано: змінено календар"),
}

#: Event fields shown on the timeline, with their Ukrainian names (others stay hidden).
EVENT_FIELD_LABELS = {
    "registration_number": "індекс", "channel": "канал", "due_date": "строк",
    "due_at": "строк (48 год)", "executor": "виконавець", "status": "статус",
    "outcome": "результат", "extension_reason": "причина", "deferral_reason": "причина",
    "forwarded_to": "кому", "refusal_ground": "підстава", "answered_on": "дата відповіді",
    "closed_on": "дата закриття", "missing_items": "бракує реквізитів",
    "from": "від", "subject": "тема", "portal": "портал", "attachments": "вкладень",
    "kind": "вид", "number": "номер", "version": "версія", "to": "кому",
}


def event_details(after: dict | None) -> list[tuple[str, str]]:
    """(label, value) pairs worth showing for an Event's ``after`` values."""
    import datetime as dt
    out = []
    for key, label in EVENT_FIELD_LABELS.items():
        value = (after or {}).get(key)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        elif isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                value = dt.date.fromisoformat(value).strftime("%d.%m.%Y")
            except ValueError:
                pass
        elif isinstance(value, str) and "T" in value and key == "due_at":
            value = dt.datetime.fromisoformat(value).strftime("%d.%m.%Y %H:%M")
        out.append((label, str(value)))
    return out

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
