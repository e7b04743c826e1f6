"""What the workstations pages share: flashing errors, the rota desk's record lookup (and the
query string mixin, from core)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from core.access import RecordViewMixin
from core.views import QueryStringMixin as QueryStringMixin  # the directory's, from core
from core.views import form_errors_to_messages

from .. import selectors


def _flash_errors(request, form_or_exc) -> None:
    if isinstance(form_or_exc, ValidationError):
        messages.error(request, " ".join(form_or_exc.messages))
    else:
        form_errors_to_messages(request, form_or_exc)


class RotaDeskRecordMixin(RecordViewMixin):
    """A staff page or action on one record of the rota desk: the role first (login, then
    ``workstations.view_rota_desk``: 403 before any lookup), then the record in the user's scope
    (``record_queryset``; 404 outside it) kept as ``self.<record_name>``, then
    ``object_permission`` on it (403 for a committee the user may see but not change)."""

    permission_required = "workstations.view_rota_desk"


class ManagedWorkstationMixin(RotaDeskRecordMixin):
    """A page or action on one workstation the user manages."""

    object_permission: str | None = "workstations.manage_workstation"
    record_name = "workstation"

    def record_queryset(self, user):
        return selectors.managed_workstations(user=user)
