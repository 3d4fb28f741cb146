"""Ukrainian labels of statuses, deadline states and timeline events."""
from .deadlines import DeadlineState
from .models import Status

STATUS_LABELS = {
    Status.NEW: "Новий", Status.IN_PROGRESS: "У роботі", Status.EXTENDED: "Продовжено",
    Status.DEFERRED: "Відстрочено", Status.ANSWERED: "Надано відповідь",
    Status.REFUSED: "Відмовлено", Status.FORWARDED: "Переслано", Status.CLOSED: "Закрито",
}
STATE_LABELS = {
    DeadlineState.ON_TRACK: "У строк", DeadlineState.DUE_SOON: "Скоро строк",
    DeadlineState.DUE_TODAY: "Строк сьогодні", DeadlineState.OVERDUE: "Прострочено",
    DeadlineState.ON_TIME: "Відповідь вчасно", DeadlineState.LATE: "Відповідь із запізненням",
}
EVENT_LABELS = {
    "registered": "Зареєстровано", "assigned": "Призначено виконавця",
    "extended": "Строк продовжено", "forwarded": "Переслано", "deferred": "Відстрочено",
    "refused": "Відмовлено", "answered": "Надано відповідь", "closed": "Закрито",
    "registered_from_email": "Зареєстровано з електронного листа",
    "correspondence_received": "Отримано лист у листуванні",
    "letter_drafted": "Підготовлено чернетку листа", "letter_edited": "Лист відредаговано",
    "letter_finalized": "Лист остаточний", "letter_sent": "Лист надіслано",
    "letter_to_print": "Лист передано на друк", "letter_posted": "Лист надіслано поштою",
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
    "before_2": "За 2 робочі дні до строку", "before_1": "За 1 робочий день до строку",
    "due_today": "У день строку", "urgent_24h": "За 24 години (терміновий)",
    "urgent_4h": "За 4 години (терміновий)", "overdue": "Прострочено: ескалація",
    "extension_day4": "4-й день: останній день для повідомлення про продовження — завтра",
}
