"""A member's own 社情民意 items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView

from core.forms import add_service_errors
from members.views import MemberOnlyMixin

from .. import forms, selectors, services
from ..models import Opinion
from ..services import TransitionError


# --- members' own 社情民意 items ---------------------------------------------------------------
class MemberItemMixin(MemberOnlyMixin):
    permission_required = "opinions.submit_member_item"

    def get_permission_object(self):
        return None  # role check here; the queryset keeps to the member's own items (404)


class MyOpinionListView(MemberItemMixin, ListView):
    template_name = "opinions/mine/list.html"
    context_object_name = "opinions"
    paginate_by = 20

    def get_queryset(self):
        if self.request.GET.get("queue") == "todo":  # the member's tile: drafts and returned
            return selectors.member_items_to_do(member=self.member)
        return selectors.member_items(member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = self.request.GET.get("queue", "")
        return context


@method_decorator(never_cache, name="dispatch")
class MyOpinionDetailView(MemberItemMixin, DetailView):
    template_name = "opinions/mine/detail.html"
    context_object_name = "opinion"

    def get_queryset(self):
        return selectors.member_item_detail(member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = services.is_editable(self.object)
        return context


class MyOpinionFormView(MemberItemMixin, FormView):
    form_class = forms.MemberOpinionForm
    template_name = "opinions/mine/form.html"
    opinion = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["member"] = self.member
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            opinion = services.opinion_save_draft(
                by=self.request.user,
                author=self.member,
                opinion=self.opinion,
                title=data["title"],
                content=data["content"],
                analysis=data["analysis"],
                suggestion=data["suggestion"],
                category=data["category"],
                region=data.get("region"),
                co_authors=data["co_authors"],
                uploads=data["attachments"],
            )
            if self.request.POST.get("action") == "submit":
                services.opinion_submit_member(opinion=opinion, by=self.request.user)
                messages.success(
                    self.request,
                    _("已提交，查询码 %(code)s。")
                    % {"code": Opinion.objects.get(pk=opinion.pk).tracking_code},
                )
            else:
                messages.success(self.request, _("草稿已保存。"))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:
            messages.error(self.request, exc.message)
        return redirect("opinions:mine_detail", pk=opinion.pk)


class MyOpinionCreateView(MyOpinionFormView):
    extra_context = {"title": gettext_lazy("报送社情民意")}


class MyOpinionUpdateView(MyOpinionFormView):
    extra_context = {"title": gettext_lazy("修改社情民意")}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request.user, "member", None):
            self.opinion = get_object_or_404(
                selectors.member_item_detail(member=request.user.member), pk=kwargs["pk"]
            )
            if not services.is_editable(self.opinion):
                messages.error(request, _("已提交审核的信息不能修改。"))
                return redirect("opinions:mine_detail", pk=self.opinion.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        opinion = self.opinion
        return {
            "title": opinion.title,
            "content": opinion.content,
            "analysis": opinion.analysis,
            "suggestion": opinion.suggestion,
            "category": opinion.category_id,
            "region": opinion.region_id,
            "co_authors": [m.pk for m in opinion.co_authors.all()],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["opinion"] = self.opinion
        return context


class MyOpinionSubmitView(MemberItemMixin, View):
    def post(self, request, pk):
        opinion = get_object_or_404(selectors.member_items(member=self.member), pk=pk)
        try:
            services.opinion_submit_member(opinion=opinion, by=request.user)
        except ValidationError as exc:
            messages.error(request, _("内容不完整，请修改后再提交：") + " ".join(exc.messages))
            return redirect("opinions:mine_edit", pk=pk)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已提交审核。"))
        return redirect("opinions:mine_detail", pk=pk)
