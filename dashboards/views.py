import dataclasses
import logging
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from audit.refusals import refusal_record
from core.views import PublicShellMixin
from lectures import selectors as lecture_selectors
from members.views import MemberOnlyMixin
from opinions import selectors as opinion_selectors
from showcases import selectors as showcase_selectors

from . import cockpit, figures, navigation, queues, selectors
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
        _("委员讲堂"),
        _("社区、嘎查村、企业、学校和服务窗口可以点一堂委员讲座，或提出想听的题目。"),
        "lectures:menu",
        _("看菜单点单"),
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # the latest 典型经验 (a change renews the page's shell: ConsultationsConfig.ready)
        context["showcases"] = showcase_selectors.latest_showcases(3)
        return context


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
    """The leaders' cockpit (领导看板): a committee's figures for a period from the summary table
    (dashboards.cockpit), each number linking to the records it counts."""

    permission_required = "dashboards.view_leader_home"
    template_name = "dashboards/cockpit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = cockpit.CockpitForm(self.request.GET or None, user=user)
        period = cockpit.period_from(form)
        refreshed = figures.last_refreshed()
        if refreshed is None:  # a new installation: compute once so the page has figures
            figures.refresh_cockpit_figures()
            refreshed = figures.last_refreshed()
        data = cockpit.cached_committee_figures(
            refreshed=refreshed,
            committee_ids=period.committee_ids,
            start=period.start,
            end=period.end,
            compare=form.sees_all,
        )
        breakdowns = cockpit.breakdowns(period, data)
        trend = cockpit.trend(period, data)
        charts = {"trend": trend["chart"], "breakdowns": [b.chart_data() for b in breakdowns]}
        if form.sees_all:
            context["comparison"] = cockpit.comparison(period, data, form.committees)
            charts["committees"] = context["comparison"]["chart"]
        context.update(
            tiles=queues.leader_tiles(user=user),
            form=form,
            period=period,
            refreshed=refreshed,
            # the rendered figures (cards, trend, comparison, breakdowns) depend on nothing
            # else: kept with the figures until the next refresh (``{% cache %}`` in the page)
            figures_key=cockpit.figures_cache_key(
                refreshed=refreshed, period=period, compare=form.sees_all
            ),
            figures_cache_seconds=cockpit.FIGURES_CACHE_SECONDS,
            cards=cockpit.cards(period, data),
            trend=trend,
            breakdowns=breakdowns,
            overdue=cockpit.most_overdue(
                user=user,
                committee_ids=period.committee_ids,
                everyone=form.sees_all and not period.committee_param,
            ),
            charts=charts,
        )
        return context


class CockpitRecordsView(PermissionRequiredMixin, ListView):
    """明细: the records one number of the cockpit counts (the same committees, months and
    breakdown key), for leaders and the office alike."""

    permission_required = "dashboards.view_leader_home"
    template_name = "dashboards/cockpit_records.html"
    paginate_by = 30
    context_object_name = "records"

    def get_queryset(self):
        self.metric = figures.METRICS.get(self.kwargs["metric"])
        if self.metric is None or self.metric.kind not in cockpit.RECORD_KINDS:
            raise Http404
        self.dimension = self.request.GET.get("dimension", "")
        if self.dimension and self.dimension not in self.metric.dims:
            raise Http404
        self.key = self.request.GET.get("key", "")[:64]
        self.form = cockpit.CockpitForm(self.request.GET or None, user=self.request.user)
        self.period = cockpit.period_from(self.form)
        queryset, self.kind = cockpit.records_for(
            self.metric, self.period, dimension=self.dimension, key=self.key
        )
        self.base_queryset = queryset
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dim = self.metric.dims.get(self.dimension)
        key_label = ""
        if dim is not None:
            key_label = dim.name(self.key, "")
            if dim.label and self.key:
                row = self.base_queryset.values_list(dim.label, flat=True).first()
                key_label = str(row or self.key)
        user = self.request.user
        link = self.kind.link
        rows = []
        for record in context["records"]:
            url = None
            if link and user.has_perm(link[1]):
                url = reverse(link[0], kwargs={"pk": link[2](record)})
            rows.append((self.kind.cells(record), url))
        total_people = None
        if self.metric.total:
            total_people = self.base_queryset.aggregate(n=Sum(self.metric.total))["n"] or 0
        context.update(
            metric=self.metric,
            heading=cockpit.describe(
                self.metric,
                self.period,
                dimension=self.dimension,
                key=self.key,
                key_label=key_label,
            ),
            headers=self.kind.headers,
            wide=self.kind.wide_columns,
            rows=rows,
            form=self.form,
            period=self.period,
            total_people=total_people,
            back_url=reverse("dashboards:leader") + "?" + urlencode(self.period.query()),
        )
        return context


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
        context["lectures_waiting"] = lecture_selectors.my_orders_waiting(
            member=self.member
        ).count()
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
