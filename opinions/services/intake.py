"""Opinions coming in: 我要建言 and 政协信箱, staff entering a matter on someone's behalf, a
member's own 社情民意 item (draft, edit, submit), and matters members record during liaison work.

A new opinion is created in its first state with its first event; a member's item leaves the
draft through the ``submit`` transition (``opinions.workflows.OPINION``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Required, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.access import is_self, require_perm
from core.memo import memo
from core.uploads import CleanUpload
from ledger import services as ledger
from members.models import Member
from org.models import Committee, Region

from .. import notifications
from ..models import (
    PUBLIC_CHANNELS,
    SENSITIVE_WORDS,
    STAFF_ENTRY_CHANNELS,
    Attachment,
    Category,
    Channel,
    Opinion,
    SensitiveWord,
    Status,
)
from ..workdays import add_working_days
from ..workflows import OPINION
from .common import (
    Kind,
    TransitionError,
    new_lookup_key,
    next_tracking_code,
    record_event,
    run_opinion,
)


def _store_uploads(opinion: Opinion, uploads: Iterable[CleanUpload]) -> None:
    uploads = list(uploads)
    if not uploads:
        return
    existing = opinion.attachments.count() if opinion.pk else 0
    if existing + len(uploads) > settings.UPLOAD_MAX_FILES:
        raise ValidationError(
            _("每条建言最多上传 %(n)s 个附件。") % {"n": settings.UPLOAD_MAX_FILES}
        )
    for upload in uploads:
        Attachment.store(upload, opinion=opinion)


def _submit_fields(now) -> dict:
    return {
        "submitted_at": now,
        "review_due_at": add_working_days(now, settings.OPINION_REVIEW_WORKING_DAYS),
    }


def sensitive_words() -> tuple[str, ...]:
    """The active sensitive words, read once per process until the list changes (core.memo)."""

    def build():
        return tuple(SensitiveWord.objects.filter(is_active=True).values_list("word", flat=True))

    return memo(SENSITIVE_WORDS, "words", build)


def sensitive_hits(*texts: str) -> list[str]:
    words = sensitive_words()
    joined = "\n".join(t for t in texts if t)
    return sorted({w for w in words if w and w in joined})


def _flag_sensitive(opinion: Opinion) -> None:
    """Flag (never drop) a submission that contains a word on the sensitive list."""
    hits = sensitive_hits(opinion.title, opinion.content, opinion.analysis, opinion.suggestion)
    if hits:
        opinion.needs_attention = True
        opinion.flag_reasons = sorted({*opinion.flag_reasons, *(f"sensitive:{w}" for w in hits)})


class Matter(TypedDict, total=False):
    """A matter raised by the public as the public form and the staff entry form give it
    (``opinions.forms.matter_kwargs``): what it says, the 旗区 it goes to, who raised it."""

    committee: Required[Committee]
    title: Required[str]
    content: Required[str]
    category: Category | None
    region: Region | None
    submitter_name: str
    submitter_phone: str
    submitter_email: str


class LiaisonMatter(TypedDict, total=False):
    """A matter a member records during liaison work (a duty shift, an activity) as the
    workstations' matter form gives it; the caller knows the member, channel and region."""

    title: Required[str]
    content: Required[str]
    suggestion: str
    category: Category | None
    submitter_name: str
    submitter_phone: str


def _file_new(
    lookup: tuple[str, str],
    now,
    *,
    actor,
    consented: bool = True,
    data: dict | None = None,
    comment: str = "",
    uploads: Iterable[CleanUpload] = (),
    **fields: Any,
) -> Opinion:
    """A new item arrives at the review desk: built from ``fields`` in its submitted state
    (submitted now, due for review in the configured working days, the hash of its lookup key,
    and the privacy notice in force now when the person who raised it ``consented``), validated,
    flagged for sensitive words, numbered, saved with its uploads, and its submitted event
    written (with the citizen's lookup key).

    The fields are validated here; what the database enforces anyway is not asked of it twice
    before the INSERT: the rows the caller handed over as loaded instances (the form has just
    looked them up; a foreign key refuses one deleted since), the status check and the unique
    columns (a repeated dedupe token is the caller's IntegrityError, a repeat)."""
    key, key_hash = lookup
    opinion = Opinion(
        status=Status.SUBMITTED,
        lookup_key_hash=key_hash,
        consent_version=settings.PRIVACY_NOTICE_VERSION if consented else "",
        consent_at=now if consented else None,
        **_submit_fields(now),
        **fields,
    )
    loaded = [
        field.name
        for field in Opinion._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and getattr(opinion, field.attname) is not None
        and field.is_cached(opinion)
    ]
    opinion.full_clean(
        exclude=["tracking_code", *loaded], validate_unique=False, validate_constraints=False
    )
    _flag_sensitive(opinion)
    # who is told, read before the number: the year's counter row is locked from the number to
    # the commit, and every other submission waits for it meanwhile
    notifications.office_recipients_read(opinion)
    opinion.tracking_code = next_tracking_code(now)
    opinion.save()
    _store_uploads(opinion, uploads)
    record_event(
        opinion,
        kind=Kind.SUBMITTED,
        actor=actor,
        to_status=Status.SUBMITTED,
        comment=comment,
        data=data,
        lookup_key=key,
    )
    return opinion


# --- submissions -----------------------------------------------------------------------------
def submission_language(language: str | None) -> str:
    """One of the portal's languages (``settings.LANGUAGES``) for a page's language code:
    ``zh-Hans`` and ``zh-hans`` alike, ``mn-Mong`` as ``mn``; anything else the default."""
    offered = {code.lower(): code for code, _name in settings.LANGUAGES}
    code = (language or "").lower()
    return offered.get(code) or offered.get(code.split("-")[0]) or settings.LANGUAGE_CODE


def opinion_submit_public(
    *,
    channel: str,
    is_anonymous: bool = False,
    consent: bool,
    dedupe_token: str | None = None,
    language: str | None = None,
    flags: Iterable[str] = (),
    uploads: Iterable[CleanUpload] = (),
    user: User | None = None,
    workstation=None,
    **matter: Unpack[Matter],
) -> tuple[Opinion, str | None]:
    """我要建言 and 政协信箱. Returns the opinion and its lookup key (None when this was a
    repeat of an earlier submission with the same form token: one opinion, not two).
    ``language`` is the page's (``translation.get_language()``): the submitter's e-mails are
    written in it; one the portal does not offer is taken as its default."""
    if channel not in PUBLIC_CHANNELS:
        raise ValidationError(_("不支持的来源渠道。"))
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知。")})
    # A repeat of the same form (a double click) is found by the unique dedupe token when the
    # INSERT refuses it below: no query before the transaction for what is rare.
    if is_anonymous:
        matter["submitter_name"] = matter["submitter_phone"] = matter["submitter_email"] = ""
    if workstation is not None and workstation.committee_id != matter["committee"].pk:
        raise ValidationError({"workstation": _("所选委员之家不属于受理的政协组织。")})
    flags = sorted(set(flags))
    now = timezone.now()
    # Made before the transaction: the write lock (the whole database on SQLite) is held no
    # longer than the writes need.
    lookup = new_lookup_key()
    try:
        with transaction.atomic():
            opinion = _file_new(
                lookup,
                now,
                actor=user,
                data={"flags": flags} if flags else None,
                uploads=uploads,
                channel=channel,
                workstation=workstation,
                is_anonymous=is_anonymous,
                language=submission_language(language),
                created_by=user if user and user.is_authenticated else None,
                is_spam=bool(flags),
                flag_reasons=flags,
                dedupe_token=dedupe_token or None,
                **matter,
            )
    except IntegrityError:
        if dedupe_token:
            existing = Opinion.objects.filter(dedupe_token=dedupe_token).first()
            if existing is not None:
                return existing, None
        raise
    return opinion, lookup[0]


@transaction.atomic
def opinion_enter_on_behalf(
    *,
    by: User,
    channel: str,
    uploads: Iterable[CleanUpload] = (),
    comment: str = "",
    **matter: Unpack[Matter],
) -> tuple[Opinion, str]:
    """Staff enter a matter raised by phone, letter, WeChat group or at a duty shift."""
    require_perm(by, "opinions.enter_for_committee", matter["committee"])
    if channel not in STAFF_ENTRY_CHANNELS:
        raise ValidationError({"channel": _("请选择来电、来信、微信群等代录渠道。")})
    lookup = new_lookup_key()
    opinion = _file_new(
        lookup,
        timezone.now(),
        actor=by,
        data={"entered_by_staff": True},
        comment=comment,
        uploads=uploads,
        channel=channel,
        created_by=by,
        **matter,
    )
    return opinion, lookup[0]


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
    if not is_self(by, author.user_id):
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
        record_event(opinion, kind=Kind.CREATED, actor=by, to_status=Status.DRAFT)
    else:
        opinion = OPINION.lock(opinion)
        OPINION.check_actor(opinion, "submit", by)
        if opinion.author_id != author.pk:
            raise PermissionDenied(_("只能编辑自己的社情民意信息。"))
        if not is_editable(opinion):
            raise TransitionError(
                _("当前状态“%(status)s”下不能修改。") % {"status": opinion.get_status_display()}
            )
        for field, value in fields.items():
            setattr(opinion, field, value)
        opinion.full_clean(exclude=["tracking_code"])
        opinion.save()
    opinion.co_authors.set(co_authors)
    _store_uploads(opinion, uploads)
    return opinion


def is_editable(opinion: Opinion) -> bool:
    """A member may edit the item while it may be submitted (a draft or a returned item)."""
    return OPINION["submit"].allows(opinion.status)


@transaction.atomic
def opinion_submit_member(*, opinion: Opinion, by: User) -> Opinion:
    current = OPINION.lock(opinion)
    resubmitted = current.status == Status.RETURNED

    def apply(item: Opinion) -> None:
        if not item.suggestion.strip():
            raise ValidationError({"suggestion": _("提交前请填写意见建议。")})
        item.full_clean(exclude=["tracking_code"])
        now = timezone.now()
        for field, value in _submit_fields(now).items():
            setattr(item, field, value)
        if not item.tracking_code:
            item.tracking_code = next_tracking_code(now)
        _flag_sensitive(item)

    result = run_opinion(
        current,
        "submit",
        by=by,
        data={"resubmitted": True} if resubmitted else None,
        apply=apply,
    )
    ledger.ledger_on_opinion_submitted(opinion=result.obj)  # idempotent: once per item
    return result.obj


@transaction.atomic
def opinion_from_liaison(
    *, by: User, author: Member, channel: str, region=None, **matter: Unpack[LiaisonMatter]
) -> Opinion:
    """A member records a matter raised by the public during liaison work (a duty shift, a
    会客厅 session, a grid visit, a consultation meeting): it goes straight to the review desk
    as a submitted item with the member as author."""
    if not is_self(by, author.user_id) and not by.has_perm(
        "opinions.enter_for_committee", author.committee
    ):
        raise PermissionDenied(_("只能以本人名义记录群众反映的事项。"))
    if channel not in (Channel.DUTY, Channel.GRID, Channel.MEETING, Channel.MEMBER):
        raise ValidationError({"channel": _("不支持的来源渠道。")})
    return _file_new(
        new_lookup_key(),
        timezone.now(),
        actor=by,
        # the privacy notice applies to the visitor who left a phone number
        consented=bool(matter.get("submitter_phone")),
        data={"liaison": channel},
        committee=author.committee,
        channel=channel,
        author=author,
        created_by=by,
        region=region,
        **matter,
    )


def opinion_claim(*, opinion: Opinion, by: User) -> bool:
    """A citizen account takes an item it proved it owns (its tracking code and key, checked by
    the caller as on the tracking page) onto its account page. False when the account has it
    already; an item claimed by another account keeps that one (the first to claim it)."""
    require_perm(by, "opinions.claim_opinion")
    with transaction.atomic():
        opinion = Opinion.objects.select_for_update().get(pk=opinion.pk)
        if by.pk in (opinion.created_by_id, opinion.claimed_by_id):
            return False
        if opinion.claimed_by_id is not None:
            raise ValidationError(_("该建言已由其他账号认领。"))
        opinion.claimed_by = by
        opinion.save(update_fields=["claimed_by", "updated_at"])
    return True
