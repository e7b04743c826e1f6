"""Joins the two first migrations of consultations, written side by side (the consultations and
the 委员讲堂 / 典型经验 models); nothing to do."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_lectures_and_showcases"),
        ("consultations", "0001_topics_events_observers_outcomes"),
    ]
    operations = []
