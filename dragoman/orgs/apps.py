from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dragoman.orgs"
    label = "orgs"
    verbose_name = "Organisations"
