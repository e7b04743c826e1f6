"""PIPL: one person's data."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from rules.contrib.views import PermissionRequiredMixin

from .. import forms, privacy


# --- PIPL: one person's data -----------------------------------------------------------------
@method_decorator(never_cache, name="dispatch")
class PersonalDataView(PermissionRequiredMixin, View):
    """Find, export or erase one person's contact details (by phone number). Logged."""

    permission_required = "opinions.manage_personal_data"
    template_name = "opinions/privacy.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.PersonalDataForm()})

    def post(self, request):
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
                request, _("已删除 %(n)s 条记录中的本人姓名和联系方式。") % {"n": count}
            )
            return redirect("opinions:privacy")
        opinions = list(privacy.personal_data_find(by=request.user, phone=phone, request=request))
        others = [
            (source, hits)
            for source, hits in privacy.personal_data_find_other(by=request.user, phone=phone)
            if hits
        ]
        return render(
            request,
            self.template_name,
            {
                "form": forms.PersonalDataForm(initial={"phone": phone}),
                "opinions": opinions,
                "others": others,
                "found": bool(opinions or others),
                "searched": True,
                "phone": phone,
            },
        )
