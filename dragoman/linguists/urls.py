from django.urls import path

from dragoman.linguists import views

urlpatterns = [
    path("linguist/profile/", views.my_profile, name="linguist_profile"),
]
