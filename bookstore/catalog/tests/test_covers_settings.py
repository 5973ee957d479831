"""Production settings put covers on S3-compatible storage when a bucket is named, and allow it in the CSP."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "SECRET_KEY": "k" * 20 + "a-perfectly-random-looking-production-key-1234567890",
    "ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "postgres://bookstore@db.invalid:5432/bookstore",
}
PRINT = (
    "import json, django; django.setup(); from django.conf import settings;"
    "print(json.dumps({'storage': settings.STORAGES['default'], 'img': settings.SECURE_CSP['img-src']}))"
)


def production_settings(**env):
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={**base, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_without_a_bucket_covers_stay_on_the_filesystem():
    values = production_settings()
    assert values["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert values["img"] == ["'self'", "data:"]


def test_a_bucket_with_an_endpoint_selects_s3_and_allows_its_origin_for_images():
    values = production_settings(
        AWS_STORAGE_BUCKET_NAME="covers",
        AWS_S3_ENDPOINT_URL="https://s3.example.net/",
        AWS_S3_REGION_NAME="eu",
    )
    assert values["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = values["storage"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "covers",
        "https://s3.example.net/",
        "eu",
    )
    assert options["querystring_auth"] is False
    assert "access_key" not in options  # credentials come from boto3's chain, never from settings
    assert values["img"] == ["'self'", "data:", "https://s3.example.net"]


def test_a_cdn_domain_is_what_the_csp_allows():
    values = production_settings(AWS_STORAGE_BUCKET_NAME="covers", AWS_S3_CUSTOM_DOMAIN="cdn.example.com")
    assert values["storage"]["OPTIONS"]["custom_domain"] == "cdn.example.com"
    assert values["img"][-1] == "https://cdn.example.com"
