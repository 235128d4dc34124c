"""Meetings: when and where, the papers deadline, the agenda, its agenda packs
(built in the background) and, once published, the minutes."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from harrow_its.access import (
    DEMOCRATIC_SERVICES,
    PACK_BUILDERS,
    PART_TWO_READERS,
    PUBLIC,
    access,
)
from reports import democratic, jobs, packs, workers
from reports.forms import PackBuildForm
from reports.models import Meeting, Rendering
from reports.views import private


def _meeting(pk):
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)


@access(PUBLIC)
def meeting_detail(request, pk):
    return _meeting_page(request, _meeting(pk))


def _meeting_page(request, meeting, *, build_form=None):
    """The meeting's page; with the pack builder's form as sent, if it was refused."""
    read_exempt = PART_TWO_READERS.allows(request.user)
    may_build = PACK_BUILDERS.allows(request.user)
    public = jobs.latest_pack(meeting, restricted=False)
    restricted = jobs.latest_pack(meeting, restricted=True) if read_exempt else None
    entries = packs.agenda(meeting)
    rows = []
    for entry in entries:
        pack = restricted if entry.item.exempt else public
        rows.append(
            {
                "entry": entry,
                "visible": read_exempt or not entry.item.exempt,
                # The page the item starts on in its pack, as the pack's agenda says.
                "page": pack.pages.get(str(entry.item.number)) if pack else None,
            }
        )
    lateness = packs.lateness(meeting, entries, today=timezone.localdate())
    if may_build and build_form is None:
        build_form = PackBuildForm(
            late=lateness.asks_why, initial={"late_reason": meeting.late_reason}
        )
    building = meeting.packs.filter(
        state__in=[Rendering.State.QUEUED, Rendering.State.RENDERING]
    ).exists()
    response = render(
        request,
        "reports/meeting.html",
        {
            "meeting": meeting,
            "rows": rows,
            "public_pack": public,
            "restricted_pack": restricted,
            "has_exempt_items": any(e.item.exempt for e in entries),
            "may_build": may_build,
            "may_manage": DEMOCRATIC_SERVICES.allows(request.user),
            "build_form": build_form,
            "lateness": lateness,
            "minutes": meeting.minutes_published_at is not None,
            "building": building,
            "no_worker": building and workers.none_running(now=timezone.now()),
            "failed": meeting.packs.filter(state=Rendering.State.FAILED).first(),
        },
    )
    exempt_items = read_exempt and any(e.item.exempt for e in entries)
    return private(response, exempt_items, request=request, what=f"meeting={meeting.pk} agenda")


@access(PACK_BUILDERS, writes=True, reads=False)
def meeting_build_packs(request, pk):
    """Queue the meeting's packs to be built in the background: Part I, and Part II
    if any item is exempt. Papers late for a meeting still to come need the reason
    they must still be taken at it: without it, the meeting's page comes back saying so."""
    meeting = _meeting(pk)
    lateness = packs.lateness(meeting, packs.agenda(meeting), today=timezone.localdate())
    form = PackBuildForm(request.POST, late=lateness.asks_why)
    if not form.is_valid():
        return _meeting_page(request, meeting, build_form=form)
    democratic.packs_build(
        meeting=meeting, by=request.user, late_reason=form.cleaned_data.get("late_reason")
    )
    messages.success(request, "The agenda pack is being built: this page shows how far it has got")
    return redirect("reports:meeting", pk)


@access(PUBLIC)
def meeting_pack_progress(request, pk):
    """How far the meeting's packs being built have got, for the page to show."""
    meeting = _meeting(pk)
    recent = sorted(meeting.packs.defer("pdf", "html")[:4], key=lambda p: p.restricted)
    return JsonResponse(
        {
            "building": [
                {
                    "label": f"{'Part II' if p.restricted else 'Part I'} pack",
                    "progress": p.progress,
                    "stage": p.stage,
                    # A pack being made was said to be "building", and still is.
                    "state": "building" if p.state == Rendering.State.RENDERING else p.state,
                }
                for p in recent
                if p.state in (Rendering.State.QUEUED, Rendering.State.RENDERING)
                and (not p.restricted or PART_TWO_READERS.allows(request.user))
            ]
        }
    )


@access(PUBLIC)
def meeting_pack_pdf(request, pk, part):
    meeting = _meeting(pk)
    restricted = part == "part-ii"
    if restricted and not PART_TWO_READERS.allows(request.user):
        raise Http404("No such pack.")
    pack = meeting.packs.filter(restricted=restricted, state=Rendering.State.DONE).first()
    if pack is None:
        raise Http404("The pack has not been built yet.")
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    name = f"{meeting.date:%Y-%m-%d}-{meeting.committee.slug}-agenda-pack-{part}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return private(response, restricted, request=request, what=f"meeting={meeting.pk} pack")
