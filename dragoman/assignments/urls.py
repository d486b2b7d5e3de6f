from django.urls import path

from dragoman.assignments import views

urlpatterns = [
    path("offers/<int:offer_id>/answer/", views.offer_answer, name="offer_answer"),
    path("requests/<int:order_id>/offer/", views.offer_create, name="offer_create"),
]
