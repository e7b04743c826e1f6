"""The incremental ledger and ``ledger_rebuild`` disagree about a member item that was returned
and submitted again (found by the stateful lifecycle test; fixed when the ledger became a replay of facts).

``opinion_submit_member`` writes the "submitted" fact once per item (``ledger_on_opinion_submitted``
skips a source key that is already active), while the rebuild derives it from the item as it is
now: its current co-authors and its latest ``submitted_at``. So after a resubmission

* a co-author removed while the item was returned keeps their share, and one added gets a share
  computed as if they were the only co-author;
* the fact stays dated on the first submission: an item first submitted in December and
  resubmitted in January counts in the old year incrementally and in the new year rebuilt.
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from ledger.models import LedgerEntry, MemberYearScore
from ledger.services import ledger_rebuild
from opinions import services
from tests.members.factories import MemberFactory, MemberUserFactory

TZ = ZoneInfo("Asia/Shanghai")


def _ledger():
    entries = sorted(
        LedgerEntry.objects.active().values_list("member_id", "year", "source_key", "points")
    )
    totals = {
        (member, year): total
        for member, year, total in MemberYearScore.objects.values_list("member_id", "year", "total")
        if total
    }
    return entries, totals


def _rebuilt(*years):
    for year in years:
        ledger_rebuild(year=year)
    return _ledger()


def _returned_item(author, staff, co_authors):
    opinion = services.opinion_save_draft(
        by=author.user,
        author=author,
        title="牧区饮水工程维护",
        content="部分嘎查饮水工程年久失修。",
        suggestion="建议纳入年度维修计划。",
        co_authors=co_authors,
    )
    services.opinion_submit_member(opinion=opinion, by=author.user)
    services.opinion_return(opinion=opinion, by=staff, comment="请补充具体位置。")
    return opinion


def test_changing_co_authors_of_a_returned_item(dalate, staff_dalate, frozen_now):
    author = MemberUserFactory(committee=dalate)
    first, second = MemberFactory(committee=dalate), MemberFactory(committee=dalate)
    opinion = _returned_item(author, staff_dalate, [first])
    services.opinion_save_draft(
        by=author.user,
        author=author,
        opinion=opinion,
        title=opinion.title,
        content=opinion.content,
        suggestion=opinion.suggestion,
        co_authors=[second],
    )
    services.opinion_submit_member(opinion=opinion, by=author.user)
    incremental = _ledger()
    assert incremental == _rebuilt(2026)


def test_resubmitting_a_returned_item_in_the_new_year(dalate, staff_dalate):
    author = MemberUserFactory(committee=dalate)
    with time_machine.travel(datetime.datetime(2025, 12, 30, 10, tzinfo=TZ), tick=False):
        opinion = _returned_item(author, staff_dalate, [])
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10, tzinfo=TZ), tick=False):
        services.opinion_submit_member(opinion=opinion, by=author.user)
        incremental = _ledger()
        assert incremental == _rebuilt(2025, 2026)
