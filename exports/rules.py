"""Who may see export jobs and download their files.

The page lists the user's own jobs only; the office and leaders are the roles that export. A
file goes to the user who asked for it and to nobody else — not a superuser either: it holds what
that user's scope and contact permission allowed (``exports.services``)."""

import rules

from accounts.rules import is_office_or_leader


@rules.predicate
def is_requester(user, job):
    return (
        job is not None
        and getattr(user, "is_authenticated", False)
        and job.requested_by_id == user.pk
    )


@rules.predicate
def still_holds_permission(user, job):
    """The role the export needed (``job.permission``), asked of the rules themselves."""
    return job is not None and rules.has_perm(job.permission, user)


rules.add_perm("exports.view_export_jobs", is_office_or_leader)
rules.add_perm("exports.download_export", is_requester & still_holds_permission)
