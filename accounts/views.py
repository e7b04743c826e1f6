"""Account pages: the login lockouts staff see and lift."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.access import get_object_for

from . import lockouts, selectors


class LoginLockoutListView(PermissionRequiredMixin, ListView):
    """Accounts locked for unknown clients after repeated failed logins, in the user's scope;
    a POST with ``lockout`` lifts one (404 outside the scope)."""

    permission_required = "accounts.manage_login_lockouts"
    template_name = "accounts/login_lockouts.html"
    context_object_name = "lockouts"
    paginate_by = 30

    def get_queryset(self):
        return selectors.login_lockouts(user=self.request.user)

    def post(self, request):
        try:
            pk = int(request.POST.get("lockout", ""))
        except ValueError:
            return HttpResponseBadRequest(_("请选择要解除的锁定。"))
        lockout = get_object_for(request.user, self.get_queryset(), perm=None, pk=pk)  # 404 outside
        if lockouts.login_lockout_lift(lockout=lockout, by=request.user, request=request):
            messages.success(
                request, _("已解除账号 %(name)s 的登录锁定。") % {"name": lockout.user}
            )
        return redirect("accounts:login_lockouts")
