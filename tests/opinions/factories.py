"""Factories for the opinions app.

Opinions made here skip the services (and their Argon2-hashed lookup keys): use them for rows a
test only needs to exist. A test of a transition goes through ``opinions.services``.
"""

import datetime
from importlib import import_module

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from opinions.models import Attachment, Category, Channel, Opinion, OpinionEvent, Status
from org.models import Department
from tests.members.factories import CommitteeFactory

CATEGORY_NAMES = [
    "经济发展",
    "民生保障",
    "教育",
    "医疗卫生",
    "生态环境",
    "城乡建设",
    "社会治理",
    "文化旅游",
    "民族团结",
    "农牧业",
    "其他",
]


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("committee", "name")

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试承办单位{n}")


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = "民生保障"
    order = 2


def categories_ensure() -> list[Category]:
    """The categories the data migration creates (a transactional test flushes them)."""
    names_mn = import_module("opinions.migrations.0016_category_name_mn").MONGOLIAN_NAMES
    return [
        Category.objects.get_or_create(
            name=name, defaults={"order": order, "name_mn": names_mn.get(name, "")}
        )[0]
        for order, name in enumerate(CATEGORY_NAMES, 1)
    ]


class OpinionFactory(DjangoModelFactory):
    """A submitted 我要建言 opinion with a tracking code but no lookup key."""

    class Meta:
        model = Opinion

    committee = factory.SubFactory(CommitteeFactory)
    channel = Channel.WEB
    category = factory.SubFactory(CategoryFactory)
    tracking_code = factory.Sequence(lambda n: f"JY-2026-{900000 + n:06d}")
    title = factory.Sequence(lambda n: f"关于第{n}号街道路灯维修的建议")
    content = "情况：路灯长期不亮。分析：夜间出行不便。建议：尽快维修。"
    submitter_name = "张三丰"
    submitter_phone = "13912345678"
    status = Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    review_due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class OpinionEventFactory(DjangoModelFactory):
    class Meta:
        model = OpinionEvent

    opinion = factory.SubFactory(OpinionFactory)
    kind = OpinionEvent.Kind.NOTE
    comment = "内部备注"


class AttachmentFactory(DjangoModelFactory):
    """An attachment row whose file is written to MEDIA_ROOT (a temporary directory in tests)."""

    class Meta:
        model = Attachment

    opinion = factory.SubFactory(OpinionFactory)
    token = factory.Sequence(lambda n: f"{n:032x}")
    original_name = factory.Sequence(lambda n: f"材料{n}.pdf")
    content_type = "application/pdf"
    size = 20
    file = factory.django.FileField(filename="a.pdf", data=b"%PDF-1.4\n%%EOF\n")
