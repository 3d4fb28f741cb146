"""What people read of a queue item's state (Ukrainian, translated where shown)."""
from ..core.i18n import N_
from .models import IntakeStatus

STATUS_LABELS = {
    IntakeStatus.PENDING: N_("чекає на реєстрацію"),
    IntakeStatus.REGISTERED: N_("зареєстровано"),
    IntakeStatus.ATTACHED: N_("додано до листування"),
    IntakeStatus.DISMISSED: N_("відхилено"),
    IntakeStatus.ERROR: N_("помилка"),
}
