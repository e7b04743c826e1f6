"""委员讲堂: the public menu, order form and private order page under /jiangtang/; members' and
staff's pages under /consultations/lectures/."""

from core.urls import group, route

from . import views

app_name = "lectures"

urlpatterns = [
    # public
    route("jiangtang/", views.MenuView, "menu"),
    route("jiangtang/order/", views.OrderCreateView, "order_new"),
    route("jiangtang/d/<str:token>/", views.TrackView, "track"),
    group(
        "consultations/lectures/",
        # members: 我的讲堂
        route("mine/", views.MyLecturesView, "mine"),
        route("mine/new/", views.OfferingCreateView, "offering_new"),
        route("mine/orders/<int:pk>/", views.MyOrderView, "my_order"),
        # offerings: the author's and staff's
        route("offerings/", views.OfferingDeskView, "offerings"),
        route("offerings/<int:pk>/", views.OfferingDetailView, "offering_detail"),
        route("offerings/<int:pk>/edit/", views.OfferingUpdateView, "offering_edit"),
        route("offerings/<int:pk>/<str:action>/", views.OfferingActionView, "offering_action"),
        # orders
        route("orders/", views.OrderDeskView, "orders"),
        route("orders/<int:pk>/", views.OrderDetailView, "order_detail"),
        route("orders/<int:pk>/<str:action>/", views.OrderActionView, "order_action"),
    ),
]
