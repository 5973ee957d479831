"""Building indexed books for search tests."""

from bookstore.catalog.tests.factories import BookFactory
from bookstore.search.services import search_index_books


def indexed_book(**fields):
    book = BookFactory(**fields)
    search_index_books(book_ids=[book.pk])
    return book
