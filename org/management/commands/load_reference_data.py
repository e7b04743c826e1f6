"""Create whatever reference data is missing (committees, terms, regions, sectors, special
committees, parties, expertise tags, and the public holidays and make-up working days of
the years org.reference knows). Safe to run any number of times."""

from django.core.management.base import BaseCommand

from org.reference import calendar_days_load, reference_data_load

LABELS = {
    "committees": "committees",
    "terms": "terms",
    "regions": "regions",
    "sectors": "sectors",
    "special_committees": "special committees",
    "parties": "parties and groups",
    "expertise": "expertise tags",
    "calendar_days": "calendar days (public holidays and make-up working days)",
}


class Command(BaseCommand):
    help = "Load the reference data (idempotent: only missing records are created)."

    def handle(self, *args, **options):
        made = reference_data_load()
        made["calendar_days"] = calendar_days_load()
        if not any(made.values()):
            self.stdout.write("Reference data already complete; nothing created.")
            return
        created = ", ".join(f"{made[key]} {LABELS.get(key, key)}" for key in made if made[key])
        self.stdout.write(self.style.SUCCESS(f"Reference data created: {created}."))
