import dataclasses
import logging

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from audit.refusals import refusal_record
from core.views import PublicShellMixin
from members.models import Member
from members.views import MemberOnlyMixin
from opinions import selectors as opinion_selectors
from org.models import Party

from . import navigation, queues, selectors
from .models import Heartbeat
from .tasks import HEARTBEAT_NAME

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Entry:
    """One of the public home page's entry cards."""

    title: str | Promise
    text: str | Promise
    url_name: str
    button: str | Promise


PUBLIC_ENTRIES = (
    Entry(
        _("我要建言"),
        _("一事一议，说清情况、分析和建议。无需注册，提交后获得查询码。"),
        "opinions:submit",
        _("填写建言"),
    ),
    Entry(_("政协信箱"), _("给市政协、旗区政协或委员之家写信。"), "opinions:mailbox", _("写信")),
    Entry(
        _("办理查询"),
        _("凭查询码和查询密码（或留下的手机号码）查看办理进度和答复。"),
        "opinions:track",
        _("查询"),
    ),
    Entry(
        _("找委员之家"),
        _("按旗区、苏木乡镇或界别查找委员之家、委员工作室和值班安排。"),
        "workstations:directory",
        _("查找"),
    ),
    Entry(
        _("协商议事"),
        _("政协开放日、委员会客厅、主题沙龙等活动报名旁听，查看协商成果落实情况。"),
        "consultations:public_list",
        _("报名旁听"),
    ),
)


class PublicHomeView(PublicShellMixin, TemplateView):
    template_name = "dashboards/public_home.html"
    extra_context = {"entries": PUBLIC_ENTRIES}


@login_required
def home(request):
    """Each role lands on its own page after login (dashboards.navigation.LANDING)."""
    return redirect(navigation.landing_url_name(request.user))


class OfficeHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "dashboards.view_office_home"
    template_name = "dashboards/office_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = selectors.office_counts(user=self.request.user)
        context["tiles"] = queues.office_tiles(user=self.request.user)
        context["committees"] = selectors.committee_overview(user=self.request.user)
        return context


class LeaderHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "dashboards.view_leader_home"
    template_name = "dashboards/leader_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tiles"] = queues.leader_tiles(user=user)
        context["committees"] = selectors.committee_overview(user=user)
        # the breakdowns come as stored codes ("banner", "cpc"): shown by their Chinese labels
        context["by_level"] = _labelled(
            selectors.member_breakdown(user=user, field="level"), "level", Member.Level
        )
        context["by_party_kind"] = _labelled(
            selectors.member_breakdown(user=user, field="party__kind"), "party__kind", Party.Kind
        )
        context["by_sector"] = selectors.member_breakdown(user=user, field="sector__name")[:12]
        return context


def _labelled(rows, field: str, choices) -> list[dict]:
    labels = dict(choices.choices)
    return [{**row, "label": labels.get(row[field], row[field] or "—")} for row in rows]


class DepartmentHomeView(PermissionRequiredMixin, TemplateView):
    permission_required = "dashboards.view_department_home"
    template_name = "dashboards/department_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tiles"] = queues.department_tiles(user=self.request.user)
        return context


class MemberHomeView(MemberOnlyMixin, TemplateView):
    """A member's landing page: what waits for them (their queues), the next duty shift, this
    year's points and rank, unread notices."""

    template_name = "dashboards/member_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tiles"] = queues.member_tiles(user=self.request.user)
        context["next_shift"] = queues.next_shift(member=self.member)
        return context


class CitizenHomeView(PermissionRequiredMixin, ListView):
    """A citizen's account page: every item they submitted signed in or claimed, with the
    status the public sees."""

    permission_required = "dashboards.view_citizen_home"
    template_name = "dashboards/citizen_home.html"
    context_object_name = "opinions"
    paginate_by = 20

    def get_queryset(self):
        return opinion_selectors.citizen_items(user=self.request.user)


@never_cache
def healthz(request):
    """For the load balancer and the operator: database, cache and the last Celery heartbeat.

    Always JSON, and quick: a dependency that fails or does not answer (bounded by the database
    connect/statement timeouts and the cache socket timeouts in settings) is reported as
    "error" with status 503 instead of an error page."""
    report = {"database": "ok", "cache": "ok", "celery_heartbeat": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beat = (
            Heartbeat.objects.filter(name=HEARTBEAT_NAME).values_list("seen_at", flat=True).first()
        )
        report["celery_heartbeat"] = beat.isoformat() if beat else None
    except Exception:  # noqa: BLE001 — any failure of the dependency is the answer
        logger.exception("healthz: database check failed")
        report["database"] = "error"
    try:
        cache.set("healthz", "ok", 10)
        if cache.get("healthz") != "ok":
            report["cache"] = "error"
    except Exception:  # noqa: BLE001
        logger.exception("healthz: cache check failed")
        report["cache"] = "error"
    healthy = report["database"] == "ok" and report["cache"] == "ok"
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)


def permission_denied(request, exception=None):
    """403 page; refusals are written to the security audit log, repeats aggregated per user (or
    address) and URL so that a client cannot flood it (audit.refusals)."""
    refusal_record(request=request, actor=getattr(request, "user", None))
    return render(request, "403.html", status=403)
