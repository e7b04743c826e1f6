"""core.queries.SubqueryCount: a correlated count that is 0, not NULL, for no rows, and adds no
GROUP BY to the list it annotates."""

import pytest
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext

from core.queries import SubqueryCount
from org.models import Committee, Department

pytestmark = pytest.mark.django_db


def test_counts_per_row_and_zero_for_none(dalate, zhungeer):
    Department.objects.filter(committee=zhungeer).delete()
    for n in range(3):
        Department.objects.create(committee=dalate, name=f"计数局{n}")
    expected = {
        c.pk: Department.objects.filter(committee=c).count() for c in Committee.objects.all()
    }
    with CaptureQueriesContext(connection) as ctx:
        got = dict(
            Committee.objects.annotate(
                n=SubqueryCount(Department.objects.filter(committee=OuterRef("pk")))
            ).values_list("pk", "n")
        )
    assert got == expected and got[zhungeer.pk] == 0 and got[dalate.pk] >= 3
    assert "GROUP BY" not in ctx.captured_queries[0]["sql"]
