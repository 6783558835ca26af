"""The dossier model: what one `dossier.yml` and its notes may hold.

Every field but `company` and `role` is optional, so a dossier can start almost
empty and grow. The model has no I/O and imports nothing from MkDocs.
"""

from __future__ import annotations

from .dossier import Dossier, Note, NoteMeta, json_schema
from .fields import DATE_TEXT, OFFSET_TEXT, TIME_TEXT, one_line
from .records import (
    LIVE_STATUSES,
    Commitment,
    DossierFacts,
    Interview,
    Offer,
    Period,
    Record,
    RedLine,
    Section,
    Status,
    WorkFormat,
    record_type,
)
from .settings import ME_FILE, RATES_FILE, Me, Rates

__all__ = [
    "DATE_TEXT",
    "LIVE_STATUSES",
    "ME_FILE",
    "OFFSET_TEXT",
    "RATES_FILE",
    "TIME_TEXT",
    "Commitment",
    "Dossier",
    "DossierFacts",
    "Interview",
    "Me",
    "Note",
    "NoteMeta",
    "Offer",
    "Period",
    "Rates",
    "Record",
    "RedLine",
    "Section",
    "Status",
    "WorkFormat",
    "json_schema",
    "one_line",
    "record_type",
]
