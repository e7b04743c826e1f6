"""Every write to a liaison activity (联系群众活动) goes through these functions.

A member logs an activity (a draft until submitted); staff of the activity's committee confirm it
(every attending participant gets it on their 履职档案) or return it with a reason; a confirmation
can be undone, which reverses the points. Staff may also organise an activity for a member group or
a special committee and record attendance per member.

- ``activities``: the member's own activity, the matters raised during it, and its review
  (submit, confirm, return, unconfirm, the public feed);
- ``organised``: activities staff organise for a group or a special committee, and attendance;
- ``sources``: activities other workflows create (a served duty shift, a delivered lecture);
- ``common``: what they share (``ActivityDetails``, the first event, participants, photos).
"""

from .activities import (
    activity_add_opinion,
    activity_confirm,
    activity_return,
    activity_save,
    activity_set_public,
    activity_submit,
    activity_unconfirm,
)
from .common import ACTIVITY_FIELDS, MAX_PHOTOS, ActivityDetails, ActivityTransitionError
from .organised import activity_organise, activity_set_attendance
from .sources import (
    activity_follow_shift_record,
    activity_from_record,
    activity_from_shift,
    activity_link_shift_opinion,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "MAX_PHOTOS",
    "ActivityDetails",
    "ActivityTransitionError",
    "activity_add_opinion",
    "activity_confirm",
    "activity_follow_shift_record",
    "activity_from_record",
    "activity_from_shift",
    "activity_link_shift_opinion",
    "activity_organise",
    "activity_return",
    "activity_save",
    "activity_set_attendance",
    "activity_set_public",
    "activity_submit",
    "activity_unconfirm",
]
