from django.urls import path

from . import material_views, views

app_name = "consultations"

urlpatterns = [
    # the public
    path("", views.PublicListView.as_view(), name="public_list"),
    path("<int:pk>/", views.PublicDetailView.as_view(), name="public_detail"),
    path("<int:pk>/calendar.ics", views.CalendarView.as_view(), name="calendar"),
    path("pass/<str:token>/", views.ObserverPassView.as_view(), name="observer_pass"),
    path("pass/<str:token>/cancel/", views.ObserverCancelView.as_view(), name="observer_cancel"),
    # members
    path("mine/", views.MyConsultationsView.as_view(), name="mine"),
    path("invitations/<int:pk>/<str:answer>/", views.RsvpView.as_view(), name="invitation_respond"),
    # the office
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/new/", views.TopicCreateView.as_view(), name="topic_create"),
    path("topics/<int:pk>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("manage/", views.ConsultationListView.as_view(), name="list"),
    path("manage/new/", views.ConsultationCreateView.as_view(), name="create"),
    path("manage/<int:pk>/", views.ConsultationDetailView.as_view(), name="detail"),
    path("manage/<int:pk>/edit/", views.ConsultationUpdateView.as_view(), name="edit"),
    path(
        "manage/<int:pk>/observers.<str:fmt>",
        views.ObserverExportView.as_view(),
        name="observers_export",
    ),
    path("manage/<int:pk>/step/<str:action>/", views.ConsultationStepView.as_view(), name="step"),
    path("manage/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("manage/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("manage/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("manage/<int:pk>/outcomes/", views.OutcomeAddView.as_view(), name="outcome_add"),
    path("outcomes/<int:pk>/follow-up/", views.OutcomeFollowUpView.as_view(), name="follow_up"),
    path(
        "observers/<int:pk>/<str:decision>/",
        views.ObserverDecideView.as_view(),
        name="observer_decide",
    ),
    path("check-in/", views.CheckInView.as_view(), name="check_in"),
    path(
        "manage/invitations/<int:pk>/record/<str:answer>/",
        views.InvitationRecordView.as_view(),
        name="invitation_record",
    ),
    # 会议材料
    path(
        "manage/<int:pk>/materials/",
        material_views.MaterialUploadView.as_view(),
        name="material_upload",
    ),
    path(
        "materials/<int:pk>/<str:action>/",
        material_views.MaterialActionView.as_view(),
        name="material_action",
    ),
    path(
        "materials/file/<str:token>/",
        material_views.MaterialDownloadView.as_view(),
        name="material",
    ),
]
