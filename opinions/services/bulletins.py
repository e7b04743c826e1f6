"""《社情民意信息》 bulletins: create an issue, put adopted opinions in it, edit, order, remove them,
and sign it off (签发). Every edit and the sign-off is a row of ``opinions.workflows.BULLETIN``
(``opinions.manage_bulletin``, only while the issue is a draft) with its event; the sign-off
compiles each adopted opinion (``OPINION``'s ``compile``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import require_perm
from notifications.models import NoticeKind
from notifications.services import notice_add
from org.models import Committee

from ..models import Bulletin, BulletinItem, BulletinSequence, Opinion, Status
from ..workflows import BULLETIN, OPINION
from .common import run_opinion


def bulletin_recipients(committee: Committee) -> str:
    if committee.is_municipal:
        return "报：中共鄂尔多斯市委，鄂尔多斯市人民政府，自治区政协\n送：市委办公室，市政府办公室"
    name = committee.short_name
    return (
        f"报：中共{name}委员会，{name}人民政府，鄂尔多斯市政协\n"
        f"送：{name}委办公室，{name}人民政府办公室"
    )


@transaction.atomic
def bulletin_create(*, by: User, committee: Committee) -> Bulletin:
    require_perm(by, "opinions.manage_bulletin", committee)
    return Bulletin.objects.create(
        committee=committee,
        year=timezone.localdate().year,
        created_by=by,
        recipients=bulletin_recipients(committee),
    )


def _item_data(item: BulletinItem) -> dict:
    return {"item": item.pk, "opinion": item.opinion_id, "title": item.editorial_title}


def bulletin_add_item(*, bulletin: Bulletin, opinion: Opinion, by: User) -> BulletinItem:
    created: list[BulletinItem] = []
    data: dict = {}  # completed by apply, which runs before the event is written

    def apply(issue: Bulletin) -> None:
        item_opinion = OPINION.lock(opinion)
        if item_opinion.committee_id != issue.committee_id:
            raise ValidationError(_("只能编入本政协组织采用的建言。"))
        OPINION.check_state(item_opinion, "compile")
        if BulletinItem.objects.filter(opinion=item_opinion).exists():
            raise ValidationError(_("该建言已编入其他一期《社情民意信息》。"))
        last = issue.items.order_by("-position").values_list("position", flat=True).first() or 0
        body = item_opinion.content
        if item_opinion.analysis:
            body += "\n" + item_opinion.analysis
        if item_opinion.suggestion:
            body += "\n" + item_opinion.suggestion
        item = BulletinItem.objects.create(
            bulletin=issue,
            opinion=item_opinion,
            position=last + 1,
            editorial_title=item_opinion.title,
            editorial_body=body,
        )
        created.append(item)
        data.update(_item_data(item))

    BULLETIN.run(bulletin, "add_item", by=by, data=data, apply=apply)
    return created[0]


def _locked_item(item: BulletinItem) -> BulletinItem:
    return BulletinItem.objects.select_for_update().select_related("bulletin").get(pk=item.pk)


@transaction.atomic
def bulletin_update_item(
    *, item: BulletinItem, by: User, editorial_title: str, editorial_body: str
) -> BulletinItem:
    item = _locked_item(item)

    def apply(issue: Bulletin) -> None:
        item.editorial_title, item.editorial_body = editorial_title, editorial_body
        item.full_clean()
        item.save()

    BULLETIN.run(item.bulletin, "edit_item", by=by, data=_item_data(item), apply=apply)
    return item


@transaction.atomic
def bulletin_remove_item(*, item: BulletinItem, by: User) -> None:
    item = _locked_item(item)

    def apply(issue: Bulletin) -> None:
        item.delete()

    BULLETIN.run(item.bulletin, "remove_item", by=by, data=_item_data(item), apply=apply)


@transaction.atomic
def bulletin_move_item(*, item: BulletinItem, by: User, up: bool) -> None:
    item = _locked_item(item)

    def apply(issue: Bulletin) -> None:
        items = list(issue.items.select_for_update().order_by("position", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        swap = index - 1 if up else index + 1
        if 0 <= swap < len(items):
            items[index], items[swap] = items[swap], items[index]
        for position, other in enumerate(items, 1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])

    BULLETIN.run(
        item.bulletin,
        "move_item",
        by=by,
        data={**_item_data(item), "up": up},
        apply=apply,
    )


def _notify(users, *, issue: Bulletin, text: str, cause: str) -> None:
    for user in users:
        notice_add(
            user=user,
            text=text,
            link=f"/opinions/bulletins/{issue.pk}/",
            cause=f"{cause}:{user.pk}",
            kind=NoticeKind.REVIEW,
        )


def _compilers(issue: Bulletin):
    return User.objects.filter(pk__in=issue.compiler_ids, is_active=True)


def bulletin_submit(*, bulletin: Bulletin, by: User, comment: str = "") -> Bulletin:
    """送签: the compiled issue goes to the committee's leaders for sign-off; its items are
    frozen until it is signed off or sent back. The leaders are told."""

    def tell_leaders(issue: Bulletin, event) -> None:
        leaders = User.objects.filter(
            role=User.Role.LEADER, committee_id=issue.committee_id, is_active=True
        )
        _notify(
            leaders,
            issue=issue,
            text=_("《社情民意信息》（%(n)s条）已送签，请审阅签发。") % {"n": issue.items.count()},
            cause=f"bulletin-submitted:{event.pk}",
        )

    return BULLETIN.run(
        bulletin,
        "submit",
        by=by,
        comment=comment,
        changes={"submitted_by": by, "submitted_at": timezone.now()},
        after=tell_leaders,
    ).obj


def bulletin_send_back(*, bulletin: Bulletin, by: User, comment: str) -> Bulletin:
    """The signer sends the issue back to its editors (a reason is required)."""
    comment = comment.strip()

    def apply(issue: Bulletin) -> None:
        if not comment:
            raise ValidationError({"comment": _("请写明退回修改的意见。")})

    def tell_compilers(issue: Bulletin, event) -> None:
        _notify(
            _compilers(issue),
            issue=issue,
            text=_("送签的《社情民意信息》被退回修改：%(c)s") % {"c": comment},
            cause=f"bulletin-sent-back:{event.pk}",
        )

    return BULLETIN.run(
        bulletin, "send_back", by=by, comment=comment, apply=apply, after=tell_compilers
    ).obj


def bulletin_issue(*, bulletin: Bulletin, by: User, comment: str = "") -> Bulletin:
    """签发 (by a leader, or staff holding the grant — never its compiler): take the next 期号 for the committee and year (the sequence row is locked, so two
    sign-offs at once get consecutive numbers), make the issue read-only, mark items compiled."""
    data: dict = {}  # completed by apply, which runs before the event is written

    def apply(issue: Bulletin) -> None:
        if not issue.items.exists():
            raise ValidationError(_("本期还没有编入任何信息，不能签发。"))
        year = timezone.localdate().year
        BulletinSequence.objects.get_or_create(committee_id=issue.committee_id, year=year)
        sequence = BulletinSequence.objects.select_for_update().get(
            committee_id=issue.committee_id, year=year
        )
        sequence.last += 1
        sequence.save(update_fields=["last"])
        issue.year, issue.number = year, sequence.last
        issue.signed_by, issue.issued_at = by, timezone.now()
        data.update(year=year, number=issue.number)

    def compile_items(issue: Bulletin, event) -> None:
        _notify(
            _compilers(issue),
            issue=issue,
            text=_("%(b)s已签发。") % {"b": issue},
            cause=f"bulletin-issued:{event.pk}",
        )
        for item in issue.items.select_related("opinion").order_by("position", "pk"):
            current = OPINION.lock(item.opinion)
            if current.status == Status.ADOPTED:
                run_opinion(
                    current,
                    "compile",
                    by=by,
                    data={"bulletin": issue.pk, "number": issue.number, "year": issue.year},
                )

    return BULLETIN.run(
        bulletin, "issue", by=by, comment=comment, data=data, apply=apply, after=compile_items
    ).obj
