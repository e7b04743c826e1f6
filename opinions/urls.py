from django.urls import path

from . import views

app_name = "opinions"

urlpatterns = [
    # public
    path("submit/", views.PublicSubmitView.as_view(), name="submit"),
    path("mailbox/", views.MailboxSubmitView.as_view(), name="mailbox"),
    path("receipt/", views.ReceiptView.as_view(), name="receipt"),
    path("track/", views.TrackView.as_view(), name="track"),
    path("captcha/<str:challenge>.png", views.CaptchaImageView.as_view(), name="captcha"),
    path("region-options/", views.RegionOptionsView.as_view(), name="region_options"),
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
]
