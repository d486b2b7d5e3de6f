from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "dragoman.assignments"
    label = "assignments"
    verbose_name = "Assignments"

    def ready(self) -> None:
        from dragoman.assignments.views import suggestions_panel
        from dragoman.core import panels

        panels.register("order_detail", suggestions_panel)
