from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from fulfillment.views import access, deliveries, display, orders, pickups

urlpatterns = [
    path("", RedirectView.as_view(url="/desk/", permanent=False)),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desk/organization/", access.choose_organization, name="desk-organization"),
    path("desk/pickups/", pickups.pickup_queue, name="desk-pickups"),
    path("desk/pickups/<uuid:pickup_id>/status/", pickups.pickup_move, name="desk-pickup-move"),
    path("desk/deliveries/", deliveries.delivery_board, name="desk-deliveries"),
    path(
        "desk/deliveries/<uuid:delivery_id>/status/",
        deliveries.delivery_move,
        name="desk-delivery-move",
    ),
    path("desk/orders/", orders.order_list, name="desk-orders"),
    path("desk/orders/<uuid:order_id>/", orders.order_detail, name="desk-order"),
    path("desk/orders/<uuid:order_id>/status/", orders.order_move, name="desk-order-move"),
    path("display/<str:secret>/", display.counter_screen, name="counter-screen"),
]
