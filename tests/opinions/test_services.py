"""Every transition of the opinion lifecycle, allowed and forbidden, through the services.

An allowed transition changes the state and writes one OpinionEvent (who, from, to); a forbidden
one raises TransitionError (wrong state), PermissionDenied (wrong person) or ValidationError (bad
input) and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from audit.models import AuditLog
from opinions import services
from opinions.models import (
    AdoptionLevel,
    Channel,
    NotAdoptedReason,
    Opinion,
    OpinionEvent,
    Status,
)
from opinions.services import TransitionError
from tests.members.factories import MemberFactory

Kind = OpinionEvent.Kind

pytestmark = pytest.mark.django_db


def last_event(opinion) -> OpinionEvent:
    return OpinionEvent.objects.filter(opinion=opinion).latest("pk")


def assert_unchanged(opinion, status, events_before):
    opinion.refresh_from_db()
    assert opinion.status == status
    assert OpinionEvent.objects.filter(opinion=opinion).count() == events_before


@pytest.fixture
def adopted(public_opinion, staff_dalate):
    return services.opinion_adopt(
        opinion=public_opinion, by=staff_dalate, level=AdoptionLevel.BANNER
    )


@pytest.fixture
def under_review(public_opinion, staff_dalate):
    return services.opinion_assign(opinion=public_opinion, by=staff_dalate, assignee=staff_dalate)


# --- submissions -------------------------------------------------------------------------------
class TestSubmit:
    @pytest.mark.parametrize("channel", [Channel.WEB, Channel.MAILBOX])
    def test_public_submit(self, make_public, dalate, channel):
        opinion, key = make_public(dalate, channel=channel)
        assert opinion.status == Status.SUBMITTED
        assert opinion.channel == channel
        assert opinion.tracking_code.startswith("JY-")
        assert key and services.check_lookup_key(opinion, key)
        assert opinion.submitted_at and opinion.review_due_at > opinion.submitted_at
        event = last_event(opinion)
        assert (event.kind, event.from_status, event.to_status) == (Kind.SUBMITTED, "", "submitted")

    def test_tracking_codes_are_sequential_per_year(self, make_public, dalate):
        first, _ = make_public(dalate)
        second, _ = make_public(dalate)
        year, number = first.tracking_code.rsplit("-", 1)
        assert second.tracking_code == f"{year}-{int(number) + 1:06d}"

    def test_public_submit_refuses_staff_channel(self, make_public, dalate):
        with pytest.raises(ValidationError):
            make_public(dalate, channel=Channel.PHONE)
        assert not Opinion.objects.exists()

    def test_public_submit_requires_consent(self, make_public, dalate):
        with pytest.raises(ValidationError):
            make_public(dalate, consent=False)
        assert not Opinion.objects.exists()

    def test_anonymous_submit_drops_contact_details(self, make_public, dalate):
        opinion, _ = make_public(dalate, is_anonymous=True, submitter_email="a@example.com")
        assert (opinion.submitter_name, opinion.submitter_phone, opinion.submitter_email) == (
            "",
            "",
            "",
        )

    def test_same_form_token_creates_one_opinion(self, make_public, dalate):
        first, key = make_public(dalate, dedupe_token="a" * 32)
        again, key_again = make_public(dalate, dedupe_token="a" * 32)
        assert again.pk == first.pk and key and key_again is None
        assert Opinion.objects.count() == 1

    def test_flags_store_as_spam(self, make_public, dalate):
        opinion, _ = make_public(dalate, flags=["honeypot", "too_fast"])
        assert opinion.is_spam and opinion.flag_reasons == ["honeypot", "too_fast"]
        assert last_event(opinion).data == {"flags": ["honeypot", "too_fast"]}

    def test_staff_enter_on_behalf(self, staff_dalate, dalate, category):
        opinion, key = services.opinion_enter_on_behalf(
            by=staff_dalate,
            committee=dalate,
            channel=Channel.PHONE,
            title="来电反映供暖不热",
            content="小区供暖温度不达标。",
            category=category,
            submitter_name="王五",
            submitter_phone="13800001111",
            comment="来电记录",
        )
        assert opinion.status == Status.SUBMITTED and opinion.created_by == staff_dalate
        assert services.check_lookup_key(opinion, key)
        event = last_event(opinion)
        assert (event.kind, event.actor, event.to_status) == (
            Kind.SUBMITTED,
            staff_dalate,
            "submitted",
        )
        assert event.data == {"entered_by_staff": True}

    def test_on_behalf_forbidden(self, staff_dalate, zhungeer, dalate, member_user, category):
        common = {"title": "t", "content": "c", "category": category}
        with pytest.raises(PermissionDenied):
            services.opinion_enter_on_behalf(
                by=member_user, committee=dalate, channel=Channel.PHONE, **common
            )
        with pytest.raises(PermissionDenied):
            services.opinion_enter_on_behalf(
                by=staff_dalate, committee=zhungeer, channel=Channel.PHONE, **common
            )
        with pytest.raises(ValidationError):
            services.opinion_enter_on_behalf(
                by=staff_dalate, committee=dalate, channel=Channel.WEB, **common
            )
        assert not Opinion.objects.exists()


class TestMemberItems:
    def test_save_draft_then_submit(self, make_member_item, member_user):
        draft = make_member_item(member_user, submit=False)
        assert draft.status == Status.DRAFT and draft.tracking_code is None
        event = last_event(draft)
        assert (event.kind, event.from_status, event.to_status) == (Kind.CREATED, "", "draft")

        services.opinion_save_draft(
            by=member_user,
            author=member_user.member,
            opinion=draft,
            title="改过的标题",
            content="改过的内容",
        )
        draft.refresh_from_db()
        assert draft.title == "改过的标题" and draft.status == Status.DRAFT
        # a member item needs its 意见建议 before it can be submitted
        with pytest.raises(ValidationError):
            services.opinion_submit_member(opinion=draft, by=member_user)
        services.opinion_save_draft(
            by=member_user,
            author=member_user.member,
            opinion=draft,
            title="改过的标题",
            content="改过的内容",
            suggestion="建议尽快解决。",
        )

        submitted = services.opinion_submit_member(opinion=draft, by=member_user)
        assert submitted.status == Status.SUBMITTED and submitted.tracking_code
        event = last_event(draft)
        assert (event.kind, event.from_status, event.to_status) == (
            Kind.SUBMITTED,
            "draft",
            "submitted",
        )

    def test_submit_twice_is_a_transition_error(self, member_item, member_user):
        with pytest.raises(TransitionError):
            services.opinion_submit_member(opinion=member_item, by=member_user)

    def test_edit_after_submit_is_a_transition_error(self, member_item, member_user):
        with pytest.raises(TransitionError):
            services.opinion_save_draft(
                by=member_user,
                author=member_user.member,
                opinion=member_item,
                title="x",
                content="y",
            )

    def test_other_member_may_not_edit_or_submit(
        self, make_member_item, member_user, other_member_user
    ):
        draft = make_member_item(member_user, submit=False)
        with pytest.raises(PermissionDenied):
            services.opinion_submit_member(opinion=draft, by=other_member_user)
        with pytest.raises(PermissionDenied):
            services.opinion_save_draft(
                by=other_member_user, author=member_user.member, title="x", content="y"
            )
        with pytest.raises(PermissionDenied):
            services.opinion_save_draft(
                by=other_member_user,
                author=other_member_user.member,
                opinion=draft,
                title="x",
                content="y",
            )
        assert_unchanged(draft, Status.DRAFT, 1)

    def test_co_author_from_another_committee_is_refused(
        self, make_member_item, member_user, zhungeer, dalate
    ):
        outsider = MemberFactory(committee=zhungeer)
        colleague = MemberFactory(committee=dalate)
        with pytest.raises(ValidationError) as exc:
            make_member_item(member_user, submit=False, co_authors=[colleague, outsider])
        assert "co_authors" in exc.value.error_dict
        assert not Opinion.objects.exists()
        draft = make_member_item(member_user, submit=False, co_authors=[colleague])
        assert list(draft.co_authors.all()) == [colleague]

    def test_returned_item_is_revised_and_resubmitted(self, member_item, member_user, staff_dalate):
        services.opinion_return(opinion=member_item, by=staff_dalate, comment="请补充数据")
        member_item.refresh_from_db()
        assert member_item.status == Status.RETURNED
        event = last_event(member_item)
        assert (event.kind, event.from_status, event.to_status, event.comment) == (
            Kind.RETURNED,
            "submitted",
            "returned",
            "请补充数据",
        )
        code = member_item.tracking_code

        services.opinion_save_draft(
            by=member_user,
            author=member_user.member,
            opinion=member_item,
            title="补充后的标题",
            content="补充了数据",
            suggestion="建议按补充的数据制定方案。",
        )
        services.opinion_submit_member(opinion=member_item, by=member_user)
        member_item.refresh_from_db()
        assert member_item.status == Status.SUBMITTED and member_item.tracking_code == code
        event = last_event(member_item)
        assert (event.from_status, event.to_status, event.data) == (
            "returned",
            "submitted",
            {"resubmitted": True},
        )


# --- review desk -------------------------------------------------------------------------------
class TestAssign:
    def test_assign(self, public_opinion, staff_dalate, make_user, dalate):
        colleague = make_user(User.Role.STAFF, dalate, username="staff_dalate2")
        services.opinion_assign(
            opinion=public_opinion,
            by=staff_dalate,
            assignee=colleague,
            comment="请办理",
            expected_status=Status.SUBMITTED,
        )
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.UNDER_REVIEW
        assert public_opinion.assignee == colleague
        event = last_event(public_opinion)
        assert (event.kind, event.actor, event.from_status, event.to_status) == (
            Kind.ASSIGNED,
            staff_dalate,
            "submitted",
            "under_review",
        )
        assert event.data["assignee"] == colleague.pk

    def test_reassign_while_under_review(self, under_review, staff_dalate, make_user, dalate):
        colleague = make_user(User.Role.STAFF, dalate, username="staff_dalate2")
        services.opinion_assign(opinion=under_review, by=staff_dalate, assignee=colleague)
        event = last_event(under_review)
        assert (event.from_status, event.to_status) == ("under_review", "under_review")

    def test_assignee_must_be_staff_of_the_committee(
        self, public_opinion, staff_dalate, staff_zhungeer, member_user
    ):
        for assignee in (staff_zhungeer, member_user):
            with pytest.raises(ValidationError):
                services.opinion_assign(opinion=public_opinion, by=staff_dalate, assignee=assignee)
        assert_unchanged(public_opinion, Status.SUBMITTED, 1)

    def test_staff_who_act_on_an_unassigned_item_become_its_handler(
        self, public_opinion, member_item, staff_dalate, make_user, dalate
    ):
        assert public_opinion.assignee is None
        services.opinion_adopt(opinion=public_opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
        public_opinion.refresh_from_db()
        assert public_opinion.assignee == staff_dalate
        # an item already handled keeps its handler when a colleague acts on it
        colleague = make_user(User.Role.STAFF, dalate, username="staff_dalate2")
        services.opinion_assign(opinion=member_item, by=staff_dalate, assignee=colleague)
        services.opinion_return(opinion=member_item, by=staff_dalate, comment="请补充")
        member_item.refresh_from_db()
        assert member_item.assignee == colleague

    def test_cannot_assign_decided(self, adopted, staff_dalate):
        with pytest.raises(TransitionError):
            services.opinion_assign(opinion=adopted, by=staff_dalate, assignee=staff_dalate)
        assert_unchanged(adopted, Status.ADOPTED, 2)


class TestReturn:
    def test_return_member_item(self, member_item, staff_dalate):
        services.opinion_return(opinion=member_item, by=staff_dalate, comment="请补充")
        member_item.refresh_from_db()
        assert member_item.status == Status.RETURNED
        assert member_item.decision_comment == "请补充"

    def test_public_opinion_cannot_be_returned(self, public_opinion, staff_dalate):
        with pytest.raises(TransitionError):
            services.opinion_return(opinion=public_opinion, by=staff_dalate, comment="x")
        assert_unchanged(public_opinion, Status.SUBMITTED, 1)

    def test_return_needs_a_reason(self, member_item, staff_dalate):
        events = member_item.events.count()
        with pytest.raises(ValidationError):
            services.opinion_return(opinion=member_item, by=staff_dalate, comment="   ")
        assert_unchanged(member_item, Status.SUBMITTED, events)

    def test_cannot_return_adopted(self, member_item, staff_dalate):
        services.opinion_adopt(opinion=member_item, by=staff_dalate, level=AdoptionLevel.BANNER)
        with pytest.raises(TransitionError):
            services.opinion_return(opinion=member_item, by=staff_dalate, comment="x")


class TestReject:
    def test_reject(self, under_review, staff_dalate):
        services.opinion_reject(
            opinion=under_review,
            by=staff_dalate,
            reason=NotAdoptedReason.PETITION,
            comment="请走信访渠道",
        )
        under_review.refresh_from_db()
        assert under_review.status == Status.NOT_ADOPTED
        assert under_review.not_adopted_reason == NotAdoptedReason.PETITION
        assert under_review.decided_at is not None
        event = last_event(under_review)
        assert (event.kind, event.from_status, event.to_status, event.data) == (
            Kind.NOT_ADOPTED,
            "under_review",
            "not_adopted",
            {"reason": "petition"},
        )

    def test_reason_must_be_from_the_list(self, public_opinion, staff_dalate):
        with pytest.raises(ValidationError):
            services.opinion_reject(opinion=public_opinion, by=staff_dalate, reason="because")
        assert_unchanged(public_opinion, Status.SUBMITTED, 1)

    def test_cannot_reject_adopted(self, adopted, staff_dalate):
        with pytest.raises(TransitionError):
            services.opinion_reject(opinion=adopted, by=staff_dalate, reason=NotAdoptedReason.OTHER)
        assert_unchanged(adopted, Status.ADOPTED, 2)


class TestMerge:
    def test_merge(self, make_public, dalate, staff_dalate):
        target, _ = make_public(dalate, title="同类建言")
        source, _ = make_public(dalate)
        services.opinion_merge(opinion=source, into=target, by=staff_dalate, comment="同一事项")
        source.refresh_from_db()
        target.refresh_from_db()
        assert source.status == Status.MERGED and source.merged_into == target
        assert target.status == Status.SUBMITTED  # the target's state is unchanged
        event = last_event(source)
        assert (event.kind, event.from_status, event.to_status) == (
            Kind.MERGED,
            "submitted",
            "merged",
        )
        assert event.data == {"into": target.pk, "into_code": target.tracking_code}
        received = last_event(target)
        assert received.kind == Kind.MERGE_RECEIVED
        assert received.data["from_code"] == source.tracking_code
        assert Opinion.objects.count() == 2  # nothing deleted

    def test_merge_into_itself(self, public_opinion, staff_dalate):
        with pytest.raises(ValidationError):
            services.opinion_merge(opinion=public_opinion, into=public_opinion, by=staff_dalate)

    def test_merge_across_committees(self, make_public, dalate, zhungeer, staff_dalate):
        source, _ = make_public(dalate)
        target, _ = make_public(zhungeer)
        with pytest.raises(ValidationError):
            services.opinion_merge(opinion=source, into=target, by=staff_dalate)
        assert_unchanged(source, Status.SUBMITTED, 1)

    def test_merge_into_rejected_target(self, make_public, dalate, staff_dalate):
        source, _ = make_public(dalate)
        target, _ = make_public(dalate)
        services.opinion_reject(opinion=target, by=staff_dalate, reason=NotAdoptedReason.OTHER)
        with pytest.raises(ValidationError):
            services.opinion_merge(opinion=source, into=target, by=staff_dalate)
        assert_unchanged(source, Status.SUBMITTED, 1)

    def test_merged_cannot_be_merged_again(self, make_public, dalate, staff_dalate):
        source, _ = make_public(dalate)
        first, _ = make_public(dalate)
        second, _ = make_public(dalate)
        services.opinion_merge(opinion=source, into=first, by=staff_dalate)
        with pytest.raises(TransitionError):
            services.opinion_merge(opinion=source, into=second, by=staff_dalate)
        source.refresh_from_db()
        assert source.merged_into == first


class TestAdopt:
    @pytest.mark.parametrize("from_fixture", ["public_opinion", "under_review"])
    def test_adopt(self, request, from_fixture, staff_dalate):
        opinion = request.getfixturevalue(from_fixture)
        from_status = opinion.status
        services.opinion_adopt(
            opinion=opinion, by=staff_dalate, level=AdoptionLevel.MUNICIPAL, comment="很有价值"
        )
        opinion.refresh_from_db()
        assert opinion.status == Status.ADOPTED
        assert opinion.adoption_level == AdoptionLevel.MUNICIPAL
        event = last_event(opinion)
        assert (event.kind, event.from_status, event.to_status, event.data) == (
            Kind.ADOPTED,
            from_status,
            "adopted",
            {"level": "municipal"},
        )

    def test_level_must_be_valid(self, public_opinion, staff_dalate):
        with pytest.raises(ValidationError):
            services.opinion_adopt(opinion=public_opinion, by=staff_dalate, level="galactic")
        assert_unchanged(public_opinion, Status.SUBMITTED, 1)

    def test_cannot_adopt_twice_or_after_rejection(
        self, adopted, make_public, dalate, staff_dalate
    ):
        with pytest.raises(TransitionError):
            services.opinion_adopt(opinion=adopted, by=staff_dalate, level=AdoptionLevel.BANNER)
        rejected, _ = make_public(dalate)
        services.opinion_reject(opinion=rejected, by=staff_dalate, reason=NotAdoptedReason.OTHER)
        with pytest.raises(TransitionError):
            services.opinion_adopt(opinion=rejected, by=staff_dalate, level=AdoptionLevel.BANNER)
        assert_unchanged(rejected, Status.NOT_ADOPTED, 2)

    def test_draft_cannot_be_adopted(self, make_member_item, member_user, staff_dalate):
        draft = make_member_item(member_user, submit=False)
        with pytest.raises(TransitionError):
            services.opinion_adopt(opinion=draft, by=staff_dalate, level=AdoptionLevel.BANNER)


class TestRaiseLevel:
    def test_raise_level(self, adopted, staff_dalate):
        services.opinion_raise_level(
            opinion=adopted, by=staff_dalate, level=AdoptionLevel.REGION, comment="自治区采用"
        )
        adopted.refresh_from_db()
        assert adopted.adoption_level == AdoptionLevel.REGION
        assert adopted.status == Status.ADOPTED
        event = last_event(adopted)
        assert event.kind == Kind.LEVEL_RAISED
        assert event.data == {"from": "banner", "to": "region"}

    @pytest.mark.parametrize("level", [AdoptionLevel.BANNER, "nowhere"])
    def test_level_must_rise(self, adopted, staff_dalate, level):
        with pytest.raises(ValidationError):
            services.opinion_raise_level(opinion=adopted, by=staff_dalate, level=level)
        assert_unchanged(adopted, Status.ADOPTED, 2)

    def test_not_before_adoption(self, public_opinion, staff_dalate):
        with pytest.raises(TransitionError):
            services.opinion_raise_level(
                opinion=public_opinion, by=staff_dalate, level=AdoptionLevel.NATIONAL
            )

    def test_not_beyond_national(self, adopted, staff_dalate):
        services.opinion_raise_level(opinion=adopted, by=staff_dalate, level=AdoptionLevel.NATIONAL)
        with pytest.raises(TransitionError):
            services.opinion_raise_level(
                opinion=adopted, by=staff_dalate, level=AdoptionLevel.NATIONAL
            )


class TestConvert:
    @pytest.mark.parametrize(
        ("target", "field"), [("proposal", "proposal_reference"), ("topic", "topic_reference")]
    )
    def test_convert(self, adopted, staff_dalate, target, field):
        services.opinion_convert(
            opinion=adopted, by=staff_dalate, target=target, reference=" 提案第12号 "
        )
        adopted.refresh_from_db()
        assert getattr(adopted, field) == "提案第12号"
        assert adopted.status == Status.ADOPTED
        event = last_event(adopted)
        assert event.kind == Kind.CONVERTED
        assert event.data == {"target": target, "reference": "提案第12号"}

    def test_convert_needs_target_and_reference(self, public_opinion, staff_dalate):
        with pytest.raises(ValidationError):
            services.opinion_convert(
                opinion=public_opinion, by=staff_dalate, target="law", reference="x"
            )
        with pytest.raises(ValidationError):
            services.opinion_convert(
                opinion=public_opinion, by=staff_dalate, target="topic", reference="  "
            )
        assert_unchanged(public_opinion, Status.SUBMITTED, 1)

    def test_not_after_rejection(self, public_opinion, staff_dalate):
        services.opinion_reject(
            opinion=public_opinion, by=staff_dalate, reason=NotAdoptedReason.OTHER
        )
        with pytest.raises(TransitionError):
            services.opinion_convert(
                opinion=public_opinion, by=staff_dalate, target="topic", reference="议题"
            )


class TestSpam:
    def test_flag_and_unflag(self, public_opinion, staff_dalate):
        services.opinion_set_spam(opinion=public_opinion, by=staff_dalate, spam=True)
        public_opinion.refresh_from_db()
        assert public_opinion.is_spam and "staff" in public_opinion.flag_reasons
        assert last_event(public_opinion).kind == Kind.SPAM
        services.opinion_set_spam(opinion=public_opinion, by=staff_dalate, spam=False)
        public_opinion.refresh_from_db()
        assert not public_opinion.is_spam
        assert last_event(public_opinion).kind == Kind.UNSPAM
        assert public_opinion.status == Status.SUBMITTED

    def test_unflag_an_automatically_flagged_submission(self, make_public, dalate, staff_dalate):
        opinion, _ = make_public(dalate, flags=["honeypot"])
        services.opinion_set_spam(opinion=opinion, by=staff_dalate, spam=False, comment="误判")
        opinion.refresh_from_db()
        assert not opinion.is_spam
        assert last_event(opinion).comment == "误判"

    def test_flagging_twice_writes_one_event(self, public_opinion, staff_dalate):
        services.opinion_set_spam(opinion=public_opinion, by=staff_dalate, spam=True)
        services.opinion_set_spam(opinion=public_opinion, by=staff_dalate, spam=True)
        assert public_opinion.events.filter(kind=Kind.SPAM).count() == 1

    def test_cannot_flag_adopted(self, adopted, staff_dalate):
        with pytest.raises(TransitionError):
            services.opinion_set_spam(opinion=adopted, by=staff_dalate, spam=True)
        assert_unchanged(adopted, Status.ADOPTED, 2)


class TestNoteAndReveal:
    def test_note(self, adopted, staff_dalate):
        event = services.opinion_add_note(opinion=adopted, by=staff_dalate, comment="已电话联系")
        assert (event.kind, event.actor, event.comment) == (Kind.NOTE, staff_dalate, "已电话联系")

    def test_empty_note(self, public_opinion, staff_dalate):
        with pytest.raises(ValidationError):
            services.opinion_add_note(opinion=public_opinion, by=staff_dalate, comment=" \n ")
        assert public_opinion.events.count() == 1

    def test_reveal_is_logged(self, public_opinion, staff_dalate):
        revealed = services.opinion_reveal_contact(opinion=public_opinion, by=staff_dalate)
        assert revealed["phone"] == "13912345678" and revealed["name"] == "李四"
        assert last_event(public_opinion).kind == Kind.REVEAL
        log = AuditLog.objects.get(action="reveal_contact")
        assert log.actor == staff_dalate and public_opinion.tracking_code in log.target


# --- who may act -------------------------------------------------------------------------------
def _all_actions(opinion, by, into):
    """Every desk service with arguments that would be valid for someone in scope."""
    return {
        "assign": lambda: services.opinion_assign(opinion=opinion, by=by, assignee=by),
        "reject": lambda: services.opinion_reject(
            opinion=opinion, by=by, reason=NotAdoptedReason.OTHER
        ),
        "merge": lambda: services.opinion_merge(opinion=opinion, into=into, by=by),
        "adopt": lambda: services.opinion_adopt(opinion=opinion, by=by, level=AdoptionLevel.BANNER),
        "convert": lambda: services.opinion_convert(
            opinion=opinion, by=by, target="topic", reference="议题"
        ),
        "spam": lambda: services.opinion_set_spam(opinion=opinion, by=by, spam=True),
        "note": lambda: services.opinion_add_note(opinion=opinion, by=by, comment="备注"),
        "reveal": lambda: services.opinion_reveal_contact(opinion=opinion, by=by),
    }


class TestWhoMayAct:
    @pytest.mark.parametrize(
        "actor",
        [
            "staff_municipal",
            "staff_zhungeer",
            "leader",
            "member_user",
            "citizen",
            "department_user",
        ],
    )
    def test_outsiders_get_permission_denied(self, request, make_public, dalate, actor):
        user = request.getfixturevalue(actor)
        opinion, _ = make_public(dalate)
        into, _ = make_public(dalate)
        for name, action in _all_actions(opinion, user, into).items():
            with pytest.raises(PermissionDenied):
                action()
            assert opinion.events.count() == 1, name
        assert_unchanged(opinion, Status.SUBMITTED, 1)
        assert not AuditLog.objects.exists()

    def test_return_by_outsider(self, member_item, staff_municipal):
        with pytest.raises(PermissionDenied):
            services.opinion_return(opinion=member_item, by=staff_municipal, comment="x")

    def test_raise_level_by_outsider(self, adopted, staff_municipal):
        with pytest.raises(PermissionDenied):
            services.opinion_raise_level(
                opinion=adopted, by=staff_municipal, level=AdoptionLevel.NATIONAL
            )

    def test_municipal_staff_act_on_municipal_opinions(
        self, make_public, municipal, staff_municipal
    ):
        opinion, _ = make_public(municipal)
        services.opinion_adopt(opinion=opinion, by=staff_municipal, level=AdoptionLevel.MUNICIPAL)
        opinion.refresh_from_db()
        assert opinion.status == Status.ADOPTED

    def test_admin_may_act_anywhere(self, public_opinion, admin):
        services.opinion_add_note(opinion=public_opinion, by=admin, comment="管理员备注")


class TestStaleExpectedStatus:
    """The desk form carries the state it was rendered in; if someone was faster, the second
    action fails with a clear message instead of overwriting the first decision."""

    @pytest.mark.parametrize("action", ["assign", "reject", "merge", "adopt"])
    def test_stale_state_is_a_transition_error(self, make_public, dalate, staff_dalate, action):
        opinion, _ = make_public(dalate)
        into, _ = make_public(dalate)
        stale = Opinion.objects.get(pk=opinion.pk)
        services.opinion_assign(opinion=opinion, by=staff_dalate, assignee=staff_dalate)
        call = {
            "assign": lambda: services.opinion_assign(
                opinion=stale,
                by=staff_dalate,
                assignee=staff_dalate,
                expected_status=Status.SUBMITTED,
            ),
            "reject": lambda: services.opinion_reject(
                opinion=stale,
                by=staff_dalate,
                reason=NotAdoptedReason.OTHER,
                expected_status=Status.SUBMITTED,
            ),
            "merge": lambda: services.opinion_merge(
                opinion=stale, into=into, by=staff_dalate, expected_status=Status.SUBMITTED
            ),
            "adopt": lambda: services.opinion_adopt(
                opinion=stale,
                by=staff_dalate,
                level=AdoptionLevel.BANNER,
                expected_status=Status.SUBMITTED,
            ),
        }[action]
        with pytest.raises(TransitionError) as exc:
            call()
        assert "已被他人处理" in exc.value.message
        assert_unchanged(opinion, Status.UNDER_REVIEW, 2)

    def test_stale_return(self, member_item, staff_dalate):
        services.opinion_adopt(opinion=member_item, by=staff_dalate, level=AdoptionLevel.BANNER)
        with pytest.raises(TransitionError):
            services.opinion_return(
                opinion=member_item, by=staff_dalate, comment="x", expected_status=Status.SUBMITTED
            )

    def test_second_decision_on_a_stale_copy_loses(
        self, public_opinion, staff_dalate, make_user, dalate
    ):
        """Without expected_status the locked re-read still stops a lost update."""
        other = make_user(User.Role.STAFF, dalate, username="staff_dalate2")
        stale = Opinion.objects.get(pk=public_opinion.pk)
        services.opinion_adopt(opinion=public_opinion, by=staff_dalate, level=AdoptionLevel.BANNER)
        with pytest.raises(TransitionError):
            services.opinion_reject(opinion=stale, by=other, reason=NotAdoptedReason.OTHER)
        public_opinion.refresh_from_db()
        assert public_opinion.status == Status.ADOPTED
