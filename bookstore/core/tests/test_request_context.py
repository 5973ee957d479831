from django.test import RequestFactory, SimpleTestCase

from bookstore.core.request_context import client_ip, context_from_request


class ClientIpTests(SimpleTestCase):
    factory = RequestFactory()

    def test_without_proxies_the_socket_address_is_the_client(self):
        request = self.factory.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.1")

        self.assertEqual(client_ip(request, trusted_proxies=0), "198.51.100.4")

    def test_behind_one_proxy_the_entry_it_appended_is_the_client(self):
        # The client sent a forged first entry; our proxy appended the real address last.
        request = self.factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")

        self.assertEqual(client_ip(request, trusted_proxies=1), "203.0.113.7")

    def test_garbage_is_not_an_address(self):
        request = self.factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="<script>")

        self.assertIsNone(client_ip(request, trusted_proxies=1))

    def test_user_agent_is_truncated(self):
        request = self.factory.get("/", HTTP_USER_AGENT="x" * 5000)

        self.assertEqual(len(context_from_request(request, trusted_proxies=0).user_agent), 512)
