"""
Committee reports' pages: reading them (reading.py), composing, publishing and
correcting them (composing.py), and meetings with their agenda packs (meetings.py).
"""

from django.views.decorators.cache import patch_cache_control


def private(response, exempt_content: bool):
    """Mark a response carrying exempt (Part II) content as never to be cached."""
    if exempt_content:
        patch_cache_control(response, no_store=True, private=True)
    return response
