"""/api/v1/: the operations of the 鄂尔多斯政协 APP's API (namespace ``api_v1``)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from .exceptions import not_found
from .views import citizen, consultations, department, member, public, staff

app_name = "api_v1"

urlpatterns = [
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[]),
        name="schema",
    ),
    path("public/workstations/", public.WorkstationList.as_view(), name="workstations"),
    path("public/opinions/", public.SubmissionView.as_view(), name="submit"),
    path("public/mailbox/", public.MailboxSubmissionView.as_view(), name="mailbox"),
    path("public/track/", public.TrackView.as_view(), name="track"),
    path("public/rating/", public.RateView.as_view(), name="rate"),
    path("me/claims/", citizen.MyClaimList.as_view(), name="my_claims"),
    path("public/events/", consultations.PublicEventList.as_view(), name="events"),
    path("public/events/<int:pk>/", consultations.PublicEventDetail.as_view(), name="event"),
    path("public/lectures/", consultations.LectureMenu.as_view(), name="lectures"),
    path("me/profile/", member.ProfileView.as_view(), name="profile"),
    path("me/invitations/", consultations.MyInvitationList.as_view(), name="my_invitations"),
    path(
        "me/invitations/<int:pk>/<str:answer>/",
        consultations.InvitationRespond.as_view(),
        name="invitation_respond",
    ),
    path("me/opinions/", member.MyOpinionList.as_view(), name="my_opinions"),
    path("me/opinions/<int:pk>/", member.MyOpinionDetail.as_view(), name="my_opinion"),
    path(
        "me/opinions/<int:pk>/submit/", member.MyOpinionSubmit.as_view(), name="my_opinion_submit"
    ),
    path("me/shifts/", member.MyShiftList.as_view(), name="my_shifts"),
    path("shifts/<int:pk>/<str:action>/", member.ShiftStep.as_view(), name="shift_step"),
    path("me/activities/", member.MyActivityList.as_view(), name="my_activities"),
    path("activities/<int:pk>/", member.ActivityDetail.as_view(), name="activity"),
    path("me/ledger/", member.LedgerSummary.as_view(), name="ledger"),
    path("me/notifications/", member.NotificationList.as_view(), name="notifications"),
    path(
        "me/notifications/<int:pk>/read/",
        member.NotificationRead.as_view(),
        name="notification_read",
    ),
    path("staff/opinions/", staff.DeskList.as_view(), name="desk"),
    path("staff/opinions/<int:pk>/", staff.DeskDetail.as_view(), name="desk_detail"),
    path("staff/opinions/<int:pk>/reveal/", staff.DeskReveal.as_view(), name="desk_reveal"),
    path("staff/opinions/<int:pk>/<str:action>/", staff.DeskStep.as_view(), name="desk_step"),
    path("department/forwardings/", department.ForwardingList.as_view(), name="forwardings"),
    path(
        "department/forwardings/<int:pk>/",
        department.ForwardingDetail.as_view(),
        name="forwarding",
    ),
    path(
        "department/forwardings/<int:pk>/<str:action>/",
        department.ForwardingStep.as_view(),
        name="forwarding_step",
    ),
    # anything else under /api/v1/: a problem, not the site's HTML page
    re_path(r"", not_found),
]
