"""The office's consultation topics (协商议题): the list, a new topic (also from the desk's
转为协商议题 link) and a topic's page, where opinions are linked to it.

Every page follows the one rule (core.access): login, the role (403) before any lookup, the
record in the user's scoped queryset (404), the transition's rule on it (403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from core.access import RecordViewMixin
from core.forms import add_service_errors
from core.workflow import TransitionError
from org.views import ChangeableCommitteesMixin

from .. import filters, forms, selectors, services


class TopicListView(PermissionRequiredMixin, FilterView):
    permission_required = "consultations.view_desk"
    template_name = "consultations/topic_list.html"
    context_object_name = "topics"
    paginate_by = 20
    filterset_class = filters.TopicFilter
    strict = False  # an unusable filter value is ignored, not an empty list

    def get_queryset(self):
        return selectors.topics_for(user=self.request.user)


class TopicCreateView(PermissionRequiredMixin, ChangeableCommitteesMixin, FormView):
    permission_required = "consultations.manage"
    form_class = forms.TopicForm
    template_name = "consultations/form.html"
    extra_context = {"title": gettext_lazy("新建协商议题"), "back": "consultations:topic_list"}

    def get_initial(self):
        initial = super().get_initial()
        code = self.request.GET.get("opinion", "")[:20]
        if code:  # from the desk's 转为协商议题 link
            initial.update(opinion_codes=code, source="opinions")
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            topic = services.topic_create(
                by=self.request.user,
                committee_id=data["committee"].pk,
                source=data["source"],
                title=data["title"],
                description=data.get("description", ""),
                proposal_reference=data.get("proposal_reference", ""),
                opinions=data["opinions"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except TransitionError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("已创建协商议题“%(title)s”。") % {"title": topic.title})
        return redirect("consultations:topic_detail", pk=topic.pk)


class TopicDetailView(RecordViewMixin, TemplateView):
    permission_required = "consultations.view_desk"
    post_permission = "consultations.manage"
    record_name = "topic"
    template_name = "consultations/topic_detail.html"

    def record_queryset(self, user):
        return selectors.topic_detail(user=user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.topic
        context.update(
            topic=topic,
            opinions=list(topic.opinions.order_by("-pk")[:50]),
            consultations=list(topic.consultations.order_by("-starts_at")[:20]),
            can_manage=self.request.user.has_perm("consultations.manage_consultation", topic),
        )
        context.setdefault("link_form", forms.LinkOpinionsForm(topic=topic))
        return context

    def post(self, request, pk):
        if not request.user.has_perm("consultations.manage_consultation", self.topic):
            raise PermissionDenied
        form = forms.LinkOpinionsForm(request.POST, topic=self.topic)
        if form.is_valid():
            try:
                linked = services.topic_link_opinions(
                    topic=self.topic, by=request.user, opinions=form.cleaned_data["opinions"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已关联 %(n)s 条社情民意。") % {"n": len(linked)})
                return redirect("consultations:topic_detail", pk=pk)
        return self.render_to_response(self.get_context_data(link_form=form), status=400)
