from django.urls import path

from dragoman.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path(
        "notifications/unsubscribe/<str:token>",
        views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
    path(
        "notifications/<int:notification_id>/open",
        views.notification_open,
        name="notification_open",
    ),
]
