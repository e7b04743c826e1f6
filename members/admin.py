from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from core.exports import export_response
from core.text import TextNormalizingMixin

from .lockouts import login_lockout_lift
from .models import (
    AuditCheckpoint,
    AuditLog,
    Committee,
    Expertise,
    GridManager,
    GridPairing,
    LoginLockout,
    Member,
    MemberGroup,
    Party,
    Region,
    Sector,
    SpecialCommittee,
    Term,
    User,
)


# The admin's forms normalise text like every other form (core.text).
class TextModelForm(TextNormalizingMixin, forms.ModelForm):
    pass


class TextAdmin(admin.ModelAdmin):
    form = TextModelForm


class TextTabularInline(admin.TabularInline):
    form = TextModelForm


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
        from .services import audit_log

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
        from allauth.usersessions.models import UserSession

        from .services import audit_log

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


@admin.register(Committee)
class CommitteeAdmin(TextAdmin):
    list_display = ["name", "short_name", "level", "parent", "order"]
    search_fields = ["name", "short_name"]


@admin.register(Term)
class TermAdmin(TextAdmin):
    list_display = ["committee", "name", "starts_on", "ends_on", "is_current"]
    list_filter = ["committee", "is_current"]


@admin.register(Region)
class RegionAdmin(TextAdmin):
    list_display = ["name", "level", "parent", "committee"]
    list_filter = ["level", "committee"]
    search_fields = ["name"]
    list_select_related = ["parent", "committee"]
    autocomplete_fields = ["parent"]


@admin.register(Sector)
class SectorAdmin(TextAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = ["committee"]
    search_fields = ["name"]


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(TextAdmin):
    list_display = ["name", "committee", "order"]
    list_filter = ["committee"]
    filter_horizontal = ["sectors"]


@admin.register(Party)
class PartyAdmin(TextAdmin):
    list_display = ["name", "kind", "order"]


@admin.register(Expertise)
class ExpertiseAdmin(TextAdmin):
    search_fields = ["name"]


@admin.register(Member)
class MemberAdmin(TextAdmin):
    list_display = ["name", "committee", "sector", "party", "level", "status"]
    list_filter = ["committee", "level", "status"]
    search_fields = ["name", "work_unit"]
    list_select_related = ["committee", "sector", "party"]
    raw_id_fields = ["user", "region"]
    filter_horizontal = ["expertise"]


@admin.register(MemberGroup)
class MemberGroupAdmin(TextAdmin):
    list_display = ["name", "kind", "committee"]
    list_filter = ["committee", "kind"]
    raw_id_fields = ["leader", "members", "region"]


@admin.register(GridManager)
class GridManagerAdmin(TextAdmin):
    list_display = ["name", "region", "committee", "is_active"]
    list_filter = ["committee", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["region"]


@admin.register(GridPairing)
class GridPairingAdmin(TextAdmin):
    list_display = ["member", "grid_manager", "started_on", "ended_on"]
    raw_id_fields = ["member", "grid_manager"]


# --- Liaison activities and the performance ledger -------------------------------------------
from .models import (  # noqa: E402
    Activity,
    ActivityParticipant,
    EvaluationEvent,
    LedgerEntry,
    MemberYearScore,
    ScoringRule,
    ScoringRuleSet,
)


class ActivityParticipantInline(TextTabularInline):
    model = ActivityParticipant
    extra = 0
    raw_id_fields = ["member"]


@admin.register(Activity)
class ActivityAdmin(TextAdmin):
    list_display = ["occurred_on", "title", "type", "committee", "reporter", "status", "is_public"]
    list_filter = ["status", "type", "committee", "is_public"]
    search_fields = ["title"]
    date_hierarchy = "occurred_on"
    list_select_related = ["committee", "reporter"]
    raw_id_fields = [
        "reporter",
        "workstation",
        "region",
        "group",
        "special_committee",
        "shift",
        "opinions",
        "created_by",
        "confirmed_by",
    ]
    inlines = [ActivityParticipantInline]


class ScoringRuleInline(TextTabularInline):
    model = ScoringRule
    extra = 0


@admin.register(ScoringRuleSet)
class ScoringRuleSetAdmin(TextAdmin):
    """积分规则: edit points, caps, splits and grade thresholds; run ``rebuild_ledger --year``
    afterwards to apply new points to entries already written."""

    list_display = [
        "__str__",
        "committee",
        "year",
        "coauthor_split",
        "coattend_split",
        "excellent_from",
        "competent_from",
        "basic_from",
    ]
    inlines = [ScoringRuleInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(TextAdmin):
    list_display = ["occurred_on", "member", "item", "points", "source_key", "reversed_at"]
    list_filter = ["year", "item", "source_type", "committee"]
    search_fields = ["member__name", "source_key"]
    raw_id_fields = ["member"]
    list_select_related = ["member"]

    def has_change_permission(self, request, obj=None):
        return False  # written by services only


class EvaluationEventInline(TextTabularInline):
    model = EvaluationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "from_grade", "to_grade", "comment", "created_at"]


@admin.register(MemberYearScore)
class MemberYearScoreAdmin(TextAdmin):
    list_display = ["member", "year", "committee", "total", "grade"]
    list_filter = ["year", "committee", "grade"]
    search_fields = ["member__name"]
    raw_id_fields = ["member"]
    readonly_fields = ["total", "entry_count", "computed_grade", "evaluated_at"]
    inlines = [EvaluationEventInline]


@admin.register(AuditLog)
class AuditLogAdmin(TextAdmin):
    """Read-only: the audit log is append-only. Filter, search and export to CSV."""

    list_display = ["created_at", "actor_label", "action", "target", "ip_address"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "target", "action"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("导出所选审计日志（CSV）"))
    def export_csv(self, request, queryset):
        from .services import audit_log

        entries = list(queryset.order_by("pk"))
        response = export_response(
            fmt="csv",
            filename="audit-log",
            header=["time", "actor", "action", "target", "ip", "detail", "hash"],
            rows=(
                [
                    e.created_at.isoformat(),
                    e.actor_label,
                    e.action,
                    e.target,
                    e.ip_address or "",
                    e.detail,
                    e.entry_hash,
                ]
                for e in entries
            ),
        )
        audit_log(
            actor=request.user,
            action="export_audit_log",
            target="audit_log",
            detail={"rows": len(entries)},
            request=request,
        )
        return response


@admin.register(LoginLockout)
class LoginLockoutAdmin(admin.ModelAdmin):
    """Read-only: lockouts are made by failed logins (members.lockouts); an action lifts them."""

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


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(admin.ModelAdmin):
    """Read-only: signed checkpoints of the audit chain (members.audit)."""

    list_display = ["created_at", "reason", "first_entry_id", "last_entry_id", "entries"]
    list_filter = ["reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
