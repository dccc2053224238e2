"""EM settings: each from Django settings when set there, else from the environment
(docs/deployment.md "Electronic monitoring")."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "EM_MQTT_HOST": "127.0.0.1",
    "EM_MQTT_PORT": 1883,
    "EM_MQTT_USERNAME": "",
    "EM_MQTT_PASSWORD": "",
    "EM_MQTT_TLS": False,
    "EM_MQTT_TOPIC_PREFIX": "em/v1",
    "EM_MQTT_SHARE_GROUP": "em-ingest",
    "EM_MQTT_CLIENT_ID": "",
    "EM_MQTT_SESSION_SECONDS": 3600,
    "EM_MQTT_RECEIVE_MAXIMUM": 2000,
    "EM_INGEST_BATCH": 1000,
    "EM_INGEST_WAIT_MS": 50,
    "EM_TICK_SECONDS": 2.0,
    "EM_MAP_TILE_URL": "",
    "EM_MAP_TILE_ATTRIBUTION": "",
    "EM_DEMO_SIMULATOR": True,
    "EM_SSE_SECONDS": 300,
}


def get(name: str) -> Any:
    default = DEFAULTS[name]
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw
