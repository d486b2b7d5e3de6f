from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "dragoman.conversations"
    label = "conversations"
    verbose_name = "Conversations"
