from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "dragoman.assignments"
    label = "assignments"
    verbose_name = "Assignments"
