"""What the demo consultations hold (``events``): every kind of event once past and once ahead in
市政协, 达拉特旗 and 准格尔旗, with the titles, leading bodies and co-organisers each kind gets."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Consultation

K = Consultation.Kind
DAY = datetime.timedelta(days=1)

# (committee code, kind, phase, days from today): every kind once past and once ahead.
PLAN = (
    ("dalate", K.GRASSROOTS, "closed", -62),
    ("dalate", K.GRASSROOTS, "planned", 12),
    ("dalate", K.OPEN_DAY, "minutes", -24),
    ("dalate", K.OPEN_DAY, "open", 6),
    ("dalate", K.SALON, "held", -2),
    ("dalate", K.RECEPTION, "open", 3),
    ("ordos", K.THEMATIC, "closed", -80),
    ("ordos", K.THEMATIC, "planned", 20),
    ("ordos", K.COUNTERPART, "minutes", -15),
    ("ordos", K.COUNTERPART, "planned", 9),
    ("ordos", K.RECEPTION, "closed", -40),
    ("ordos", K.SALON, "open", 8),
    ("ordos", K.OPEN_DAY, "cancelled", 5),
    ("zhungeer", K.SECTOR, "closed", -33),
    ("zhungeer", K.SECTOR, "planned", 15),
    ("zhungeer", K.GRASSROOTS, "minutes", -10),
    ("zhungeer", K.OPEN_DAY, "open", 4),
)
PUBLIC_KINDS = {K.OPEN_DAY, K.RECEPTION, K.SALON, K.GRASSROOTS}
TITLES = {
    K.GRASSROOTS: "{place}基层协商议事会：{topic}",
    K.SECTOR: "经济界别协商座谈会：{topic}",
    K.COUNTERPART: "对口协商会：{topic}",
    K.THEMATIC: "专题协商会：{topic}",
    K.OPEN_DAY: "政协开放日：走进{place}",
    K.RECEPTION: "委员会客厅：{topic}",
    K.SALON: "民营经济主题沙龙：{topic}",
}
LEADING = {
    K.GRASSROOTS: "{place}党委",
    K.SECTOR: "{committee}经济委员会",
    K.COUNTERPART: "{committee}社会和法制委员会",
    K.THEMATIC: "{committee}办公室",
    K.OPEN_DAY: "{committee}办公室",
    K.RECEPTION: "{committee}委员工作委员会",
    K.SALON: "{committee}经济委员会",
}
CO_ORGANISERS = {
    K.SALON: "工商联、知联会、新联会",
    K.RECEPTION: "民盟、九三学社",
    K.SECTOR: "工商联",
}


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
