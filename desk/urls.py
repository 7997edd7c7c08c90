from django.contrib import admin
from django.urls import include, path

from desk import views
from desk.api import api

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    # Desk pages that span apps (overview, baskets); the rest are fulfillment's.
    path("desk/", views.overview, name="desk-overview"),
    path("desk/baskets/", views.basket_list, name="desk-baskets"),
    path(
        "desk/baskets/<uuid:draft_id>/check-out/",
        views.basket_check_out,
        name="desk-basket-check-out",
    ),
    path("", include("fulfillment.urls")),
]
