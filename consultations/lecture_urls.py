"""委员讲堂: the public menu, order form and private order page under /jiangtang/; members' and
staff's pages under /consultations/lectures/."""

from django.urls import path

from . import lecture_views as views

app_name = "lectures"

urlpatterns = [
    # public
    path("jiangtang/", views.MenuView.as_view(), name="menu"),
    path("jiangtang/order/", views.OrderCreateView.as_view(), name="order_new"),
    path("jiangtang/d/<str:token>/", views.TrackView.as_view(), name="track"),
    # members: 我的讲堂
    path("consultations/lectures/mine/", views.MyLecturesView.as_view(), name="mine"),
    path(
        "consultations/lectures/mine/new/", views.OfferingCreateView.as_view(), name="offering_new"
    ),
    path(
        "consultations/lectures/mine/orders/<int:pk>/",
        views.MyOrderView.as_view(),
        name="my_order",
    ),
    # offerings: the author's and staff's
    path(
        "consultations/lectures/offerings/",
        views.OfferingDeskView.as_view(),
        name="offerings",
    ),
    path(
        "consultations/lectures/offerings/<int:pk>/",
        views.OfferingDetailView.as_view(),
        name="offering_detail",
    ),
    path(
        "consultations/lectures/offerings/<int:pk>/edit/",
        views.OfferingUpdateView.as_view(),
        name="offering_edit",
    ),
    path(
        "consultations/lectures/offerings/<int:pk>/<str:action>/",
        views.OfferingActionView.as_view(),
        name="offering_action",
    ),
    # orders
    path("consultations/lectures/orders/", views.OrderDeskView.as_view(), name="orders"),
    path(
        "consultations/lectures/orders/<int:pk>/",
        views.OrderDetailView.as_view(),
        name="order_detail",
    ),
    path(
        "consultations/lectures/orders/<int:pk>/<str:action>/",
        views.OrderActionView.as_view(),
        name="order_action",
    ),
]
