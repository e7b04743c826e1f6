"""Permissions of the consultations app (django-rules autodiscovers this module)."""

from . import lecture_rules  # noqa: F401  (委员讲堂 and 典型经验)
