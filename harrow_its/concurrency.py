"""
Optimistic locking: of two people editing the same record at once, the second is
refused and shown the first one's change, never silently overwritten.

A form sends back the version of the record the person saw. `claim` moves it on by
one only if it is still that version, in one UPDATE: the database serialises
concurrent claims on the same row, so exactly one of two concurrent saves wins.
Call it inside the transaction that makes the change.
"""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect, render


class StaleEdit(Exception):
    """The record changed since the person loaded the form."""


def claim(model, *, pk: int, version: int, message: str, **conditions) -> None:
    """Move the record's version on, if it is still `version` (and meets `conditions`,
    such as state="draft"); else raise StaleEdit(message)."""
    claimed = model.objects.filter(pk=pk, version=version, **conditions).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(message)


def versioned_form(request, *, template, form_class, form_kwargs, initial, save, done, context):
    """Show a form in `template`; on a valid POST save it, unless the record changed
    meanwhile.

    `save(cleaned_data)` writes through a service that raises StaleEdit when the
    version the person saw is no longer current. Then nothing is saved, the form
    comes back with what they typed and the current version (so they may submit
    again once they have seen the other change), and the message says why.
    """
    stale = None
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except StaleEdit as error:
                stale = str(error)
            else:
                messages.success(request, done[0])
                return redirect(done[1])
        if stale:
            data = request.POST.copy()
            data["version"] = initial["version"]
            form = form_class(data, **form_kwargs)
            form.is_valid()
            form.add_error(None, stale)
    else:
        form = form_class(initial=initial, **form_kwargs)
    return render(request, template, {**context, "form": form, "stale": stale})
