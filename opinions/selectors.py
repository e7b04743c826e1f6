"""Reads shared by the desk, the exports, the member pages and the tracking page."""

from __future__ import annotations

import datetime
import difflib
import re

from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    DurationField,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Left
from django.utils import timezone

from accounts.models import User
from core.memo import PUBLIC, memo
from core.queries import SubqueryCount
from org.models import Committee, Department, in_language
from org.scope import visible_committee_ids

from .models import (
    UNDECIDED,
    Attachment,
    Bulletin,
    BulletinItem,
    Category,
    Forwarding,
    Opinion,
    OpinionEvent,
    Reply,
    ReplyDocument,
    Satisfaction,
    Status,
)


def desk_opinions(*, user):
    return (
        Opinion.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .select_related("committee", "category", "region", "region__parent", "assignee")
    )


def desk_detail(*, user):
    return (
        desk_opinions(user=user)
        .select_related("author", "merged_into", "created_by", "workstation")
        .prefetch_related(
            Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            "co_authors",
            "instructions",
            Prefetch(
                "merged_opinions",
                queryset=Opinion.objects.only(
                    "pk", "tracking_code", "title", "merged_into_id", "committee_id"
                ),
            ),
        )
    )


def assignable_staff(*, committee_id: int):
    return User.objects.filter(
        is_active=True, role__in=[User.Role.STAFF, User.Role.ADMIN], committee_id=committee_id
    ).order_by("name", "username")


# "关于……的建议" frames nearly every title; compared with it, unrelated titles look alike.
TITLE_FRAME = re.compile(r"^关于|的(建议|意见|提议|问题)$|(建议|问题)$")


def _title_core(title: str) -> str:
    return TITLE_FRAME.sub("", title.strip()) or title


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


SIMILAR_WINDOW = datetime.timedelta(days=365)
SIMILAR_CANDIDATES = 20
SIMILAR_MIN_SCORE = 0.25


def _similar_candidates(opinion: Opinion):
    """Where similar items are looked for: the same committee and category (none: no category),
    submitted within a year before or after this one, drafts and the item itself left out."""
    around = opinion.submitted_at or timezone.now()
    return (
        Opinion.objects.filter(
            # bigint on both sides: btree_gist's operators in the GiST index are not cross-type
            committee_id=_bigint(opinion.committee_id),
            category_id=_bigint(opinion.category_id),
            submitted_at__gte=around - SIMILAR_WINDOW,
            submitted_at__lte=around + SIMILAR_WINDOW,
        )
        .exclude(pk=opinion.pk)
        .exclude(status=Status.DRAFT)
    )


def _bigint(value: int | None):
    return None if value is None else Cast(Value(value), BigIntegerField())


def similar_opinions(*, opinion: Opinion, limit: int = 5):
    """Up to ``limit`` items like this one (``_similar_candidates``), most similar first.

    PostgreSQL: the 20 nearest titles by pg_trgm distance (a KNN walk of the GiST index of
    migration 0009, which holds committee and category too), then scored by title similarity
    plus the similarity of the first 200 characters of the content, over 0.25. One query, and
    its cost does not grow with the number of candidates. Elsewhere: character-bigram overlap
    over the latest 500 candidates."""
    base = _similar_candidates(opinion)
    fields = ("pk", "tracking_code", "title", "status", "submitted_at", "committee_id")
    if connection.vendor == "postgresql":
        nearest = base.order_by(TrigramDistance("title", opinion.title)).values("pk")
        return list(
            Opinion.objects.filter(pk__in=Subquery(nearest[:SIMILAR_CANDIDATES]))
            .only(*fields)
            .annotate(
                similarity=TrigramSimilarity("title", opinion.title)
                + TrigramSimilarity(Left("content", 200), opinion.content[:200])
            )
            .filter(similarity__gt=SIMILAR_MIN_SCORE)
            .order_by("-similarity", "-pk")[:limit]
        )
    target = _bigrams(opinion.title) | _bigrams(opinion.content[:200])
    if not target:
        return []
    scored = []
    for other in base.only(*fields, "content").order_by("-submitted_at", "-pk")[:500]:
        grams = _bigrams(other.title) | _bigrams(other.content[:200])
        if not grams:
            continue
        score = len(target & grams) / len(target | grams)
        title_ratio = difflib.SequenceMatcher(
            None, _title_core(opinion.title), _title_core(other.title)
        ).ratio()
        score = max(score, title_ratio * 0.6)
        if score > 0.2:
            other.similarity = round(score, 2)
            scored.append(other)
    scored.sort(key=lambda o: o.similarity, reverse=True)
    return scored[:limit]


def member_items(*, member):
    return (
        Opinion.objects.filter(author=member)
        .select_related("category", "committee")
        .annotate(co_author_count=Count("co_authors"))
        .order_by("-updated_at", "-pk")
    )


def member_item_detail(*, member):
    return (
        Opinion.objects.filter(author=member)
        .select_related("category", "region", "region__parent", "merged_into")
        .prefetch_related(
            "co_authors",
            "attachments",
            Prefetch("events", queryset=OpinionEvent.objects.select_related("actor")),
        )
    )


def tracking_candidate(code: str) -> Opinion | None:
    return (
        Opinion.objects.select_related("merged_into", "committee")
        .prefetch_related(
            Prefetch(
                "events", queryset=OpinionEvent.objects.filter(kind__in=OpinionEvent.PUBLIC_KINDS)
            )
        )
        .filter(tracking_code=code.strip()[:20].upper())  # stored upper-case (migration 0009)
        .exclude(status=Status.DRAFT)
        .first()
    )


def tracking_candidate_by_pk(pk: int) -> Opinion | None:
    return (
        Opinion.objects.select_related("merged_into", "committee")
        .prefetch_related(
            Prefetch(
                "events", queryset=OpinionEvent.objects.filter(kind__in=OpinionEvent.PUBLIC_KINDS)
            )
        )
        .filter(pk=pk)
        .exclude(status=Status.DRAFT)
        .first()
    )


def submission_committees():
    return Committee.objects.select_related("region").order_by("order")


# --- part 2 ----------------------------------------------------------------------------------
def bulletins(*, user):
    return _bulletin_list(Bulletin.objects.visible_to(user))


def _bulletin_list(queryset):
    return (
        queryset.select_related("committee", "signed_by")
        .annotate(item_count=SubqueryCount(BulletinItem.objects.filter(bulletin=OuterRef("pk"))))
        .order_by("-year", "-number", "-pk")
    )


def bulletin_detail(*, user):

    return (
        Bulletin.objects.visible_to(user)
        .select_related("committee", "signed_by", "created_by", "submitted_by")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=BulletinItem.objects.select_related("opinion", "opinion__author").order_by(
                    "position", "pk"
                ),
            )
        )
    )


def instruction_items(*, user):
    """Items a leader may open to record a 批示: submitted items of the committees they see,
    with what the page shows (the text and earlier instructions)."""
    return (
        Opinion.objects.visible_to(user)
        .exclude(status=Status.DRAFT)
        .select_related("committee", "category", "region", "author")
        .prefetch_related(
            "instructions",
            Prefetch(
                "forwardings",
                queryset=Forwarding.objects.select_related("department").order_by(
                    "-role", "pk"
                ),  # the lead first
            ),
        )
    )


def compilable_opinions(*, bulletin):
    return (
        Opinion.objects.filter(
            committee_id=bulletin.committee_id, status=Status.ADOPTED, bulletin_item__isnull=True
        )
        .only("pk", "tracking_code", "title")
        .order_by("-decided_at", "-pk")
    )


def forwardable_departments(*, committee_id):

    return Department.objects.filter(committee_id=committee_id, is_active=True).order_by(
        "sort_key", "name"
    )


def department_forwardings(*, user):

    if not user.is_authenticated or not user.department_id:
        return Forwarding.objects.none()
    return Forwarding.objects.for_department(user.department_id).select_related(
        "opinion", "opinion__category", "opinion__region", "opinion__committee", "department"
    )


def _replies_with_documents():
    return Reply.objects.order_by("created_at", "pk").prefetch_related(
        Prefetch("documents", queryset=ReplyDocument.objects.order_by("pk"))
    )


def department_forwarding_detail(*, user):
    """A department's forwarding with what it needs to handle it: the item's text and
    attachments (photos…), its own replies and their letters, the co-handlers' opinions (for the
    lead), the leaders' instructions — never the submitter's identity (the page shows none)."""
    siblings = (
        Forwarding.objects.select_related("department")
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.order_by("created_at")))
        .order_by("created_at", "pk")
    )
    return department_forwardings(user=user).prefetch_related(
        Prefetch("replies", queryset=_replies_with_documents()),
        Prefetch("opinion__forwardings", queryset=siblings, to_attr="all_forwardings"),
        Prefetch("opinion__instructions"),
        Prefetch("opinion__attachments", queryset=Attachment.objects.order_by("pk")),
    )


def desk_forwardings(*, opinion):

    return (
        Forwarding.objects.filter(opinion=opinion)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=_replies_with_documents().select_related("reviewed_by"),
            )
        )
        .order_by("created_at", "pk")
    )


def overdue_forwardings(*, user):

    return (
        Forwarding.objects.visible_to(user)
        .overdue()
        .select_related("opinion", "opinion__committee", "department")
        .order_by("due_date", "pk")
    )


# What counts towards the satisfaction rate.
SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


def department_stats(*, user, cache_seconds: int = 0):
    """Per department in scope: received, replied, on-time reply rate, average days to reply,
    open items past their due date, and satisfaction of the opinions it led. The database
    counts (GROUP BY department with conditional aggregates): three queries whatever the number
    of forwardings or departments.

    - received: every forwarding except a withdrawn one;
    - replied: a first reply exists (whatever happened after: accepted, rejected, reopened);
      on time when its date where the portal runs (``TIME_ZONE``) is on or before the due date;
    - overdue_open: not replied yet, still open and due before today;
    - rated / satisfied: lead forwardings whose opinion was rated / rated 满意 or 基本满意.

    ``cache_seconds``: keep the counts of this scope (they are the same for everyone who sees
    it) and day that long in the cache; the rows then say when they were counted
    (``counted_at``). The departments themselves are always read fresh."""

    departments = list(
        Department.objects.visible_to(user)
        .select_related("committee")
        .order_by("committee__order", "sort_key", "name")
    )
    today = timezone.localdate()
    scope = visible_committee_ids(user)
    key = "opinions:department-stats:{}:{}".format(
        today.isoformat(), "all" if scope is None else ",".join(map(str, sorted(scope)))
    )
    counted = cache.get(key) if cache_seconds else None
    if counted is None:
        # A forwarding goes to a department of the opinion's own committee (opinion_forward
        # refuses any other), so "forwardings to the departments in scope" are the forwardings
        # in scope: no join with the opinions just to find their committee.
        forwardings = Forwarding.objects.all()
        if scope is not None:
            forwardings = forwardings.filter(department__in=[d.pk for d in departments])
        counted = (timezone.now(), _department_counts(forwardings, today=today))
        if cache_seconds:
            cache.set(key, counted, cache_seconds)
    counted_at, by_department = counted
    result = []
    for department in departments:
        row = {"department": department, "counted_at": counted_at}
        row.update(by_department.get(department.pk, _NO_FORWARDINGS))
        replied_n, rated_n = row["replied"], row["rated"]
        row["days_total"] = row.pop("time_to_reply").total_seconds() / 86400
        row["on_time_rate"] = round(100 * row["on_time"] / replied_n) if replied_n else None
        row["avg_days"] = round(row["days_total"] / replied_n, 1) if replied_n else None
        row["satisfaction_rate"] = round(100 * row["satisfied"] / rated_n) if rated_n else None
        result.append(row)
    return result


_NO_FORWARDINGS = {
    "received": 0,
    "replied": 0,
    "on_time": 0,
    "overdue_open": 0,
    "time_to_reply": datetime.timedelta(0),
    "rated": 0,
    "satisfied": 0,
}


def _department_counts(forwardings, *, today) -> dict[int, dict]:
    """{department id: counts} over ``forwardings`` (withdrawn ones never count). Two GROUP BY
    queries: the forwardings alone, then the lead forwardings of rated opinions — the only
    ones joined with the opinions."""
    forwardings = forwardings.exclude(status=Forwarding.Status.WITHDRAWN)
    replied = Q(first_replied_at__isnull=False)
    counts: dict[int, dict] = {}
    for row in (
        forwardings.values("department_id")
        .order_by()
        .annotate(
            received=Count("pk"),
            replied=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & Q(first_replied_at__date__lte=F("due_date"))),
            overdue_open=Count(
                "pk",
                filter=Q(
                    first_replied_at__isnull=True,
                    status__in=Forwarding.OPEN_STATUSES,
                    due_date__lt=today,
                ),
            ),
            time_to_reply=Sum(
                F("first_replied_at") - F("created_at"),
                filter=replied,
                output_field=DurationField(),
            ),
        )
    ):
        department_id = row.pop("department_id")
        row["time_to_reply"] = row["time_to_reply"] or datetime.timedelta(0)
        counts[department_id] = {**row, "rated": 0, "satisfied": 0}
    for row in (
        forwardings.filter(role=Forwarding.Role.LEAD)
        .exclude(opinion__satisfaction="")
        .values("department_id")
        .order_by()
        .annotate(
            rated=Count("pk"),
            satisfied=Count("pk", filter=Q(opinion__satisfaction__in=SATISFIED)),
        )
    ):
        counts[row["department_id"]].update(rated=row["rated"], satisfied=row["satisfied"])
    return counts


def mailbox_workstations():
    """Open 委员之家 a 政协信箱 letter may be addressed to. The model is reached through the
    opinion's foreign key, not imported: workstations sit above opinions in the layer order (a
    duty shift turns a visitor's matter into an opinion), see docs/architecture.md."""
    workstation = Opinion._meta.get_field("workstation").related_model
    return workstation.objects.filter(status=workstation.Status.ACTIVE).select_related("committee")


# --- the public forms' lists (computed once per process, core.memo) --------------------------
def category_choices() -> tuple[tuple[int, str], ...]:
    """The active categories as (pk, name), in their order; the name in the page's language
    (the rows are kept once for every language, the name chosen per request)."""

    def build():
        active = Category.objects.filter(is_active=True).order_by("order", "pk")
        return tuple(active.values_list("pk", "name", "name_mn"))

    rows = memo(PUBLIC, "opinions.category_choices", build)
    return tuple((pk, in_language(name, name_mn)) for pk, name, name_mn in rows)


def mailbox_workstation_choices() -> tuple[tuple[int, int, str], ...]:
    """The workstations a letter may be addressed to as (pk, committee pk, "旗区 · name"), the
    旗区 in the page's language."""

    def build():
        return tuple(
            mailbox_workstations()
            .order_by("committee__order", "name", "pk")
            .values_list(
                "pk", "committee_id", "committee__short_name", "committee__short_name_mn", "name"
            )
        )

    rows = memo(PUBLIC, "opinions.mailbox_workstation_choices", build)
    return tuple(
        (pk, committee_id, f"{in_language(short, short_mn)} · {name}")
        for pk, committee_id, short, short_mn, name in rows
    )


# --- work queues -----------------------------------------------------------------------------
# What waits for someone, one function per queue. Each is both the list a dashboard tile opens
# and the tile's number (dashboards.queues), so the two cannot disagree. The office's queues hold
# the records of the committees the user may change (a municipal user acts on municipal items;
# the other committees' are theirs to act on); each filter is one of the desk's partial indexes
# (opinion_desk_undecided_idx, …) and a tile counts no further than a cap.
def _office_opinions(user):
    return Opinion.objects.changeable_by(user).exclude(status=Status.DRAFT)


def queue_review(*, user):
    """待审核: submitted or under review, not suspected spam."""
    return _office_opinions(user).filter(status__in=UNDECIDED, is_spam=False)


def queue_review_overdue(*, user):
    """超期未审: undecided past the 5-working-day review deadline, not suspected spam."""
    return _office_opinions(user).review_overdue().filter(is_spam=False)


def queue_spam(*, user):
    """疑似垃圾: undecided items the intake flagged; a decision takes them off."""
    return _office_opinions(user).filter(status__in=UNDECIDED, is_spam=True)


def queue_to_compile(*, user):
    """待编发: adopted and not yet in a 《社情民意信息》 issue."""
    return _office_opinions(user).filter(status=Status.ADOPTED, bulletin_item__isnull=True)


# The desk's ``?queue=`` values (OpinionFilter's choices name them).
OPINION_QUEUES = {
    "review": queue_review,
    "overdue": queue_review_overdue,
    "spam": queue_spam,
    "compile": queue_to_compile,
}


def queue_replies_to_review(*, user):
    """答复待审核: department replies waiting for the office's review; the answer stays
    unpublished until then."""
    return _forwarding_list(Forwarding.objects.changeable_by(user)).filter(
        status=Forwarding.Status.REPLIED
    )


def queue_return_requests(*, user):
    """退回申请: departments asking to hand a forwarding back."""
    return _forwarding_list(Forwarding.objects.changeable_by(user)).filter(
        status=Forwarding.Status.RETURN_REQUESTED
    )


def _forwarding_list(forwardings):
    return forwardings.select_related("opinion", "opinion__committee", "department").order_by(
        "due_date", "pk"
    )


# The staff's forwarding lists (``opinions:forwarding_queue``), by URL slug.
FORWARDING_QUEUES = {
    "replies": queue_replies_to_review,
    "returns": queue_return_requests,
}


def queue_bulletins_to_sign(*, user):
    """待签发: 《社情民意信息》 issues of one's own committee sent for sign-off (送签) and not
    signed off yet — what the committee's leaders sign, and what the office waits on."""
    return _bulletin_list(Bulletin.objects.changeable_by(user)).filter(
        status=Bulletin.Status.COMPILED
    )


# A department's open forwardings in five disjoint queues: a return request first, then past
# the due date, then not signed, then due within DUE_SOON_DAYS, the rest in hand.
DUE_SOON_DAYS = 7
_WORKING = (Forwarding.Status.SIGNED, Forwarding.Status.REJECTED)
_NOT_RETURNING = (Forwarding.Status.NEW, *_WORKING)


def _department_queue_filters(today: datetime.date) -> dict[str, Q]:
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "new": Q(status=Forwarding.Status.NEW, due_date__gte=today),
        "handling": Q(status__in=_WORKING, due_date__gt=soon),
        "due_soon": Q(status__in=_WORKING, due_date__gte=today, due_date__lte=soon),
        "overdue": Q(status__in=_NOT_RETURNING, due_date__lt=today),
        "return": Q(status=Forwarding.Status.RETURN_REQUESTED),
    }


DEPARTMENT_QUEUES = ("new", "handling", "due_soon", "overdue", "return")


def department_queue(*, user, queue: str, today: datetime.date | None = None):
    """One of DEPARTMENT_QUEUES of the user's department, soonest due first."""
    condition = _department_queue_filters(today or timezone.localdate())[queue]
    return department_forwardings(user=user).filter(condition).order_by("due_date", "pk")


# --- a member's and a citizen's own ---------------------------------------------------------
MEMBER_TODO = (Status.DRAFT, Status.RETURNED)


def member_items_to_do(*, member):
    """草稿和退回修改: the member's items waiting for them."""
    return member_items(member=member).filter(status__in=MEMBER_TODO)


def citizen_items(*, user):
    """Everything a citizen submitted while signed in, or claimed with its code and key."""
    if not user.is_authenticated:
        return Opinion.objects.none()
    return (
        Opinion.objects.filter(Q(created_by=user) | Q(claimed_by=user))
        .exclude(status=Status.DRAFT)
        .select_related("committee", "merged_into")
        .only(
            "pk",
            "tracking_code",
            "title",
            "status",
            "submitted_at",
            "committee__short_name",
            "merged_into__tracking_code",
        )
        .order_by("-submitted_at", "-pk")
    )
