"""Logging helpers: every record carries the id of the request it belongs to."""

import logging

from bookstore.core.request_context import get_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = get_request_id()
        return True
