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
}
