from django.urls import path

from dragoman.linguists import views

urlpatterns = [
    path("linguist/profile/", views.my_profile, name="linguist_profile"),
    path("linguist/calendar/renew/", views.calendar_renew, name="calendar_renew"),
]
