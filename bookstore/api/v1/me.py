"""``/api/v1/me/``: the signed-in reader's own profile and data exports."""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bookstore.accounts.models import User
from bookstore.accounts.services import user_profile_update
from bookstore.api.pagination import LimitOffsetPagination
from bookstore.api.serializers import InputSerializer
from bookstore.api.throttling import WriteThrottle
from bookstore.privacy.models import DataExport
from bookstore.privacy.selectors import data_exports_for_user
from bookstore.privacy.services import data_export_request


class MeSerializer(serializers.ModelSerializer):
    public_name = serializers.CharField(read_only=True, help_text="The name shown next to your reviews.")

    class Meta:
        model = User
        fields = ("id", "email", "display_name", "public_name", "date_joined")
        read_only_fields = fields


class DataExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataExport
        fields = ("id", "status", "requested_at", "completed_at", "expires_at")
        read_only_fields = fields


class MeUpdateInput(InputSerializer):
    display_name = serializers.CharField(
        max_length=User._meta.get_field("display_name").max_length,
        allow_blank=True,
        help_text="Shown next to your reviews; blank shows “Reader”.",
    )


class NoInput(InputSerializer):
    """A request that takes no fields: anything sent is refused rather than ignored."""


# Personal data: never stored by a browser or any cache on the way (as the account pages).
@method_decorator(never_cache, name="dispatch")
class MeApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [*APIView.throttle_classes, WriteThrottle]

    @extend_schema(responses=MeSerializer, summary="Your profile")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateInput, responses=MeSerializer, summary="Change your display name")
    def patch(self, request: Request) -> Response:
        data = MeUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_profile_update(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(MeSerializer(user).data)


@method_decorator(never_cache, name="dispatch")
class DataExportListApi(generics.ListAPIView):
    """Your data exports, newest first. Request one with POST: we e-mail you a download link when it is ready."""

    permission_classes = [IsAuthenticated]
    throttle_classes = [*APIView.throttle_classes, WriteThrottle]
    serializer_class = DataExportSerializer
    pagination_class = LimitOffsetPagination

    @extend_schema(summary="Your data exports")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no reader to ask about
            return DataExport.objects.none()
        return data_exports_for_user(user=self.request.user)

    @extend_schema(request=None, responses={202: DataExportSerializer}, summary="Request a data export")
    def post(self, request: Request) -> Response:
        NoInput(data=request.data or {}).is_valid(raise_exception=True)
        export = data_export_request(user=request.user)
        return Response(DataExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)
