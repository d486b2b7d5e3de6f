from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "dragoman.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self) -> None:
        from dragoman.conversations import tasks  # noqa: F401  (registers the periodic sweep)
        from dragoman.conversations.services.order_chat import on_order_event
        from dragoman.orders import hooks

        # A confirmed request gets its conversation; later changes are told in it.
        hooks.register(on_order_event)
        from dragoman.conversations import consumers
        from dragoman.core.consumers import register

        register("send", consumers.handle_send)
        register("resume", consumers.handle_resume)
        register("read", consumers.handle_read)
        from dragoman.core.consumers import on_connect

        on_connect(consumers.warm_seats)
        from dragoman.conversations.views import order_panel
        from dragoman.core import panels

        panels.register("order_detail", order_panel, position=10)
