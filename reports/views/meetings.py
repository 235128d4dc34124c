"""Meetings: the agenda, and its agenda packs, built in the background."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from harrow_its.access import AUTHORS, PART_TWO_READERS, PUBLIC, access
from reports import jobs, packs, workers
from reports.models import Meeting, Rendering
from reports.views import private


def _meeting(pk):
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)


@access(PUBLIC)
def meeting_detail(request, pk):
    meeting = _meeting(pk)
    read_exempt = PART_TWO_READERS.allows(request.user)
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
            "may_author": AUTHORS.allows(request.user),
            "building": building,
            "no_worker": building and workers.none_running(now=timezone.now()),
            "failed": meeting.packs.filter(state=Rendering.State.FAILED).first(),
        },
    )
    exempt_items = read_exempt and any(e.item.exempt for e in entries)
    return private(response, exempt_items, request=request, what=f"meeting={meeting.pk} agenda")


@access(AUTHORS, writes=True, reads=False)
def meeting_build_packs(request, pk):
    """Queue the meeting's packs to be built in the background: Part I, and Part II
    if any item is exempt."""
    jobs.packs_request(meeting=_meeting(pk), by=request.user)
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
