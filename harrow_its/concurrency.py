"""
Optimistic locking: of two people editing the same record at once, the second is
refused and shown the first one's change, never silently overwritten.

A form sends back the version of the record the person saw. `claim` moves it on by
one only if it is still that version, in one UPDATE: the database serialises
concurrent claims on the same row, so exactly one of two concurrent saves wins.
Call it inside the transaction that makes the change.
"""

from django.contrib.messages.views import SuccessMessageMixin
from django.db.models import F
from django.views.generic import FormView


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


class VersionedFormView(SuccessMessageMixin, FormView):
    """A form that changes `versioned`, a record carrying a version: on a valid POST
    `save(form)` writes, unless the record changed meanwhile.

    `save` writes through a service that raises StaleEdit when the version the person
    saw is no longer current. Then nothing is saved, the form comes back with what they
    typed and the current version (so they may submit again once they have seen the
    other change), and the message says why, as `stale` too.

    A subclass sets `versioned` before the form is made (in `dispatch`), writes in
    `save`, and says where to go next in `get_success_url`; `success_message` is
    shown there.
    """

    versioned = None

    def get_initial(self):
        return {**super().get_initial(), "version": self.versioned.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{"stale": None, **kwargs})

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except StaleEdit as error:
            return self.form_stale(str(error))
        return super().form_valid(form)

    def form_stale(self, message):
        data = self.request.POST.copy()
        data["version"] = self.versioned.version
        form = self.get_form_class()(**{**self.get_form_kwargs(), "data": data})
        form.is_valid()
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form, stale=message))
