from django.db.models import Count, Q
from django.utils import timezone

from members.models import GridManager, GridPairing, Member
from opinions.models import UNDECIDED, Forwarding, Opinion
from org.models import Committee


def committee_overview(*, user):
    """Members per committee in the user's scope, with active counts and pairings."""
    return (
        Committee.objects.visible_to(user)
        .annotate(
            member_total=Count("members", distinct=True),
            member_active=Count(
                "members", filter=Q(members__status=Member.Status.ACTIVE), distinct=True
            ),
            grid_manager_total=Count("grid_managers", distinct=True),
        )
        .order_by("order")
    )


def member_breakdown(*, user, field: str):
    return (
        Member.objects.visible_to(user)
        .filter(status=Member.Status.ACTIVE)
        .values(field)
        .annotate(total=Count("pk"))
        .order_by("-total")
    )


def office_counts(*, user):
    members = Member.objects.visible_to(user)
    opinions = Opinion.objects.changeable_by(user).filter(status__in=UNDECIDED)
    opinion_counts = opinions.aggregate(
        pending=Count("pk", filter=Q(is_spam=False)),
        overdue=Count("pk", filter=Q(is_spam=False, review_due_at__lt=timezone.now())),
        spam=Count("pk", filter=Q(is_spam=True)),
    )
    return {
        "opinions_pending": opinion_counts["pending"],
        "opinions_overdue": opinion_counts["overdue"],
        "opinions_spam": opinion_counts["spam"],
        "members": members.count(),
        "active_members": members.filter(status=Member.Status.ACTIVE).count(),
        "members_without_account": members.filter(user__isnull=True).count(),
        "grid_managers": GridManager.objects.visible_to(user).count(),
        "pairings": GridPairing.objects.visible_to(user).current().count(),
    }


def department_counts(*, user):
    if not user.department_id:
        return {"new": 0, "open": 0, "overdue": 0}
    open_statuses = Forwarding.OPEN_STATUSES
    return Forwarding.objects.for_department(user.department_id).aggregate(
        new=Count("pk", filter=Q(status=Forwarding.Status.NEW)),
        open=Count("pk", filter=Q(status__in=open_statuses)),
        overdue=Count("pk", filter=Q(status__in=open_statuses, due_date__lt=timezone.localdate())),
    )
