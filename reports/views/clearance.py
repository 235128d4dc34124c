"""
Clearance: an author sends a draft for clearance; each clearer reads the draft as it
was sent and clears it or returns it with a comment (reports/clearance.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import FormView

from harrow_its.access import CLEARERS, PART_TWO_READERS, access
from reports import clearance
from reports.forms import ClearanceAnswerForm
from reports.models import ClearanceRequest, ClearanceRule
from reports.views import private
from reports.views.composing import ConfirmView, composing_view

UNREADABLE = (
    "This report is Part II (exempt): only clearers who may read Part II (committee "
    "members, report authors, Democratic Services) can clear it. Ask an administrator."
)


class ClearanceSendView(ConfirmView):
    title = "Send this draft for clearance?"
    submit = "Send for clearance"
    warning = (
        "The clearers read the draft exactly as it is now. If you change it afterwards, "
        "the clearances that ask again must be given again before it can be published."
    )
    template_name = "reports/clearance_send.html"

    def act(self, version):
        self.status = clearance.clearance_status(self.report)
        clearance.clearance_send(report=self.report, version=version, by=self.request.user)

    def get_success_message(self, cleaned_data):
        asked = [s for s in self.status.rules if s.state != clearance.CLEARED]
        return f"Sent for clearance to {clearance.who(asked)}"

    def get_success_url(self):
        return reverse("reports:compose", args=[self.report.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(clearance=clearance.clearance_status(self.report), **kwargs)


clearance_send = composing_view(ClearanceSendView)


@access(CLEARERS)
def clearance_list(request):
    """The drafts waiting for this clearer's answer, and their answers so far."""
    return render(
        request,
        "reports/clearance_list.html",
        {
            "waiting": clearance.waiting_for(request.user),
            "answered": clearance.answered_by(request.user)[:20],
            "read_exempt": PART_TWO_READERS.allows(request.user),
        },
    )


class ClearanceReviewView(FormView):
    """A draft as it was sent, for one of the rules the clearer clears, with their answer."""

    form_class = ClearanceAnswerForm
    template_name = "reports/clearance_review.html"

    def dispatch(self, request, *args, **kwargs):
        self.sent = get_object_or_404(
            ClearanceRequest.objects.select_related("report__meeting__committee", "sent_by"),
            pk=self.kwargs["pk"],
        )
        # Only the rule's own clearer finds it: anyone else, administrators included.
        self.rule = get_object_or_404(
            ClearanceRule.objects.select_related("clearer"),
            pk=self.kwargs["rule_pk"],
            clearer=request.user.pk,
            committee=self.sent.report.meeting.committee_id,
        )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def answer(self):
        return self.sent.clearances.filter(rule=self.rule).select_related("by").first()

    @cached_property
    def read_exempt(self) -> bool:
        return bool(self.sent.restricted_html) and PART_TWO_READERS.allows(self.request.user)

    @cached_property
    def subject(self) -> str:
        """The report's subject, unless it is Part II and they may not read Part II."""
        if self.sent.report.exempt and not self.read_exempt:
            return clearance.UNREADABLE_SUBJECT
        return self.sent.report.subject

    def post(self, request, *args, **kwargs):
        if self.sent.report.exempt and not self.read_exempt:
            raise PermissionDenied(UNREADABLE)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            clearance.clearance_answer(
                request=self.sent, rule=self.rule, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        decision = form.cleaned_data["decision"]
        done = "cleared" if decision == "cleared" else "returned to the author"
        messages.success(self.request, f"{self.subject}, version {self.sent.version}: {done}")
        return redirect("reports:clearance_list")

    def get_context_data(self, **kwargs):
        status = clearance.clearance_status(self.sent.report)
        html = self.sent.restricted_html if self.read_exempt else self.sent.html
        changed = clearance.changes_since_last_answer(self.sent, self.rule)
        return super().get_context_data(
            sent=self.sent,
            report=self.sent.report,
            rule=self.rule,
            answer=self.answer,
            # A newer version sent since: this one can no longer be answered.
            superseded=status.latest is not None and status.latest.pk != self.sent.pk,
            changed=None
            if changed is None
            else clearance.for_reader(
                changed, report=self.sent.report, read_exempt=self.read_exempt
            ),
            # A Part II report, to a clearer who may not read Part II: nothing to review.
            unreadable=UNREADABLE if self.sent.report.exempt and not self.read_exempt else "",
            exempt_hidden=bool(self.sent.restricted_html) and not self.read_exempt,
            subject=self.subject,
            article=mark_safe(html),  # noqa: S308 (the report as we rendered it when sent)
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return private(
            response,
            self.read_exempt or self.sent.report.exempt,
            request=self.request,
            what=f"report={self.sent.report_id} clearance={self.sent.pk}",
        )


clearance_review = access(CLEARERS, writes=True)(ClearanceReviewView.as_view())
