"""The API's two web pages: the user's device tokens (应用令牌) and, for the office, the
interactive documentation of the schema (Swagger UI, vendored)."""

from __future__ import annotations

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.forms import add_service_errors

from .. import services
from ..forms import TokenCreateForm
from ..models import ApiToken


def mfa_passed(request) -> bool:
    """Whether this session's sign-in included the second factor (allauth's records)."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


@method_decorator(never_cache, name="dispatch")
class TokenListView(PermissionRequiredMixin, View):
    permission_required = "api.manage_own_tokens"
    template_name = "api/tokens.html"

    def context(self, form, created=None):
        user = self.request.user
        needs_mfa = services.token_requires_mfa(user) and not mfa_passed(self.request)
        return {
            "form": form,
            "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")[:50],
            "created": created,
            "needs_mfa": needs_mfa,
        }

    def get(self, request):
        return render(request, self.template_name, self.context(TokenCreateForm()))

    def post(self, request):
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                created = services.api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                    mfa_passed=mfa_passed(request),
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                # Shown on this response only: never stored, never in a redirect or a message.
                return render(request, self.template_name, self.context(TokenCreateForm(), created))
        return render(request, self.template_name, self.context(form), status=400)


class TokenRevokeView(PermissionRequiredMixin, View):
    """GET asks for confirmation, POST revokes. Another user's token is a 404."""

    permission_required = "api.manage_own_tokens"

    def token(self, request, pk):
        return get_object_or_404(ApiToken, pk=pk, user=request.user)

    def get(self, request, pk):
        return render(request, "api/token_revoke.html", {"token": self.token(request, pk)})

    def post(self, request, pk):
        token = services.api_token_revoke(
            token=self.token(request, pk), by=request.user, request=request
        )
        messages.success(
            request, _("令牌“%(name)s”已注销，使用它的设备将无法再访问。") % {"name": token.name}
        )
        return redirect("api:tokens")


class DocsView(PermissionRequiredMixin, TemplateView):
    permission_required = "api.read_docs"
    template_name = "api/docs.html"
