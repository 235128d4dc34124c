"""
Committee reports' pages: reading them (reading.py), composing, publishing and
correcting them (composing.py), and meetings with their agenda packs (meetings.py).
"""

from django.views.decorators.cache import patch_cache_control

from harrow_its import audit


def private(response, exempt_content: bool, *, request, what: str):
    """A response carrying exempt (Part II) content is never cached, and its reading
    goes in the security log: `what` says what was read, as "report=3 pdf"."""
    if exempt_content:
        patch_cache_control(response, no_store=True, private=True)
        audit.part_two_read(request, what)
    return response
