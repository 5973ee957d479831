"""Environment defaults for the non-production settings modules.

``local`` and ``test`` call :func:`apply` before importing ``base`` so that ``base`` validates and reads
exactly what production would, just with values suited to a laptop. A value already in the environment
(or in ``.env``) always wins.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"


def _development_secret_key() -> str:
    # Generated once per checkout, so no key is ever committed and sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def apply(**values: str) -> None:
    for name, value in values.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("SECRET_KEY", _development_secret_key())
    if not os.environ.get("DATABASE_URL"):
        from config.embedded_postgres import database_url

        os.environ["DATABASE_URL"] = database_url()
