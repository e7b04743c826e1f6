"""A member's own 社情民意 items."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from members.views import (
    MemberDraftFormView,
    MemberDraftMixin,
    MemberDraftSubmitView,
    MemberDraftUpdateMixin,
    MemberOnlyMixin,
)

from .. import forms, selectors, services
from ..models import Opinion


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
        # the member's tile: drafts and returned; anything else is the whole list
        self.queue = "todo" if self.request.GET.get("queue") == "todo" else ""
        if self.queue:
            return selectors.member_items_to_do(member=self.member)
        return selectors.member_items(member=self.member)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = self.queue
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


class MyOpinionDraftMixin(MemberItemMixin, MemberDraftMixin):
    draft_name = "opinion"
    detail_url = "opinions:mine_detail"
    list_url = "opinions:mine"

    def own_drafts(self):
        return selectors.member_item_detail(member=self.member)


class MyOpinionFormView(MyOpinionDraftMixin, MemberDraftFormView):
    form_class = forms.MemberOpinionForm
    template_name = "opinions/mine/form.html"

    def draft_save(self, data):
        return services.opinion_save_draft(
            by=self.request.user,
            author=self.member,
            opinion=self.get_draft(),
            title=data["title"],
            content=data["content"],
            analysis=data["analysis"],
            suggestion=data["suggestion"],
            category=data["category"],
            region=data.get("region"),
            co_authors=data["co_authors"],
            uploads=data["attachments"],
        )

    def draft_submit(self, draft):
        services.opinion_submit_member(opinion=draft, by=self.request.user)
        code = Opinion.objects.get(pk=draft.pk).tracking_code
        return _("已提交，查询码 %(code)s。") % {"code": code}


class MyOpinionCreateView(MyOpinionFormView):
    extra_context = {"title": gettext_lazy("报送社情民意")}


class MyOpinionUpdateView(MemberDraftUpdateMixin, MyOpinionFormView):
    extra_context = {"title": gettext_lazy("修改社情民意")}
    not_editable = gettext_lazy("已提交审核的信息不能修改。")

    def is_editable(self, draft):
        return services.is_editable(draft)

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


class MyOpinionSubmitView(MyOpinionDraftMixin, MemberDraftSubmitView):
    incomplete_url = "opinions:mine_edit"
    submitted = gettext_lazy("已提交审核。")

    def own_drafts(self):
        return selectors.member_items(member=self.member)

    def draft_submit(self, draft):
        services.opinion_submit_member(opinion=draft, by=self.request.user)
