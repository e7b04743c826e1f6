"""Forwardings to departments (承办单位): the departments an item may go to, a department's
forwardings and its page, an item's forwardings on the desk, the overdue ones."""

from __future__ import annotations

from django.db.models import Prefetch

from org.models import Department

from ..models import Attachment, Forwarding, Reply, ReplyDocument


def forwardable_departments(*, committee_id):

    return Department.objects.filter(committee_id=committee_id, is_active=True).order_by(
        "sort_key", "name"
    )


def department_forwardings(*, user):

    if not user.is_authenticated or not user.department_id:
        return Forwarding.objects.none()
    return Forwarding.objects.for_department(user.department_id).select_related(
        "opinion", "opinion__category", "opinion__region", "opinion__committee", "department"
    )


def _replies_with_documents():
    return Reply.objects.order_by("created_at", "pk").prefetch_related(
        Prefetch("documents", queryset=ReplyDocument.objects.order_by("pk"))
    )


def department_forwarding_detail(*, user):
    """A department's forwarding with what it needs to handle it: the item's text and
    attachments (photos…), its own replies and their letters, the co-handlers' opinions (for the
    lead), the leaders' instructions — never the submitter's identity (the page shows none)."""
    siblings = (
        Forwarding.objects.select_related("department")
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.order_by("created_at")))
        .order_by("created_at", "pk")
    )
    return department_forwardings(user=user).prefetch_related(
        Prefetch("replies", queryset=_replies_with_documents()),
        Prefetch("opinion__forwardings", queryset=siblings, to_attr="all_forwardings"),
        Prefetch("opinion__instructions"),
        Prefetch("opinion__attachments", queryset=Attachment.objects.order_by("pk")),
    )


def desk_forwardings(*, opinion):

    return (
        Forwarding.objects.filter(opinion=opinion)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=_replies_with_documents().select_related("reviewed_by"),
            )
        )
        .order_by("created_at", "pk")
    )


def overdue_forwardings(*, user):

    return (
        Forwarding.objects.visible_to(user)
        .overdue()
        .select_related("opinion", "opinion__committee", "department")
        .order_by("due_date", "pk")
    )
