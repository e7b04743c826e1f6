from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from audit.services import audit_log
from core.text import TextNormalizingMixin

from .lockouts import login_lockout_lift
from .models import LoginLockout, User


class UserTextChangeForm(TextNormalizingMixin, UserChangeForm):
    pass


class UserTextCreationForm(TextNormalizingMixin, BaseUserAdmin.add_form):
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Role, committee and department changes are audit-logged and end the user's sessions (the
    session hash covers them). New accounts must change their password at first login."""

    form = UserTextChangeForm
    add_form = UserTextCreationForm

    list_display = ["username", "name", "role", "committee", "department", "is_active"]
    list_filter = ["role", "committee", "is_active"]
    search_fields = ["username", "name", "phone", "email"]
    list_select_related = ["committee", "department"]
    autocomplete_fields = ["committee", "department"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("身份与范围"),
            {"fields": ("name", "role", "committee", "department", "phone", "email")},
        ),
        (
            _("状态"),
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (
            _("身份与范围"),
            {"fields": ("name", "role", "committee", "department", "phone", "email")},
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["end_sessions"]

    def save_model(self, request, obj, form, change):

        tracked = ("role", "committee_id", "department_id", "is_active", "is_superuser", "is_staff")
        before = {}
        if change:
            old = type(obj).objects.get(pk=obj.pk)
            before = {f: getattr(old, f) for f in tracked}
        else:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        after = {f: getattr(obj, f) for f in tracked}
        changed = {f: [before.get(f), after[f]] for f in tracked if before.get(f) != after[f]}
        if changed:
            audit_log(
                actor=request.user,
                action="user_change" if change else "user_create",
                target=f"user:{obj.pk}:{obj.username}",
                detail=changed,
                request=request,
            )

    @admin.action(description=_("结束所选用户的全部会话"))
    def end_sessions(self, request, queryset):
        count = 0
        for session in UserSession.objects.filter(user__in=queryset):
            session.end()
            count += 1
        for user in queryset:
            audit_log(
                actor=request.user,
                action="sessions_ended",
                target=f"user:{user.pk}",
                request=request,
            )
        self.message_user(request, _("已结束 %(n)s 个会话。") % {"n": count})


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    """Read-only: lockouts are made by failed logins (accounts.lockouts); an action lifts them."""

    list_display = ["user", "created_at", "until", "ip_address", "lifted_at", "lifted_by"]
    list_filter = ["lifted_at"]
    search_fields = ["user__username", "user__name"]
    list_select_related = ["user", "lifted_by"]
    actions = ["lift"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("解除所选登录锁定"))
    def lift(self, request, queryset):
        lifted = sum(
            login_lockout_lift(lockout=lockout, by=request.user, request=request)
            for lockout in queryset.visible_to(request.user)
        )
        self.message_user(request, _("已解除 %(n)s 个登录锁定。") % {"n": lifted})
