from core.urls import route

from . import views

app_name = "members"

urlpatterns = [
    route("", views.MemberDirectoryView, "directory"),
    route("new/", views.MemberCreateView, "create"),
    route("<int:pk>/", views.MemberDetailView, "detail"),
    route("<int:pk>/edit/", views.MemberUpdateView, "update"),
    route("<int:pk>/pairings/", views.PairingCreateView, "pairing_create"),
    route("pairings/<int:pk>/end/", views.PairingEndView, "pairing_end"),
    route("me/", views.MyProfileView, "me"),
    route("me/contact/", views.MyContactView, "my_contact"),
    route("grid-managers/", views.GridManagerListView, "grid_managers"),
    route("villages/<int:pk>/", views.VillageDetailView, "village"),
]
