"""Ukrainian labels of letter kinds and states (translated where shown) and e-mail subjects
(Ukrainian: they go with the letters)."""
from ..core.i18n import N_
from .models import LetterFileKind, LetterKind, LetterStatus

KIND_LABELS = {
    LetterKind.ANSWER: N_("Відповідь на запит"),
    LetterKind.EXTENSION: N_("Повідомлення про продовження строку"),
    LetterKind.FORWARDING: N_("Повідомлення про надіслання за належністю"),
    LetterKind.FORWARDING_HOLDER: N_("Лист належному розпоряднику"),
    LetterKind.REFUSAL: N_("Відмова в задоволенні запиту"),
    LetterKind.DEFERRAL: N_("Повідомлення про відстрочку"),
    LetterKind.INVOICE: N_("Повідомлення про витрати на копіювання"),
}

#: Short names for the letters table of the request page.
SHORT_LABELS = {
    LetterKind.ANSWER: N_("Відповідь"), LetterKind.EXTENSION: N_("Продовження строку"),
    LetterKind.FORWARDING: N_("Повідомлення про пересилання"),
    LetterKind.FORWARDING_HOLDER: N_("Лист розпоряднику"), LetterKind.REFUSAL: N_("Відмова"),
    LetterKind.DEFERRAL: N_("Відстрочка"), LetterKind.INVOICE: N_("Витрати на копіювання"),
}

STATUS_LABELS = {
    LetterStatus.DRAFT: N_("чернетка"), LetterStatus.FINAL: N_("остаточний"),
    LetterStatus.QUEUED: N_("у черзі на надсилання"),
    LetterStatus.SENT: N_("надіслано"), LetterStatus.FAILED: N_("не надіслано"),
    LetterStatus.TO_PRINT: N_("до друку"), LetterStatus.SUPERSEDED: N_("замінено новішою версією"),
}


#: The e-mail subject of each kind (the request's index and date follow).
SUBJECTS = {
    LetterKind.ANSWER: "Відповідь на запит на інформацію",
    LetterKind.EXTENSION: "Повідомлення про продовження строку розгляду запиту",
    LetterKind.FORWARDING: "Повідомлення про надіслання запиту за належністю",
    LetterKind.FORWARDING_HOLDER: "Запит на інформацію, надісланий за належністю",
    LetterKind.REFUSAL: "Відмова в задоволенні запиту на інформацію",
    LetterKind.DEFERRAL: "Повідомлення про відстрочку в задоволенні запиту",
    LetterKind.INVOICE: "Повідомлення про витрати на копіювання",
}

FILE_KIND_LABELS = {
    LetterFileKind.ATTACHMENT: N_("додаток"),
    LetterFileKind.SIGNED: N_("підписаний примірник"),
}
