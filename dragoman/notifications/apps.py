from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dragoman.notifications"
    label = "notifications"
    verbose_name = "Notifications"
