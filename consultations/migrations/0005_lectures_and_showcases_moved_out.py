"""委员讲堂 and 典型经验 are apps of their own (ADR 0018): ``lectures`` 0001 and ``showcases`` 0001
took the models over and renamed their tables; here they leave consultations' state only (the
database is not touched). 典型经验 first: it points at the lecture orders."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0004_event_departments"),
        ("lectures", "0001_initial"),
        ("showcases", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ShowcasePhoto"),
                migrations.DeleteModel(name="ShowcaseEvent"),
                migrations.DeleteModel(name="Showcase"),
                migrations.DeleteModel(name="LectureOrderEvent"),
                migrations.DeleteModel(name="LectureOrder"),
                migrations.DeleteModel(name="LectureOfferingEvent"),
                migrations.DeleteModel(name="LectureOffering"),
                migrations.DeleteModel(name="LectureOrderSequence"),
            ],
        ),
    ]
