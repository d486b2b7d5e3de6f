from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "dragoman.assignments"
    label = "assignments"
    verbose_name = "Assignments"

    def ready(self) -> None:
        from dragoman.assignments.dashboard import dashboard_context
        from dragoman.assignments.views import suggestions_panel
        from dragoman.core import panels

        panels.register("order_detail", suggestions_panel)
        panels.register_context("dashboard", dashboard_context)
