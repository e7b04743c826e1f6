from core.urls import route

from . import views

app_name = "consultations"

urlpatterns = [
    # the public
    route("", views.PublicListView, "public_list"),
    route("<int:pk>/", views.PublicDetailView, "public_detail"),
    route("<int:pk>/calendar.ics", views.CalendarView, "calendar"),
    route("pass/<str:token>/", views.ObserverPassView, "observer_pass"),
    route("pass/<str:token>/cancel/", views.ObserverCancelView, "observer_cancel"),
    # members
    route("mine/", views.MyConsultationsView, "mine"),
    route("invitations/<int:pk>/<str:answer>/", views.RsvpView, "invitation_respond"),
    # the office
    route("topics/", views.TopicListView, "topic_list"),
    route("topics/new/", views.TopicCreateView, "topic_create"),
    route("topics/<int:pk>/", views.TopicDetailView, "topic_detail"),
    route("manage/", views.ConsultationListView, "list"),
    route("manage/new/", views.ConsultationCreateView, "create"),
    route("manage/<int:pk>/", views.ConsultationDetailView, "detail"),
    route("manage/<int:pk>/edit/", views.ConsultationUpdateView, "edit"),
    route("manage/<int:pk>/observers.<str:fmt>", views.ObserverExportView, "observers_export"),
    route("manage/<int:pk>/step/<str:action>/", views.ConsultationStepView, "step"),
    route("manage/<int:pk>/invite/", views.InviteView, "invite"),
    route("manage/<int:pk>/attendance/", views.AttendanceView, "attendance"),
    route("manage/<int:pk>/minutes/", views.MinutesView, "minutes"),
    route("manage/<int:pk>/outcomes/", views.OutcomeAddView, "outcome_add"),
    route("outcomes/<int:pk>/follow-up/", views.OutcomeFollowUpView, "follow_up"),
    route("observers/<int:pk>/<str:decision>/", views.ObserverDecideView, "observer_decide"),
    route("check-in/", views.CheckInView, "check_in"),
    route(
        "manage/invitations/<int:pk>/record/<str:answer>/",
        views.InvitationRecordView,
        "invitation_record",
    ),
    # 会议材料
    route("manage/<int:pk>/materials/", views.MaterialUploadView, "material_upload"),
    route("materials/<int:pk>/<str:action>/", views.MaterialActionView, "material_action"),
    route("materials/file/<str:token>/", views.MaterialDownloadView, "material"),
]
