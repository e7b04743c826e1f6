"""Pages of the 委员讲堂: the public menu, the order form and the requester's private page; the
member's 我的讲堂 (offerings, orders dispatched to them); staff's menu review and order desk.

- ``offerings``: the public menu, the member's 我的讲堂 and offerings, staff's review of the menu;
- ``orders``: the order form, the requester's private page, the member's order, staff's desk.
"""

from .offerings import (
    OFFERING_STEPS,
    MenuView,
    MyLecturesView,
    OfferingActionView,
    OfferingCreateView,
    OfferingDeskView,
    OfferingDetailView,
    OfferingFormView,
    OfferingUpdateView,
)
from .orders import (
    ORDER_STEPS,
    PUBLIC_STEPS,
    MyOrderView,
    OrderActionView,
    OrderCreateView,
    OrderDeskView,
    OrderDetailView,
    OrderPageMixin,
    TrackView,
)

__all__ = [
    "OFFERING_STEPS",
    "ORDER_STEPS",
    "PUBLIC_STEPS",
    "MenuView",
    "MyLecturesView",
    "MyOrderView",
    "OfferingActionView",
    "OfferingCreateView",
    "OfferingDeskView",
    "OfferingDetailView",
    "OfferingFormView",
    "OfferingUpdateView",
    "OrderActionView",
    "OrderCreateView",
    "OrderDeskView",
    "OrderDetailView",
    "OrderPageMixin",
    "TrackView",
]
