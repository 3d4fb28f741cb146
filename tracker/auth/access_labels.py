"""What a person reads for the access log's actions, in the reader's language."""
from ..core.i18n import N_
from ..core.i18n import gettext as _

#: action → label, in the order of the filter's choices.
ACCESS_ACTIONS = {
    "view": N_("перегляд картки запиту"),
    "list": N_("список запитів"),
    "letter": N_("перегляд листа"),
    "attachment": N_("відкриття вкладення"),
    "journal": N_("журнал реєстрації"),
    "export:csv": N_("вивантаження журналу (CSV)"),
    "export:xlsx": N_("вивантаження журналу (XLSX)"),
    "api": N_("API: картка запиту"),
    "api:list": N_("API: пошук запитів"),
    "api:letter": N_("API: лист"),
    "card": N_("реєстраційна картка"),
    "export:api": N_("API: вивантаження журналу"),
}


def access_action_label(action: str) -> str:
    """The label of ``action``, translated (an unknown one: «інша дія (…)», never a bare
    code)."""
    if action in ACCESS_ACTIONS:
        return _(ACCESS_ACTIONS[action])
    if action.startswith("export:"):
        return _("вивантаження (%(format)s)", format=action.partition(":")[2])
    return _("інша дія (%(action)s)", action=action)
