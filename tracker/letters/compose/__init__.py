"""Drafts of every kind of letter from plain values. Pure: no app, no database.

One module per kind; this package re-exports what callers use."""
from .answer import compose_answer, measures_table
from .common import Common, Person, RecordInfo, RequestInfo
from .forwarding import ForwardedRequest, Holder, compose_forwarding, compose_forwarding_to_holder
from .invoice import compose_invoice
from .notices import compose_deferral, compose_extension
from .refusal import (HarmTest, Refusal, UnpaidCopies, compose_refusal, partial_refusal,
                      refusal_items)

__all__ = ["Common", "Person", "RecordInfo", "RequestInfo", "compose_answer", "measures_table",
           "compose_forwarding", "compose_forwarding_to_holder", "compose_invoice",
           "compose_deferral", "compose_extension", "compose_refusal", "ForwardedRequest", "Holder",
           "HarmTest", "Refusal", "UnpaidCopies", "partial_refusal", "refusal_items"]
