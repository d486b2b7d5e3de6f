from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "dragoman.catalog"
    label = "catalog"
    verbose_name = "Reference data"
