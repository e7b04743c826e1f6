"""Pages for the second half of the lifecycle: bulletins, the department desk, reply review,
overdue forwardings, department statistics, and the citizen's rating."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.access import ScopedObjectMixin, get_object_for
from org import selectors as org_selectors

from . import documents, forms, handling, privacy, selectors
from .models import BulletinItem, Forwarding, Reply
from .services import TransitionError
from .views import RATING_SALT, track_context


def _errors_to_messages(request, form):
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


# --- bulletins -------------------------------------------------------------------------------
class BulletinListView(PermissionRequiredMixin, ListView):
    permission_required = "opinions.view_bulletins"
    template_name = "opinions/bulletins/list.html"
    context_object_name = "bulletins"
    paginate_by = 20

    def get_queryset(self):
        return selectors.bulletins(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = (
            self.request.user.has_perm("opinions.enter_opinion")
            and org_selectors.committees_changeable_by(self.request.user).exists()
        )
        return context


class BulletinCreateView(PermissionRequiredMixin, View):
    permission_required = "opinions.enter_opinion"

    def post(self, request):
        committee = org_selectors.committees_changeable_by(request.user).first()
        if committee is None:
            raise PermissionDenied
        bulletin = handling.bulletin_create(by=request.user, committee=committee)
        messages.success(request, _("已新建一期《社情民意信息》，请编入已采用的建言。"))
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)


class BulletinMixin(ScopedObjectMixin, PermissionRequiredMixin):
    """One bulletin: the role first (login, 403), then the user's scope (404)."""

    permission_required = "opinions.view_bulletins"

    def get_scoped_queryset(self):
        return selectors.bulletin_detail(user=self.request.user)

    def get_bulletin(self):
        return self.get_object()


@method_decorator(never_cache, name="dispatch")
class BulletinDetailView(BulletinMixin, DetailView):
    template_name = "opinions/bulletins/detail.html"
    context_object_name = "bulletin"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bulletin = self.object
        context["can_edit"] = not bulletin.is_issued and self.request.user.has_perm(
            "opinions.manage_bulletin", bulletin
        )
        if context["can_edit"]:
            context["add_form"] = kwargs.get("add_form") or forms.BulletinAddForm(
                opinions=selectors.compilable_opinions(bulletin=bulletin)
            )
        return context


class BulletinEditMixin(BulletinMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_bulletin(self):
        """The bulletin to edit: the office role (403), the scope (404), then the right to
        change this committee's bulletin (403)."""
        return get_object_for(
            self.request.user,
            self.get_scoped_queryset(),
            perm="opinions.manage_bulletin",
            object_perm="opinions.manage_bulletin",
            pk=self.kwargs["pk"],
        )


class BulletinAddItemView(BulletinEditMixin, View):
    def post(self, request, pk):
        bulletin = self.get_bulletin()
        form = forms.BulletinAddForm(
            request.POST, opinions=selectors.compilable_opinions(bulletin=bulletin)
        )
        if form.is_valid():
            try:
                handling.bulletin_add_item(
                    bulletin=bulletin, opinion=form.cleaned_data["opinion"], by=request.user
                )
                messages.success(request, _("已编入。"))
            except (ValidationError, TransitionError) as exc:
                messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
        else:
            _errors_to_messages(request, form)
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)


class BulletinItemView(BulletinEditMixin, View):
    """GET: edit form for one item; POST action=save|up|down|remove."""

    def get_item(self):
        bulletin = self.get_bulletin()
        return bulletin, get_object_or_404(BulletinItem, bulletin=bulletin, pk=self.kwargs["item"])

    def get(self, request, pk, item):
        bulletin, item = self.get_item()
        form = forms.BulletinItemForm(
            initial={"editorial_title": item.editorial_title, "editorial_body": item.editorial_body}
        )
        return render(
            request,
            "opinions/bulletins/item_form.html",
            {"bulletin": bulletin, "item": item, "form": form},
        )

    def post(self, request, pk, item):
        bulletin, item = self.get_item()
        action = request.POST.get("action", "save")
        try:
            if action in ("up", "down"):
                handling.bulletin_move_item(item=item, by=request.user, up=action == "up")
            elif action == "remove":
                handling.bulletin_remove_item(item=item, by=request.user)
                messages.success(request, _("已移出本期。"))
            else:
                form = forms.BulletinItemForm(request.POST)
                if not form.is_valid():
                    return render(
                        request,
                        "opinions/bulletins/item_form.html",
                        {"bulletin": bulletin, "item": item, "form": form},
                        status=400,
                    )
                handling.bulletin_update_item(item=item, by=request.user, **form.cleaned_data)
                messages.success(request, _("已保存。"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)


class BulletinIssueView(BulletinEditMixin, View):
    def post(self, request, pk):
        bulletin = self.get_bulletin()
        try:
            bulletin = handling.bulletin_issue(bulletin=bulletin, by=request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已签发 %(b)s。") % {"b": bulletin})
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)


class BulletinDocxView(BulletinMixin, View):
    def get(self, request, pk):
        bulletin = self.get_bulletin()
        data = documents.bulletin_docx(bulletin)
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        name = f"bulletin-{bulletin.year}-{bulletin.number or 'draft'}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class BulletinPrintView(BulletinMixin, DetailView):
    template_name = "opinions/bulletins/print.html"
    context_object_name = "bulletin"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issuing_body"] = documents.issuing_body(self.object)
        return context


# --- staff: forwarding decisions and reply review --------------------------------------------
class ForwardingDecisionView(PermissionRequiredMixin, View):
    """Staff: accept/refuse a department's return request (申退)."""

    permission_required = "opinions.view_desk"

    def post(self, request, pk):
        forwarding = get_object_for(  # the role was checked by the mixin; 404 outside the scope
            request.user,
            Forwarding.objects.visible_to(request.user).select_related("opinion"),
            perm=None,
            pk=pk,
        )
        form = forms.ReturnDecisionForm(request.POST, prefix=f"ret{pk}")
        if form.is_valid():
            try:
                handling.forwarding_decide_return(
                    forwarding=forwarding,
                    by=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("已处理退回申请。"))
            except TransitionError as exc:
                messages.error(request, exc.message)
        else:
            _errors_to_messages(request, form)
        return redirect("opinions:desk_detail", pk=forwarding.opinion_id)


class ReplyReviewView(PermissionRequiredMixin, View):
    permission_required = "opinions.view_desk"

    def post(self, request, pk):
        reply = get_object_for(  # the role was checked by the mixin; 404 outside the scope
            request.user,
            Reply.objects.filter(
                forwarding__in=Forwarding.objects.visible_to(request.user)
            ).select_related("forwarding"),
            perm=None,
            pk=pk,
        )
        form = forms.ReplyReviewForm(request.POST, prefix=f"rev{pk}")
        if form.is_valid():
            try:
                handling.reply_review(
                    reply=reply,
                    by=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                    public_reply=form.cleaned_data["public_reply"] or None,
                )
                messages.success(request, _("已审核答复。"))
            except TransitionError as exc:
                messages.error(request, exc.message)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            _errors_to_messages(request, form)
        return redirect("opinions:desk_detail", pk=reply.forwarding.opinion_id)


class OverdueView(PermissionRequiredMixin, ListView):
    permission_required = "opinions.view_overdue"
    template_name = "opinions/overdue.html"
    context_object_name = "forwardings"
    paginate_by = 30

    def get_queryset(self):
        return selectors.overdue_forwardings(user=self.request.user)


class DepartmentStatsView(PermissionRequiredMixin, TemplateView):
    permission_required = "opinions.view_department_stats"
    template_name = "opinions/department_stats.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.department_stats(user=self.request.user)
        return context


# --- the department desk ---------------------------------------------------------------------
class DepartmentInboxView(PermissionRequiredMixin, ListView):
    permission_required = "opinions.department_desk"
    template_name = "opinions/dept/inbox.html"
    context_object_name = "forwardings"
    paginate_by = 20

    def get_queryset(self):
        queryset = selectors.department_forwardings(user=self.request.user)
        show = self.request.GET.get("show", "open")
        if show == "open":
            queryset = queryset.filter(status__in=Forwarding.OPEN_STATUSES)
        elif show == "overdue":
            queryset = queryset.overdue()
        return queryset.order_by("due_date", "pk") if show != "all" else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show"] = self.request.GET.get("show", "open")
        return context


@method_decorator(never_cache, name="dispatch")
class DepartmentForwardingView(ScopedObjectMixin, PermissionRequiredMixin, DetailView):
    """The department role first (login, 403), then the forwardings to the user's own
    department (404)."""

    permission_required = "opinions.department_desk"
    template_name = "opinions/dept/detail.html"
    context_object_name = "forwarding"

    def get_queryset(self):
        return selectors.department_forwarding_detail(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forwarding = self.object
        if forwarding.role == Forwarding.Role.LEAD:
            context["co_forwardings"] = [
                f for f in forwarding.opinion.all_forwardings if f.role == Forwarding.Role.CO
            ]
        context.setdefault("reply_form", forms.DepartmentReplyForm())
        context.setdefault("return_form", forms.ReturnRequestForm())
        return context

    def post(self, request, pk):
        self.object = forwarding = self.get_object()
        action = request.POST.get("action")
        context_extra = {}
        try:
            if action == "sign":
                handling.forwarding_sign(forwarding=forwarding, by=request.user)
                messages.success(request, _("已签收。"))
            elif action == "return":
                form = forms.ReturnRequestForm(request.POST)
                if not form.is_valid():
                    context_extra["return_form"] = form
                else:
                    handling.forwarding_request_return(
                        forwarding=forwarding, by=request.user, reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, _("已提交退回申请，等待政协机关审核。"))
            elif action == "reply":
                form = forms.DepartmentReplyForm(request.POST)
                if not form.is_valid():
                    context_extra["reply_form"] = form
                else:
                    handling.forwarding_reply(
                        forwarding=forwarding, by=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("答复已提交，等待政协机关审核。"))
            else:
                raise Http404
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        if context_extra:
            context = self.get_context_data(object=forwarding, **context_extra)
            return self.render_to_response(context, status=400)
        return redirect("opinions:dept_detail", pk=forwarding.pk)


# --- citizen rating --------------------------------------------------------------------------
@method_decorator(never_cache, name="dispatch")
class RateView(View):
    """POST from the tracking page (which proved the code + key): rate the answer."""

    def post(self, request):
        form = forms.RatingForm(request.POST)
        opinion = None
        token = request.POST.get("token", "")
        try:
            data = signing.loads(token, salt=RATING_SALT, max_age=2 * 3600)
            opinion = selectors.tracking_candidate_by_pk(int(data["o"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            opinion = None
        if opinion is None:
            messages.error(request, _("页面已过期，请重新查询后再评价。"))
            return redirect("opinions:track")
        if not form.is_valid():
            return render(
                request,
                "opinions/track_result.html",
                {"opinion": opinion, "rating_form": form},
                status=400,
            )
        try:
            if opinion.can_rate():
                handling.opinion_rate(
                    opinion=opinion,
                    satisfaction=form.cleaned_data["satisfaction"],
                    comment=form.cleaned_data["comment"],
                    rehandle=form.cleaned_data["rehandle"],
                )
            elif form.cleaned_data["rehandle"]:
                handling.opinion_request_rehandle(
                    opinion=opinion, comment=form.cleaned_data["comment"]
                )
            else:
                raise TransitionError(_("这条建言已经评价过了。"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("感谢您的评价。"))

        opinion = selectors.tracking_candidate_by_pk(opinion.pk)
        return render(request, "opinions/track_result.html", track_context(opinion))


# --- PIPL: one person's data -----------------------------------------------------------------
@method_decorator(never_cache, name="dispatch")
class PersonalDataView(PermissionRequiredMixin, View):
    """Find, export or erase one person's contact details (by phone number). Logged."""

    permission_required = "opinions.enter_opinion"
    template_name = "opinions/privacy.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.PersonalDataForm()})

    def post(self, request):
        import json

        form = forms.PersonalDataForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        phone, action = form.cleaned_data["phone"], form.cleaned_data["action"]
        if action == "export":
            rows = privacy.personal_data_export(by=request.user, phone=phone, request=request)
            response = HttpResponse(
                json.dumps(rows, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        if action == "erase":
            count = privacy.personal_data_erase(by=request.user, phone=phone, request=request)
            messages.success(
                request, _("已删除 %(n)s 条建言中的反映人姓名和联系方式。") % {"n": count}
            )
            return redirect("opinions:privacy")
        opinions = list(privacy.personal_data_find(by=request.user, phone=phone, request=request))
        return render(
            request,
            self.template_name,
            {
                "form": forms.PersonalDataForm(initial={"phone": phone}),
                "opinions": opinions,
                "searched": True,
                "phone": phone,
            },
        )
