"""Domain errors raised by operations; views, the API and the CLI turn them into answers."""
from __future__ import annotations


class DomainError(Exception):
    """Base of every error an operation raises on purpose."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input that cannot be accepted; ``errors`` maps a field name to its messages."""

    status = 400

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(m for msgs in errors.values() for m in msgs))


class TransitionError(DomainError):
    """An action the request's current state does not allow."""

    status = 409


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class ConflictError(DomainError):
    """A uniqueness conflict (e.g. a registration index already used)."""

    status = 409


class ErrorCollector:
    """Collects field errors and raises them together, so the user sees all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
