from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "bookstore.reviews"
    verbose_name = "Reviews"
