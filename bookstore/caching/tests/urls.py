"""Views for the caching tests: they count their renders and use the CSP nonce like real pages do."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.utils.decorators import method_decorator
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from bookstore.caching import generations
from bookstore.caching.http import conditional_catalog
from bookstore.caching.pages import cache_catalog_page
from bookstore.catalog.selectors import book_get, book_list

renders: dict[str, int] = {}

PAGE = engines["django"].from_string(
    "<!doctype html><title>{{ name }}</title><p>{{ name }} render {{ count }}</p>"
    '<script nonce="{{ csp_nonce }}">window.page = 1;</script>'
)


def _render(request: HttpRequest, name: str) -> HttpResponse:
    renders[name] = renders.get(name, 0) + 1
    return HttpResponse(PAGE.render({"name": name, "count": renders[name]}, request))


@cache_catalog_page([generations.CATALOG])
def catalog_page(request: HttpRequest) -> HttpResponse:
    return _render(request, "catalog")


@cache_catalog_page(lambda request, pk: [generations.TAXONOMY, generations.book_scope(pk)])
def book_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, f"book-{pk}")


@cache_catalog_page([generations.CATALOG])
def cookie_page(request: HttpRequest) -> HttpResponse:
    response = _render(request, "cookie")
    response.set_cookie("tracking", "1")
    return response


@cache_catalog_page([generations.CATALOG])
def missing_page(request: HttpRequest) -> HttpResponse:
    renders["missing"] = renders.get("missing", 0) + 1
    return HttpResponse("gone", status=404)


@conditional_catalog([generations.CATALOG])
def plain_list(request: HttpRequest) -> HttpResponse:
    renders["plain"] = renders.get("plain", 0) + 1
    return HttpResponse("list")


@method_decorator(conditional_catalog([generations.CATALOG]), name="get")
class ApiList(APIView):
    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    renderer_classes = [JSONRenderer]

    def get(self, request):
        renders["api"] = renders.get("api", 0) + 1
        return Response({"results": [1, 2, 3]})


BOOKS = engines["django"].from_string(
    "{% for book in books %}<li>{{ book.title }} ({{ book.rating_count }}) by "
    "{% for author in book.authors.all %}{{ author.name }}{% endfor %}</li>{% endfor %}"
)


@cache_catalog_page([generations.CATALOG])
def db_book_list(request: HttpRequest) -> HttpResponse:
    renders["db-list"] = renders.get("db-list", 0) + 1
    books = book_list(user=request.user, filters={"sort": "title"})
    return HttpResponse(BOOKS.render({"books": books}, request))


@cache_catalog_page(lambda request, pk: [generations.TAXONOMY, generations.book_scope(pk)])
def db_book_detail(request: HttpRequest, pk: str) -> HttpResponse:
    renders["db-detail"] = renders.get("db-detail", 0) + 1
    book = book_get(user=request.user, book_id=pk)
    return HttpResponse(BOOKS.render({"books": [book]}, request))


urlpatterns = [
    path("db-books/", db_book_list),
    path("db-books/<uuid:pk>/", db_book_detail),
    path("catalog/", catalog_page),
    path("books/<int:pk>/", book_page),
    path("cookie/", cookie_page),
    path("missing/", missing_page),
    path("plain/", plain_list),
    path("api/", ApiList.as_view()),
]
