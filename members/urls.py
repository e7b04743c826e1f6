from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.MemberDirectoryView.as_view(), name="directory"),
    path("new/", views.MemberCreateView.as_view(), name="create"),
    path("<int:pk>/", views.MemberDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MemberUpdateView.as_view(), name="update"),
    path("<int:pk>/pairings/", views.PairingCreateView.as_view(), name="pairing_create"),
    path("pairings/<int:pk>/end/", views.PairingEndView.as_view(), name="pairing_end"),
    path("me/", views.MyProfileView.as_view(), name="me"),
    path("me/contact/", views.MyContactView.as_view(), name="my_contact"),
    path("grid-managers/", views.GridManagerListView.as_view(), name="grid_managers"),
    path("villages/<int:pk>/", views.VillageDetailView.as_view(), name="village"),
]
