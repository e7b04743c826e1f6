"""Every write to an opinion goes through these functions. Each transition locks the row, checks
the state guard, changes the state, writes an event, and sends notifications after commit."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from core.uploads import CleanUpload
from ledger import services as ledger
from members.models import Member
from org import scope
from org.models import Committee

from . import notifications
from .models import (
    ADOPTION_RANK,
    PUBLIC_CHANNELS,
    STAFF_ENTRY_CHANNELS,
    AdoptionLevel,
    Attachment,
    Channel,
    NotAdoptedReason,
    Opinion,
    OpinionEvent,
    SensitiveWord,
    Status,
    TrackingSequence,
)
from .workdays import add_working_days

logger = logging.getLogger(__name__)
KEY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
Kind = OpinionEvent.Kind


class TransitionError(Exception):
    """The opinion is not in a state that allows this action (often: someone else was faster)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- helpers ---------------------------------------------------------------------------------
def normalize_key(key: str) -> str:
    return "".join(ch for ch in (key or "").upper() if ch.isalnum())[:20]


def _new_lookup_key() -> tuple[str, str]:
    plain = "".join(secrets.choice(KEY_ALPHABET) for _ in range(10))
    return f"{plain[:5]}-{plain[5:]}", make_password(plain)


def check_lookup_key(opinion: Opinion, key: str) -> bool:
    return bool(opinion.lookup_key_hash) and check_password(
        normalize_key(key), opinion.lookup_key_hash
    )


def _next_tracking_code(now) -> str:
    year = timezone.localtime(now).year
    TrackingSequence.objects.get_or_create(year=year)
    sequence = TrackingSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"JY-{year}-{sequence.last:06d}"


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


def _event(
    opinion, *, kind, actor, from_status="", to_status="", comment="", data=None, lookup_key=None
) -> OpinionEvent:
    event = OpinionEvent.objects.create(
        opinion=opinion,
        kind=kind,
        actor=actor if actor and actor.is_authenticated else None,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data or {},
        notified_at=timezone.now(),  # its notices are in the outbox from this transaction on
    )
    notifications.event_notices_add(event, lookup_key=lookup_key)
    return event


def _check_office(by: User, opinion: Opinion) -> None:
    if not (by.is_authenticated and by.is_office):
        raise PermissionDenied(_("只有政协机关工作人员可以办理。"))
    if not scope.can_change_committee(by, opinion.committee_id):
        raise PermissionDenied(_("您无权办理其他政协组织的建言。"))


def _check_expected(opinion: Opinion, expected_status: str | None) -> None:
    if expected_status and opinion.status != expected_status:
        raise TransitionError(
            _("该建言刚刚已被他人处理（当前状态：%(status)s），请查看最新情况后再操作。")
            % {"status": opinion.get_status_display()}
        )


def _guard(allowed: bool, opinion: Opinion, action: str) -> None:
    if not allowed:
        raise TransitionError(
            _("当前状态“%(status)s”下不能%(action)s。")
            % {"status": opinion.get_status_display(), "action": action}
        )


def _transition(opinion, *, by, to_status, kind, comment="", data=None, **changes):
    from_status = opinion.status
    opinion.status = to_status
    for field, value in changes.items():
        setattr(opinion, field, value)
    opinion.save()
    return _event(
        opinion,
        kind=kind,
        actor=by,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        data=data,
    )


def _store_uploads(opinion: Opinion, uploads: Iterable[CleanUpload]) -> None:
    existing = opinion.attachments.count() if opinion.pk else 0
    uploads = list(uploads)
    if existing + len(uploads) > settings.UPLOAD_MAX_FILES:
        raise ValidationError(
            _("每条建言最多上传 %(n)s 个附件。") % {"n": settings.UPLOAD_MAX_FILES}
        )
    for upload in uploads:
        attachment = Attachment(
            opinion=opinion,
            token=upload.token,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=len(upload.data),
        )
        attachment.file.save(attachment.extension, ContentFile(upload.data), save=False)
        attachment.save()


def _submit_fields(now) -> dict:
    return {
        "submitted_at": now,
        "review_due_at": add_working_days(now, settings.OPINION_REVIEW_WORKING_DAYS),
    }


def sensitive_hits(*texts: str) -> list[str]:

    words = SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True)
    joined = "\n".join(t for t in texts if t)
    return sorted({w for w in words if w and w in joined})


def _flag_sensitive(opinion: Opinion) -> None:
    """Flag (never drop) a submission that contains a word on the sensitive list."""
    hits = sensitive_hits(opinion.title, opinion.content, opinion.analysis, opinion.suggestion)
    if hits:
        opinion.needs_attention = True
        opinion.flag_reasons = sorted({*opinion.flag_reasons, *(f"sensitive:{w}" for w in hits)})


# --- submissions -----------------------------------------------------------------------------
def opinion_submit_public(
    *,
    channel: str,
    committee: Committee,
    title: str,
    content: str,
    category=None,
    region=None,
    submitter_name: str = "",
    submitter_phone: str = "",
    submitter_email: str = "",
    is_anonymous: bool = False,
    consent: bool,
    dedupe_token: str | None = None,
    flags: Iterable[str] = (),
    uploads: Iterable[CleanUpload] = (),
    user: User | None = None,
    workstation=None,
) -> tuple[Opinion, str | None]:
    """我要建言 and 政协信箱. Returns the opinion and its lookup key (None when this was a
    repeat of an earlier submission with the same form token: one opinion, not two)."""
    if channel not in PUBLIC_CHANNELS:
        raise ValidationError(_("不支持的来源渠道。"))
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知。")})
    if dedupe_token:
        existing = Opinion.objects.filter(dedupe_token=dedupe_token).first()
        if existing is not None:
            return existing, None
    if is_anonymous:
        submitter_name = submitter_phone = submitter_email = ""
    if workstation is not None and workstation.committee_id != committee.pk:
        raise ValidationError({"workstation": _("所选委员之家不属于受理的政协组织。")})
    flags = sorted(set(flags))
    now = timezone.now()
    # Hashed before the transaction: the write lock (the whole database on SQLite) is not held
    # while Argon2 works.
    key, key_hash = _new_lookup_key()
    try:
        with transaction.atomic():
            opinion = Opinion(
                committee=committee,
                channel=channel,
                category=category,
                region=region,
                workstation=workstation,
                title=title,
                content=content,
                submitter_name=submitter_name,
                submitter_phone=submitter_phone,
                submitter_email=submitter_email,
                is_anonymous=is_anonymous,
                consent_version=settings.PRIVACY_NOTICE_VERSION,
                consent_at=now,
                created_by=user if user and user.is_authenticated else None,
                status=Status.SUBMITTED,
                lookup_key_hash=key_hash,
                is_spam=bool(flags),
                flag_reasons=flags,
                dedupe_token=dedupe_token or None,
                **_submit_fields(now),
            )
            opinion.full_clean(exclude=["tracking_code"])
            _flag_sensitive(opinion)
            opinion.tracking_code = _next_tracking_code(now)
            opinion.save()
            _store_uploads(opinion, uploads)
            _event(
                opinion,
                kind=Kind.SUBMITTED,
                actor=user,
                to_status=Status.SUBMITTED,
                data={"flags": flags} if flags else None,
                lookup_key=key,
            )
    except IntegrityError:
        if dedupe_token:
            existing = Opinion.objects.filter(dedupe_token=dedupe_token).first()
            if existing is not None:
                return existing, None
        raise
    return opinion, key


@transaction.atomic
def opinion_enter_on_behalf(
    *,
    by: User,
    committee: Committee,
    channel: str,
    title: str,
    content: str,
    category=None,
    region=None,
    submitter_name: str = "",
    submitter_phone: str = "",
    submitter_email: str = "",
    uploads: Iterable[CleanUpload] = (),
    comment: str = "",
) -> tuple[Opinion, str]:
    """Staff enter a matter raised by phone, letter, WeChat group or at a duty shift."""
    if not (by.is_authenticated and by.is_office):
        raise PermissionDenied(_("只有政协机关工作人员可以代为录入。"))
    if not scope.can_change_committee(by, committee.pk):
        raise PermissionDenied(_("您无权为其他政协组织录入建言。"))
    if channel not in STAFF_ENTRY_CHANNELS:
        raise ValidationError({"channel": _("请选择来电、来信、微信群等代录渠道。")})
    now = timezone.now()
    key, key_hash = _new_lookup_key()
    opinion = Opinion(
        committee=committee,
        channel=channel,
        category=category,
        region=region,
        title=title,
        content=content,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        submitter_email=submitter_email,
        created_by=by,
        status=Status.SUBMITTED,
        lookup_key_hash=key_hash,
        consent_version=settings.PRIVACY_NOTICE_VERSION,
        consent_at=now,
        **_submit_fields(now),
    )
    opinion.full_clean(exclude=["tracking_code"])
    _flag_sensitive(opinion)
    opinion.tracking_code = _next_tracking_code(now)
    opinion.save()
    _store_uploads(opinion, uploads)
    _event(
        opinion,
        kind=Kind.SUBMITTED,
        actor=by,
        to_status=Status.SUBMITTED,
        comment=comment,
        data={"entered_by_staff": True},
        lookup_key=key,
    )
    return opinion, key


@transaction.atomic
def opinion_save_draft(
    *,
    by: User,
    author: Member,
    title: str,
    content: str,
    analysis: str = "",
    suggestion: str = "",
    category=None,
    region=None,
    co_authors: Iterable[Member] = (),
    uploads: Iterable[CleanUpload] = (),
    opinion: Opinion | None = None,
) -> Opinion:
    """A member's 社情民意 item: create a draft, or edit a draft or a returned item."""
    if author.user_id != by.pk:
        raise PermissionDenied(_("只能编辑自己的社情民意信息。"))
    co_authors = [m for m in co_authors if m.pk != author.pk]
    if any(m.committee_id != author.committee_id for m in co_authors):
        raise ValidationError({"co_authors": _("联名委员须属于同一政协组织。")})
    fields = dict(
        title=title,
        content=content,
        analysis=analysis,
        suggestion=suggestion,
        category=category,
        region=region,
    )
    if opinion is None:
        opinion = Opinion(
            committee=author.committee,
            channel=Channel.MEMBER,
            author=author,
            created_by=by,
            status=Status.DRAFT,
            **fields,
        )
        opinion.full_clean(exclude=["tracking_code"])
        opinion.save()
        _event(opinion, kind=Kind.CREATED, actor=by, to_status=Status.DRAFT)
    else:
        opinion = _lock(opinion)
        if opinion.author_id != author.pk:
            raise PermissionDenied(_("只能编辑自己的社情民意信息。"))
        _guard(opinion.can_edit_draft(), opinion, _("修改"))
        for field, value in fields.items():
            setattr(opinion, field, value)
        opinion.full_clean(exclude=["tracking_code"])
        opinion.save()
    opinion.co_authors.set(co_authors)
    _store_uploads(opinion, uploads)
    return opinion


@transaction.atomic
def opinion_submit_member(*, opinion: Opinion, by: User) -> Opinion:
    opinion = _lock(opinion)
    if opinion.author is None or opinion.author.user_id != by.pk:
        raise PermissionDenied(_("只能提交自己的社情民意信息。"))
    _guard(opinion.can_submit(), opinion, _("提交"))
    if not opinion.suggestion.strip():
        raise ValidationError({"suggestion": _("提交前请填写意见建议。")})
    opinion.full_clean(exclude=["tracking_code"])
    now = timezone.now()
    changes = _submit_fields(now)
    if not opinion.tracking_code:
        changes["tracking_code"] = _next_tracking_code(now)
    resubmitted = opinion.status == Status.RETURNED
    _flag_sensitive(opinion)
    changes.update(needs_attention=opinion.needs_attention, flag_reasons=opinion.flag_reasons)
    _transition(
        opinion,
        by=by,
        to_status=Status.SUBMITTED,
        kind=Kind.SUBMITTED,
        data={"resubmitted": True} if resubmitted else None,
        **changes,
    )
    ledger.ledger_on_opinion_submitted(opinion=opinion)  # idempotent: once per item
    return opinion


# --- review desk -----------------------------------------------------------------------------
@transaction.atomic
def opinion_assign(
    *,
    opinion: Opinion,
    by: User,
    assignee: User,
    comment: str = "",
    expected_status: str | None = None,
) -> Opinion:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _check_expected(opinion, expected_status)
    _guard(opinion.can_assign(), opinion, _("分派"))
    if not (assignee.is_office and scope.can_change_committee(assignee, opinion.committee_id)):
        raise ValidationError(_("经办人须是本政协组织的工作人员。"))
    from_status = opinion.status
    opinion.assignee = assignee
    opinion.status = Status.UNDER_REVIEW
    opinion.save()
    _event(
        opinion,
        kind=Kind.ASSIGNED,
        actor=by,
        from_status=from_status,
        to_status=opinion.status,
        comment=comment,
        data={"assignee": assignee.pk, "assignee_name": assignee.display_name},
    )
    return opinion


@transaction.atomic
def opinion_return(
    *, opinion: Opinion, by: User, comment: str, expected_status: str | None = None
) -> Opinion:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _check_expected(opinion, expected_status)
    _guard(opinion.can_return(), opinion, _("退回"))
    if not comment.strip():
        raise ValidationError({"comment": _("请写明退回修改的理由。")})
    _transition(
        opinion,
        by=by,
        to_status=Status.RETURNED,
        kind=Kind.RETURNED,
        comment=comment,
        decision_comment=comment,
    )
    return opinion


@transaction.atomic
def opinion_reject(
    *,
    opinion: Opinion,
    by: User,
    reason: str,
    comment: str = "",
    expected_status: str | None = None,
) -> Opinion:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _check_expected(opinion, expected_status)
    _guard(opinion.can_decide(), opinion, _("作出不予采用决定"))
    if reason not in NotAdoptedReason.values:
        raise ValidationError({"reason": _("请选择不予采用的原因。")})
    _transition(
        opinion,
        by=by,
        to_status=Status.NOT_ADOPTED,
        kind=Kind.NOT_ADOPTED,
        comment=comment,
        data={"reason": reason},
        not_adopted_reason=reason,
        decision_comment=comment,
        decided_at=timezone.now(),
    )
    return opinion


@transaction.atomic
def opinion_merge(
    *,
    opinion: Opinion,
    into: Opinion,
    by: User,
    comment: str = "",
    expected_status: str | None = None,
) -> Opinion:
    if opinion.pk == into.pk:
        raise ValidationError(_("不能并入自身。"))
    # Lock both rows in a fixed order so two merges cannot deadlock.
    locked = {
        o.pk: o
        for o in Opinion.objects.select_for_update()
        .filter(pk__in=[opinion.pk, into.pk])
        .order_by("pk")
    }
    opinion, into = locked[opinion.pk], locked[into.pk]
    _check_office(by, opinion)
    _check_expected(opinion, expected_status)
    _guard(opinion.can_merge(), opinion, _("并案"))
    if into.committee_id != opinion.committee_id:
        raise ValidationError(_("只能并入本政协组织的建言。"))
    if not into.can_be_merge_target():
        raise ValidationError(
            _("目标建言（%(code)s）当前状态为“%(status)s”，不能作为并案对象。")
            % {"code": into.tracking_code, "status": into.get_status_display()}
        )
    _transition(
        opinion,
        by=by,
        to_status=Status.MERGED,
        kind=Kind.MERGED,
        comment=comment,
        data={"into": into.pk, "into_code": into.tracking_code},
        merged_into=into,
        decided_at=timezone.now(),
    )
    _event(
        into,
        kind=Kind.MERGE_RECEIVED,
        actor=by,
        comment=comment,
        data={"from": opinion.pk, "from_code": opinion.tracking_code},
    )
    return opinion


@transaction.atomic
def opinion_adopt(
    *, opinion: Opinion, by: User, level: str, comment: str = "", expected_status: str | None = None
) -> Opinion:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _check_expected(opinion, expected_status)
    _guard(opinion.can_decide(), opinion, _("采用"))
    if level not in AdoptionLevel.values:
        raise ValidationError({"level": _("请选择采用层级。")})
    _transition(
        opinion,
        by=by,
        to_status=Status.ADOPTED,
        kind=Kind.ADOPTED,
        comment=comment,
        data={"level": level},
        adoption_level=level,
        decision_comment=comment,
        decided_at=timezone.now(),
    )
    ledger.ledger_on_opinion_adopted(opinion=opinion)
    return opinion


@transaction.atomic
def opinion_raise_level(*, opinion: Opinion, by: User, level: str, comment: str = "") -> Opinion:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _guard(opinion.can_raise_level(), opinion, _("提升采用层级"))
    if level not in AdoptionLevel.values or ADOPTION_RANK[level] <= ADOPTION_RANK.get(
        opinion.adoption_level, -1
    ):
        raise ValidationError({"level": _("新的采用层级须高于当前层级。")})
    previous = opinion.adoption_level
    opinion.adoption_level = level
    opinion.save()
    _event(
        opinion,
        kind=Kind.LEVEL_RAISED,
        actor=by,
        comment=comment,
        data={"from": previous, "to": level},
    )
    ledger.ledger_on_opinion_level_raised(opinion=opinion)
    return opinion


@transaction.atomic
def opinion_convert(
    *, opinion: Opinion, by: User, target: str, reference: str, comment: str = ""
) -> Opinion:
    """Link an opinion to a 提案 (by its number) or a consultation topic; state is unchanged."""
    opinion = _lock(opinion)
    _check_office(by, opinion)
    _guard(opinion.can_convert(), opinion, _("转为提案或协商议题"))
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("请填写提案编号或协商议题名称。")})
    if target == "proposal":
        opinion.proposal_reference = reference[:60]
    elif target == "topic":
        opinion.topic_reference = reference[:120]
    else:
        raise ValidationError({"target": _("请选择转为提案或协商议题。")})
    opinion.save()
    _event(
        opinion,
        kind=Kind.CONVERTED,
        actor=by,
        comment=comment,
        data={"target": target, "reference": reference},
    )
    return opinion


@transaction.atomic
def opinion_set_spam(*, opinion: Opinion, by: User, spam: bool, comment: str = "") -> Opinion:
    opinion = _lock(opinion)
    _check_office(by, opinion)
    if spam:
        _guard(opinion.can_flag_spam(), opinion, _("标记为垃圾信息"))
    if opinion.is_spam == spam:
        return opinion
    opinion.is_spam = spam
    if spam:
        opinion.flag_reasons = sorted({*opinion.flag_reasons, "staff"})
    opinion.save()
    _event(opinion, kind=Kind.SPAM if spam else Kind.UNSPAM, actor=by, comment=comment)
    return opinion


@transaction.atomic
def opinion_add_note(*, opinion: Opinion, by: User, comment: str) -> OpinionEvent:
    _check_office(by, opinion)
    if not comment.strip():
        raise ValidationError({"comment": _("备注内容不能为空。")})
    return _event(opinion, kind=Kind.NOTE, actor=by, comment=comment)


@transaction.atomic
def opinion_reveal_contact(*, opinion: Opinion, by: User, request=None) -> dict:
    """The handler sees the submitter's full name and phone; every reveal is logged."""
    _check_office(by, opinion)
    _event(opinion, kind=Kind.REVEAL, actor=by)
    audit_log(
        actor=by,
        action="reveal_contact",
        target=f"opinion:{opinion.tracking_code}",
        request=request,
    )
    return {
        "name": opinion.submitter_name,
        "phone": opinion.submitter_phone,
        "email": opinion.submitter_email,
    }


def opinions_bulk_assign(*, opinions: Iterable[Opinion], by: User, assignee: User) -> int:
    done = 0
    for opinion in opinions:
        try:
            opinion_assign(opinion=opinion, by=by, assignee=assignee)
        except (TransitionError, PermissionDenied, ValidationError):
            continue
        done += 1
    return done


def opinions_bulk_spam(*, opinions: Iterable[Opinion], by: User) -> int:
    done = 0
    for opinion in opinions:
        try:
            opinion_set_spam(opinion=opinion, by=by, spam=True)
        except (TransitionError, PermissionDenied, ValidationError):
            continue
        done += 1
    return done


@transaction.atomic
def opinion_from_liaison(
    *,
    by: User,
    author: Member,
    channel: str,
    title: str,
    content: str,
    category=None,
    region=None,
    submitter_name: str = "",
    submitter_phone: str = "",
    suggestion: str = "",
) -> Opinion:
    """A member records a matter raised by the public during liaison work (a duty shift, a
    会客厅 session, a grid visit, a consultation meeting): it goes straight to the review desk
    as a submitted item with the member as author."""
    if author.user_id != by.pk and not (
        by.is_office and scope.can_change_committee(by, author.committee_id)
    ):
        raise PermissionDenied(_("只能以本人名义记录群众反映的事项。"))
    if channel not in (Channel.DUTY, Channel.GRID, Channel.MEETING, Channel.MEMBER):
        raise ValidationError({"channel": _("不支持的来源渠道。")})
    now = timezone.now()
    key, key_hash = _new_lookup_key()
    opinion = Opinion(
        committee=author.committee,
        channel=channel,
        author=author,
        created_by=by,
        category=category,
        region=region,
        title=title,
        content=content,
        suggestion=suggestion,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        status=Status.SUBMITTED,
        lookup_key_hash=key_hash,
        consent_version=settings.PRIVACY_NOTICE_VERSION if submitter_phone else "",
        consent_at=now if submitter_phone else None,
        **_submit_fields(now),
    )
    opinion.full_clean(exclude=["tracking_code"])
    _flag_sensitive(opinion)
    opinion.tracking_code = _next_tracking_code(now)
    opinion.save()
    _event(
        opinion,
        kind=Kind.SUBMITTED,
        actor=by,
        to_status=Status.SUBMITTED,
        data={"liaison": channel},
        lookup_key=key,
    )
    return opinion
