"""The ``frozen_now`` fixture stops every clock the code reads, not only ``timezone.now``."""

import datetime
import time

from django.utils import timezone

from opinions.models import Attachment, attachment_path
from workstations.models import ShiftEvent


def test_frozen_now_covers_default_timezone_now_fields(frozen_now):
    # ``default=timezone.now`` holds the original function, which a mock of the module
    # attribute never reached.
    assert ShiftEvent().created_at == frozen_now
    assert timezone.now() == frozen_now
    assert timezone.localdate() == datetime.date(2026, 6, 15)


def test_frozen_now_covers_date_today(frozen_now):
    assert datetime.date.today() == datetime.date(2026, 6, 15)
    assert time.time() == frozen_now.timestamp()
    # Uploads are filed under the month they arrive in (date.today() in the upload path).
    attachment = Attachment(token="abc", content_type="application/pdf")
    assert attachment_path(attachment, "x.pdf") == "private/opinions/2026/06/abc.pdf"
