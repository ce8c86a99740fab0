"""Logging: request ids on every line, JSON in production, secrets never written."""

from __future__ import annotations

import json
import logging
import re
import uuid
from logging.handlers import RotatingFileHandler
from pathlib import Path

from flask import Flask, Response, g, has_request_context, request

from lifeos.platform.redaction import redact


class RequestContextFilter(logging.Filter):
    """Stamp the request id and redact the fully formatted message (args included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):  # a bad format string must not lose the line
            message = f"{record.msg} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(data)


def init_logging(app: Flask) -> None:
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    fmt: logging.Formatter
    if app.config.get("LOG_JSON"):
        fmt = JsonFormatter()
    else:
        fmt = logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    log_file = app.config.get("LOG_FILE")
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(log_file, maxBytes=10 * 1024 * 1024, backupCount=5))
    root = logging.getLogger("lifeos")
    root.handlers.clear()
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(RequestContextFilter())
        root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False

    @app.before_request
    def _assign_request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if re.fullmatch(r"[A-Za-z0-9._\-]{1,64}", incoming) else uuid.uuid4().hex

    @app.after_request
    def _echo_request_id(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        logging.getLogger("lifeos.request").info(
            "%s %s %s", request.method, request.path, response.status_code
        )
        return response
