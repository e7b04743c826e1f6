"""Reads of the organisation shared by views, always scoped."""

from .models import Committee


def committees_visible_to(user):
    return Committee.objects.visible_to(user)


def committees_changeable_by(user):
    return Committee.objects.changeable_by(user)
