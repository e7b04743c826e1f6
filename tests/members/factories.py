"""Factories for the organisation model (members app).

Committees are matched on their code, so a factory-made committee and the one made by
``org.reference.reference_data_load()`` are the same row.
"""

import datetime

import factory
from factory.django import DjangoModelFactory, Password

from accounts.models import User
from members.models import GridManager, GridPairing, Member, MemberGroup
from org.models import Committee, Expertise, Party, Region, Sector, SpecialCommittee, Term

TEST_PASSWORD = "Ordos-Test-2026"


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("code",)

    code = "ordos"
    name = "鄂尔多斯市政协"
    short_name = "市政协"
    level = Committee.Level.MUNICIPAL


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("committee", "number")

    committee = factory.SubFactory(CommitteeFactory)
    number = 5
    name = "第五届"
    starts_on = datetime.date(2022, 1, 10)
    is_current = True


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试嘎查{n}")
    level = Region.Level.VILLAGE
    parent = None


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("committee", "name")

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试界别{n}")


class SpecialCommitteeFactory(DjangoModelFactory):
    class Meta:
        model = SpecialCommittee
        django_get_or_create = ("committee", "name")

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"测试专委会{n}")


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试党派{n}")
    kind = Party.Kind.DEMOCRATIC


class ExpertiseFactory(DjangoModelFactory):
    class Meta:
        model = Expertise
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"专长{n}")


class UserFactory(DjangoModelFactory):
    """A portal account. ``password`` is always ``TEST_PASSWORD`` unless given."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    name = factory.Sequence(lambda n: f"用户{n}")
    role = User.Role.CITIZEN
    committee = None
    password = Password(TEST_PASSWORD)
    is_staff = factory.LazyAttribute(lambda o: o.role == User.Role.ADMIN)
    is_superuser = factory.LazyAttribute(lambda o: o.role == User.Role.ADMIN)


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"委员{n:04d}")
    gender = Member.Gender.MALE
    level = factory.LazyAttribute(
        lambda o: Member.Level.MUNICIPAL if o.committee.is_municipal else Member.Level.BANNER
    )
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    work_unit = "鄂尔多斯市某单位"
    status = Member.Status.ACTIVE

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.set(extracted)


class MemberUserFactory(MemberFactory):
    """A member with a login account (role ``member``) in the same committee."""

    user = factory.SubFactory(
        UserFactory,
        role=User.Role.MEMBER,
        committee=factory.SelfAttribute("..committee"),
        name=factory.SelfAttribute("..name"),
    )


class MemberGroupFactory(DjangoModelFactory):
    class Meta:
        model = MemberGroup

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"委员小组{n}")
    kind = MemberGroup.Kind.DOWNWARD


class GridManagerFactory(DjangoModelFactory):
    class Meta:
        model = GridManager

    region = factory.SubFactory(RegionFactory)
    committee = factory.SelfAttribute("region.committee")
    name = factory.Sequence(lambda n: f"网格员{n:04d}")
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    grid = factory.Sequence(lambda n: f"第{n}网格")


class GridPairingFactory(DjangoModelFactory):
    class Meta:
        model = GridPairing

    member = factory.SubFactory(MemberFactory)
    grid_manager = factory.SubFactory(
        GridManagerFactory, region__committee=factory.SelfAttribute("...member.committee")
    )
    started_on = datetime.date(2026, 3, 1)
