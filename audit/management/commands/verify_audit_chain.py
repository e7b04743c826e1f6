from django.core.management.base import BaseCommand, CommandError

from audit import chain as audit
from audit.models import AuditCheckpoint


class Command(BaseCommand):
    help = (
        "Recompute the security audit log's hash chain and check its signed checkpoints (and, "
        "with --checkpoint-log, the checkpoint lines shipped off-host); fail on any tampering."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint-log",
            action="append",
            default=[],
            metavar="FILE",
            help="a log file holding 'audit checkpoint {...}' lines (may be repeated)",
        )

    def handle(self, *args, **options):
        checked, problem = audit.verify()
        if problem is not None:
            raise CommandError(f"Audit chain broken: {problem}; {checked} entries verified.")
        logged = 0
        for path in options["checkpoint_log"]:
            with open(path, encoding="utf-8", errors="replace") as lines:
                seen, problem = audit.check_log_lines(lines)
            logged += seen
            if problem is not None:
                raise CommandError(f"Audit chain broken: {problem} ({path}).")
        latest = AuditCheckpoint.objects.order_by("-pk").first()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} entries verified."))
        if latest is not None:
            self.stdout.write(
                f"Latest checkpoint #{latest.pk} at {latest.created_at.isoformat()}: entry "
                f"#{latest.last_entry_id} {latest.last_hash} (compare with the shipped log)."
            )
        if options["checkpoint_log"]:
            self.stdout.write(f"{logged} logged checkpoints match.")
