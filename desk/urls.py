from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from desk.api import api
from desk.views import (
    assets,
    baskets,
    counter,
    deliveries,
    language,
    orders,
    organization,
    overview,
    pickups,
    stats,
    tickets,
)

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/desk/", permanent=False)),
    path("favicon.ico", assets.favicon, name="favicon"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desk/", overview.overview, name="desk-overview"),
    path("desk/organization/", organization.choose_organization, name="desk-organization"),
    path("desk/language/", language.choose_language, name="desk-language"),
    path("desk/pickups/", pickups.pickup_queue_page, name="desk-pickups"),
    path("desk/pickups/print/", tickets.queue_print, name="desk-pickups-print"),
    path("desk/pickups/<uuid:pickup_id>/status/", pickups.pickup_move, name="desk-pickup-move"),
    path("desk/pickups/<uuid:pickup_id>/ticket/", tickets.pickup_ticket, name="desk-pickup-ticket"),
    path("desk/deliveries/", deliveries.delivery_board_page, name="desk-deliveries"),
    path(
        "desk/deliveries/<uuid:delivery_id>/status/",
        deliveries.delivery_move,
        name="desk-delivery-move",
    ),
    path("desk/orders/", orders.order_list, name="desk-orders"),
    path("desk/orders/<uuid:order_id>/", orders.order_detail, name="desk-order"),
    path("desk/orders/<uuid:order_id>/status/", orders.order_move, name="desk-order-move"),
    path("desk/stats/", stats.stats, name="desk-stats"),
    path("desk/stats.csv", stats.stats_csv, name="desk-stats-csv"),
    path("desk/baskets/", baskets.basket_list, name="desk-baskets"),
    path(
        "desk/baskets/<uuid:draft_id>/check-out/",
        baskets.basket_check_out,
        name="desk-basket-check-out",
    ),
    path("display/<str:secret>/", counter.counter_screen, name="counter-screen"),
]
