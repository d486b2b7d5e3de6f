from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "dragoman.catalog"
    label = "catalog"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from dragoman.catalog.models import Service, Topic, language_name
        from dragoman.core import audit

        audit.register_language_names(language_name)
        audit.register_names(
            "service",
            lambda codes: {
                s.code: s.display_name() for s in Service.objects.filter(code__in=codes)
            },
        )
        audit.register_names(
            "topic",
            lambda names: {t.name: t.display_name() for t in Topic.objects.filter(name__in=names)},
        )
