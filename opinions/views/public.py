"""The public side: 我要建言 and 政协信箱, the receipt, the CAPTCHA, the tracking page and the
citizen's rating."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from rules.contrib.views import PermissionRequiredMixin

from core import http as core_http
from core.forms import add_service_errors
from core.views import PublicShellMixin
from org import selectors as org_selectors

from .. import abuse, forms, receipts, selectors, services, tracking
from ..models import Channel
from ..services import TransitionError
from ..workflows import OPINION
from .guards import SubmissionLimitMixin


# --- public: 我要建言 / 政协信箱 ---------------------------------------------------------------
@method_decorator(core_http.never_cache, name="dispatch")
class PublicSubmitView(PublicShellMixin, SubmissionLimitMixin):
    """Checks in order of cost: the per-IP limit (every POST counts, valid or not), then the
    fields and the CAPTCHA, and only then the attachments are decoded (see the form's clean).

    The empty form is the same page for every anonymous visitor who is not asked for a CAPTCHA:
    it is served from its rendered shell with fresh form tokens (core.views.PublicShellMixin)."""

    form_class = forms.PublicOpinionForm
    template_name = "opinions/submit.html"
    channel = Channel.WEB

    @cached_property
    def captcha_shown_first(self) -> bool:
        """Whether the empty form already carries the CAPTCHA. A courtesy to a browser that
        posted here before: the POST decides (a client over the threshold that sends no CAPTCHA
        gets the form back with one, its text kept). So the counter is read only for a request
        that carries our CSRF cookie — every browser that has posted a form does — and a first
        visit, the common case, costs no cache round trip (issue 11). Read once per request."""
        if settings.SUBMISSION_CAPTCHA_AFTER <= 0:
            return True  # asked of everyone
        if settings.CSRF_COOKIE_NAME not in self.request.COOKIES:
            return False
        return abuse.captcha_required(self.ip)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["need_captcha"] = self.need_captcha()
        kwargs["mailbox"] = self.channel == Channel.MAILBOX
        return kwargs

    def get_initial(self):
        """A signed-in user's name and phone, from the account (they may change them)."""
        initial = super().get_initial()
        user = self.request.user
        if user.is_authenticated:
            initial.update(submitter_name=user.name, submitter_phone=user.phone or "")
        return initial

    def shell_key(self):
        key = super().shell_key()
        return None if key is None or self.captcha_shown_first else key

    def rendered_values(self, response):
        form = response.context_data["form"]
        return {name: form.initial[name] for name in ("started", "token")}

    def fresh_values(self):
        return forms.PublicOpinionForm.fresh_tokens()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["channel"] = self.channel
        context["is_mailbox"] = self.channel == Channel.MAILBOX
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        # The service commits its own transaction, and what runs on commit (enqueueing the
        # notices) logs its failures instead of raising, so a saved submission always gets its
        # receipt. No outer transaction here: on SQLite it would hold the database's write lock
        # while the lookup key is hashed.
        try:
            opinion, key = services.opinion_submit_public(
                channel=self.channel,
                is_anonymous=data["is_anonymous"],
                consent=data["consent"],
                dedupe_token=data.get("token") or None,
                language=translation.get_language(),
                flags=form.abuse_flags(),
                user=self.request.user,
                workstation=data.get("workstation"),
                **forms.matter_kwargs(data),
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


class RegionsView(View):
    """JSON for the public forms' place select (static/js/portal.js): the 苏木乡镇/嘎查村 of one
    旗区 as ``{"regions": [{"id": …, "label": …}, …]}``. Public, read from the lists computed
    once per process (no query when they are there; the id is never sent to the database), and
    cacheable by the browser and any proxy for a few minutes; an unknown committee is a 404."""

    max_age = 300

    def get(self, request, committee_id):
        if committee_id not in {row.pk for row in org_selectors.committee_rows()}:
            raise Http404
        places = org_selectors.places_of(committee_id)
        response = JsonResponse({"regions": [{"id": p.pk, "label": p.label} for p in places]})
        patch_cache_control(response, public=True, max_age=self.max_age)
        # the labels are in the page's language (Mongolian names, issue 16): from the cookie
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


@method_decorator(never_cache, name="dispatch")
class TrackView(View):
    """The public lookup: every lookup needs the code and the secret key, or the FULL phone
    number (pages show at most a masked 138****5678, never enough). The checks and limits are
    opinions.tracking's, shared with the API."""

    template_name = "opinions/track.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.TrackingForm()})

    def post(self, request):
        ip = abuse.client_ip(request)
        if tracking.ip_blocked(ip):
            return render(request, "opinions/too_many.html", {"tracking": True}, status=429)
        code = forms.TrackingForm.normalize_code(request.POST.get("code", ""))
        form = forms.TrackingForm(request.POST, need_captcha=tracking.code_needs_captcha(code))
        if not form.is_valid():
            if "captcha" in form.errors and request.POST.get("captcha"):  # a wrong answer
                tracking.wrong_captcha(ip)
            form.renew_captcha()
            return render(request, self.template_name, {"form": form})
        opinion = tracking.find(ip=ip, code=form.cleaned_data["code"], key=form.cleaned_data["key"])
        if opinion is None:
            form.add_error(None, _("查询码与查询密码（或手机号码）不匹配，请核对后再试。"))
            form.renew_captcha()
            return render(request, self.template_name, {"form": form})
        return self.found(request, opinion)

    def found(self, request, opinion):
        return render(request, "opinions/track_result.html", track_context(opinion))


class ClaimView(PermissionRequiredMixin, TrackView):
    """A signed-in citizen adds an item to their account with its tracking code and key (or
    full phone number): the same checks and limits as the public lookup (TrackView)."""

    permission_required = "opinions.claim_opinion"
    template_name = "opinions/claim.html"

    def found(self, request, opinion):
        try:
            claimed = services.opinion_claim(opinion=opinion, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("opinions:claim")
        if claimed:
            messages.success(
                request,
                _("已将 %(code)s 加入“我的建言”。") % {"code": opinion.tracking_code},
            )
        else:
            messages.info(
                request, _("%(code)s 已在“我的建言”中。") % {"code": opinion.tracking_code}
            )
        return redirect("home")


RATING_SALT = tracking.RATING_SALT
rating_token = tracking.rating_token


def track_context(opinion) -> dict:
    context = {"opinion": opinion}
    context["can_rate"] = OPINION.can(opinion, "rate")
    if tracking.rating_open(opinion):
        context["rating_form"] = forms.RatingForm(initial={"token": rating_token(opinion)})
    return context


# --- citizen rating --------------------------------------------------------------------------
@method_decorator(never_cache, name="dispatch")
class RateView(View):
    """POST from the tracking page (which proved the code + key): rate the answer (or ask for
    re-handling), the decision being the service's (``opinion_give_feedback``, as the API's)."""

    def post(self, request):
        form = forms.RatingForm(request.POST)
        opinion = tracking.opinion_for_rating(request.POST.get("token", ""))
        if opinion is None:
            messages.error(request, _("页面已过期，请重新查询后再评价。"))
            return redirect("opinions:track")
        if not form.is_valid():
            return render(
                request,
                "opinions/track_result.html",
                {"opinion": opinion, "rating_form": form, "can_rate": OPINION.can(opinion, "rate")},
                status=400,
            )
        try:
            services.opinion_give_feedback(
                opinion=opinion,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
                rehandle=form.cleaned_data["rehandle"],
            )
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("感谢您的评价。"))
        opinion = selectors.tracking_candidate_by_pk(opinion.pk)
        return render(request, "opinions/track_result.html", track_context(opinion))
