from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "dragoman.board"
    label = "board"
    verbose_name = "Reputation board"
