"""What every serializer module shares: DRF's model serializer with portable integer bounds, and
the fields for a choice's label and a related record's text."""

from __future__ import annotations

from rest_framework import serializers

# The largest value a positive integer column holds on every supported database (PostgreSQL's
# integer; SQLite's is 64-bit): DRF reads the range from the connection, which would make the
# schema depend on the database it was generated on.
PORTABLE_INT_MAX = 2**31 - 1


class ModelSerializer(serializers.ModelSerializer):
    """DRF's, with integer fields' bounds the same on SQLite and PostgreSQL."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if kwargs.get("max_value", 0) > PORTABLE_INT_MAX:
            kwargs["max_value"] = PORTABLE_INT_MAX
        return field_class, kwargs


def choice_label(field: str) -> serializers.CharField:
    """The label of a record's choice (``get_<field>_display()``), as its page shows it."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


def related(path: str, *, blank: bool = False) -> serializers.CharField:
    """A related record's text (``"committee.name"``); ``blank``: ``""`` when there is none."""
    if blank:
        return serializers.CharField(source=path, read_only=True, default="")
    return serializers.CharField(source=path, read_only=True)
