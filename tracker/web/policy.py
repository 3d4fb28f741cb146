"""Who may reach which endpoint: the declared access policy of the whole app.

Every endpoint of the URL map has an entry (a test walks the map: a route without one fails
the suite). The views and operations enforce it; the access-matrix test checks every route
for every role, over web sessions and API tokens, against this table.

Rules:
  PUBLIC  anyone, logged in or not
  ANY     any logged-in user (web) or any valid token (API)
  ACT     clerks, heads and admins on every request; an executor only on requests
          assigned to them (object-level, decided by register.operations.can_act_on)
  a tuple of roles
"""
from __future__ import annotations

from ..auth.models import Role
from ..auth.permissions import ADMINS as ADMIN
from ..auth.permissions import EDITORS, REGISTRARS
from ..auth.permissions import JOURNAL_ROLES as JOURNAL
from ..auth.permissions import SIGNATORIES as SIGNERS

PUBLIC, ANY, ACT = "public", "any", "act"

POLICY: dict[str, str | tuple | dict[str, str | tuple]] = {
    # public
    "auth.login": PUBLIC, "static": PUBLIC, "health": PUBLIC,
    "set_language": PUBLIC,  # the login page and the public pages switch language too
    # the requester's side (/public/, issue 19): the form, and the status page, its letters'
    # PDFs and its reply form, each opened only with the request's secret code
    "public.request_form": PUBLIC, "public.find_link": PUBLIC, "public.status": PUBLIC,
    "public.reply": PUBLIC, "public.letter_pdf": PUBLIC,
    "api.public_create_request": PUBLIC,  # the council's site and partner sites: no token
    # the clerk's marks on a request filed online
    "public_clerk.spam": REGISTRARS, "public_clerk.urgency": REGISTRARS,
    # the disclosure log and the public statistics (redacted copies, open-data figures only)
    "disclosure.answers": PUBLIC, "disclosure.answer": PUBLIC, "disclosure.answer_pdf": PUBLIC,
    "disclosure.statistics": PUBLIC, "disclosure.statistics_data": PUBLIC,
    "disclosure.staff": (Role.HEAD, Role.ADMIN), "disclosure.unpublish": (Role.HEAD, Role.ADMIN),
    # session and personal settings
    "auth.logout": ANY, "reminders.notifications": ANY,
    "auth.password": ANY, "auth.my_tokens": ANY,  # own tokens only (object-level)
    # administration
    "auth.users": ADMIN, "auth.user_new": ADMIN, "auth.user_edit": ADMIN,
    "auth.access_log": ADMIN,
    "auth.user_sessions": ADMIN, "auth.user_unlock": ADMIN, "auth.user_tokens": ADMIN,
    "register.calendar": ADMIN, "register.calendar_delete": ADMIN,
    "register.calendar_martial_law": ADMIN,
    "activities.categories": ADMIN, "activities.category_edit": ADMIN,
    "outbox.index": ADMIN, "outbox.retry": ADMIN, "outbox.message": ADMIN,
    "council.settings": ADMIN, "council.reset": ADMIN, "auth.user_token_new": ADMIN,
    "letters.blank_": ADMIN, "letters.blank_delete": ADMIN, "letters.blank_sample": ADMIN,
    # the register
    "register.dashboard": ANY, "register.calendar_days": ANY, "register.request_list": ANY, "register.request_view": ANY,
    "register.request_new": REGISTRARS,
    "register.request_action": ACT, "register.request_tags": ACT,
    "register.request_edit": ACT,  # executors: tags of their own only (register/editing.py)
    "register.request_bulk": ANY,  # each request checked: assign SUPERVISORS, close ACT
    # a request's own files (downloads: intake.attachment) and its registration card
    "request_files.upload": ACT, "request_files.card": ANY, "api.add_request_file": ACT,
    # activity records
    "activities.index": ANY, "activities.record": ANY, "activities.report_source": ANY,
    "activities.new": EDITORS, "activities.edit": EDITORS,
    "activities.import_upload": EDITORS, "activities.import_confirm": EDITORS,
    # intake
    "intake.queue": REGISTRARS, "intake.item": REGISTRARS, "intake.attach": REGISTRARS,
    "intake.dismiss": REGISTRARS, "intake.raw": REGISTRARS, "intake.attachment": ACT,
    "intake.text": REGISTRARS,
    # letters carry the requester's address: only those who act on the request read them
    "letters.new": ACT, "letters.edit": ACT, "letters.preview": ACT,
    "letters.finalize": ACT, "letters.send": ACT, "letters.posted": ACT,
    "letters.docx": ACT, "letters.pdf": ACT, "letters.printable": ACT,
    "letters.awaiting": ANY,  # each sees their own: to sign, or their drafts' state
    "letters.approve": SIGNERS, "letters.return_": SIGNERS,
    "letters.files_": ACT, "letters.file": ACT, "letters.file_delete": ACT,
    "letters.file_title": ACT,
    # reports
    "reports.index": ANY, "reports.report_export": ANY, "reports.open_data": ANY,
    "reports.journal": JOURNAL, "reports.journal_export": JOURNAL,
    # the JSON API (token)
    "api.openapi": ANY,
    "api.create_request": REGISTRARS, "api.get_request": ANY, "api.find_requests": ANY,
    "api.request_action": ACT, "api.update_request": ACT,  # executors: own tags only
    "api.find_activities": ANY, "api.get_activity": ANY, "api.create_activity": EDITORS,
    "api.intake_eml": REGISTRARS,
    "api.create_letter": ACT, "api.get_letter": ACT, "api.finalize_letter": ACT,
    "api.send_letter": ACT, "api.letter_docx": ACT, "api.letter_pdf": ACT,
    "api.letter_html": ACT,
    # approval: the heads, and the signatory the letter names (object-level)
    "api.approve_letter": SIGNERS, "api.return_letter": SIGNERS,
    "api.letter_posted": ACT, "api.add_letter_file": ACT, "api.letter_file": ACT, "api.delete_letter_file": ACT,
    "api.rename_letter_file": ACT,
    "api.report_summary": ANY, "api.report_open_data": ANY,
    "api.report_journal_csv": JOURNAL, "api.report_journal_xlsx": JOURNAL,
}


def rule_for(endpoint: str, method: str):
    rule = POLICY[endpoint]
    return rule[method] if isinstance(rule, dict) else rule


def allowed(rule, role: Role | None, owns: bool) -> bool:
    """Whether a user of ``role`` (None: anonymous) may pass ``rule``; ``owns``: the
    request in question is assigned to them."""
    if rule == PUBLIC:
        return True
    if role is None:
        return False
    if rule == ANY:
        return True
    if rule == ACT:
        return role in (Role.CLERK, Role.HEAD, Role.ADMIN) or (role == Role.EXECUTOR and owns)
    return role in rule
