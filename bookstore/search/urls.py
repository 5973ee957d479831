from django.urls import path

from bookstore.caching.generations import CATALOG, SEARCH
from bookstore.caching.pages import cache_catalog_page
from bookstore.search.views import SearchView

app_name = "search"

# Anonymous searches are cached whole until the catalog or the search index changes (bookstore/caching).
urlpatterns = [path("", cache_catalog_page([CATALOG, SEARCH])(SearchView.as_view()), name="results")]
