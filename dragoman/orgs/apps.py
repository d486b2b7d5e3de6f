from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dragoman.orgs"
    label = "orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from dragoman.accounts import hooks
        from dragoman.orgs import services

        hooks.register("email_confirmed", services.registration_email_confirmed)
        hooks.register("name_changed", services.contact_sort_names_refresh)
