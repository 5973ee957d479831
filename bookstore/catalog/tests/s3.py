"""A real S3-compatible server for tests: moto's standalone server on 127.0.0.1, spoken to over HTTP."""

from __future__ import annotations

import contextlib
import json
import uuid

import boto3  # type: ignore[import-untyped]
from django.test import override_settings
from moto.server import ThreadedMotoServer

CREDENTIALS = {"access_key": "testing-key", "secret_key": "testing-secret"}
REGION = "eu-west-1"


def public_read_policy(bucket):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicCovers",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/covers/*",
            }
        ],
    }


class S3ServerMixin:
    """Starts one moto server per test class and gives each test its own bucket as the default storage."""

    s3_server: ThreadedMotoServer
    s3_endpoint: str

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.s3_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        cls.s3_server.start()
        host, port = cls.s3_server.get_host_and_port()
        cls.s3_endpoint = f"http://{host}:{port}"

    @classmethod
    def tearDownClass(cls):
        cls.s3_server.stop()
        super().tearDownClass()

    def s3_client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
        )

    @contextlib.contextmanager
    def s3_storage(self):
        """Make a fresh bucket the default storage, configured as production configures it."""
        bucket = f"covers-{uuid.uuid4().hex[:12]}"
        client = self.s3_client()
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        # As docs/operations.md tells operators: covers are public through a bucket policy, not object ACLs.
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
        storages = {
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": self.s3_endpoint,
                    "region_name": REGION,
                    "querystring_auth": False,
                    "file_overwrite": False,
                    "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
                    **CREDENTIALS,
                },
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(STORAGES=storages):
            yield bucket
