from django.urls import path

from bookstore.reviews import views

app_name = "reviews"
urlpatterns = [
    path("books/<uuid:book_id>/reviews/new/", views.ReviewCreateView.as_view(), name="create"),
    path("books/<uuid:book_id>/reviews/<int:pk>/edit/", views.ReviewUpdateView.as_view(), name="update"),
    path("books/<uuid:book_id>/reviews/<int:pk>/delete/", views.ReviewDeleteView.as_view(), name="delete"),
]
