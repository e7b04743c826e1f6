"""《社情民意信息》 bulletins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.access import ScopedObjectMixin, get_object_for
from core.views import form_errors_to_messages
from org import selectors as org_selectors

from .. import documents, forms, selectors, services
from ..models import BulletinItem
from ..services import TransitionError
from ..workflows import BULLETIN

# the name the opinions views import
errors_to_messages = form_errors_to_messages


class BulletinListView(PermissionRequiredMixin, ListView):
    permission_required = "opinions.view_bulletins"
    template_name = "opinions/bulletins/list.html"
    context_object_name = "bulletins"
    paginate_by = 20

    def get_queryset(self):
        if self.request.GET.get("queue") == "to_sign":  # the office's 待签发 tile
            return selectors.queue_bulletins_to_sign(user=self.request.user)
        return selectors.bulletins(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["queue"] = self.request.GET.get("queue", "")
        context["can_create"] = (
            self.request.user.has_perm("opinions.edit_bulletins")
            and org_selectors.committees_changeable_by(self.request.user).exists()
        )
        return context


class BulletinCreateView(PermissionRequiredMixin, View):
    permission_required = "opinions.edit_bulletins"

    def post(self, request):
        committee = org_selectors.committees_changeable_by(request.user).first()
        if committee is None:
            raise PermissionDenied
        bulletin = services.bulletin_create(by=request.user, committee=committee)
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
        user = self.request.user
        context["can_edit"] = BULLETIN.can(bulletin, "add_item", user)
        context["can_submit"] = BULLETIN.can(bulletin, "submit", user)
        context["can_sign"] = BULLETIN.can(bulletin, "issue", user)
        if context["can_sign"]:
            context["sign_form"] = kwargs.get("sign_form") or forms.BulletinSignOffForm()
        # a leader (or granted staff) who compiled this issue is told why they cannot sign it
        context["own_compilation"] = (
            bulletin.status == bulletin.Status.COMPILED
            and user.has_perm("opinions.sign_bulletins")
            and user.pk in bulletin.compiler_ids
        )
        context["can_instruct"] = user.has_perm("opinions.give_instructions")
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
            perm="opinions.edit_bulletins",
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
                services.bulletin_add_item(
                    bulletin=bulletin, opinion=form.cleaned_data["opinion"], by=request.user
                )
                messages.success(request, _("已编入。"))
            except (ValidationError, TransitionError) as exc:
                messages.error(request, getattr(exc, "message", None) or " ".join(exc.messages))
        else:
            errors_to_messages(request, form)
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
                services.bulletin_move_item(item=item, by=request.user, up=action == "up")
            elif action == "remove":
                services.bulletin_remove_item(item=item, by=request.user)
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
                services.bulletin_update_item(item=item, by=request.user, **form.cleaned_data)
                messages.success(request, _("已保存。"))
        except TransitionError as exc:
            messages.error(request, exc.message)
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)


class BulletinSubmitView(BulletinEditMixin, View):
    """送签: the editors send the compiled issue to the committee's leaders for sign-off."""

    def post(self, request, pk):
        bulletin = self.get_bulletin()
        try:
            bulletin = services.bulletin_submit(bulletin=bulletin, by=request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已送签，等待领导签发。"))
        return redirect("opinions:bulletin_detail", pk=bulletin.pk)


class BulletinIssueView(BulletinMixin, View):
    """签发 or 退回修改 (POST ``action``): the signer's role first (403), the issues the user sees
    (404), then the rule ``opinions.sign_bulletin`` — a leader, or staff holding the grant, of
    the issue's committee, never its compiler (403)."""

    permission_required = "opinions.sign_bulletins"

    def post(self, request, pk):
        bulletin = get_object_for(
            request.user,
            self.get_scoped_queryset(),
            perm=None,  # the role was checked by the mixin
            object_perm="opinions.sign_bulletin",
            pk=pk,
        )
        form = forms.BulletinSignOffForm(request.POST)
        action = request.POST.get("action", "issue")
        if action not in ("issue", "send_back"):
            raise Http404
        if not form.is_valid():
            errors_to_messages(request, form)
            return redirect("opinions:bulletin_detail", pk=bulletin.pk)
        comment = form.cleaned_data["comment"]
        try:
            if action == "issue":
                bulletin = services.bulletin_issue(
                    bulletin=bulletin, by=request.user, comment=comment
                )
                done = _("已签发 %(b)s。") % {"b": bulletin}
            else:
                services.bulletin_send_back(bulletin=bulletin, by=request.user, comment=comment)
                done = _("已退回修改。")
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
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
