"""A file mail backend a test can hold mid-send, to kill the worker process at exactly that moment.

Every attempt to send writes ``attempt-<pid>-<n>`` into the mail folder. While a file named ``gate`` exists
there, the attempt waits (with the outbox row locked, before anything is written), so the test knows which
process is in the middle of the task and can SIGKILL it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.mail.backends.filebased import EmailBackend


class GatedFileBackend(EmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        folder = Path(self.file_path)
        (folder / f"attempt-{os.getpid()}-{uuid.uuid4().hex[:6]}").write_text("")
        while (folder / "gate").exists():
            time.sleep(0.05)
        return super().send_messages(email_messages)
