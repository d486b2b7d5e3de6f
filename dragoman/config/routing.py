from django.urls import path

from dragoman.core.consumers import EventsConsumer, PingConsumer

websocket_urlpatterns = [
    path("ws/ping/", PingConsumer.as_asgi()),
    path("ws/events/", EventsConsumer.as_asgi()),
]
