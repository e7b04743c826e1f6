"""The review desk's actions on one opinion: one registry keyed by the rows of
``opinions.workflows.OPINION`` (form, title, button, service), the forms offered from
``OPINION.can`` — no parallel lists of forms, labels and state checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import forms, selectors, services
from ..models import Opinion
from ..workflows import OPINION


def _merge(opinion: Opinion, by, data: dict) -> None:
    code = data["into_code"].strip().upper()  # codes are stored upper-case: the unique index
    target = selectors.desk_opinions(user=by).filter(tracking_code=code).first()
    if target is None:
        raise ValidationError({"into_code": _("找不到该查询码对应的建言。")})
    services.opinion_merge(
        opinion=opinion,
        into=target,
        by=by,
        comment=data["comment"],
        expected_status=data["expected_status"] or None,
    )


def _kwargs(
    opinion: Opinion, by, data: dict, *fields: str, expected: bool = True, comment: str = "comment"
) -> dict:
    """A desk service's keywords: the opinion and the actor, the form's comment under the
    service's name for it, the status the form was shown in (``expected``: a second clicker is
    told someone was faster) and the form's ``fields`` under their own names."""
    kwargs = {"opinion": opinion, "by": by, comment: data.get("comment", "")}
    if expected:
        kwargs["expected_status"] = data.get("expected_status") or None
    kwargs.update((name, data[name]) for name in fields)
    return kwargs


def _instruction(opinion: Opinion, by, data: dict) -> object:
    fields = ("leader_name", "leader_title", "level", "instructed_on")
    return services.instruction_record(
        **_kwargs(opinion, by, data, *fields, expected=False, comment="text")
    )


@dataclass(frozen=True)
class DeskAction:
    """One desk action: its form, its title and button, and the service it calls. The action
    names are the rows of ``opinions.workflows.OPINION`` (``note`` aside: no state change)."""

    form: type[forms.ActionForm]
    title: Promise
    verb: Promise
    perform: Callable[[Opinion, Any, dict], object]


DESK_ACTIONS: dict[str, DeskAction] = {
    "assign": DeskAction(
        forms.AssignForm,
        gettext_lazy("分派经办人"),
        gettext_lazy("分派"),
        lambda o, by, d: services.opinion_assign(**_kwargs(o, by, d, "assignee")),
    ),
    "return": DeskAction(
        forms.ReturnForm,
        gettext_lazy("退回修改"),
        gettext_lazy("退回"),
        lambda o, by, d: services.opinion_return(**_kwargs(o, by, d)),
    ),
    "reject": DeskAction(
        forms.RejectForm,
        gettext_lazy("不予采用"),
        gettext_lazy("确定不予采用"),
        lambda o, by, d: services.opinion_reject(**_kwargs(o, by, d, "reason")),
    ),
    "merge": DeskAction(forms.MergeForm, gettext_lazy("并案"), gettext_lazy("并案"), _merge),
    "adopt": DeskAction(
        forms.AdoptForm,
        gettext_lazy("采用"),
        gettext_lazy("采用"),
        lambda o, by, d: services.opinion_adopt(**_kwargs(o, by, d, "level")),
    ),
    "raise_level": DeskAction(
        forms.RaiseLevelForm,
        gettext_lazy("提升采用层级"),
        gettext_lazy("提升"),
        lambda o, by, d: services.opinion_raise_level(**_kwargs(o, by, d, "level", expected=False)),
    ),
    "convert": DeskAction(
        forms.ConvertForm,
        gettext_lazy("转为提案/协商议题"),
        gettext_lazy("转办"),
        lambda o, by, d: services.opinion_convert(
            **_kwargs(o, by, d, "target", "reference", expected=False)
        ),
    ),
    "forward": DeskAction(
        forms.ForwardForm,
        gettext_lazy("转交承办单位"),
        gettext_lazy("转交"),
        lambda o, by, d: services.opinion_forward(
            **_kwargs(o, by, d, "lead", "co", "due_date", comment="cover_note")
        ),
    ),
    "instruction": DeskAction(
        forms.InstructionForm,
        gettext_lazy("登记领导批示"),
        gettext_lazy("登记"),
        _instruction,
    ),
    "note": DeskAction(
        forms.NoteForm,
        gettext_lazy("添加内部备注"),
        gettext_lazy("保存备注"),
        lambda o, by, d: services.opinion_add_note(**_kwargs(o, by, d, expected=False)),
    ),
    "spam": DeskAction(
        forms.ActionForm,
        gettext_lazy("标记为垃圾信息"),
        gettext_lazy("标记"),
        lambda o, by, d: services.opinion_set_spam(spam=True, **_kwargs(o, by, d, expected=False)),
    ),
    "unspam": DeskAction(
        forms.ActionForm,
        gettext_lazy("取消垃圾信息标记"),
        gettext_lazy("取消标记"),
        lambda o, by, d: services.opinion_set_spam(spam=False, **_kwargs(o, by, d, expected=False)),
    ),
}


def desk_actions_available(opinion: Opinion, user) -> list[str]:
    """The actions to offer: the table's rows the user may run now (``OPINION.can``), and a note
    wherever the user may handle the opinion."""
    return [
        name
        for name in DESK_ACTIONS
        if (
            user.has_perm("opinions.handle_opinion", opinion)
            if name == "note"
            else OPINION.can(opinion, name, user)
        )
    ]


def action_forms_for(opinion: Opinion, user, data=None, action=None):
    """The forms for the actions the opinion's state allows (and the user may take)."""
    result = {}
    for name in desk_actions_available(opinion, user):
        kwargs = {"initial": {"expected_status": opinion.status}, "prefix": name}
        if name == "assign":
            kwargs["staff"] = selectors.assignable_staff(committee_id=opinion.committee_id)
        if name == "forward":
            kwargs["departments"] = selectors.forwardable_departments(
                committee_id=opinion.committee_id
            )
        spec = DESK_ACTIONS[name]
        form = spec.form(data if name == action else None, **kwargs)
        form.title, form.verb = spec.title, spec.verb
        result[name] = form
    return result
