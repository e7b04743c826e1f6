"""委员讲堂: the public menu, order form and private order page under /jiangtang/; members' and
staff's pages under /consultations/lectures/."""

from core.urls import group, route

from .views import offerings, orders

app_name = "lectures"

urlpatterns = [
    # public
    route("jiangtang/", offerings.MenuView, "menu"),
    route("jiangtang/order/", orders.OrderCreateView, "order_new"),
    route("jiangtang/d/<str:token>/", orders.TrackView, "track"),
    group(
        "consultations/lectures/",
        # members: 我的讲堂
        route("mine/", offerings.MyLecturesView, "mine"),
        route("mine/new/", offerings.OfferingCreateView, "offering_new"),
        route("mine/orders/<int:pk>/", orders.MyOrderView, "my_order"),
        # offerings: the author's and staff's
        route("offerings/", offerings.OfferingDeskView, "offerings"),
        route("offerings/<int:pk>/", offerings.OfferingDetailView, "offering_detail"),
        route("offerings/<int:pk>/edit/", offerings.OfferingUpdateView, "offering_edit"),
        route("offerings/<int:pk>/<str:action>/", offerings.OfferingActionView, "offering_action"),
        # orders
        route("orders/", orders.OrderDeskView, "orders"),
        route("orders/<int:pk>/", orders.OrderDetailView, "order_detail"),
        route("orders/<int:pk>/<str:action>/", orders.OrderActionView, "order_action"),
    ),
]
