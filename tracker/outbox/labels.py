"""What a person reads for the outbox's states and kinds (translated where shown)."""
from ..core.i18n import N_
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
