from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dragoman.accounts"
    label = "accounts"
    verbose_name = "Accounts"
