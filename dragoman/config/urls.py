from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from dragoman.config.api import api
from dragoman.core import health, views

admin.site.site_header = _("Dragoman staff console")
admin.site.site_title = _("Dragoman staff console")
admin.site.index_title = _("Platform data")

urlpatterns = [
    path("", views.home, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("api/v1/", api.urls),
    path("staff/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("dragoman.accounts.urls")),
    path("", include("dragoman.orgs.urls")),
    path("", include("dragoman.linguists.urls")),
    path("", include("dragoman.orders.urls")),
    path("", include("dragoman.assignments.urls")),
    path("", include("dragoman.notifications.urls")),
    path("", include("dragoman.board.urls")),
    path("", include("dragoman.conversations.urls")),
]

# Uploaded files are never served from MEDIA_URL, not even in development: they are read
# through views that check the reader's rights (dragoman/orders/downloads.py).
