from django.urls import path

from bookstore.caching.generations import CATALOG
from bookstore.caching.pages import cache_catalog_page
from bookstore.pages.views import AboutPageView, HomePageView

app_name = "pages"
urlpatterns = [
    path("", cache_catalog_page([CATALOG])(HomePageView.as_view()), name="home"),
    path("about/", AboutPageView.as_view(), name="about"),
]
