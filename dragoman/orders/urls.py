from django.urls import path

from dragoman.orders import calendar, views

urlpatterns = [
    path("requests/", views.order_list, name="order_list"),
    path("requests/new/", views.order_create, name="order_create"),
    path("requests/reassign/", views.orders_reassign, name="orders_reassign"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("requests/<int:order_id>/", views.order_detail, name="order_detail"),
    path("requests/<int:order_id>/edit/", views.order_edit, name="order_edit"),
    path("requests/<int:order_id>/action/", views.order_action, name="order_action"),
    path("requests/<int:order_id>/quotes/", views.quote_create, name="quote_create"),
    path("requests/<int:order_id>/files/", views.order_file_upload, name="order_file_upload"),
    path(
        "requests/<int:order_id>/files/<int:file_id>/download",
        views.order_file_download,
        name="order_file_download",
    ),
    path(
        "requests/<int:order_id>/files/<int:file_id>/remove/",
        views.order_file_remove,
        name="order_file_remove",
    ),
    path("requests/<int:order_id>/progress/", views.order_progress, name="order_progress"),
    path(
        "requests/<int:order_id>/quotes/<int:quote_id>/answer/",
        views.quote_answer,
        name="quote_answer",
    ),
]
