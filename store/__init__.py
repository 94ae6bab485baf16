"""The only place with SQL: tables, the append path, projections, queries, verification and migrations."""

from store.errors import NoStore, Refused, SchemaTooNew, StoreBusy, StoreError, UnknownEvent, VerifyFailed
from store.ledger import Ledger

__all__ = ["Ledger", "NoStore", "Refused", "SchemaTooNew", "StoreBusy", "StoreError", "UnknownEvent", "VerifyFailed"]
