"""What the workstations pages share: flashing errors, the query string, the rota desk's record
lookup."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from rules.contrib.views import PermissionRequiredMixin

from core.access import get_object_for

from .. import selectors


def _flash_errors(request, form_or_exc) -> None:
    if isinstance(form_or_exc, ValidationError):
        messages.error(request, " ".join(form_or_exc.messages))
        return
    for errors in form_or_exc.errors.values():
        messages.error(request, " ".join(errors))


class QueryStringMixin:
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class RotaDeskRecordMixin(PermissionRequiredMixin):
    """A staff page or action on one record of the rota desk: the role first (login, then
    ``workstations.view_rota_desk``: 403 before any lookup), then the record in the user's scope
    (``record_queryset``; 404 outside it) kept as ``self.<record_name>``, then
    ``permission_required`` on it (403 for a committee the user may see but not change)."""

    record_name: str

    def record_queryset(self, user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        record = get_object_for(
            request.user,
            self.record_queryset(request.user),
            perm="workstations.view_rota_desk",
            pk=kwargs["pk"],
        )
        setattr(self, self.record_name, record)
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return getattr(self, self.record_name)


class ManagedWorkstationMixin(RotaDeskRecordMixin):
    """A page or action on one workstation the user manages."""

    permission_required = "workstations.manage_workstation"
    record_name = "workstation"

    def record_queryset(self, user):
        return selectors.managed_workstations(user=user)
