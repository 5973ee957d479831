from django.urls import path

from bookstore.pages.views import AboutPageView, HomePageView

app_name = "pages"
urlpatterns = [
    path("", HomePageView.as_view(), name="home"),
    path("about/", AboutPageView.as_view(), name="about"),
]
