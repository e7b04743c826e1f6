"""Consultation pages, one module per concern: the public and office event pages (``events``),
topics (``topics``), invitations and answers (``invitations``), observers' pass, approval and
check-in (``observers``), attendance, minutes and outcomes (``records``), and the events'
meeting materials (``materials``)."""

from .events import (
    SIGNUPS_PER_HOUR,
    ConsultationCreateView,
    ConsultationDetailView,
    ConsultationListView,
    ConsultationMixin,
    ConsultationPostView,
    ConsultationStepView,
    ConsultationUpdateView,
    PublicDetailView,
    PublicListView,
)
from .invitations import InvitationRecordView, InviteView, MyConsultationsView, RsvpView
from .materials import (
    MATERIAL_ACTIONS,
    MaterialActionView,
    MaterialDownloadView,
    MaterialUploadView,
)
from .observers import (
    CalendarView,
    CheckInView,
    ObserverCancelView,
    ObserverDecideView,
    ObserverExportView,
    ObserverMixin,
    ObserverPassView,
)
from .records import AttendanceView, MinutesView, OutcomeAddView, OutcomeFollowUpView
from .topics import TopicCreateView, TopicDetailView, TopicListView

__all__ = [
    "AttendanceView",
    "CalendarView",
    "CheckInView",
    "ConsultationCreateView",
    "ConsultationDetailView",
    "ConsultationListView",
    "ConsultationMixin",
    "ConsultationPostView",
    "ConsultationStepView",
    "ConsultationUpdateView",
    "InvitationRecordView",
    "InviteView",
    "MATERIAL_ACTIONS",
    "MaterialActionView",
    "MaterialDownloadView",
    "MaterialUploadView",
    "MinutesView",
    "MyConsultationsView",
    "ObserverCancelView",
    "ObserverDecideView",
    "ObserverExportView",
    "ObserverMixin",
    "ObserverPassView",
    "OutcomeAddView",
    "OutcomeFollowUpView",
    "PublicDetailView",
    "PublicListView",
    "RsvpView",
    "SIGNUPS_PER_HOUR",
    "TopicCreateView",
    "TopicDetailView",
    "TopicListView",
]
