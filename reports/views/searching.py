"""
Searching the published reports, and for staff the projects, actions and indicators
(reports/search.py finds them; this page asks and shows).

Anyone may search: each finds what they may read, and the count counts nothing
else. A page that shows Part II is never cached and goes in the security log; any
search by someone who may read Part II is never cached, since its count may include it.
"""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.cache import patch_cache_control

from harrow_its.access import PART_TWO_READERS, PUBLIC, STAFF, access
from harrow_its.forms import GovukForm
from reports import search
from reports.views import private

ENTER_A_SEARCH = "Enter what to search for"
SEARCH_TOO_LONG = f"Search for {search.MAX_QUERY} characters or fewer"
PAGE_SIZE = 20


class SearchForm(GovukForm):
    q = forms.CharField(
        label="Search",
        max_length=search.MAX_QUERY,
        error_messages={"required": ENTER_A_SEARCH, "max_length": SEARCH_TOO_LONG},
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )


class Results:
    """A page of results, as templates/includes/pagination.html lays out its pages."""

    prefixed_page_field = "page"
    caption = "Search results"

    def __init__(self, hits, page_number):
        self.paginator = Paginator(hits, PAGE_SIZE)
        self.page = self.paginator.get_page(page_number)


@access(PUBLIC)
def search_page(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    context = {"form": form, "staff": STAFF.allows(request.user)}
    if form.is_valid():
        text = form.cleaned_data["q"]
        results = Results(search.search(user=request.user, text=text), request.GET.get("page"))
        context |= {
            "query": text,
            "results": results,
            "found": search.results_of(list(results.page.object_list), text),
        }
    response = render(request, "reports/search.html", context)
    part_two = any(result.part_two for result in context.get("found", ()))
    if PART_TWO_READERS.allows(request.user):
        patch_cache_control(response, no_store=True, private=True)
    return private(response, part_two, request=request, what="search results")
