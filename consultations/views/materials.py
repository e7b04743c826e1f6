"""Pages of 会议材料: the office uploads a material on the event's page, marks it public or not,
removes it; the file is served only through ``MaterialDownloadView`` — public ones of a public
event to everyone, the rest to the office and leaders who see the event and to the members
invited to it (``consultations.download_material``); anybody else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from core.access import RecordViewMixin
from core.http import private_file_response
from core.workflow import TransitionError

from .. import services
from ..forms import MaterialForm
from ..models import Consultation, ConsultationMaterial
from ..workflows import CONSULTATION
from .events import ConsultationPostView


class MaterialUploadView(ConsultationPostView):
    action = "add_material"
    form_name = "material_form"

    def run(self, request, action):
        self.form = MaterialForm(request.POST, request.FILES)
        if not self.form.is_valid():
            return self.page_again()
        data = self.form.cleaned_data
        material = services.material_add(
            consultation=self.consultation,
            by=request.user,
            upload=data["file"],
            title=data["title"],
            is_public=data["is_public"],
        )
        messages.success(request, _("已上传会议材料“%(title)s”。") % {"title": material.title})
        return None


# action in the URL → (the table's row, what it does)
MATERIAL_ACTIONS = {
    "public": "change_material",
    "private": "change_material",
    "remove": "remove_material",
}


class MaterialActionView(RecordViewMixin, View):
    """Mark a material public or not, or remove it: the role (403), the material's event in the
    user's scope (404), the table's rule on the event (403), its state (a message)."""

    http_method_names = ["post"]
    permission_required = "consultations.manage"
    record_name = "material"

    def record_queryset(self, user):
        return ConsultationMaterial.objects.filter(
            consultation__in=Consultation.objects.visible_to(user)
        ).select_related("consultation")

    def post(self, request, pk, action):
        if action not in MATERIAL_ACTIONS:
            raise Http404
        material = self.material
        CONSULTATION.check_actor(material.consultation, MATERIAL_ACTIONS[action], request.user)
        try:
            if action == "remove":
                services.material_remove(material=material, by=request.user)
                messages.success(request, _("已删除会议材料。"))
            else:
                services.material_set_public(
                    material=material, by=request.user, is_public=action == "public"
                )
                messages.success(
                    request,
                    _("已设为公开，公开页面上可以下载。")
                    if action == "public"
                    else _("已设为不公开，仅工作人员和受邀委员可以下载。"),
                )
        except TransitionError as exc:
            messages.error(request, exc.message)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("consultations:detail", pk=material.consultation_id)


@method_decorator(never_cache, name="dispatch")
class MaterialDownloadView(View):
    """The file, to whoever may have it; to anybody else a 404 (the token is the lookup)."""

    def get(self, request, token):
        material = get_object_or_404(
            ConsultationMaterial.objects.select_related("consultation"), token=token[:32]
        )
        if not request.user.has_perm("consultations.download_material", material):
            raise Http404
        # never cached: a material made private again stops being served at once
        return private_file_response(
            material.file,
            content_type=material.content_type,
            filename=material.original_name,
            download=not material.is_image,
        )
