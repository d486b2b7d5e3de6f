from django.urls import path

from dragoman.assignments import views

urlpatterns = [
    path("assignments/queue/", views.assignment_queue, name="assignment_queue"),
    path("offers/<int:offer_id>/answer/", views.offer_answer, name="offer_answer"),
    path("requests/<int:order_id>/offer/", views.offer_create, name="offer_create"),
]
