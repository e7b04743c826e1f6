"""Consultation topics (协商议题): created by the office from a request, a member's proposal, a
提案 or the public's opinions; linking an opinion runs the desk's own 转为协商议题 step
(``opinions.services.opinion_convert``), so the opinion's history records it."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from opinions.models import Opinion
from opinions.services import opinion_convert
from opinions.workflows import OPINION

from ..models import Topic
from .events import _require_committee


def _link_opinions(topic: Topic, opinions: Iterable[Opinion], by: User) -> list[Opinion]:
    """Link ``opinions`` to ``topic``: each records the conversion in its own history (the desk's
    转为协商议题 step, which keeps the topic's name in its old reference field)."""
    linked = []
    for opinion in opinions:
        if opinion.committee_id != topic.committee_id:
            raise ValidationError({"opinions": _("只能关联本政协组织的社情民意。")})
        if not OPINION.can(opinion, "convert"):
            raise ValidationError(
                {
                    "opinions": _("社情民意 %(code)s 当前状态不能转为协商议题。")
                    % {"code": opinion.tracking_code}
                }
            )
        opinion_convert(opinion=opinion, by=by, target="topic", reference=topic.title)
        linked.append(opinion)
    topic.opinions.add(*linked)
    return linked


@transaction.atomic
def topic_create(
    *,
    by: User,
    committee_id: int,
    source: str,
    title: str,
    description: str = "",
    proposal_reference: str = "",
    opinions: Iterable[Opinion] = (),
) -> Topic:
    _require_committee(by, committee_id)
    topic = Topic(
        committee_id=committee_id,
        source=source,
        title=title.strip(),
        description=description.strip(),
        proposal_reference=proposal_reference.strip(),
        created_by=by,
    )
    opinions = list(opinions)
    if source == Topic.Source.PROPOSAL and not topic.proposal_reference:
        raise ValidationError({"proposal_reference": _("来源为提案时请填写提案编号。")})
    if source == Topic.Source.OPINIONS and not opinions:
        raise ValidationError({"opinions": _("来源为群众意见转化时请至少关联一条社情民意。")})
    topic.full_clean()
    topic.save()
    _link_opinions(topic, opinions, by)
    return topic


@transaction.atomic
def topic_link_opinions(*, topic: Topic, by: User, opinions: Iterable[Opinion]) -> list[Opinion]:
    _require_committee(by, topic.committee_id)
    already = set(topic.opinions.values_list("pk", flat=True))
    return _link_opinions(topic, [o for o in opinions if o.pk not in already], by)
