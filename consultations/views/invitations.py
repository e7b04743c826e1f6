"""Invitations and answers: the member's invitations and their RSVP, the office inviting
members from the event's page, and the answers it records for members without an account.

Every page follows the one rule (core.access): login, the role (403) before any lookup, the
record in the user's scoped queryset (404), the transition's rule on it (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from core.access import RecordViewMixin, get_object_for
from core.workflow import TransitionError
from members.views import MemberOnlyMixin

from .. import forms, selectors, services
from ..models import Consultation, Invitation
from ..workflows import INVITATION
from .events import ConsultationPostView, _flash_errors


def _post_answer(request, run, done, *, accept: bool) -> None:
    """An invitation's answer as posted (the member's own, or one the office records for a
    member without an account): the form's reason, the service ``run(accept=…, reason=…)``,
    then ``done()``'s message, or what was wrong."""
    form = forms.RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请假原因最多 200 字。"))
        return
    try:
        run(accept=accept, reason=form.cleaned_data["reason"])
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, done())


# --- members ----------------------------------------------------------------------------------
class MyConsultationsView(MemberOnlyMixin, ListView):
    permission_required = "consultations.view_my_invitations"
    template_name = "consultations/mine.html"
    context_object_name = "invitations"
    paginate_by = 20

    def get_queryset(self):
        if self.request.GET.get("queue") == "pending":
            queryset = selectors.my_pending_invitations(member=self.member)
        else:
            queryset = selectors.my_invitations(member=self.member)
        return selectors.with_materials(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upcoming"] = list(selectors.my_upcoming(member=self.member)[:5])
        context["queue"] = self.request.GET.get("queue", "")
        for invitation in context["invitations"]:
            invitation.actions = [
                t.action for t in INVITATION.available(invitation, self.request.user)
            ]
        context["rsvp_form"] = forms.RsvpForm()
        return context


class RsvpView(MemberOnlyMixin, View):
    """The member answers an invitation: the role (403), their own invitation (404 for any
    other), the state (a message)."""

    http_method_names = ["post"]
    permission_required = "consultations.view_my_invitations"

    def post(self, request, pk, answer):
        if answer not in {"accept", "decline"}:
            raise Http404
        invitation = get_object_for(
            request.user, selectors.my_invitations(member=self.member), perm=None, pk=pk
        )
        _post_answer(
            request,
            lambda **answered: services.invitation_respond(
                invitation=invitation, by=request.user, **answered
            ),
            lambda: (
                _("已确认参加。") if answer == "accept" else _("已请假，工作人员会收到您的原因。")
            ),
            accept=answer == "accept",
        )
        return redirect("consultations:mine")


# --- the office -------------------------------------------------------------------------------
class InviteView(ConsultationPostView):
    action = "invite"
    form_name = "invite_form"

    def run(self, request, action):
        self.form = forms.InviteForm(
            request.POST, members=services.invitable_members(consultation=self.consultation)
        )
        if not self.form.is_valid():
            return self.page_again()
        created = services.invitations_send(
            consultation=self.consultation,
            by=request.user,
            members=self.form.cleaned_data["members"],
        )
        messages.success(request, _("已邀请 %(n)s 位委员。") % {"n": len(created)})


class InvitationRecordView(RecordViewMixin, View):
    """The office records the answer of an invited member without an account (by phone or in
    person): the role (403), the invitation's event in the user's scope (404), the table's
    rule on it (403), its state and the member having no account (a message)."""

    http_method_names = ["post"]
    permission_required = "consultations.manage"
    record_name = "invitation"

    def record_queryset(self, user):
        return Invitation.objects.filter(
            consultation__in=Consultation.objects.visible_to(user)
        ).select_related("consultation", "member")

    def post(self, request, pk, answer):
        if answer not in {"accept", "decline"}:
            raise Http404
        invitation = self.invitation
        INVITATION.check_actor(invitation, f"record_{answer}", request.user)
        _post_answer(
            request,
            lambda **answered: services.invitation_record_answer(
                invitation=invitation, by=request.user, **answered
            ),
            lambda: (
                _("已代%(name)s登记：%(answer)s。")
                % {"name": invitation.member.name, "answer": invitation.get_rsvp_display()}
            ),
            accept=answer == "accept",
        )
        return redirect("consultations:detail", pk=invitation.consultation_id)
