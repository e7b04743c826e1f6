from django.core.management.base import BaseCommand, CommandError

from members import audit


class Command(BaseCommand):
    help = "Recompute the security audit log's hash chain; fail if any entry was altered."

    def handle(self, *args, **options):
        checked, problem = audit.verify()
        if problem is not None:
            raise CommandError(f"Audit chain broken: {problem}; {checked} entries verified.")
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} entries verified."))
