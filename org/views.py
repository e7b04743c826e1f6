"""View helpers of the organisation layer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.generic.edit import FormMixin

from .selectors import committees_changeable_by


class ChangeableCommitteesMixin(FormMixin):
    """A form whose ``committees`` are those the user may change (a new record's 所属政协)."""

    request: HttpRequest

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = committees_changeable_by(self.request.user)
        return kwargs
