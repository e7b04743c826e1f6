from core.urls import route

from .views import events, invitations, materials, observers, records, topics

app_name = "consultations"

urlpatterns = [
    # the public
    route("", events.PublicListView, "public_list"),
    route("<int:pk>/", events.PublicDetailView, "public_detail"),
    route("<int:pk>/calendar.ics", observers.CalendarView, "calendar"),
    route("pass/<str:token>/", observers.ObserverPassView, "observer_pass"),
    route("pass/<str:token>/cancel/", observers.ObserverCancelView, "observer_cancel"),
    # members
    route("mine/", invitations.MyConsultationsView, "mine"),
    route("invitations/<int:pk>/<str:answer>/", invitations.RsvpView, "invitation_respond"),
    # the office
    route("topics/", topics.TopicListView, "topic_list"),
    route("topics/new/", topics.TopicCreateView, "topic_create"),
    route("topics/<int:pk>/", topics.TopicDetailView, "topic_detail"),
    route("manage/", events.ConsultationListView, "list"),
    route("manage/new/", events.ConsultationCreateView, "create"),
    route("manage/<int:pk>/", events.ConsultationDetailView, "detail"),
    route("manage/<int:pk>/edit/", events.ConsultationUpdateView, "edit"),
    route("manage/<int:pk>/observers.<str:fmt>", observers.ObserverExportView, "observers_export"),
    route("manage/<int:pk>/step/<str:action>/", events.ConsultationStepView, "step"),
    route("manage/<int:pk>/invite/", invitations.InviteView, "invite"),
    route("manage/<int:pk>/attendance/", records.AttendanceView, "attendance"),
    route("manage/<int:pk>/minutes/", records.MinutesView, "minutes"),
    route("manage/<int:pk>/outcomes/", records.OutcomeAddView, "outcome_add"),
    route("outcomes/<int:pk>/follow-up/", records.OutcomeFollowUpView, "follow_up"),
    route("observers/<int:pk>/<str:decision>/", observers.ObserverDecideView, "observer_decide"),
    route("check-in/", observers.CheckInView, "check_in"),
    route(
        "manage/invitations/<int:pk>/record/<str:answer>/",
        invitations.InvitationRecordView,
        "invitation_record",
    ),
    # 会议材料
    route("manage/<int:pk>/materials/", materials.MaterialUploadView, "material_upload"),
    route("materials/<int:pk>/<str:action>/", materials.MaterialActionView, "material_action"),
    route("materials/file/<str:token>/", materials.MaterialDownloadView, "material"),
]
