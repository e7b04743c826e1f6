"""《社情民意信息》 documents: the DOCX opens (parsed back with python-docx) and holds the masthead,
the 期号, the issuing body and date, and the items' editorial titles in order; the printable page
renders the same; neither carries a citizen submitter's identity."""

import datetime
import io
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from opinions import services
from opinions.models import Status
from tests.conftest import TZ
from tests.members.factories import MemberFactory
from tests.opinions.conftest import DISTINCT_EMAIL, DISTINCT_NAME, DISTINCT_PHONE
from tests.opinions.factories import OpinionFactory
from tests.utils import issue_bulletin

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def issued(dalate, staff_dalate):
    """An issued 达拉特旗 bulletin of three items, reordered and retitled before sign-off."""
    author = MemberFactory(committee=dalate, name="白音")
    opinions = [
        OpinionFactory(
            committee=dalate,
            status=Status.ADOPTED,
            title="原标题一",
            submitter_name=DISTINCT_NAME,
            submitter_phone=DISTINCT_PHONE,
            submitter_email=DISTINCT_EMAIL,
        ),
        OpinionFactory(
            committee=dalate,
            status=Status.ADOPTED,
            title="原标题二",
            author=author,
            submitter_name="",
        ),
        OpinionFactory(committee=dalate, status=Status.ADOPTED, title="原标题三"),
    ]
    bulletin = services.bulletin_create(by=staff_dalate, committee=dalate)
    items = [
        services.bulletin_add_item(bulletin=bulletin, opinion=o, by=staff_dalate) for o in opinions
    ]
    titles = ["关于加快老旧小区改造的建议", "关于牧区饮水安全的建议", "关于规范课后服务收费的建议"]
    for item, title in zip(items, titles, strict=True):
        services.bulletin_update_item(
            item=item,
            by=staff_dalate,
            editorial_title=title,
            editorial_body=f"{title}的正文第一段。\n\n第二段。",
        )
    services.bulletin_move_item(item=items[2], by=staff_dalate, up=True)  # 1, 3, 2
    when = datetime.datetime(2026, 6, 15, 10, tzinfo=TZ)
    with mock.patch("django.utils.timezone.now", return_value=when):
        bulletin = issue_bulletin(bulletin, by=staff_dalate)
    bulletin.expected_titles = [titles[0], titles[2], titles[1]]
    bulletin.opinions = opinions
    return bulletin


def paragraphs(data: bytes) -> list[str]:
    document = Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs if p.text.strip()]


def test_docx_opens_and_holds_the_items_in_order(client, issued, staff_dalate):
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:bulletin_docx", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert f"bulletin-2026-{issued.number}.docx" in response["Content-Disposition"]
    texts = paragraphs(response.content)
    # masthead: title, 期号, issuing body and date
    assert texts[0] == "社情民意信息"
    assert texts[1] == "2026年第1期"
    assert texts[2].startswith("达拉特旗政协") or "政协" in texts[2]
    assert "办公室编" in texts[2] and "2026年6月15日" in texts[2]
    positions = [texts.index(title) for title in issued.expected_titles]
    assert positions == sorted(positions)
    # the original titles are not what was issued
    assert not any(t.startswith("原标题") for t in texts)
    assert "（白音委员反映  编号：" + issued.opinions[1].tracking_code + "）" in texts
    body = "\n".join(texts)
    for fragment in (DISTINCT_NAME, DISTINCT_PHONE, DISTINCT_EMAIL):
        assert fragment not in body
    assert texts[-2].startswith("报：") and texts[-1].startswith("送：")
    # the title run is red, in the masthead font
    title_run = Document(io.BytesIO(response.content)).paragraphs[0].runs[0]
    assert str(title_run.font.color.rgb) == "C00000" and title_run.font.name == "方正小标宋简体"


def test_draft_docx_says_not_yet_issued(client, dalate, staff_dalate, leader):
    opinion = OpinionFactory(committee=dalate, status=Status.ADOPTED)
    bulletin = services.bulletin_create(by=staff_dalate, committee=dalate)
    services.bulletin_add_item(bulletin=bulletin, opinion=opinion, by=staff_dalate)
    client.force_login(leader)  # municipal leaders read every committee's issues
    response = client.get(reverse("opinions:bulletin_docx", args=[bulletin.pk]))
    assert response.status_code == 200 and "draft.docx" in response["Content-Disposition"]
    assert "（待签发）" in paragraphs(response.content)[1]


def test_printable_page(client, issued, staff_dalate):
    client.force_login(staff_dalate)
    response = client.get(reverse("opinions:bulletin_print", args=[issued.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="masthead">社情民意信息</div>' in page
    assert "2026年第1期" in page and "2026年6月15日" in page and "办公室编" in page
    positions = [page.index(f"<h2>{title}</h2>") for title in issued.expected_titles]
    assert positions == sorted(positions)
    assert "白音委员反映" in page and "bulletin-print.css" in page
    for fragment in (DISTINCT_NAME, DISTINCT_PHONE, DISTINCT_EMAIL):
        assert fragment not in page
    assert "鄂尔多斯市政协" in page  # a 旗区 reports upward


def test_list_and_detail_pages(client, issued, staff_dalate):
    client.force_login(staff_dalate)
    page = client.get(reverse("opinions:bulletins")).content.decode()
    assert "2026年第1期" in page and "已签发" in page
    page = client.get(reverse("opinions:bulletin_detail", args=[issued.pk])).content.decode()
    assert "已由" in page and "签发" in page
    positions = [page.index(title) for title in issued.expected_titles]
    assert positions == sorted(positions)
    assert f'action="/opinions/bulletins/{issued.pk}/issue/"' not in page


def test_list_counts_items_for_the_page_rows_only(client, issued, dalate, staff_dalate):
    """Paginate first: the list's count and LIMIT involve no bulletin item; each bulletin shown
    carries its own number of items (0 for a new one)."""
    empty = services.bulletin_create(by=staff_dalate, committee=dalate)
    client.force_login(staff_dalate)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("opinions:bulletins"))
    counts = {b.pk: b.item_count for b in response.context["bulletins"]}
    assert counts == {issued.pk: 3, empty.pk: 0}
    on_bulletins = [q["sql"] for q in ctx.captured_queries if "opinions_bulletin" in q["sql"]]
    (count,) = [sql for sql in on_bulletins if "__count" in sql]
    assert "opinions_bulletinitem" not in count
    assert not any("GROUP BY" in sql for sql in on_bulletins)
