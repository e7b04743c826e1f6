"""What the API shows of each record: read-only representations (writes go through the web
forms and the services, see views). A field shown here is one the matching web page shows the
same user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from liaison.models import Activity
from members.models import Member
from notifications.models import Notification
from opinions import tracking
from opinions.models import AdoptionLevel, NotAdoptedReason, Opinion, Satisfaction, Status
from opinions.services import is_editable
from opinions.workflows import OPINION
from workstations.models import DutyShift, Workstation

# The largest value a positive integer column holds on every supported database (PostgreSQL's
# integer; SQLite's is 64-bit): DRF reads the range from the connection, which would make the
# schema depend on the database it was generated on.
PORTABLE_INT_MAX = 2**31 - 1


class ModelSerializer(serializers.ModelSerializer):
    """DRF's, with integer fields' bounds the same on SQLite and PostgreSQL."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if kwargs.get("max_value", 0) > PORTABLE_INT_MAX:
            kwargs["max_value"] = PORTABLE_INT_MAX
        return field_class, kwargs


def choice_label(field: str) -> serializers.CharField:
    """The label of a record's choice (``get_<field>_display()``), as its page shows it."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


def related(path: str, *, blank: bool = False) -> serializers.CharField:
    """A related record's text (``"committee.name"``); ``blank``: ``""`` when there is none."""
    if blank:
        return serializers.CharField(source=path, read_only=True, default="")
    return serializers.CharField(source=path, read_only=True)


class WorkstationSerializer(ModelSerializer):
    committee = related("committee.name")
    region = serializers.SerializerMethodField()
    kind_display = choice_label("kind")

    class Meta:
        model = Workstation
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "committee",
            "region",
            "address",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "online_url",
        ]

    def get_region(self, obj) -> str:
        region = obj.region
        if region is None:
            return ""
        parent = region.parent
        return f"{parent.name} {region.name}" if parent is not None else region.name


class ProfileSerializer(ModelSerializer):
    committee = related("committee.name")
    sector = related("sector.name", blank=True)
    party = related("party.name", blank=True)
    special_committee = related("special_committee.name", blank=True)
    level_display = choice_label("level")

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "gender",
            "level",
            "level_display",
            "committee",
            "sector",
            "party",
            "special_committee",
        ]


class NotificationSerializer(ModelSerializer):
    kind_display = choice_label("kind")

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "text", "link", "created_at", "read_at"]


class MyOpinionSerializer(ModelSerializer):
    category = related("category.name", blank=True)
    committee = related("committee.name")
    status_display = choice_label("status")

    class Meta:
        model = Opinion
        fields = [
            "id",
            "tracking_code",
            "title",
            "category",
            "committee",
            "status",
            "status_display",
            "submitted_at",
            "updated_at",
        ]


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MyOpinionDetailSerializer(MyOpinionSerializer):
    """What the member's item page shows."""

    region = serializers.CharField(source="region.name", read_only=True, default="")
    return_reason = serializers.SerializerMethodField(help_text="退回修改意见（退回修改时）")
    co_authors = MemberRefSerializer(many=True, source="co_authors.all", read_only=True)
    attachments = serializers.SerializerMethodField()
    editable = serializers.SerializerMethodField(help_text="草稿或退回修改的：可以修改")

    class Meta(MyOpinionSerializer.Meta):
        fields = [
            *MyOpinionSerializer.Meta.fields,
            "content",
            "analysis",
            "suggestion",
            "region",
            "return_reason",
            "co_authors",
            "attachments",
            "editable",
        ]

    def get_return_reason(self, obj) -> str:
        return obj.decision_comment if obj.status == Status.RETURNED else ""

    def get_attachments(self, obj) -> list[str]:
        return [a.original_name for a in obj.attachments.all()]

    def get_editable(self, obj) -> bool:
        return is_editable(obj)


class ShiftSerializer(ModelSerializer):
    workstation = related("workstation.name")
    status_display = choice_label("status")
    kind_display = choice_label("kind")

    class Meta:
        model = DutyShift
        fields = [
            "id",
            "workstation",
            "kind",
            "kind_display",
            "date",
            "starts_at",
            "ends_at",
            "status",
            "status_display",
            "checked_in_at",
            "visitors_count",
        ]


class ActivitySerializer(ModelSerializer):
    committee = related("committee.name")
    workstation = related("workstation.name", blank=True)
    reporter = related("reporter.name", blank=True)
    type_display = choice_label("type")
    status_display = choice_label("status")
    participant_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "type",
            "type_display",
            "occurred_on",
            "ends_on",
            "place",
            "committee",
            "workstation",
            "reporter",
            "people_reached",
            "participant_count",
            "status",
            "status_display",
        ]


class ActivityDetailSerializer(ActivitySerializer):
    participants = serializers.SerializerMethodField()
    return_reason = serializers.CharField(read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "summary",
            "outcome",
            "return_reason",
            "participants",
        ]

    def get_participants(self, obj) -> list[str]:
        return [p.member.name for p in obj.participants.all()]


# --- public: 我要建言 and tracking (the requests are validated by the web forms; these describe
# them for the schema) -----------------------------------------------------------------------
class ChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class SubmissionFormSerializer(serializers.Serializer):
    started = serializers.CharField(help_text="填写计时令牌，提交时原样带回")
    token = serializers.CharField(help_text="防重复提交令牌（32位十六进制），提交时原样带回")
    captcha_challenge = serializers.CharField(
        allow_null=True, help_text="需要验证码时：图片编号；图片见 captcha_image"
    )
    captcha_image = serializers.CharField(allow_null=True)
    categories = ChoiceSerializer(many=True)
    committees = ChoiceSerializer(many=True)


class SubmissionRequestSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=60)
    content = serializers.CharField(max_length=1500)
    category = serializers.IntegerField()
    committee = serializers.IntegerField()
    region = serializers.IntegerField(required=False)
    is_anonymous = serializers.BooleanField(required=False)
    submitter_name = serializers.CharField(required=False, max_length=40)
    submitter_phone = serializers.CharField(required=False, max_length=11)
    submitter_email = serializers.EmailField(required=False)
    consent = serializers.BooleanField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    started = serializers.CharField(required=False)
    token = serializers.CharField(required=False, max_length=64)
    captcha_challenge = serializers.CharField(required=False, max_length=64)
    captcha = serializers.CharField(required=False, max_length=10)
    website = serializers.CharField(required=False, help_text="留空")


class MailboxFormSerializer(SubmissionFormSerializer):
    workstations = ChoiceSerializer(many=True)


class MailboxRequestSerializer(SubmissionRequestSerializer):
    workstation = serializers.IntegerField(required=False, help_text="写给哪个委员之家（可选）")


class SubmissionResultSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    key = serializers.CharField(
        allow_null=True, help_text="查询密码，只返回这一次；重复提交同一令牌时为 null"
    )


class TrackRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    key = serializers.CharField(max_length=20, help_text="查询密码或完整的11位手机号码")
    captcha_challenge = serializers.CharField(required=False, max_length=64)
    captcha = serializers.CharField(required=False, max_length=10)


class TrackEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()


class TrackResultSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    committee = serializers.CharField(source="committee.name")
    status = serializers.CharField(source="get_public_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    merged_into = serializers.CharField(
        source="merged_into.tracking_code", default=None, allow_null=True
    )
    public_reply = serializers.CharField()
    events = TrackEventSerializer(many=True, source="events.all")
    can_rate = serializers.SerializerMethodField(help_text="已答复、等待评价")
    rating_token = serializers.SerializerMethodField(
        help_text="评价令牌（两小时内有效）：可以评价或申请重新办理时才有，否则为 null"
    )

    def get_can_rate(self, obj) -> bool:
        return OPINION.can(obj, "rate")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_rating_token(self, obj):
        return tracking.rating_token(obj) if tracking.rating_open(obj) else None


class RatingRequestSerializer(serializers.Serializer):
    """The tracking page's rating form (opinions.forms.RatingForm validates it)."""

    token = serializers.CharField(max_length=300, help_text="查询结果中的 rating_token")
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(required=False, max_length=500)
    rehandle = serializers.BooleanField(
        required=False, help_text="不满意，申请重新办理（只能申请一次）"
    )


class CitizenItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    title = serializers.CharField()
    committee = serializers.CharField(source="committee.short_name")
    status = serializers.CharField(source="get_public_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    merged_into = serializers.CharField(
        source="merged_into.tracking_code", default=None, allow_null=True
    )


class ActivityCreateSerializer(serializers.Serializer):
    """The web form's fields (liaison.forms.ActivityForm validates them)."""

    type = serializers.CharField()
    title = serializers.CharField(max_length=80)
    occurred_on = serializers.DateField()
    ends_on = serializers.DateField(required=False)
    workstation = serializers.IntegerField(required=False)
    place = serializers.CharField(required=False, max_length=120)
    people_reached = serializers.IntegerField(required=False, min_value=0)
    summary = serializers.CharField(max_length=2000)
    outcome = serializers.CharField(required=False, max_length=2000)
    co_members = serializers.ListField(child=serializers.IntegerField(), required=False)
    opinions = serializers.ListField(child=serializers.IntegerField(), required=False)
    photos = serializers.ListField(child=serializers.ImageField(), required=False)
    token = serializers.CharField(required=False, max_length=64, help_text="防重复提交令牌")
    action = serializers.ChoiceField(
        choices=["save", "submit"], required=False, help_text="submit：保存后提交工作人员确认"
    )


# --- staff: the review desk (read-mostly; contacts masked as on the desk) ---------------------
class DeskOpinionSerializer(ModelSerializer):
    category = related("category.name", blank=True)
    committee = related("committee.name")
    status_display = choice_label("status")
    channel_display = choice_label("channel")
    submitter = serializers.CharField(source="masked_name", read_only=True)

    class Meta:
        model = Opinion
        fields = [
            "id",
            "tracking_code",
            "title",
            "category",
            "committee",
            "channel",
            "channel_display",
            "status",
            "status_display",
            "submitter",
            "is_spam",
            "needs_attention",
            "submitted_at",
            "review_due_at",
        ]


class DeskOpinionDetailSerializer(DeskOpinionSerializer):
    submitter_phone = serializers.CharField(source="masked_phone", read_only=True)
    region = related("region.name", blank=True)
    assignee = related("assignee.display_name", blank=True)

    class Meta(DeskOpinionSerializer.Meta):
        fields = [
            *DeskOpinionSerializer.Meta.fields,
            "content",
            "analysis",
            "suggestion",
            "region",
            "submitter_phone",
            "is_anonymous",
            "assignee",
            "decision_comment",
            "public_reply",
            "actions",
        ]

    actions = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="现在可以办理的步骤"
    )


class DeskStepSerializer(serializers.Serializer):
    """The desk's action forms' fields (opinions.forms validates them), by step: assign —
    assignee; return — comment (required); reject — reason; merge — into_code; adopt — level;
    note — comment (required); any — comment, expected_status."""

    assignee = serializers.IntegerField(required=False, help_text="经办人（本级工作人员）编号")
    comment = serializers.CharField(required=False, max_length=1000)
    reason = serializers.ChoiceField(choices=NotAdoptedReason.choices, required=False)
    into_code = serializers.CharField(required=False, max_length=20, help_text="并入建言的查询码")
    level = serializers.ChoiceField(choices=AdoptionLevel.choices, required=False)
    expected_status = serializers.CharField(
        required=False, max_length=16, help_text="看到时的状态：已被他人处理时 409"
    )


class RevealedContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


# --- departments: the items forwarded to them ------------------------------------------------
class ForwardingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField(source="opinion.tracking_code")
    title = serializers.CharField(source="opinion.title")
    category = serializers.CharField(source="opinion.category.name", default="")
    committee = serializers.CharField(source="opinion.committee.name")
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    due_date = serializers.DateField()
    created_at = serializers.DateTimeField()
    signed_at = serializers.DateTimeField(allow_null=True)


class ForwardingDetailSerializer(ForwardingSerializer):
    """What the department's page shows: the item's text, never the submitter's identity."""

    content = serializers.CharField(source="opinion.content")
    analysis = serializers.CharField(source="opinion.analysis")
    suggestion = serializers.CharField(source="opinion.suggestion")
    cover_note = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())


class DepartmentStepSerializer(serializers.Serializer):
    """The step's fields (the web page's forms validate them): reply — text, resolution,
    contact_person, documents; return — reason; opinion — text."""

    text = serializers.CharField(required=False)
    resolution = serializers.CharField(required=False)
    contact_person = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    documents = serializers.ListField(child=serializers.FileField(), required=False)


# --- ledger ----------------------------------------------------------------------------------
class LedgerItemSerializer(serializers.Serializer):
    item = serializers.CharField()
    label = serializers.CharField()
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    n = serializers.IntegerField()


class LedgerSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    grade = serializers.CharField(allow_blank=True)
    items = LedgerItemSerializer(many=True)


class ShiftStepSerializer(serializers.Serializer):
    """The step's fields (the shift page's forms validate them, without their prefixes):
    record — visitors_count, notes; matter — the matter's fields; swap — to_member, reason."""

    visitors_count = serializers.IntegerField(required=False, min_value=0)
    notes = serializers.CharField(required=False)
    to_member = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False)


class ShiftStepResultSerializer(serializers.Serializer):
    message = serializers.CharField()
    shift = ShiftSerializer()


class MemberOpinionRequestSerializer(serializers.Serializer):
    """The member's item form's fields (opinions.forms.MemberOpinionForm validates them)."""

    title = serializers.CharField(max_length=60)
    category = serializers.IntegerField()
    region = serializers.IntegerField(required=False)
    content = serializers.CharField()
    analysis = serializers.CharField(required=False)
    suggestion = serializers.CharField(required=False)
    co_authors = serializers.ListField(child=serializers.IntegerField(), required=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False)
    action = serializers.ChoiceField(
        choices=["save", "submit"], required=False, help_text="submit：保存后提交审核"
    )


# --- consultations: members' invitations, the public events, the 委员讲堂 menu ----------------
class InvitationSerializer(serializers.Serializer):
    """What 我的协商活动 shows of an invitation; ``actions`` are the answers open now."""

    id = serializers.IntegerField()
    consultation = serializers.IntegerField(source="consultation_id")
    title = serializers.CharField(source="consultation.title")
    kind = serializers.CharField(source="consultation.kind")
    kind_display = serializers.CharField(source="consultation.get_kind_display")
    committee = serializers.CharField(source="consultation.committee.name")
    place = serializers.CharField(source="consultation.place")
    starts_at = serializers.DateTimeField(source="consultation.starts_at")
    ends_at = serializers.DateTimeField(source="consultation.ends_at")
    consultation_status = serializers.CharField(source="consultation.status")
    consultation_status_display = serializers.CharField(source="consultation.get_status_display")
    rsvp = serializers.CharField()
    rsvp_display = serializers.CharField(source="get_rsvp_display")
    decline_reason = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)
    attendance = serializers.CharField()
    attendance_display = serializers.CharField(source="get_attendance_display")
    spoke = serializers.BooleanField()
    actions = serializers.ListField(child=serializers.CharField())


class RsvpRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, max_length=200, help_text="请假原因（请假时必填，最多200字）"
    )


class PublicEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    committee = serializers.CharField(source="committee.name")
    place = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")


class PublicOutcomeSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
    submitted_to = serializers.CharField()
    submitted_on = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    decided_on = serializers.DateField(allow_null=True)
    implemented_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()


class PublicEventDetailSerializer(PublicEventSerializer):
    """What the public event page shows: the facts, the agenda, places left while sign-up is
    open, and once the minutes are published their summary and the outcomes' follow-up."""

    leading_body = serializers.CharField()
    co_organisers = serializers.CharField()
    departments = serializers.ListField(
        child=serializers.CharField(),
        source="departments.all",
        help_text="列席部门（承办单位）名称",
    )
    topic = serializers.CharField(source="topic.title", default="")
    agenda = serializers.CharField()
    capacity = serializers.IntegerField()
    places_left = serializers.IntegerField()
    signup_open = serializers.BooleanField()
    minutes_summary = serializers.CharField(allow_null=True)
    minutes_published_at = serializers.DateTimeField(allow_null=True)
    outcomes = PublicOutcomeSerializer(many=True, source="public_outcomes")


class LectureOfferingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    field = serializers.CharField()
    field_display = serializers.CharField(source="get_field_display")
    committee = serializers.CharField(source="committee.local_short_name")
    member = serializers.CharField(source="member.name")
    audience = serializers.CharField()
    length_minutes = serializers.IntegerField()
    description = serializers.CharField()
