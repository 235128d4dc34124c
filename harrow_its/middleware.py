"""
Requests no page can answer, refused before any page reads them.

PostgreSQL's text cannot hold a NUL character, so a NUL in the web address (a
project's code, an indicator's, a filter in the query string) reaching a query
would be a database error, a 500; and so would a session cookie with one. No
address of the portal has one, and no cookie may (RFC 6265): a request whose path,
query string or cookies do is a bad request (400), whichever page it names.
Form fields posted with a NUL are the forms' business: each says so next to the
field (Django's CharField refuses NULs).
"""

from django.core.exceptions import BadRequest

NUL_IN_ADDRESS = "The web address, or a cookie sent with it, contains a NUL character."


def has_nul(request) -> bool:
    return (
        "\x00" in request.path
        or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )
        or any("\x00" in value for value in request.COOKIES.values())
    )


class RefuseNulMiddleware:
    """Answers 400 (templates/400.html) to a path, query string or cookie with a NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            raise BadRequest(NUL_IN_ADDRESS)
        return self.get_response(request)
