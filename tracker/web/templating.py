"""Template filters, label tables and globals every page may use."""
from __future__ import annotations

from flask import Flask


def register_template_helpers(app: Flask) -> None:
    from ..core.council_settings import setting
    from ..core.sizes import file_size
    from ..register.labels import (CATEGORY_LABELS, CHANNEL_LABELS, EVENT_LABELS, GENDER_LABELS,
                                  GROUND_LABELS, MISSING_LABELS, REMINDER_LABELS, STATE_LABELS,
                                  STATUS_LABELS, event_details)
    from ..outbox.labels import KIND_LABELS as OUTBOX_KIND_LABELS
    from ..outbox.labels import STATE_CLASSES as OUTBOX_STATE_CLASSES
    from ..outbox.labels import STATE_LABELS as OUTBOX_STATE_LABELS
    from ..outbox.labels import STATE_TABS as OUTBOX_STATE_TABS
    from ..letters.labels import STATUS_LABELS as LETTER_STATUS_LABELS

    from flask_babel import get_locale

    from ..core import i18n
    from .formats import FILTERS, js_messages, page_date, page_datetime, page_value

    i18n.install_values(page_value)  # the pure core's messages: dates and figures as pages write them
    for name, function in FILTERS.items():
        app.add_template_filter(function, name)
    app.add_template_filter(file_size, "filesize")
    from ..letters.render.html import unbroken
    app.add_template_filter(unbroken, "unbroken")  # letters/letter.html, in both environments

    @app.context_processor
    def permissions():
        from flask_login import current_user

        from ..auth.permissions import abilities
        return {"can": abilities(current_user)}

    @app.context_processor
    def locale():
        return {"current_locale": lambda: str(get_locale() or "uk"), "js_messages": js_messages,
                "translated": i18n.translated}

    def page_event_details(*args, **kwargs):
        """An Event's details with the page's dates (``28 Mar 2018`` in English)."""
        return event_details(*args, dates=(page_date, page_datetime), **kwargs)

    @app.context_processor
    def labels():
        return {"CATEGORY_LABELS": CATEGORY_LABELS, "CHANNEL_LABELS": CHANNEL_LABELS,
                "GENDER_LABELS": GENDER_LABELS, "GROUND_LABELS": GROUND_LABELS,
                "MISSING_LABELS": MISSING_LABELS, "STATUS_LABELS": STATUS_LABELS,
                "STATE_LABELS": STATE_LABELS, "EVENT_LABELS": EVENT_LABELS,
                "event_details": page_event_details, "REMINDER_LABELS": REMINDER_LABELS,
                "LETTER_STATUS_LABELS": LETTER_STATUS_LABELS,
                "OUTBOX_STATE_LABELS": OUTBOX_STATE_LABELS, "OUTBOX_STATE_TABS": OUTBOX_STATE_TABS,
                "OUTBOX_STATE_CLASSES": OUTBOX_STATE_CLASSES, "OUTBOX_KIND_LABELS": OUTBOX_KIND_LABELS,
                "council_name": setting("COUNCIL_NAME")}
