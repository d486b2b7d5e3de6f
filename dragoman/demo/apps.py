from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Only for its ``demo_data`` command: the demo has no models of its own."""

    name = "dragoman.demo"
    label = "demo"
    verbose_name = "Demo data"
