"""The log formatters `comeback serve` uses: JSON for a pipeline, text for a terminal."""

from __future__ import annotations

import logging
import logging.config

from comeback.web.requestlog import TextFormatter, logging_config, request_id


def _record(msg: str) -> logging.LogRecord:
    return logging.LogRecord("comeback", logging.INFO, "f", 1, msg, None, None)


def test_text_lines_show_the_request_id_or_a_dash() -> None:
    formatter = TextFormatter("%(levelname)s [%(request_id)s] %(message)s")
    assert formatter.format(_record("started")) == "INFO [-] started"
    record = _record("GET /healthz 200")
    record.request_id = "abc"
    assert formatter.format(record) == "INFO [abc] GET /healthz 200"


def test_the_text_config_is_valid_for_dict_config() -> None:
    config = logging_config("text", "info")
    config["loggers"] = {"comeback.test-only": config["loggers"]["comeback"]}
    del config["root"]  # leave the test runner's own handlers alone
    logging.config.dictConfig(config)  # raises if a formatter or filter is wrong
    assert request_id.get() is None
