"""Imports every model so that metadata is complete (for Alembic and create_all)."""
from .activities.models import ActivityRecord, Category, Programme, Report  # noqa: F401
from .auth.models import ApiToken, User  # noqa: F401
from .core.council_settings import CouncilSetting  # noqa: F401
from .core.models import Event  # noqa: F401
from .search.models import SearchWord  # noqa: F401
from .register.models import (AccessLog, CalendarOverride, IndexCounter, Request, Requester,  # noqa: F401
                              RequestTag)
from .intake.models import Attachment, IntakeMessage  # noqa: F401
from .outbox.models import OutboxAttachment, OutboxMessage  # noqa: F401
from .reminders.models import DigestLog, SentReminder  # noqa: F401
from .letters.models import Letter, LetterActivity, LetterCounter  # noqa: F401
from .public.models import StatusCode  # noqa: F401
from .disclosure.models import PublishedAnswer  # noqa: F401
from .reports.models import ReportCount, ReportFact, ReportLabel  # noqa: F401
from .reports import summary_hooks as _report_summary  # noqa: F401,E402 (keeps the summary current)
