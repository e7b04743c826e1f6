"""The demo consultations' public observers (旁听群众): signed up through the services for events
ahead (some cancel, a full event gets a waiting list), written directly for events already held
(checked in or confirmed), each with a phone number never given twice."""

from __future__ import annotations

import datetime
import random

from .. import services
from ..models import Consultation, ConsultationEvent, Observer, new_entry_code
from .plan import DAY

OBSERVER_NAMES = (
    "王建华",
    "李秀英",
    "张伟",
    "刘芳",
    "陈静",
    "杨磊",
    "赵敏",
    "黄强",
    "周婷",
    "吴军",
)


class DemoObservers:
    def __init__(self, rng: random.Random, counts: dict[str, int]):
        self.rng = rng
        self.counts = counts
        self.phone_seq = 0

    def phone(self) -> str:
        self.phone_seq += 1
        return f"1{self.rng.choice('3578')}{self.rng.randrange(10)}0{self.phone_seq:07d}"

    def sign_up(self, consultation: Consultation, n: int) -> None:
        for i in range(n):
            observer = services.observer_sign_up(
                consultation=consultation,
                name=self.rng.choice(OBSERVER_NAMES),
                phone=self.phone(),
                consent=True,
            )
            self.counts["observers"] += 1
            if i == 1:
                services.observer_cancel(observer=observer)

    def held(self, consultation: Consultation) -> None:
        """Observers of an event already held (registration is only possible before it)."""
        for i in range(consultation.capacity - 1):
            checked_in = i % 4 != 3  # a few confirmed observers did not come
            observer = Observer.objects.create(
                consultation=consultation,
                name=self.rng.choice(OBSERVER_NAMES),
                phone=self.phone(),
                status=Observer.Status.CHECKED_IN if checked_in else Observer.Status.CONFIRMED,
                entry_code=new_entry_code(),
                consent_at=consultation.starts_at - 3 * DAY,
                created_at=consultation.starts_at - 3 * DAY,
                checked_in_at=consultation.starts_at - datetime.timedelta(minutes=15)
                if checked_in
                else None,
            )
            ConsultationEvent.objects.create(
                consultation=consultation,
                observer=observer,
                kind=ConsultationEvent.Kind.SIGNED_UP,
                to_status=Observer.Status.CONFIRMED,
                created_at=observer.created_at,
            )
            self.counts["observers"] += 1
