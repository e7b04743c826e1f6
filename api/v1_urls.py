"""/api/v1/: the operations of the 鄂尔多斯政协 APP's API (namespace ``api_v1``)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from core.urls import route

from .exceptions import not_found
from .views import citizen, consultations, department, lectures, member, public, staff

app_name = "api_v1"

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="schema",
    ),
    route("public/workstations/", public.WorkstationList, "workstations"),
    route("public/opinions/", public.SubmissionView, "submit"),
    route("public/mailbox/", public.MailboxSubmissionView, "mailbox"),
    route("public/track/", public.TrackView, "track"),
    route("public/rating/", public.RateView, "rate"),
    route("me/claims/", citizen.MyClaimList, "my_claims"),
    route("public/events/", consultations.PublicEventList, "events"),
    route("public/events/<int:pk>/", consultations.PublicEventDetail, "event"),
    route("public/lectures/", lectures.LectureMenu, "lectures"),
    route("me/profile/", member.ProfileView, "profile"),
    route("me/invitations/", consultations.MyInvitationList, "my_invitations"),
    route(
        "me/invitations/<int:pk>/<str:answer>/",
        consultations.InvitationRespond,
        "invitation_respond",
    ),
    route("me/opinions/", member.MyOpinionList, "my_opinions"),
    route("me/opinions/<int:pk>/", member.MyOpinionDetail, "my_opinion"),
    route("me/opinions/<int:pk>/submit/", member.MyOpinionSubmit, "my_opinion_submit"),
    route("me/shifts/", member.MyShiftList, "my_shifts"),
    route("shifts/<int:pk>/<str:action>/", member.ShiftStep, "shift_step"),
    route("me/activities/", member.MyActivityList, "my_activities"),
    route("activities/<int:pk>/", member.ActivityDetail, "activity"),
    route("me/ledger/", member.LedgerSummary, "ledger"),
    route("me/notifications/", member.NotificationList, "notifications"),
    route("me/notifications/<int:pk>/read/", member.NotificationRead, "notification_read"),
    route("staff/opinions/", staff.DeskList, "desk"),
    route("staff/opinions/<int:pk>/", staff.DeskDetail, "desk_detail"),
    route("staff/opinions/<int:pk>/reveal/", staff.DeskReveal, "desk_reveal"),
    route("staff/opinions/<int:pk>/<str:action>/", staff.DeskStep, "desk_step"),
    route("department/forwardings/", department.ForwardingList, "forwardings"),
    route("department/forwardings/<int:pk>/", department.ForwardingDetail, "forwarding"),
    route(
        "department/forwardings/<int:pk>/<str:action>/",
        department.ForwardingStep,
        "forwarding_step",
    ),
    # anything else under /api/v1/: a problem, not the site's HTML page
    re_path(r"", not_found),
]
