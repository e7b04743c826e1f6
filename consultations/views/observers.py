"""Observers (旁听): the private pass (entry code and QR) and its cancellation, the event's
calendar file, the observer list as CSV/XLSX, the office's approval and the door check-in.

Every page follows the one rule (core.access): login, the role (403) before any lookup, the
record in the user's scoped queryset (404), the transition's rule on it (403)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from icalendar import Calendar
from icalendar import Event as IcsEvent
from rules.contrib.views import PermissionRequiredMixin

from audit.services import audit_log
from core.access import RecordViewMixin, get_object_for
from core.exports import export_response
from core.workflow import TransitionError

from .. import forms, selectors, services
from ..models import Consultation, Observer
from ..workflows import OBSERVER
from .events import ConsultationMixin


def _qr_svg(text: str) -> str:
    """The QR code as inline SVG markup (no inline style or script: the CSP allows it)."""
    return segno.make(text, error="m").svg_inline(scale=6, dark="#000", light="#fff")


class ObserverMixin:
    """A registration found by its private link's token (404 for anything else)."""

    def dispatch(self, request, *args, **kwargs):
        self.observer = selectors.observer_by_token(kwargs["token"])
        if self.observer is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ObserverPassView(ObserverMixin, TemplateView):
    """The observer's private page: status, place on the waiting list, the entry code with its
    QR code (it opens the office's check-in page with the code filled in), cancel, calendar."""

    template_name = "consultations/observer_pass.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        observer = self.observer
        context.update(
            observer=observer,
            consultation=observer.consultation,
            position=selectors.waitlist_position(observer),
            cancellable=OBSERVER.can(observer, "cancel"),
        )
        cancelled = observer.consultation.status == Consultation.Status.CANCELLED
        if observer.status == Observer.Status.CONFIRMED and observer.entry_code and not cancelled:
            url = self.request.build_absolute_uri(
                reverse("consultations:check_in") + f"?code={observer.entry_code}"
            )
            context["qr"] = mark_safe(_qr_svg(url))  # segno's own markup, no user text
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # a private page: never cached by a proxy (the portal's Referrer-Policy, same-origin,
        # keeps the token in its URL from other sites)
        response["Cache-Control"] = "no-store"
        return response


class ObserverCancelView(ObserverMixin, View):
    http_method_names = ["post"]

    def post(self, request, token):
        try:
            services.observer_cancel(observer=self.observer)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已取消报名。名额已让给候补的群众。"))
        return redirect("consultations:observer_pass", token=token)


class CalendarView(View):
    """The event as an iCalendar file (.ics) for the visitor's calendar."""

    def get(self, request, pk):
        consultation = get_object_for(request.user, selectors.public_detail(), perm=None, pk=pk)
        calendar = Calendar()
        calendar.add("prodid", "-//Ordos CPPCC liaison portal//consultations//ZH")
        calendar.add("version", "2.0")
        event = IcsEvent()
        event.add("uid", f"consultation-{consultation.pk}@{request.get_host().split(':')[0]}")
        event.add("summary", consultation.title)
        event.add("dtstart", consultation.starts_at)
        event.add("dtend", consultation.ends_at)
        event.add("dtstamp", timezone.now())
        event.add("location", consultation.place)
        event.add(
            "url", request.build_absolute_uri(reverse("consultations:public_detail", args=[pk]))
        )
        if consultation.status == Consultation.Status.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
        response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="consultation-{pk}.ics"'
        return response


class ObserverExportView(ConsultationMixin, View):
    """The observers of one event as CSV or XLSX: the event's own office gets names and phones
    in full (the door list; the reveal is audit-logged), everybody else who may see the event
    (leaders, another committee's office) gets them masked."""

    def get(self, request, pk, fmt):
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        consultation = self.consultation
        full = request.user.has_perm("consultations.manage_observers", consultation)
        if full:
            audit_log(
                actor=request.user,
                action="observers_export",
                target=f"consultations.consultation:{consultation.pk}",
                detail={"fmt": fmt},
                request=request,
            )

        def rows():
            for n, observer in enumerate(selectors.observers_of(consultation), start=1):
                yield (
                    n,
                    observer.name if full else observer.masked_name,
                    observer.phone if full else observer.masked_phone,
                    observer.get_status_display(),
                    timezone.localtime(observer.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(observer.checked_in_at).strftime("%H:%M")
                    if observer.checked_in_at
                    else "",
                )

        header = [_("序号"), _("姓名"), _("手机号码"), _("状态"), _("报名时间"), _("入场时间")]
        return export_response(
            fmt=fmt,
            filename=f"observers-{consultation.pk}",
            header=header,
            rows=rows(),
            sheet_title=str(_("旁听名单")),
        )


class ObserverDecideView(RecordViewMixin, View):
    http_method_names = ["post"]
    permission_required = "consultations.manage"
    record_name = "observer"

    def record_queryset(self, user):
        return Observer.objects.filter(
            consultation__in=Consultation.objects.visible_to(user)
        ).select_related("consultation")

    def post(self, request, pk, decision):
        if decision not in {"approve", "reject"}:
            raise Http404
        OBSERVER.check_actor(self.observer, decision, request.user)
        try:
            services.observer_decide(
                observer=self.observer, by=request.user, approve=decision == "approve"
            )
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已审核。"))
        return redirect("consultations:detail", pk=self.observer.consultation_id)


class CheckInView(PermissionRequiredMixin, TemplateView):
    """The door, from a phone: the entry code typed or scanned (the QR opens this page with the
    code filled in); the observer shown masked; one tap checks them in — once."""

    permission_required = "consultations.manage"
    template_name = "consultations/check_in.html"

    def find(self, code):
        observer = services.observer_by_code(code=code)
        if observer is None:
            return None
        visible = Consultation.objects.visible_to(self.request.user)
        if not visible.filter(pk=observer.consultation_id).exists():
            return None  # another committee's code: as unknown as a wrong one
        return observer

    def get(self, request, *args, **kwargs):
        code = request.GET.get("code", "")[:32]
        context = self.get_context_data(form=forms.CheckInForm(initial={"code": code}))
        if code:
            context["observer"] = self.find(code)
            context["looked_up"] = True
        return self.render_to_response(context)

    def post(self, request):
        form = forms.CheckInForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        code = form.cleaned_data["code"].strip()
        observer = self.find(code)
        if observer is None:
            form.add_error("code", _("入场码无效。"))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        OBSERVER.check_actor(observer, "check_in", request.user)
        try:
            services.observer_check_in(observer=observer, by=request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                format_html(
                    "{} {}",
                    _("核验通过，请入场："),
                    f"{observer.masked_name}（{observer.masked_phone}）",
                ),
            )
        return redirect("consultations:check_in")
