from django.urls import path

from dragoman.accounts import views

urlpatterns = [
    path("activate/<str:token>/", views.activate, name="activate"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("language/", views.set_language, name="set_language"),
]
