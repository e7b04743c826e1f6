"""The opinion itself (社情民意): its category, tracking-code counter, queryset and attachments."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Func, Q, Subquery, Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import mask_phone
from core.fields import committee_fk, optional_fk
from core.models import StoredFile
from core.text import normalize_text
from org.models import in_language
from org.scope import ScopedQuerySet

from .choices import (
    MAX_CONTENT_LENGTH,
    PUBLIC_STATUS,
    UNDECIDED,
    AdoptionLevel,
    Channel,
    NotAdoptedReason,
    PublicStatus,
    Satisfaction,
    Status,
)


class Category(models.Model):
    name = models.CharField(_("类别"), max_length=20, unique=True)
    # Mongolian (traditional script), shown on the Mongolian pages when present (issue 16)
    name_mn = models.CharField(_("蒙古文名称"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("建言类别")
        verbose_name_plural = _("建言类别")

    def __str__(self):
        return self.name

    @property
    def local_name(self) -> str:
        return in_language(self.name, self.name_mn)


class TrackingSequence(models.Model):
    """Per-year counter for tracking codes; the row is locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


SEARCH_MAX_LENGTH = 60  # the longest title; longer terms are refused by the desk's filter
SINGLE_CHARACTER_WINDOW = 2_000  # the newest rows a one-character term is looked for in


def search_term(text: str) -> str:
    """The search term as stored text is: normalised (core.text), trimmed, at most
    SEARCH_MAX_LENGTH characters."""
    return normalize_text(text).strip()[:SEARCH_MAX_LENGTH]


_CODE_SHAPE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)+")


def could_be_tracking_code(text: str) -> bool:
    """Tracking codes are letters and digits in hyphenated groups (``JY-2026-000123``). Other
    terms leave the code out of the search: ORed with it, the pair index's condition would be
    checked again on every row the index gives (computing the row's pairs), not only looked up."""
    upper = text.upper()
    return len(upper) <= 20 and upper.isascii() and bool(_CODE_SHAPE.fullmatch(upper))


class GramsMatch(Func):
    """``opinions_search_grams(title, content) @@ opinions_search_query(term)`` (PostgreSQL,
    migration 0008): true for the rows whose title or content hold every character pair of
    ``term`` (two characters or more) — a superset of the rows that contain it."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = models.BooleanField()

    def __init__(self, term: str):
        super().__init__(
            Func(
                F("title"),
                F("content"),
                function="opinions_search_grams",
                output_field=models.TextField(),
            ),
            Func(Value(term), function="opinions_search_query", output_field=models.TextField()),
        )


class Contains(Func):
    """``opinions_contains(title, content, term)`` (PostgreSQL, migration 0011): the title or
    the content holds ``term``, as ``icontains`` — written so that the planner walks an ordered
    index and checks rows until a page is full (a common word, ``opinions.search``)."""

    function = "opinions_contains"
    output_field = models.BooleanField()

    def __init__(self, term: str):
        super().__init__(F("title"), F("content"), Value(term))


class OpinionQuerySet(ScopedQuerySet):
    def review_overdue(self, now=None):
        now = now or timezone.now()
        return self.filter(status__in=UNDECIDED, review_due_at__lt=now)

    def search(self, text: str, *, walk: bool = False):
        """Opinions whose title or content contains ``text`` (case-insensitive, as
        ``icontains``), or whose tracking code is ``text``.

        On PostgreSQL the character-pair index (migration 0008) finds the candidates of a term
        of two or more characters: the rows holding every pair of the term; ``icontains`` then
        keeps those that hold the term itself, so the result is the same on every database.
        A single character is not indexed: it is looked up in the newest
        SINGLE_CHARACTER_WINDOW rows of this queryset only (the desk says so).

        ``walk``: leave the pair index out, for a list that walks an ordered index and checks
        each row until it has the rows it needs — faster for a common word (``opinions.search``
        chooses). The same rows either way."""
        text = search_term(text)
        if not text:
            return self
        postgresql = connections[self.db].vendor == "postgresql"
        if postgresql and (walk or len(text) < 2):  # rows checked one by one
            matches = Q(Contains(text))
        else:
            matches = Q(title__icontains=text) | Q(content__icontains=text)
        if len(text) < 2:
            matches &= Q(pk__in=Subquery(self.values("pk")[:SINGLE_CHARACTER_WINDOW]))
        elif postgresql and not walk:
            matches &= Q(GramsMatch(text))
        if could_be_tracking_code(text):
            matches |= Q(tracking_code=text.upper())
        return self.filter(matches)


# The desk lists opinions newest first (``Meta.ordering``: submitted_at, then pk) and narrows
# them by committee, status, channel, category, assignee, the review deadline, the attention
# and spam flags. Each index below starts with the columns of one filter and goes on with the
# order's columns, so that the first page of each filter, any page up to the count cap and the
# capped count itself are a walk along one index that stops after the rows it needs. Columns
# after the order's are there to be read from the index rather than the table: ``is_spam``
# (the desk hides spam unless asked), the committee (a banner's staff see their own only) and,
# for "mine", the status. See docs/adr/0009-desk-at-a-million-rows.md.
NOT_DRAFT = ~Q(status=Status.DRAFT)
_ORDER = ["submitted_at", "id"]
DESK_INDEXES = [
    models.Index(fields=[*_ORDER, "is_spam"], condition=NOT_DRAFT, name="opinion_desk_idx"),
    models.Index(
        fields=["committee", *_ORDER, "is_spam"], condition=NOT_DRAFT, name="opinion_desk_cmt_idx"
    ),
    models.Index(fields=["status", *_ORDER, "is_spam"], name="opinion_desk_status_idx"),
    models.Index(
        fields=["committee", "status", *_ORDER, "is_spam"], name="opinion_desk_cmt_status_idx"
    ),
    models.Index(
        fields=["channel", *_ORDER, "is_spam"], condition=NOT_DRAFT, name="opinion_desk_channel_idx"
    ),
    models.Index(
        fields=["committee", "channel", *_ORDER, "is_spam"], name="opinion_desk_cmt_channel_idx"
    ),
    models.Index(
        fields=["category", *_ORDER, "is_spam"], condition=NOT_DRAFT, name="opinion_desk_cat_idx"
    ),
    models.Index(
        fields=["committee", "category", *_ORDER, "is_spam"], name="opinion_desk_cmt_cat_idx"
    ),
    models.Index(
        fields=["assignee", *_ORDER, "is_spam", "committee", "status"],
        condition=NOT_DRAFT,
        name="opinion_desk_assignee_idx",
    ),
    # small ones: the undecided (the overdue filter), flagged for attention, spam
    models.Index(
        fields=[*_ORDER, "review_due_at", "is_spam", "committee"],
        condition=Q(status__in=UNDECIDED),
        name="opinion_desk_undecided_idx",
    ),
    models.Index(
        fields=[*_ORDER, "is_spam", "committee"],
        condition=NOT_DRAFT & Q(needs_attention=True),
        name="opinion_desk_attention_idx",
    ),
    models.Index(
        fields=[*_ORDER, "committee"],
        condition=NOT_DRAFT & Q(is_spam=True),
        name="opinion_desk_spam_idx",
    ),
]


class Opinion(models.Model):
    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True, null=True, blank=True)
    lookup_key_hash = models.CharField(max_length=200, blank=True, editable=False)
    committee = committee_fk("opinions", _("受理政协"))
    channel = models.CharField(_("来源渠道"), max_length=16, choices=Channel.choices)
    category = optional_fk(Category, _("类别"), on_delete=models.PROTECT, related_name="opinions")
    region = optional_fk(
        "org.Region", _("涉及地区"), on_delete=models.PROTECT, related_name="opinions"
    )
    workstation = optional_fk(
        "workstations.Workstation", _("收信的委员之家"), related_name="letters"
    )
    title = models.CharField(_("标题"), max_length=60)
    content = models.TextField(_("内容"), max_length=MAX_CONTENT_LENGTH)
    analysis = models.TextField(_("原因分析"), max_length=MAX_CONTENT_LENGTH, blank=True)
    suggestion = models.TextField(_("意见建议"), max_length=MAX_CONTENT_LENGTH, blank=True)

    # Who raised it. Citizens' details are personal information: shown masked except to the
    # handler after a logged reveal, never to departments.
    submitter_name = models.CharField(_("姓名"), max_length=40, blank=True)
    submitter_phone = models.CharField(_("手机号码"), max_length=11, blank=True)
    submitter_email = models.EmailField(_("电子邮箱"), blank=True)
    is_anonymous = models.BooleanField(_("匿名"), default=False)
    # The language of the page it was submitted from: the submitter's receipt and progress
    # e-mails are written in it (a 蒙古文 page's submitter reads them in Mongolian).
    language = models.CharField(
        _("提交语言"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
    consent_version = models.CharField(_("同意的告知书版本"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("同意时间"), null=True, blank=True)
    created_by = optional_fk(settings.AUTH_USER_MODEL, _("录入人"), related_name="opinions_created")
    # A citizen account that claimed the item with its tracking code and key (one submitted
    # while signed in has ``created_by``); the account page lists both (selectors.citizen_items).
    claimed_by = optional_fk(
        settings.AUTH_USER_MODEL, _("认领账号"), related_name="opinions_claimed"
    )
    author = optional_fk(
        "members.Member", _("委员作者"), on_delete=models.PROTECT, related_name="opinions"
    )
    co_authors = models.ManyToManyField(
        "members.Member", verbose_name=_("联名委员"), blank=True, related_name="co_opinions"
    )

    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    assignee = optional_fk(settings.AUTH_USER_MODEL, _("经办人"), related_name="opinions_assigned")
    adoption_level = models.CharField(
        _("采用层级"), max_length=16, choices=AdoptionLevel.choices, blank=True
    )
    not_adopted_reason = models.CharField(
        _("未采用原因"), max_length=16, choices=NotAdoptedReason.choices, blank=True
    )
    decision_comment = models.TextField(_("审核意见"), blank=True)
    merged_into = optional_fk(
        "self", _("并入"), on_delete=models.PROTECT, related_name="merged_opinions"
    )
    proposal_reference = models.CharField(_("转提案编号"), max_length=60, blank=True)
    topic_reference = models.CharField(_("转协商议题"), max_length=120, blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    satisfaction_comment = models.TextField(_("评价意见"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    rehandle_requested_at = models.DateTimeField(_("申请重新办理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    is_spam = models.BooleanField(_("疑似垃圾信息"), default=False)
    needs_attention = models.BooleanField(_("含敏感词待关注"), default=False, db_index=True)
    anonymised_at = models.DateTimeField(_("个人信息匿名化时间"), null=True, blank=True)
    flag_reasons = models.JSONField(_("标记原因"), default=list, blank=True)
    dedupe_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    review_due_at = models.DateTimeField(_("审核期限"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="opinion_status_valid",
            ),
            # Codes are issued upper-case and looked up upper-cased, on the unique index.
            models.CheckConstraint(
                condition=models.Q(tracking_code=Upper("tracking_code")),
                name="opinion_tracking_code_upper",
            ),
        ]
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "is_spam", "submitted_at"]),
            models.Index(fields=["committee", "region"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["status", "review_due_at"]),
            models.Index(fields=["author", "status"]),
            *DESK_INDEXES,
            # department statistics: the rated opinions' satisfaction, read from the index
            # alone (a tenth of the rows) instead of the table (docs/adr/0009)
            models.Index(
                fields=["id"],
                include=["satisfaction"],
                condition=~Q(satisfaction=""),
                name="opinion_rated_idx",
            ),
            # the cockpit's refresh and the periodic reports: the opinions received, decided
            # and rated in a date range, counted by committee (and category, channel, the
            # author's sector) from the index alone (docs/adr/0016)
            models.Index(
                fields=["submitted_at"],
                include=["id", "committee", "is_spam", "category", "channel", "author"],
                condition=~Q(status="draft"),
                name="opinion_received_idx",
            ),
            models.Index(
                fields=["decided_at"],
                include=["id", "committee", "is_spam", "status", "adoption_level", "category"],
                condition=Q(decided_at__isnull=False),
                name="opinion_decided_idx",
            ),
            models.Index(
                fields=["rated_at"],
                include=["id", "committee", "satisfaction"],
                condition=~Q(satisfaction=""),
                name="opinion_rated_at_idx",
            ),
        ]
        verbose_name = _("社情民意")
        verbose_name_plural = _("社情民意")

    def __str__(self):
        return f"{self.tracking_code or _('草稿')} {self.title}"

    # --- what the public and the handlers see ---------------------------------------------
    @property
    def public_status(self):
        return PUBLIC_STATUS.get(self.status)

    def get_public_status_display(self):
        status = self.public_status
        return PublicStatus(status).label if status else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.submitter_phone)

    @property
    def masked_name(self) -> str:
        name = self.submitter_name
        if not name:
            return ""
        return name[0] + "*" * max(1, len(name) - 1)

    @property
    def is_member_item(self) -> bool:
        return self.author_id is not None

    @property
    def is_review_overdue(self) -> bool:
        return (
            self.status in UNDECIDED
            and self.review_due_at is not None
            and self.review_due_at < timezone.now()
        )


def attachment_path(instance, filename):
    today = datetime.date.today()
    return f"private/opinions/{today:%Y/%m}/{instance.token}{instance.extension}"


class Attachment(StoredFile):
    """An uploaded image (re-encoded, metadata stripped) or PDF (core.models.StoredFile)."""

    EXTENSIONS = {**StoredFile.EXTENSIONS, "application/pdf": ".pdf"}

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
