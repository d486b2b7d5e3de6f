import pytest
from django.db import OperationalError

from dragoman.core import health

pytestmark = pytest.mark.django_db


def test_health_is_ok_when_every_part_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "channel_layer", "task_queue"}
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_is_503_and_names_the_part_when_the_channel_layer_is_down(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["channel_layer"]["ok"] is False
    assert checks["channel_layer"]["error"].endswith("Error")
    assert "127.0.0.1" not in response.content.decode()
    assert checks["database"]["ok"] is True


def test_health_is_503_when_the_task_queue_is_down(client, monkeypatch):
    def broken_put(key, value):
        raise ConnectionError("task storage unreachable")

    monkeypatch.setattr(health.HUEY, "put", broken_put)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"]["error"] == "ConnectionError"


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    class DownConnection:
        vendor = "down"

        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
