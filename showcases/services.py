"""Every write to 典型经验 (a staff write-up of good practice) goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Required, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultations.models import Consultation, Outcome
from consultations.workflows import HAS_TAKEN_PLACE
from core.uploads import CleanUpload
from lectures.models import LectureOrder
from liaison.models import Activity
from opinions.models import Opinion
from org.models import Committee

from .models import Showcase, ShowcaseEvent, ShowcasePhoto
from .workflows import SHOWCASE

MAX_PHOTOS = 6
# The records a write-up may be about: shown, not drafts of their own.
SOURCE_OPINION_EXCLUDED = ("draft", "not_adopted", "merged")
# A consultation event is written up once it has taken place.
SOURCE_CONSULTATION_STATES = HAS_TAKEN_PLACE


class ShowcaseDetails(TypedDict, total=False):
    title: Required[str]
    summary: Required[str]
    body: Required[str]
    activity: Activity | None
    opinion: Opinion | None
    lecture_order: LectureOrder | None
    consultation: Consultation | None
    outcome: Outcome | None


def _check_sources(committee: Committee, details: ShowcaseDetails) -> None:
    """A write-up is about records of its own committee (a municipal one: of any committee),
    and only about what has happened: a confirmed activity, a submitted item, a delivered
    lecture."""
    errors: dict[str, Any] = {}

    def outside(record) -> bool:
        return not committee.is_municipal and record.committee_id != committee.pk

    activity = details.get("activity")
    if activity is not None and (outside(activity) or activity.status != Activity.Status.CONFIRMED):
        errors["activity"] = _("只能选择本政协组织已确认的履职活动。")
    opinion = details.get("opinion")
    if opinion is not None and (outside(opinion) or opinion.status in SOURCE_OPINION_EXCLUDED):
        errors["opinion"] = _("只能选择本政协组织已受理的社情民意。")
    order = details.get("lecture_order")
    if order is not None and (
        outside(order)
        or order.status not in (LectureOrder.Status.DELIVERED, LectureOrder.Status.RATED)
    ):
        errors["lecture_order"] = _("只能选择本政协组织已授课的委员讲堂订单。")
    errors.update(_consultation_source_errors(committee, details))
    if errors:
        raise ValidationError(errors)


def _consultation_source_errors(committee: Committee, details: ShowcaseDetails) -> dict[str, Any]:
    """A consultation event that has taken place, and an outcome of one (of the event chosen
    with it, if both are)."""
    errors: dict[str, Any] = {}

    def outside(committee_id: int) -> bool:
        return not committee.is_municipal and committee_id != committee.pk

    consultation = details.get("consultation")
    if consultation is not None and (
        outside(consultation.committee_id) or consultation.status not in SOURCE_CONSULTATION_STATES
    ):
        errors["consultation"] = _("只能选择本政协组织已召开的协商活动。")
    outcome = details.get("outcome")
    if outcome is not None:
        if outside(outcome.consultation.committee_id):
            errors["outcome"] = _("只能选择本政协组织的协商成果。")
        elif consultation is not None and outcome.consultation_id != consultation.pk:
            errors["outcome"] = _("所选协商成果不属于所选协商活动。")
    return errors


def _store_photos(showcase: Showcase, photos: Iterable[CleanUpload]) -> None:
    photos = list(photos)
    if not photos:
        return
    if any(not p.content_type.startswith("image/") for p in photos):
        raise ValidationError({"photos": _("只能上传 JPG 或 PNG 图片。")})
    if showcase.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("每篇最多 %(n)s 张照片。") % {"n": MAX_PHOTOS}})
    for upload in photos:
        photo = ShowcasePhoto(
            showcase=showcase,
            token=upload.token,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=len(upload.data),
        )
        photo.file.save(photo.extension, ContentFile(upload.data), save=False)
        photo.save()


@transaction.atomic
def showcase_create(
    *,
    by: User,
    committee: Committee,
    photos: Iterable[CleanUpload] = (),
    **details: Unpack[ShowcaseDetails],
) -> Showcase:
    showcase = Showcase(committee=committee, created_by=by, **details)
    if not by.has_perm("showcases.edit", showcase):
        raise PermissionDenied(_("您无权为该政协组织撰写典型经验。"))
    _check_sources(committee, details)
    showcase.full_clean()
    showcase.save()
    _store_photos(showcase, photos)
    ShowcaseEvent.objects.create(
        showcase=showcase,
        kind=ShowcaseEvent.Kind.CREATED,
        actor=by,
        to_status=showcase.status,
    )
    return showcase


def showcase_update(
    *,
    showcase: Showcase,
    by: User,
    photos: Iterable[CleanUpload] = (),
    remove_photos: Iterable[int] = (),
    **details: Unpack[ShowcaseDetails],
) -> Showcase:
    photos = list(photos)
    remove = set(remove_photos)

    def apply(locked: Showcase) -> None:
        _check_sources(locked.committee, details)
        for name in ShowcaseDetails.__annotations__:
            setattr(locked, name, details.get(name))
        locked.full_clean()
        if remove:
            for photo in locked.photos.filter(pk__in=remove):
                photo.file.delete(save=False)
                photo.delete()
        _store_photos(locked, photos)

    return SHOWCASE.run(showcase, "edit", by=by, apply=apply).obj


def showcase_publish(*, showcase: Showcase, by: User) -> Showcase:
    return SHOWCASE.run(
        showcase,
        "publish",
        by=by,
        changes={"published_at": showcase.published_at or timezone.now()},
    ).obj


def showcase_unpublish(*, showcase: Showcase, by: User, reason: str = "") -> Showcase:
    return SHOWCASE.run(showcase, "unpublish", by=by, comment=(reason or "").strip()).obj
