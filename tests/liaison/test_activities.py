"""Liaison activities: members log (drafts private), staff confirm or return, confirmation undone,
group-organised activities with attendance, photos, the public feed."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from ledger.models import LedgerEntry, MemberYearScore
from liaison import services as services
from liaison.models import Activity, ActivityEvent
from liaison.services import ActivityTransitionError
from tests.members.factories import MemberFactory, MemberUserFactory
from tests.utils import unlabelled_controls
from tests.workstations.factories import ActivityFactory

pytestmark = pytest.mark.usefixtures("frozen_now")  # 2026-06-15
DAY = datetime.date(2026, 6, 10)


def _jpeg(name="photo.jpg", exif=True) -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "red")
    out = io.BytesIO()
    exif_data = Image.Exif()
    if exif:
        exif_data[0x010F] = "CameraMaker"  # Make
    image.save(out, format="JPEG", exif=exif_data.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _save(member, **overrides):
    data = dict(
        by=member.user,
        reporter=member,
        type="survey",
        title="走访林原村养殖户",
        occurred_on=DAY,
        summary="了解养殖户饲草料储备情况。",
        people_reached=12,
    )
    data.update(overrides)
    return services.activity_save(**data)


@pytest.fixture
def reporter(dalate):
    return MemberUserFactory(committee=dalate, name="张委员")


def test_member_logs_submits_and_staff_confirm(reporter, staff_dalate, dalate):
    colleague = MemberFactory(committee=dalate)
    activity = _save(reporter, co_members=[colleague], photos=[])
    assert activity.status == Activity.Status.DRAFT
    assert set(activity.participants.values_list("member_id", flat=True)) == {
        reporter.pk,
        colleague.pk,
    }
    services.activity_submit(activity=activity, by=reporter.user)
    services.activity_confirm(activity=activity, by=staff_dalate, comment="属实")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CONFIRMED
    kinds = list(activity.events.values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "confirmed"]
    # each participant gets the activity on their record (default rule: full points each)
    for member in (reporter, colleague):
        assert MemberYearScore.objects.get(member=member, year=2026).total == 3


def test_return_with_reason_then_resubmit(reporter, staff_dalate):
    activity = _save(reporter)
    services.activity_submit(activity=activity, by=reporter.user)
    with pytest.raises(ValidationError):
        services.activity_return(activity=activity, by=staff_dalate, reason=" ")
    services.activity_return(activity=activity, by=staff_dalate, reason="请补充活动照片")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.RETURNED
    assert activity.return_reason == "请补充活动照片"
    _save(reporter, activity=activity, summary="补充后的情况")
    services.activity_submit(activity=activity, by=reporter.user)
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.SUBMITTED
    assert not LedgerEntry.objects.exists()


def test_undoing_a_confirmation_reverses_the_points(reporter, staff_dalate):
    activity = ActivityFactory(reporter=reporter)
    services.activity_confirm(activity=activity, by=staff_dalate)
    assert MemberYearScore.objects.get(member=reporter).total == 3
    services.activity_unconfirm(activity=activity, by=staff_dalate, reason="重复填报")
    assert MemberYearScore.objects.get(member=reporter).total == 0
    entry = LedgerEntry.objects.get(member=reporter)
    assert entry.reversed_at is not None and entry.reversal_reason == "重复填报"
    assert ActivityEvent.objects.filter(activity=activity, kind="unconfirmed").exists()
    # confirmed again: counted again, once
    services.activity_confirm(activity=activity, by=staff_dalate)
    assert MemberYearScore.objects.get(member=reporter).total == 3
    assert LedgerEntry.objects.active().filter(member=reporter).count() == 1


def test_member_cannot_confirm_own_activity(reporter, dalate, client, make_user):
    activity = ActivityFactory(reporter=reporter)
    # a plain member has no confirm rights at all
    client.force_login(reporter.user)
    response = client.post(reverse("liaison:activity_action", args=[activity.pk, "confirm"]))
    assert response.status_code == 403
    # a staff account linked to a member profile cannot confirm an activity it took part in
    staff_member = MemberUserFactory(committee=dalate, user__role=User.Role.STAFF)
    own = ActivityFactory(reporter=staff_member)
    with pytest.raises(PermissionDenied):
        services.activity_confirm(activity=own, by=staff_member.user)
    assert Activity.objects.get(pk=own.pk).status == Activity.Status.SUBMITTED


def test_member_cannot_see_another_members_draft(reporter, dalate, client, staff_dalate):
    draft = _save(reporter)
    other = MemberUserFactory(committee=dalate)
    client.force_login(other.user)
    url = reverse("liaison:activity_detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("liaison:activity_edit", args=[draft.pk])).status_code == 404
    # staff do not see drafts either, until submitted
    client.force_login(staff_dalate)
    assert client.get(url).status_code == 404
    services.activity_submit(activity=draft, by=reporter.user)
    assert client.get(url).status_code == 200
    client.force_login(reporter.user)
    assert client.get(url).status_code == 200


def test_staff_outside_scope_get_404_and_municipal_cannot_confirm(
    reporter, staff_zhungeer, staff_municipal, client
):
    activity = ActivityFactory(reporter=reporter)
    client.force_login(staff_zhungeer)
    assert client.get(reverse("liaison:activity_detail", args=[activity.pk])).status_code == 404
    assert (
        client.post(reverse("liaison:activity_action", args=[activity.pk, "confirm"])).status_code
        == 404
    )
    client.force_login(staff_municipal)
    assert client.get(reverse("liaison:activity_detail", args=[activity.pk])).status_code == 200
    assert (
        client.post(reverse("liaison:activity_action", args=[activity.pk, "confirm"])).status_code
        == 403
    )
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.SUBMITTED


def test_bad_dates_get_messages(reporter, client):
    with pytest.raises(ValidationError) as exc:
        _save(reporter, occurred_on=DAY, ends_on=DAY - datetime.timedelta(days=1))
    assert "ends_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _save(reporter, occurred_on=datetime.date(2026, 7, 1))
    assert "occurred_on" in exc.value.message_dict
    client.force_login(reporter.user)
    response = client.post(
        reverse("liaison:activity_new"),
        {
            "type": "survey",
            "title": "走访",
            "occurred_on": "2026-06-10",
            "ends_on": "2026-06-01",
            "people_reached": "3",
            "summary": "情况",
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于活动日期" in response.content.decode()
    response = client.post(
        reverse("liaison:activity_new"),
        {
            "type": "survey",
            "title": "走访",
            "occurred_on": "2026-13-45",
            "people_reached": "-1",
            "summary": "",
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_bad_uploads_get_messages(reporter, client):
    client.force_login(reporter.user)
    base = {
        "type": "survey",
        "title": "走访",
        "occurred_on": "2026-06-10",
        "people_reached": "3",
        "summary": "情况",
        "action": "save",
    }
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image", content_type="image/jpeg")
    response = client.post(reverse("liaison:activity_new"), {**base, "photos": [fake]})
    assert response.status_code == 200
    assert "不是支持的图片" in response.content.decode()
    pdf = SimpleUploadedFile(
        "doc.pdf",
        b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n0\n%%EOF",
        content_type="application/pdf",
    )
    response = client.post(reverse("liaison:activity_new"), {**base, "photos": [pdf]})
    assert response.status_code == 200
    assert "只能上传 JPG 或 PNG" in response.content.decode()
    assert not Activity.objects.exists()


def test_photo_is_reencoded_and_served_only_to_those_who_may(
    reporter, client, dalate, staff_dalate, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(reporter.user)
    response = client.post(
        reverse("liaison:activity_new"),
        {
            "type": "care",
            "title": "慰问困难群众",
            "occurred_on": "2026-06-10",
            "people_reached": "5",
            "summary": "走访慰问",
            "action": "submit",
            "photos": [_jpeg()],
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.status == Activity.Status.SUBMITTED
    photo = activity.photos.get()
    data = photo.file.read()
    assert b"CameraMaker" not in data  # EXIF dropped
    url = reverse("liaison:activity_photo", args=[photo.token])
    assert client.get(url).status_code == 200
    other = MemberUserFactory(committee=dalate)
    client.force_login(other.user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    services.activity_confirm(activity=activity, by=staff_dalate)
    services.activity_set_public(activity=activity, by=staff_dalate, public=True)
    assert client.get(url).status_code == 200  # published: the public may see it
    feed = client.get(reverse("liaison:activity_feed")).content.decode()
    assert "慰问困难群众" in feed


def test_public_feed_shows_only_published(client, reporter, staff_dalate):
    hidden = ActivityFactory(reporter=reporter, title="未公开活动")
    services.activity_confirm(activity=hidden, by=staff_dalate)
    body = client.get(reverse("liaison:activity_feed")).content.decode()
    assert "未公开活动" not in body
    with pytest.raises(ActivityTransitionError):  # only confirmed ones may be published
        services.activity_set_public(
            activity=ActivityFactory(reporter=reporter), by=staff_dalate, public=True
        )


def test_group_activity_attendance(dalate, staff_dalate, member_group_factory):
    group = member_group_factory(committee=dalate, name="树林召编组")
    members = MemberFactory.create_batch(3, committee=dalate)
    group.members.set(members)
    activity = services.activity_organise(
        by=staff_dalate,
        committee=dalate,
        type="grassroots",
        title="基层协商议事",
        occurred_on=DAY,
        summary="围绕饮水安全协商",
        members=[],
        group=group,
    )
    assert activity.participants.count() == 3
    services.activity_set_attendance(
        activity=activity,
        by=staff_dalate,
        attended=[members[0].pk, members[1].pk],
        excused=[members[2].pk],
    )
    services.activity_confirm(activity=activity, by=staff_dalate)
    assert MemberYearScore.objects.get(member=members[0]).total == 3
    assert not MemberYearScore.objects.filter(member=members[2]).exists()
    with pytest.raises(ValidationError):  # nobody to attend
        services.activity_organise(
            by=staff_dalate,
            committee=dalate,
            type="forum",
            title="空",
            occurred_on=DAY,
            summary="x",
            members=[],
        )


def test_matter_raised_during_activity_becomes_an_opinion(reporter, client):
    activity = _save(reporter, type="grid_visit")
    services.activity_submit(activity=activity, by=reporter.user)
    client.force_login(reporter.user)
    response = client.post(
        reverse("liaison:activity_matter", args=[activity.pk]),
        {"matter-title": "村道坑洼", "matter-content": "村道多处坑洼，雨天积水。"},
    )
    assert response.status_code == 302
    opinion = activity.opinions.get()
    assert opinion.author == reporter and opinion.channel == "grid"


def test_dedupe_token_makes_a_double_submit_one_activity(reporter):
    first = _save(reporter, dedupe_token="a" * 32)
    second = _save(reporter, dedupe_token="a" * 32)
    assert first.pk == second.pk
    assert Activity.objects.count() == 1


def test_an_edit_clears_what_it_leaves_out_and_refuses_unknown_fields(reporter):
    """Both writers take the activity's details as one declared set (ActivityDetails): an edit
    that leaves a field out blanks it, and a name outside the set is an error, not an attribute
    set in passing."""
    activity = _save(reporter, place="林原村", outcome="协调饲草料")
    edited = _save(reporter, activity=activity, people_reached=None)
    edited.refresh_from_db()
    assert (edited.place, edited.outcome, edited.people_reached) == ("", "", 0)
    with pytest.raises(TypeError, match="colour"):
        _save(reporter, activity=activity, colour="red")
    with pytest.raises(TypeError, match="colour"):
        _save(reporter, colour="red")


def test_activity_form_is_labelled(client, reporter):
    client.force_login(reporter.user)
    body = client.get(reverse("liaison:activity_new")).content.decode()
    assert unlabelled_controls(body) == []
