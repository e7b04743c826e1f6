from django.urls import path

from . import views

app_name = "opinions"

urlpatterns = [
    # public
    path("submit/", views.PublicSubmitView.as_view(), name="submit"),
    path("mailbox/", views.MailboxSubmitView.as_view(), name="mailbox"),
    path("receipt/", views.ReceiptView.as_view(), name="receipt"),
    path("track/", views.TrackView.as_view(), name="track"),
    path("claim/", views.ClaimView.as_view(), name="claim"),
    path("captcha/<str:challenge>.png", views.CaptchaImageView.as_view(), name="captcha"),
    path("regions/<int:committee_id>/", views.RegionsView.as_view(), name="regions"),
    # review desk
    path("desk/", views.InboxView.as_view(), name="inbox"),
    path("desk/export.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("desk/bulk/", views.BulkView.as_view(), name="bulk"),
    path("desk/new/", views.StaffEntryView.as_view(), name="entry"),
    path("desk/<int:pk>/", views.DeskDetailView.as_view(), name="desk_detail"),
    path("desk/<int:pk>/reveal/", views.RevealView.as_view(), name="reveal"),
    path("desk/<int:pk>/<str:action>/", views.DeskActionView.as_view(), name="desk_action"),
    path("attachments/<str:token>/", views.AttachmentView.as_view(), name="attachment"),
    # members' own items
    path("mine/", views.MyOpinionListView.as_view(), name="mine"),
    path("mine/new/", views.MyOpinionCreateView.as_view(), name="mine_new"),
    path("mine/<int:pk>/", views.MyOpinionDetailView.as_view(), name="mine_detail"),
    path("mine/<int:pk>/edit/", views.MyOpinionUpdateView.as_view(), name="mine_edit"),
    path("mine/<int:pk>/submit/", views.MyOpinionSubmitView.as_view(), name="mine_submit"),
    # bulletins
    path("bulletins/", views.BulletinListView.as_view(), name="bulletins"),
    path("bulletins/new/", views.BulletinCreateView.as_view(), name="bulletin_create"),
    path("bulletins/<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin_detail"),
    path("bulletins/<int:pk>/add/", views.BulletinAddItemView.as_view(), name="bulletin_add"),
    path(
        "bulletins/<int:pk>/items/<int:item>/",
        views.BulletinItemView.as_view(),
        name="bulletin_item",
    ),
    path(
        "bulletins/<int:pk>/submit/",
        views.BulletinSubmitView.as_view(),
        name="bulletin_submit",
    ),
    path(
        "bulletins/<int:pk>/issue/",
        views.BulletinIssueView.as_view(),
        name="bulletin_issue",
    ),
    path("bulletins/<int:pk>/docx/", views.BulletinDocxView.as_view(), name="bulletin_docx"),
    path(
        "bulletins/<int:pk>/print/",
        views.BulletinPrintView.as_view(),
        name="bulletin_print",
    ),
    # forwarding, replies
    path(
        "forwardings/<int:pk>/return-decision/",
        views.ForwardingDecisionView.as_view(),
        name="return_decision",
    ),
    path(
        "forwardings/<int:pk>/waive-co-opinion/",
        views.CoOpinionWaiveView.as_view(),
        name="co_opinion_waive",
    ),
    path("replies/<int:pk>/review/", views.ReplyReviewView.as_view(), name="reply_review"),
    path(
        "reply-documents/<str:token>/",
        views.ReplyDocumentView.as_view(),
        name="reply_document",
    ),
    path("instructions/<int:pk>/", views.InstructionView.as_view(), name="instruction"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path(
        "forwardings/<slug:queue>/",
        views.ForwardingQueueView.as_view(),
        name="forwarding_queue",
    ),
    path("departments/", views.DepartmentStatsView.as_view(), name="department_stats"),
    path("dept/", views.DepartmentInboxView.as_view(), name="dept_inbox"),
    path("dept/<int:pk>/", views.DepartmentForwardingView.as_view(), name="dept_detail"),
    path("privacy/", views.PersonalDataView.as_view(), name="privacy"),
    path("track/rate/", views.RateView.as_view(), name="rate"),
]
