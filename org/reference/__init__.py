"""Reference data: the ten committees, their terms, the 旗区 and a sample of their sub-regions,
sectors (界别), special committees (专委会), parties and groups, expertise tags and the public
holidays — the tables in ``data``, the idempotent loaders in ``load`` (``load_reference_data``
runs both)."""

from .data import HOLIDAY_SCHEDULES, MONGOLIAN_NAMES, TOWNSHIP_MONGOLIAN_NAMES
from .load import calendar_day_rows, calendar_days_load, reference_data_load, term_name

__all__ = [
    "HOLIDAY_SCHEDULES",
    "MONGOLIAN_NAMES",
    "TOWNSHIP_MONGOLIAN_NAMES",
    "calendar_day_rows",
    "calendar_days_load",
    "reference_data_load",
    "term_name",
]
