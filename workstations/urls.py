from django.urls import path

from . import views

app_name = "workstations"

urlpatterns = [
    # public
    path("", views.DirectoryView.as_view(), name="directory"),
    path("<int:pk>/", views.WorkstationDetailView.as_view(), name="detail"),
    # staff
    path("new/", views.WorkstationCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.WorkstationUpdateView.as_view(), name="update"),
    path("<int:pk>/members/", views.AssignmentAddView.as_view(), name="assignment_add"),
    path("assignments/<int:pk>/end/", views.AssignmentEndView.as_view(), name="assignment_end"),
    path("<int:pk>/rota/<int:year>/<int:month>/", views.RotaView.as_view(), name="rota"),
    path(
        "<int:pk>/rota/<int:year>/<int:month>/plan/",
        views.ShiftPlanView.as_view(),
        name="shift_plan",
    ),
    path(
        "<int:pk>/rota/<int:year>/<int:month>/generate/",
        views.RotaGenerateView.as_view(),
        name="rota_generate",
    ),
    path("shifts/<int:pk>/mark/", views.ShiftMarkView.as_view(), name="shift_mark"),
    path("swaps/", views.SwapDeskView.as_view(), name="swaps"),
    path("swaps/<int:pk>/<str:decision>/", views.SwapDecideView.as_view(), name="swap_decide"),
    # members
    path("my-shifts/", views.MyShiftsView.as_view(), name="my_shifts"),
    path("shifts/<int:pk>/", views.ShiftDetailView.as_view(), name="shift_detail"),
    path("shifts/<int:pk>/<str:action>/", views.ShiftActionView.as_view(), name="shift_action"),
    path(
        "shifts/<int:pk>/swaps/<int:swap_pk>/withdraw/",
        views.SwapWithdrawView.as_view(),
        name="swap_withdraw",
    ),
]
