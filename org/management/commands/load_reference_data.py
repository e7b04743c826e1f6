"""Create whatever reference data is missing (committees, terms, regions, sectors, special
committees, parties, expertise tags). Safe to run any number of times."""

from django.core.management.base import BaseCommand

from org.reference import reference_data_load

LABELS = {
    "committees": "committees",
    "terms": "terms",
    "regions": "regions",
    "sectors": "sectors",
    "special_committees": "special committees",
    "parties": "parties and groups",
    "expertise": "expertise tags",
}


class Command(BaseCommand):
    help = "Load the reference data (idempotent: only missing records are created)."

    def handle(self, *args, **options):
        made = reference_data_load()
        if not any(made.values()):
            self.stdout.write("Reference data already complete; nothing created.")
            return
        created = ", ".join(f"{made[key]} {LABELS.get(key, key)}" for key in made if made[key])
        self.stdout.write(self.style.SUCCESS(f"Reference data created: {created}."))
