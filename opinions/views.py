from __future__ import annotations

import re
import secrets
import unicodedata
from functools import lru_cache

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from audit.services import audit_log
from core.access import ScopedObjectMixin
from core.forms import add_service_errors
from core.http import private_file_response
from members.views import MemberOnlyMixin
from org import selectors as org_selectors

from . import abuse, exports, forms, handling, receipts, selectors, services
from .filters import OpinionFilter
from .models import Attachment, Channel, Opinion
from .services import TransitionError


# --- public: 我要建言 / 政协信箱 ---------------------------------------------------------------
@method_decorator(never_cache, name="dispatch")
class PublicSubmitView(FormView):
    """Checks in order of cost: the per-IP limit (every POST counts, valid or not), then the
    fields and the CAPTCHA, and only then the attachments are decoded (see the form's clean)."""

    form_class = forms.PublicOpinionForm
    template_name = "opinions/submit.html"
    channel = Channel.WEB
    posts_so_far = None  # this client's POSTs in the window, this one included

    def dispatch(self, request, *args, **kwargs):
        self.ip = abuse.client_ip(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.posts_so_far is None:
            kwargs["need_captcha"] = abuse.captcha_required(self.ip)
        else:  # the page this POST came from was rendered before it was counted
            kwargs["need_captcha"] = self.posts_so_far - 1 >= settings.SUBMISSION_CAPTCHA_AFTER
        kwargs["mailbox"] = self.channel == Channel.MAILBOX
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channel"] = self.channel
        context["is_mailbox"] = self.channel == Channel.MAILBOX
        return context

    def post(self, request, *args, **kwargs):
        self.posts_so_far = abuse.record_submission(self.ip)
        if self.posts_so_far > settings.SUBMISSION_LIMIT_PER_HOUR:
            return render(request, "opinions/too_many.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if (self.posts_so_far or 0) >= settings.SUBMISSION_CAPTCHA_AFTER:
            form.require_captcha()
        return super().form_invalid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        # The service commits its own transaction, and what runs on commit (enqueueing the
        # notices) logs its failures instead of raising, so a saved submission always gets its
        # receipt. No outer transaction here: on SQLite it would hold the database's write lock
        # while the lookup key is hashed.
        try:
            opinion, key = services.opinion_submit_public(
                channel=self.channel,
                committee=data["committee"],
                title=data["title"],
                content=data["content"],
                category=data["category"],
                region=data.get("region"),
                submitter_name=data["submitter_name"],
                submitter_phone=data["submitter_phone"],
                submitter_email=data["submitter_email"],
                is_anonymous=data["is_anonymous"],
                consent=data["consent"],
                dedupe_token=data.get("token") or None,
                flags=form.abuse_flags(),
                uploads=data["attachments"],
                user=self.request.user,
                workstation=data.get("workstation"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return self.receipt_redirect(opinion, key, token=data.get("token") or "")

    def receipt_redirect(self, opinion, key, *, token):
        """The receipt goes to the next page in an encrypted cookie, never in a session. A repeat
        of the same form (double click) keeps the first POST's key until it has been shown."""
        receipt = receipts.read(self.request) or {}
        if key is not None:
            receipt = {"code": opinion.tracking_code, "key": key, "token": token}
        elif receipt.get("token") != token or receipt.get("code") != opinion.tracking_code:
            receipt = {"code": opinion.tracking_code, "key": None, "token": token}
        response = redirect("opinions:receipt")
        receipts.write(response, receipt)
        return response


class MailboxSubmitView(PublicSubmitView):
    channel = Channel.MAILBOX

    def get_initial(self):
        """A link from a 委员之家 page pre-selects it (and its 旗区)."""
        initial = super().get_initial()
        pk = self.request.GET.get("workstation", "")
        if pk.isascii() and pk.isdigit() and len(pk) < 12:
            workstation = selectors.mailbox_workstations().filter(pk=int(pk)).first()
            if workstation is not None:
                initial.update(workstation=workstation.pk, committee=workstation.committee_id)
        return initial


@method_decorator(never_cache, name="dispatch")
class ReceiptView(View):
    """Shows the tracking code and the secret key once; a reload shows the code only."""

    def get(self, request):
        receipt = receipts.read(request)
        if not receipt or not receipt.get("code"):
            return redirect("opinions:track")
        context = {"code": receipt.get("code"), "key": receipt.get("key")}
        response = render(request, "opinions/receipt.html", context)
        if receipt.get("key"):
            receipts.write(response, {**receipt, "key": None})
        return response


@method_decorator(never_cache, name="dispatch")
class CaptchaImageView(View):
    def get(self, request, challenge):
        png = abuse.captcha_png(challenge[:64])
        if png is None:
            raise Http404
        return HttpResponse(png, content_type="image/png")


class RegionOptionsView(View):
    """htmx: the 苏木乡镇/嘎查村 options of one 旗区."""

    def get(self, request):
        committee_id = request.GET.get("committee", "")
        regions = (
            selectors.subregions(committee_id=int(committee_id))
            if re.fullmatch(r"[0-9]{1,18}", committee_id)
            else []
        )
        return render(request, "opinions/partials/region_options.html", {"regions": regions})


@lru_cache(maxsize=1)
def _dummy_key_hash() -> str:
    """Checked against when the code does not exist, so that a missing code costs the same hash
    work as an existing one (the default hasher, like the real lookup keys)."""
    return make_password(secrets.token_urlsafe(24))


def _full_phone(key: str) -> bytes | None:
    digits = unicodedata.normalize("NFKC", key or "").replace(" ", "").replace("-", "")
    return digits.encode() if re.fullmatch(r"1[0-9]{10}", digits) else None


@method_decorator(never_cache, name="dispatch")
class TrackView(View):
    """The public lookup. Tracking codes are sequential (JY-2026-000123) and that is fine: a
    code alone shows nothing — every lookup also needs the secret key, or the FULL phone number
    (pages show at most a masked 138****5678, never enough). Guessing is limited per client
    address (refused for an hour), and per code only by a CAPTCHA, so that nobody else's
    failures can lock the owner out of their own item. Existing and missing codes cost the same
    (one hash check each)."""

    template_name = "opinions/track.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.TrackingForm()})

    def post(self, request):
        ip = abuse.client_ip(request)
        if abuse.count("track-ip", ip) >= settings.TRACKING_FAILURES_PER_HOUR:
            return render(request, "opinions/too_many.html", {"tracking": True}, status=429)
        code = forms.TrackingForm.normalize_code(request.POST.get("code", ""))
        need_captcha = bool(code) and (
            abuse.count("track-code", code) >= settings.TRACKING_FAILURES_PER_CODE
        )
        form = forms.TrackingForm(request.POST, need_captcha=need_captcha)
        if not form.is_valid():
            if "captcha" in form.errors and request.POST.get("captcha"):  # a wrong answer
                abuse.hit("track-ip", ip, 3600)
            form.renew_captcha()
            return render(request, self.template_name, {"form": form})
        code, key = form.cleaned_data["code"], form.cleaned_data["key"]
        opinion = selectors.tracking_candidate(code)
        if not self._key_matches(opinion, key):
            abuse.hit("track-ip", ip, 3600)
            abuse.hit("track-code", code, 3600)
            form.add_error(None, _("查询码与查询密码（或手机号码）不匹配，请核对后再试。"))
            form.renew_captcha()
            return render(request, self.template_name, {"form": form})
        return render(request, "opinions/track_result.html", track_context(opinion))

    @staticmethod
    def _key_matches(opinion, key: str) -> bool:
        """Exactly one hash check on every path (existing code or not, key or phone)."""
        stored = opinion.lookup_key_hash if opinion is not None else ""
        key_ok = check_password(services.normalize_key(key), stored or _dummy_key_hash())
        phone, given = (opinion.submitter_phone if opinion else "") or "", _full_phone(key)
        phone_ok = given is not None and secrets.compare_digest(given, phone.encode())
        return opinion is not None and ((key_ok and bool(stored)) or (phone_ok and bool(phone)))


RATING_SALT = "opinions.rating"


def rating_token(opinion: Opinion) -> str:
    return signing.dumps({"o": opinion.pk}, salt=RATING_SALT)


def track_context(opinion) -> dict:
    context = {"opinion": opinion}
    if opinion.can_rate() or opinion.can_request_rehandle():
        context["rating_form"] = forms.RatingForm(initial={"token": rating_token(opinion)})
    return context


# --- review desk -----------------------------------------------------------------------------
class DeskMixin(PermissionRequiredMixin):
    permission_required = "opinions.view_desk"


class InboxView(DeskMixin, FilterView):
    filterset_class = OpinionFilter
    template_name = "opinions/desk/inbox.html"
    paginate_by = 20
    context_object_name = "opinions"

    def get_queryset(self):
        return selectors.desk_opinions(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["committees"] = org_selectors.committees_visible_to(self.request.user)
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        if user.committee_id:
            context["bulk_form"] = forms.BulkForm(
                staff=selectors.assignable_staff(committee_id=user.committee_id)
            )
        return context


class ExportView(DeskMixin, View):
    """The desk's filtered list as CSV/XLSX, contacts masked as on the desk. ``?contacts=1`` asks
    for full contacts: it needs ``opinions.export_contacts`` (403 without it), applies to the rows
    of committees the user may change, and the audit entry lists those rows."""

    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        include_contacts = request.GET.get("contacts") == "1"
        if include_contacts and not request.user.has_perm("opinions.export_contacts"):
            raise PermissionDenied
        committees = org_selectors.committees_visible_to(request.user)
        filterset = OpinionFilter(
            request.GET,
            queryset=selectors.desk_opinions(user=request.user),
            committees=committees,
            user=request.user,
        )
        rows = filterset.qs[: exports.MAX_ROWS]
        response, revealed = exports.opinions_export(
            rows, fmt=fmt, user=request.user, include_contacts=include_contacts
        )
        detail = {"query": request.GET.urlencode()[:500]}
        if include_contacts:
            detail.update(contacts=True, contact_ids=revealed)
        audit_log(
            actor=request.user,
            action="export_opinions_contacts" if include_contacts else "export_opinions",
            target=fmt,
            detail=detail,
            request=request,
        )
        return response


class BulkView(DeskMixin, View):
    def post(self, request):
        user = request.user
        if not user.committee_id and not user.is_superuser:
            raise PermissionDenied
        staff = selectors.assignable_staff(committee_id=user.committee_id)
        form = forms.BulkForm(request.POST, staff=staff)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(self._back(request))
        opinions = list(selectors.desk_opinions(user=user).filter(pk__in=form.cleaned_data["ids"]))
        if form.cleaned_data["action"] == "assign":
            done = services.opinions_bulk_assign(
                opinions=opinions, by=user, assignee=form.cleaned_data["assignee"]
            )
        else:
            done = services.opinions_bulk_spam(opinions=opinions, by=user)
        skipped = len(opinions) - done
        messages.success(
            request,
            _("已处理 %(done)s 条。") % {"done": done}
            + (_("另有 %(n)s 条因状态或权限未处理。") % {"n": skipped} if skipped else ""),
        )
        return redirect(self._back(request))

    @staticmethod
    def _back(request):
        nxt = request.POST.get("next", "")
        return reverse("opinions:inbox") + (nxt if nxt.startswith("?") else "")


ACTION_FORMS = {
    "assign": forms.AssignForm,
    "return": forms.ReturnForm,
    "reject": forms.RejectForm,
    "merge": forms.MergeForm,
    "adopt": forms.AdoptForm,
    "raise_level": forms.RaiseLevelForm,
    "convert": forms.ConvertForm,
    "note": forms.NoteForm,
    "spam": forms.ActionForm,
    "unspam": forms.ActionForm,
    "forward": forms.ForwardForm,
    "instruction": forms.InstructionForm,
}

ACTION_LABELS = {
    "assign": (gettext_lazy("分派经办人"), gettext_lazy("分派")),
    "return": (gettext_lazy("退回修改"), gettext_lazy("退回")),
    "reject": (gettext_lazy("不予采用"), gettext_lazy("确定不予采用")),
    "merge": (gettext_lazy("并案"), gettext_lazy("并案")),
    "adopt": (gettext_lazy("采用"), gettext_lazy("采用")),
    "raise_level": (gettext_lazy("提升采用层级"), gettext_lazy("提升")),
    "convert": (gettext_lazy("转为提案/协商议题"), gettext_lazy("转办")),
    "forward": (gettext_lazy("转交承办单位"), gettext_lazy("转交")),
    "instruction": (gettext_lazy("登记领导批示"), gettext_lazy("登记")),
    "note": (gettext_lazy("添加内部备注"), gettext_lazy("保存备注")),
    "spam": (gettext_lazy("标记为垃圾信息"), gettext_lazy("标记")),
    "unspam": (gettext_lazy("取消垃圾信息标记"), gettext_lazy("取消标记")),
}


def action_forms_for(opinion: Opinion, user, data=None, action=None):
    """The forms for the actions the opinion's state allows (and the user may take)."""
    if not user.has_perm("opinions.handle_opinion", opinion):
        return {}
    allowed = {
        "assign": opinion.can_assign(),
        "return": opinion.can_return(),
        "reject": opinion.can_decide(),
        "merge": opinion.can_merge(),
        "adopt": opinion.can_decide(),
        "raise_level": opinion.can_raise_level(),
        "convert": opinion.can_convert(),
        "forward": opinion.can_forward(),
        "instruction": opinion.can_record_instruction(),
        "note": True,
        "spam": opinion.can_flag_spam() and not opinion.is_spam,
        "unspam": opinion.is_spam,
    }
    result = {}
    for name, ok in allowed.items():
        if not ok:
            continue
        kwargs = {"initial": {"expected_status": opinion.status}, "prefix": name}
        if name == "assign":
            kwargs["staff"] = selectors.assignable_staff(committee_id=opinion.committee_id)
        if name == "forward":
            kwargs["departments"] = selectors.forwardable_departments(
                committee_id=opinion.committee_id
            )
        form_class = ACTION_FORMS[name]
        form = form_class(data if name == action else None, **kwargs)
        form.title, form.verb = ACTION_LABELS[name]
        result[name] = form
    return result


@method_decorator(never_cache, name="dispatch")
class DeskDetailView(ScopedObjectMixin, DeskMixin, DetailView):
    """The role first (``opinions.view_desk``: login, 403), then the desk's scope (404)."""

    template_name = "opinions/desk/detail.html"
    context_object_name = "opinion"

    def get_queryset(self):
        return selectors.desk_detail(user=self.request.user)

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.get_object()  # a POST-only record URL: the scope (404) before the method (405)
        return super().http_method_not_allowed(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opinion = self.object
        user = self.request.user
        context.setdefault("action_forms", action_forms_for(opinion, user))
        context["can_reveal"] = user.has_perm("opinions.reveal_contact", opinion)
        context["similar"] = selectors.similar_opinions(opinion=opinion)
        forwardings = list(selectors.desk_forwardings(opinion=opinion))
        can_handle = user.has_perm("opinions.handle_opinion", opinion)
        for forwarding in forwardings:
            forwarding.decision_form = None
            if can_handle and forwarding.can_decide_return():
                forwarding.decision_form = forms.ReturnDecisionForm(prefix=f"ret{forwarding.pk}")
            for reply in forwarding.replies.all():
                reply.review_form = None
                if can_handle and reply.review == "pending" and forwarding.can_review_reply():
                    reply.review_form = forms.ReplyReviewForm(
                        prefix=f"rev{reply.pk}", initial={"public_reply": reply.text}
                    )
        context["forwardings"] = forwardings
        return context


class DeskActionView(DeskDetailView):
    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in ACTION_FORMS:
            raise Http404
        self.object = opinion = self.get_object()
        if not request.user.has_perm("opinions.handle_opinion", opinion):
            raise PermissionDenied
        action_forms = action_forms_for(opinion, request.user, data=request.POST, action=action)
        form = action_forms.get(action)
        if form is None:
            messages.error(
                request,
                _("该建言的当前状态（%(status)s）不允许此操作，可能已被他人处理。")
                % {"status": opinion.get_status_display()},
            )
            return redirect("opinions:desk_detail", pk=opinion.pk)
        if form.is_valid():
            try:
                self.perform(action, opinion, form.cleaned_data)
            except TransitionError as exc:
                messages.error(request, exc.message)
                return redirect("opinions:desk_detail", pk=opinion.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("操作已完成。"))
                return redirect("opinions:desk_detail", pk=opinion.pk)
        context = self.get_context_data(object=opinion, action_forms=action_forms)
        context["open_action"] = action
        return self.render_to_response(context, status=400)

    def perform(self, action, opinion, data):
        by = self.request.user
        common = {"opinion": opinion, "by": by, "comment": data.get("comment", "")}
        expected = data.get("expected_status") or None
        if action == "assign":
            services.opinion_assign(assignee=data["assignee"], expected_status=expected, **common)
        elif action == "return":
            services.opinion_return(expected_status=expected, **common)
        elif action == "reject":
            services.opinion_reject(reason=data["reason"], expected_status=expected, **common)
        elif action == "merge":
            target = (
                selectors.desk_opinions(user=by)
                .filter(tracking_code__iexact=data["into_code"])
                .first()
            )
            if target is None:
                raise ValidationError({"into_code": _("找不到该查询码对应的建言。")})
            services.opinion_merge(into=target, expected_status=expected, **common)
        elif action == "adopt":
            services.opinion_adopt(level=data["level"], expected_status=expected, **common)
        elif action == "raise_level":
            services.opinion_raise_level(level=data["level"], **common)
        elif action == "convert":
            services.opinion_convert(target=data["target"], reference=data["reference"], **common)
        elif action == "note":
            services.opinion_add_note(**common)
        elif action in ("spam", "unspam"):
            services.opinion_set_spam(spam=action == "spam", **common)
        elif action == "forward":
            handling.opinion_forward(
                opinion=opinion,
                by=by,
                lead=data["lead"],
                co=data["co"],
                due_date=data["due_date"],
                cover_note=data["comment"],
                expected_status=expected,
            )
        elif action == "instruction":
            handling.instruction_record(
                opinion=opinion,
                by=by,
                leader_name=data["leader_name"],
                leader_title=data["leader_title"],
                level=data["level"],
                instructed_on=data["instructed_on"],
                text=data["comment"],
            )


@method_decorator(never_cache, name="dispatch")
class RevealView(DeskDetailView):
    """POST: show the submitter's contact details to the handler, and log it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        self.object = opinion = self.get_object()
        if not request.user.has_perm("opinions.reveal_contact", opinion):
            raise PermissionDenied
        revealed = services.opinion_reveal_contact(
            opinion=opinion, by=request.user, request=request
        )
        self.object = self.get_object()  # the timeline now shows the reveal
        context = self.get_context_data(object=self.object)
        context["revealed"] = revealed
        return self.render_to_response(context)


class StaffEntryView(PermissionRequiredMixin, FormView):
    permission_required = "opinions.enter_opinion"
    form_class = forms.StaffEntryForm
    template_name = "opinions/desk/entry.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["committees"] = org_selectors.committees_changeable_by(self.request.user)
        return kwargs

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            opinion, key = services.opinion_enter_on_behalf(
                by=self.request.user,
                committee=data["committee"],
                channel=data["channel"],
                title=data["title"],
                content=data["content"],
                category=data["category"],
                region=data.get("region"),
                submitter_name=data["submitter_name"],
                submitter_phone=data["submitter_phone"],
                submitter_email=data["submitter_email"],
                uploads=data["attachments"],
                comment=data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已录入，查询码 %(code)s，查询密码 %(key)s。请告知反映人妥善保存（只显示这一次）。")
            % {"code": opinion.tracking_code, "key": key},
        )
        return redirect("opinions:desk_detail", pk=opinion.pk)


@method_decorator(never_cache, name="dispatch")
class AttachmentView(View):
    """Attachments are served only through here: to the committee's office (in scope) and to the
    member who wrote the item."""

    def get(self, request, token):
        attachment = get_object_or_404(
            Attachment.objects.select_related("opinion", "opinion__author"), token=token[:32]
        )
        # Outside the user's reach it does not exist (404), like every scoped object. The rule
        # itself, not user.has_perm, which says yes to any superuser: a draft is its author's alone.
        if not rules.has_perm("opinions.download_attachment", request.user, attachment.opinion):
            raise Http404
        return private_file_response(
            attachment.file,
            content_type=attachment.content_type,
            filename=attachment.original_name,
            download=not attachment.is_image,
        )


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
        return selectors.member_items(member=self.member)


@method_decorator(never_cache, name="dispatch")
class MyOpinionDetailView(MemberItemMixin, DetailView):
    template_name = "opinions/mine/detail.html"
    context_object_name = "opinion"

    def get_queryset(self):
        return selectors.member_item_detail(member=self.member)


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
            if not self.opinion.can_edit_draft():
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
