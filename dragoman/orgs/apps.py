from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dragoman.orgs"
    label = "orgs"
    verbose_name = "Organisations"

    def ready(self) -> None:
        from dragoman.accounts import hooks
        from dragoman.core import panels
        from dragoman.core.permissions import set_actor_builder
        from dragoman.orgs import services
        from dragoman.orgs.dashboard import dashboard_context
        from dragoman.orgs.permissions import build_actor

        set_actor_builder(build_actor)
        panels.register_context("dashboard", dashboard_context)
        hooks.register("email_confirmed", services.registration_email_confirmed)
        hooks.register("name_changed", services.contact_sort_names_refresh)
