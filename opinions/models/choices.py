"""The opinion's vocabularies: channels, statuses (internal and public), adoption levels,
satisfaction and not-adopted reasons, and the constants derived from them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_CONTENT_LENGTH = 1500


class Channel(models.TextChoices):
    WEB = "web", _("我要建言")
    MAILBOX = "mailbox", _("政协信箱")
    MEMBER = "member", _("委员收集")
    GRID = "grid", _("网格员反映")
    DUTY = "duty", _("委员值班/会客厅")
    MEETING = "meeting", _("协商会议")
    PHONE = "phone", _("来电")
    LETTER = "letter", _("来信")
    WECHAT = "wechat", _("微信群")


STAFF_ENTRY_CHANNELS = [
    Channel.PHONE,
    Channel.LETTER,
    Channel.WECHAT,
    Channel.DUTY,
    Channel.GRID,
    Channel.MEETING,
]
PUBLIC_CHANNELS = [Channel.WEB, Channel.MAILBOX]


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    UNDER_REVIEW = "under_review", _("审核中")
    RETURNED = "returned", _("退回修改")
    NOT_ADOPTED = "not_adopted", _("未采用")
    MERGED = "merged", _("已并案")
    ADOPTED = "adopted", _("已采用")
    COMPILED = "compiled", _("已编发")
    FORWARDED = "forwarded", _("已转办")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


class PublicStatus(models.TextChoices):
    RECEIVED = "received", _("已收到")
    REVIEWING = "reviewing", _("审核中")
    ADOPTED = "adopted", _("已采用")
    NOT_ADOPTED = "not_adopted", _("未采用")
    MERGED = "merged", _("已并案")
    FORWARDED = "forwarded", _("已转有关部门办理")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")


PUBLIC_STATUS = {
    Status.DRAFT: None,
    Status.SUBMITTED: PublicStatus.RECEIVED,
    Status.UNDER_REVIEW: PublicStatus.REVIEWING,
    Status.RETURNED: PublicStatus.REVIEWING,
    Status.NOT_ADOPTED: PublicStatus.NOT_ADOPTED,
    Status.MERGED: PublicStatus.MERGED,
    Status.ADOPTED: PublicStatus.ADOPTED,
    Status.COMPILED: PublicStatus.ADOPTED,
    Status.FORWARDED: PublicStatus.FORWARDED,
    Status.REPLIED: PublicStatus.REPLIED,
    Status.CLOSED: PublicStatus.CLOSED,
}

UNDECIDED = (Status.SUBMITTED, Status.UNDER_REVIEW)


class AdoptionLevel(models.TextChoices):
    BANNER = "banner", _("旗区级")
    MUNICIPAL = "municipal", _("市级")
    REGION = "region", _("自治区级")
    NATIONAL = "national", _("全国")


ADOPTION_RANK = {level: rank for rank, level in enumerate(AdoptionLevel.values)}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class NotAdoptedReason(models.TextChoices):
    PETITION = "petition", _("属信访投诉事项")
    LITIGATION = "litigation", _("属涉诉涉法事项")
    PERSONNEL = "personnel", _("属人事问题")
    SECRET = "secret", _("涉及国家秘密")
    PRIVACY = "privacy", _("涉及他人隐私")
    UNCLEAR = "unclear", _("内容不清、缺乏可行建议")
    DUPLICATE = "duplicate", _("已有相同建议")
    OTHER = "other", _("其他")
