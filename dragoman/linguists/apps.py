from django.apps import AppConfig


class LinguistsConfig(AppConfig):
    name = "dragoman.linguists"
    label = "linguists"
    verbose_name = "Linguists"
