from core.urls import group, route

from . import views

app_name = "workstations"

urlpatterns = [
    # public
    route("", views.DirectoryView, "directory"),
    route("<int:pk>/", views.WorkstationDetailView, "detail"),
    # staff
    route("new/", views.WorkstationCreateView, "create"),
    route("<int:pk>/edit/", views.WorkstationUpdateView, "update"),
    route("<int:pk>/members/", views.AssignmentAddView, "assignment_add"),
    route("assignments/<int:pk>/end/", views.AssignmentEndView, "assignment_end"),
    group(
        "<int:pk>/rota/<int:year>/<int:month>/",
        route("", views.RotaView, "rota"),
        route("plan/", views.ShiftPlanView, "shift_plan"),
        route("generate/", views.RotaGenerateView, "rota_generate"),
    ),
    route("shifts/<int:pk>/mark/", views.ShiftMarkView, "shift_mark"),
    route("swaps/", views.SwapDeskView, "swaps"),
    route("swaps/<int:pk>/<str:decision>/", views.SwapDecideView, "swap_decide"),
    # members
    route("my-shifts/", views.MyShiftsView, "my_shifts"),
    route("shifts/<int:pk>/", views.ShiftDetailView, "shift_detail"),
    route("shifts/<int:pk>/<str:action>/", views.ShiftActionView, "shift_action"),
    route("shifts/<int:pk>/swaps/<int:swap_pk>/withdraw/", views.SwapWithdrawView, "swap_withdraw"),
]
