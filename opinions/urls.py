from core.urls import route

from . import views

app_name = "opinions"

urlpatterns = [
    # public
    route("submit/", views.PublicSubmitView, "submit"),
    route("mailbox/", views.MailboxSubmitView, "mailbox"),
    route("receipt/", views.ReceiptView, "receipt"),
    route("track/", views.TrackView, "track"),
    route("claim/", views.ClaimView, "claim"),
    route("captcha/<str:challenge>.png", views.CaptchaImageView, "captcha"),
    route("regions/<int:committee_id>/", views.RegionsView, "regions"),
    # review desk
    route("desk/", views.InboxView, "inbox"),
    route("desk/export.<str:fmt>", views.ExportView, "export"),
    route("desk/bulk/", views.BulkView, "bulk"),
    route("desk/new/", views.StaffEntryView, "entry"),
    route("desk/<int:pk>/", views.DeskDetailView, "desk_detail"),
    route("desk/<int:pk>/reveal/", views.RevealView, "reveal"),
    route("desk/<int:pk>/<str:action>/", views.DeskActionView, "desk_action"),
    route("attachments/<str:token>/", views.AttachmentView, "attachment"),
    # members' own items
    route("mine/", views.MyOpinionListView, "mine"),
    route("mine/new/", views.MyOpinionCreateView, "mine_new"),
    route("mine/<int:pk>/", views.MyOpinionDetailView, "mine_detail"),
    route("mine/<int:pk>/edit/", views.MyOpinionUpdateView, "mine_edit"),
    route("mine/<int:pk>/submit/", views.MyOpinionSubmitView, "mine_submit"),
    # bulletins
    route("bulletins/", views.BulletinListView, "bulletins"),
    route("bulletins/new/", views.BulletinCreateView, "bulletin_create"),
    route("bulletins/<int:pk>/", views.BulletinDetailView, "bulletin_detail"),
    route("bulletins/<int:pk>/add/", views.BulletinAddItemView, "bulletin_add"),
    route("bulletins/<int:pk>/items/<int:item>/", views.BulletinItemView, "bulletin_item"),
    route("bulletins/<int:pk>/submit/", views.BulletinSubmitView, "bulletin_submit"),
    route("bulletins/<int:pk>/issue/", views.BulletinIssueView, "bulletin_issue"),
    route("bulletins/<int:pk>/docx/", views.BulletinDocxView, "bulletin_docx"),
    route("bulletins/<int:pk>/print/", views.BulletinPrintView, "bulletin_print"),
    # forwarding, replies
    route("forwardings/<int:pk>/return-decision/", views.ForwardingDecisionView, "return_decision"),
    route("forwardings/<int:pk>/waive-co-opinion/", views.CoOpinionWaiveView, "co_opinion_waive"),
    route("replies/<int:pk>/review/", views.ReplyReviewView, "reply_review"),
    route("reply-documents/<str:token>/", views.ReplyDocumentView, "reply_document"),
    route("instructions/<int:pk>/", views.InstructionView, "instruction"),
    route("overdue/", views.OverdueView, "overdue"),
    route("forwardings/<slug:queue>/", views.ForwardingQueueView, "forwarding_queue"),
    route("departments/", views.DepartmentStatsView, "department_stats"),
    route("dept/", views.DepartmentInboxView, "dept_inbox"),
    route("dept/<int:pk>/", views.DepartmentForwardingView, "dept_detail"),
    route("privacy/", views.PersonalDataView, "privacy"),
    route("track/rate/", views.RateView, "rate"),
]
