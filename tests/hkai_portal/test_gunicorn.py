"""gunicorn.conf.py: read from the environment, and valid for gunicorn itself."""

import multiprocessing
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from gunicorn.config import Config

CONFIG = Path(settings.BASE_DIR) / "gunicorn.conf.py"
KNOBS = ("PORT", "GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "FORWARDED_ALLOW_IPS")


def load(monkeypatch, **env):
    for name in KNOBS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(CONFIG))
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)  # gunicorn's own validation
    return config


def test_defaults(monkeypatch):
    config = load(monkeypatch)
    assert config.bind == ["0.0.0.0:8000"]
    assert config.workers == 2 * multiprocessing.cpu_count() + 1
    assert config.worker_class_str == "sync"
    assert config.accesslog == "-"
    assert "%({x-request-id}o)s" in config.access_log_format


def test_environment(monkeypatch):
    config = load(
        monkeypatch,
        PORT="9001",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        FORWARDED_ALLOW_IPS="10.0.0.0/8",
    )
    assert config.bind == ["0.0.0.0:9001"]
    assert config.workers == 3
    assert config.threads == 4
    assert config.worker_class_str == "gthread"
    assert config.forwarded_allow_ips == ["10.0.0.0/8"]


@pytest.mark.parametrize("logger", ["gunicorn.error", "gunicorn.access"])
def test_logs_are_json_on_stdout(monkeypatch, logger):
    config = load(monkeypatch)
    logging_config = config.logconfig_dict
    handler = logging_config["handlers"][logging_config["loggers"][logger]["handlers"][0]]
    assert handler["stream"] == "ext://sys.stdout"
    assert logging_config["formatters"][handler["formatter"]]["()"].startswith("pythonjsonlogger")
