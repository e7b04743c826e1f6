from django.db.models import Count, Q

from members.models import GridManager, GridPairing, Member
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


def office_counts(*, user):
    """The committee's members and grid managers (the work queues are dashboards.queues)."""
    members = Member.objects.visible_to(user).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=Member.Status.ACTIVE)),
        without_account=Count("pk", filter=Q(user__isnull=True)),
    )
    return {
        "members": members["total"],
        "active_members": members["active"],
        "members_without_account": members["without_account"],
        "grid_managers": GridManager.objects.visible_to(user).count(),
        "pairings": GridPairing.objects.visible_to(user).current().count(),
    }
