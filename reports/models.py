"""
Committee reports: committees, their meetings, and the reports to them.

A report carries its cover (meeting, subject, officers, portfolio holder, key
decision, Part I or Part II, enclosures), Section 1's summary, Section 2's
numbered sections and paragraphs, Section 3's appendices, and the day its data is
taken as at (`cut_off`). The appendices hold no figures of their own:
reports/assembly.py builds them from the other apps' selectors as at the cut-off,
so a draft follows what had been recorded by that day and nothing later.

Narrative is a small, safe subset of HTML (paragraphs, lists, emphasis, links),
cleaned when saved and again when shown (`clean_narrative`).

Publishing freezes a report for good. The published HTML, PDF and data are stored
(`Publication`, `PublishedFile`, each file with its SHA-256) and served from then
on; the database itself refuses to change or delete them, the published report or
anything in it (the triggers below). A correction is a new report that supersedes
the old one, which stays readable.
"""

from dataclasses import dataclass
from datetime import date

import nh3
import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from harrow_its import calendar, triggers
from harrow_its.models import Role
from harrow_its.triggers import NEVER_CHANGES, NO_TRUNCATE

PUBLISHED_NEVER_CHANGES = triggers.Protect(
    name="published_never_changes",
    operation=pgtrigger.Update | pgtrigger.Delete,
    condition=pgtrigger.Q(old__state="published"),
)
PUBLISHED_REFUSED = "A published report never changes: start a correction instead."
BORN_A_DRAFT = "A report is published by publishing it, never inserted as published."

# A report is born a draft: publishing stores its publication and files, then marks
# it published last (reports/services.py), so nothing is ever added to it after.
REPORT_BORN_A_DRAFT = triggers.Trigger(
    name="born_a_draft",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert,
    condition=pgtrigger.Q(new__state="published"),
    func=f"RAISE EXCEPTION '{BORN_A_DRAFT}' USING ERRCODE = 'restrict_violation';",
)


def part_of_published_report(
    report_of: str,
    *,
    name: str = "published_never_changes",
    operation: pgtrigger.Operation = pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
) -> pgtrigger.Trigger:
    """Refuse inserting, changing or deleting a row of a published report (by any
    role: harrow_its/triggers.py).

    `report_of` is SQL giving a row's report id from the record `row`, as in
    "row.report_id"; the trigger asks it of OLD and NEW in turn.
    """
    published = "EXISTS (SELECT 1 FROM reports_report WHERE id = ({}) AND state = 'published')"
    old = published.format(report_of.replace("row.", "OLD."))
    new = published.format(report_of.replace("row.", "NEW."))
    return triggers.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=operation,
        func=f"""
            IF (TG_OP <> 'INSERT' AND {old}) OR (TG_OP <> 'DELETE' AND {new}) THEN
                RAISE EXCEPTION '{PUBLISHED_REFUSED}' USING ERRCODE = 'restrict_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        """,
    )


# Publishing inserts the publication and its files while the report is a draft.
NOTHING_ADDED_ONCE_PUBLISHED = {
    "name": "nothing_added_once_published",
    "operation": pgtrigger.Insert,
}


ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def clean_narrative(html: str) -> str:
    """Keep paragraphs, lists, emphasis and http(s)/mailto links; drop everything else."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Meeting(models.Model):
    """A meeting of a committee, which Democratic Services arrange: its agenda, the
    papers published for it (by the deadline the law sets: `papers_deadline`) and,
    afterwards, its minutes."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True, help_text="Such as 19:30.")
    venue = models.CharField(max_length=200, blank=True)
    late_reason = models.TextField(
        "reason the papers are late",
        blank=True,
        help_text="Why papers published after the deadline must still be taken at this "
        "meeting: the special circumstances of urgency, recorded and shown on its page.",
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="one_meeting_a_day")
        ]

    def __str__(self):
        return f"{self.committee}, {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("reports:meeting", args=[self.pk])

    @property
    def papers_deadline(self):
        """The last day its agenda and Part I reports may be published (s.100B)."""
        return calendar.papers_deadline(self.date)

    def deadline_on(self, today) -> "PapersDeadline":
        """Where the meeting stands against its papers deadline on `today`."""
        return PapersDeadline(
            day=self.papers_deadline, passed=today > self.papers_deadline, held=today > self.date
        )


@dataclass(frozen=True)
class PapersDeadline:
    """A meeting's papers deadline on a day: whether it has `passed`, and whether the
    meeting has been `held` since (then there is no urgency left to argue: papers are
    simply published after it)."""

    day: date
    passed: bool
    held: bool

    @property
    def asks_why(self) -> bool:
        """Papers published now are late for a meeting still to come."""
        return self.passed and not self.held


class Exemptible(models.Model):
    """Part II: exempt under a paragraph of Schedule 12A to the Local Government Act 1972."""

    exempt = models.BooleanField("exempt (Part II)", default=False)
    exempt_paragraph = models.CharField(
        "Schedule 12A paragraph", max_length=10, blank=True, help_text='Such as "3".'
    )

    class Meta:
        abstract = True

    def clean(self):
        if self.exempt and not self.exempt_paragraph:
            raise ValidationError(
                {"exempt_paragraph": "Give the paragraph of Schedule 12A it is exempt under"}
            )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Report(Exemptible):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="reports")
    series = models.SlugField(
        max_length=100, help_text="Reports of one series follow each other, meeting by meeting."
    )
    subject = models.CharField(max_length=200)
    responsible_officer = models.CharField(max_length=200)
    contact_officer = models.CharField(max_length=200)
    portfolio_holder = models.CharField(max_length=200)
    key_decision = models.BooleanField(default=False)
    enclosures = models.CharField(max_length=300, blank=True)
    decision_required = models.TextField()
    reason_for_report = models.TextField()
    benefits = models.TextField()
    cost_of_proposals = models.TextField()
    risks = models.TextField()
    implications_if_rejected = models.TextField("implications if recommendations rejected")
    cut_off = models.DateField(
        "data as at", help_text="The appendices show the data as at this day."
    )
    state = models.CharField(max_length=9, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Moves on at every edit: a stale edit is refused."
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The published report this one corrects.",
    )
    correction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-meeting__date", "subject"]
        triggers = [PUBLISHED_NEVER_CHANGES, REPORT_BORN_A_DRAFT, NO_TRUNCATE]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False) | ~Q(exempt_paragraph=""),
                name="report_exemption_has_paragraph",
            ),
            models.UniqueConstraint(
                fields=["meeting", "series"],
                condition=Q(supersedes__isnull=True),
                name="one_report_of_a_series_a_meeting",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="correction_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.meeting})"

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def part(self) -> str:
        return "Part II" if self.exempt else "Part I"

    def previous(self) -> "Report | None":
        """The report of this series to the committee's meeting before this one."""
        return (
            Report.objects.filter(
                series=self.series,
                meeting__committee=self.meeting.committee_id,
                meeting__date__lt=self.meeting.date,
            )
            .select_related("meeting")
            .order_by("-meeting__date", "-pk")
            .first()
        )

    @property
    def has_exempt_parts(self) -> bool:
        """Whether any of it is Part II: the whole report, a paragraph or an appendix."""
        return (
            self.exempt
            or self.appendices.filter(exempt=True).exists()
            or Paragraph.objects.filter(section__report=self, exempt=True).exists()
        )

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def version_number(self) -> int:
        """1 for a report, 2 for its first correction, and so on."""
        number, report = 1, self
        while report.supersedes_id:
            number, report = number + 1, report.supersedes
        return number


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Section(models.Model):
    """A numbered section of Section 2, such as "1 Capital Projects"."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="section_number")]
        triggers = [part_of_published_report("row.report_id"), NO_TRUNCATE]

    def __str__(self):
        return f"{self.number} {self.title}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Paragraph(Exemptible):
    """A paragraph of a section: numbered ("2.1") or not, with or without a heading."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=10, blank=True, help_text='Such as "2.1".')
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(
        help_text="Paragraphs, lists, emphasis and links. Live figures: {bvpi157.council}."
    )

    class Meta:
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="paragraph_order"),
            models.CheckConstraint(
                condition=Q(exempt=False) | ~Q(exempt_paragraph=""),
                name="paragraph_exemption_has_paragraph",
            ),
        ]
        triggers = [
            part_of_published_report(
                "SELECT report_id FROM reports_section WHERE id = row.section_id"
            ),
            NO_TRUNCATE,
        ]

    def __str__(self):
        return self.number or f"{self.section.number} ({self.order})"

    def save(self, *args, **kwargs):
        self.body = clean_narrative(self.body)
        super().save(*args, **kwargs)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Appendix(Exemptible):
    class Kind(models.TextChoices):
        IMPROVEMENT_PLAN = "improvement_plan", "Service Improvement Plan"
        CAPITAL_PROJECTS = "capital_projects", "Capital Project Progress Report"
        PERFORMANCE_INDICATORS = "performance_indicators", "Performance Indicators"
        BVPI_157 = "bvpi_157", "BVPI 157 Scores"
        CHANGES = "changes", "Changes since the last committee"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=Kind.choices)

    class Meta:
        ordering = ["report", "number"]
        verbose_name_plural = "appendices"
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="appendix_number"),
            models.CheckConstraint(
                condition=Q(exempt=False) | ~Q(exempt_paragraph=""),
                name="appendix_exemption_has_paragraph",
            ),
        ]
        triggers = [part_of_published_report("row.report_id"), NO_TRUNCATE]

    def __str__(self):
        return f"Appendix {self.number}: {self.title}"


class Publication(models.Model):
    """Who published a report, and when; its files are the published record."""

    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, primary_key=True, related_name="publication"
    )
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        triggers = [
            NEVER_CHANGES,
            part_of_published_report("row.report_id", **NOTHING_ADDED_ONCE_PUBLISHED),
            NO_TRUNCATE,
        ]

    def __str__(self):
        return f"{self.report}, published {self.published_at:%-d %B %Y}"


class PublishedFile(models.Model):
    """One stored file of a publication, exactly as served.

    A Part I report with an exempt paragraph or appendix has two of each kind: the
    public one, where the exempt part is a placeholder, and a restricted one for
    the people who may read Part II. A Part II report has restricted files only.
    """

    class Kind(models.TextChoices):
        HTML = "html", "Web page"
        PDF = "pdf", "PDF"
        DATA = "json", "Data (JSON)"

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    restricted = models.BooleanField(help_text="Carries exempt (Part II) content.")
    content = models.BinaryField()
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        triggers = [
            NEVER_CHANGES,
            part_of_published_report("row.publication_id", **NOTHING_ADDED_ONCE_PUBLISHED),
            NO_TRUNCATE,
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "kind", "restricted"], name="one_file_of_a_kind"
            ),
            # The database checks the digest itself: a file and its SHA-256 always agree.
            models.CheckConstraint(
                condition=Q(
                    sha256=models.Func(
                        models.Func(models.F("content"), function="sha256"),
                        models.Value("hex"),
                        function="encode",
                    )
                ),
                name="sha256_is_the_contents",
            ),
        ]

    def __str__(self):
        audience = "restricted" if self.restricted else "public"
        return f"{self.publication.report} {self.get_kind_display()} ({audience})"


class Reminder(models.Model):
    """An e-mail asking an officer to bring their department's data up to date before
    a report's deadline (its cut-off): one per officer, report and deadline."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "report", "deadline"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self):
        return f"Reminder to {self.user} for {self.report}, due {self.deadline:%-d %B %Y}"


AGENDA_ITEM_PART = (
    "The item's report, {title}, is {part}: an item is exempt (Part II) exactly when its report is"
)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AgendaItem(Exemptible):
    """An item on a meeting's agenda: a report, or business without one (minutes,
    declarations of interest). Items on a report that is exempt are Part II, under
    the paragraph of Schedule 12A their report gives. After the meeting, its minute
    records the committee's decision on it, or that it was noted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    series = models.SlugField(
        max_length=100,
        blank=True,
        help_text="The series of the item's report: the pack takes its latest published version.",
    )
    decision = models.TextField(
        blank=True, help_text='The minute: what the committee decided, or "Noted".'
    )

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        """An item is Part II exactly when its report is: a Part II report on a Part I
        item would go into the public pack, and a Part I one would be left out of it."""
        super().clean()
        report = self.report()
        if report is not None and report.exempt != self.exempt:
            raise ValidationError(
                {"exempt": AGENDA_ITEM_PART.format(title=report.subject, part=report.part)}
            )

    def report(self) -> "Report | None":
        """The item's report: its series' latest published version to the meeting (as
        the pack takes it), or, before one is published, its latest draft."""
        if not (self.series and self.meeting_id):
            return None
        return (
            Report.objects.filter(meeting_id=self.meeting_id, series=self.series)
            .order_by(
                models.Case(models.When(state=Report.State.PUBLISHED, then=0), default=1),
                "-pk",
            )
            .first()
        )


class Rendering(models.Model):
    """A PDF made in the background by the worker (reports/jobs.py): a draft's
    preview; or the publishing of a report, which makes its PDFs and only then
    freezes it (reports/publishing.py); or a meeting's agenda pack (reports/packs.py
    says what goes in it); or, from before publishing worked that way, a published
    report's PDF made after it was frozen.

    A preview's document is fixed when it is asked for (`html`), so the PDF says
    what the draft said then, however long the queue; publishing fixes the draft's
    `version` instead, and is refused if the draft changed before it was done. A
    pack is of a meeting, not of a report: each build is a new one, and the
    meeting's page offers the latest that is done.

    The worker rendering it holds a lease: it says it is still at it every few
    seconds (`heartbeat_at`), and a rendering whose worker stopped saying so is taken
    up again by another, a few times, then marked failed with the reason.
    """

    class Kind(models.TextChoices):
        PREVIEW = "preview", "A draft's PDF"
        PUBLISHED_PDF = "pdf", "A published report's PDF"
        PUBLISHING = "publish", "Publishing the report"
        PACK = "pack", "A meeting's agenda pack"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RENDERING = "rendering", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="renderings",
        help_text="The report it is of; none for an agenda pack.",
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="packs",
        help_text="An agenda pack's meeting.",
    )
    kind = models.CharField(max_length=7, choices=Kind.choices, default=Kind.PREVIEW)
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renderings",
        help_text="The publication whose PDF this is; none for a draft's preview.",
    )
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="Publishing: the version of the draft to publish."
    )
    restricted = models.BooleanField(
        help_text="Carries exempt (Part II) content: a Part II pack, or a report's Part II."
    )
    html = models.TextField(blank=True, help_text="The document to render.")
    html_sha256 = models.CharField("SHA-256 of the document", max_length=64, blank=True)
    state = models.CharField(max_length=9, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    stage = models.CharField(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker_id = models.CharField(max_length=64, blank=True, help_text="The worker making it.")
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When that worker last said it was still at it."
    )
    pdf = models.BinaryField(null=True, blank=True, help_text="A preview's PDF, or a pack's.")
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    pages = models.JSONField(
        default=dict, blank=True, help_text="A pack: each item's first page: {item number: page}."
    )
    page_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # A pack is of a meeting; every other rendering is of a report.
            models.CheckConstraint(
                condition=Q(kind="pack", report=None, meeting__isnull=False)
                | (~Q(kind="pack") & Q(report__isnull=False, meeting=None)),
                name="a_pack_is_of_a_meeting_the_rest_of_a_report",
            ),
            # One rendering of a publication's PDF for each audience: retrying reuses it.
            models.UniqueConstraint(
                fields=["publication", "restricted"], name="one_rendering_per_published_pdf"
            ),
            # One publishing of a report at a time.
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(kind="publish", state__in=["queued", "rendering"]),
                name="one_publishing_at_a_time",
            ),
        ]

    def __str__(self):
        state = self.get_state_display().lower()
        if self.kind == self.Kind.PACK:
            return f"{self.meeting} agenda pack ({'Part II' if self.restricted else 'Part I'}, {state})"
        return f"{self.report} {self.get_kind_display().lower()} ({state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class Worker(models.Model):
    """A background worker process (`manage.py db_worker`) as last seen: each says it
    is running every few seconds (reports/workers.py), so that a page waiting for a
    PDF can tell when no worker is running at all."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self):
        return f"Worker {self.worker_id} on {self.host} (pid {self.pid})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ClearanceRule(models.Model):
    """Someone a committee's reports must be cleared by before they are published:
    "Finance", "Legal", the Responsible Officer, the Portfolio Holder's briefing.

    `again_after_change` says whether a clearance still holds once the draft has
    changed since: Legal may want to see every change, a briefing once is enough.
    """

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="clearance_rules"
    )
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=100, help_text='Such as "Finance" or "Legal".')
    clearer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="clearance_rules",
        help_text="The person who clears for it: they must hold the clearer role.",
    )
    again_after_change = models.BooleanField(
        "ask again after a change",
        default=True,
        help_text="A change to the draft after it was cleared asks for this clearance again.",
    )

    class Meta:
        ordering = ["committee", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "title"], name="one_rule_per_title")
        ]

    def __str__(self):
        return f"{self.title} ({self.clearer})"

    def clean(self):
        if self.clearer_id and not self.clearer.has_role(Role.CLEARER):
            raise ValidationError({"clearer": f"{self.clearer} does not hold the clearer role"})


# Sent and answered once, never changed: the audit history records who and when.
@pghistory.track(pghistory.InsertEvent(), exclude=["html", "restricted_html", "text"])
class ClearanceRequest(models.Model):
    """A draft sent for clearance: the version sent, and the draft as it was then, so
    that each clearer reads what they are asked to clear however the draft moves on.

    `html` is the draft's document as the public would get it (exempt parts as
    placeholders), `restricted_html` with its exempt parts, for clearers who may read
    Part II; `text` is its words, part by part, to show what changed since.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="clearance_requests")
    version = models.PositiveIntegerField()
    as_at = models.DateField("data as at")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    html = models.TextField()
    restricted_html = models.TextField(blank=True)
    text = models.JSONField(default=dict)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        triggers = [NEVER_CHANGES, NO_TRUNCATE]

    def __str__(self):
        return f"{self.report}, version {self.version} sent for clearance"


@pghistory.track(pghistory.InsertEvent())
class Clearance(models.Model):
    """A clearer's answer to a draft sent to them: cleared, or returned with a comment.
    Answers are only ever added; the latest for a rule is the one that counts."""

    class Decision(models.TextChoices):
        CLEARED = "cleared", "Cleared"
        RETURNED = "returned", "Returned"

    request = models.ForeignKey(
        ClearanceRequest, on_delete=models.CASCADE, related_name="clearances"
    )
    rule = models.ForeignKey(ClearanceRule, on_delete=models.PROTECT, related_name="clearances")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        triggers = [NEVER_CHANGES, NO_TRUNCATE]
        constraints = [
            models.UniqueConstraint(fields=["request", "rule"], name="one_answer_per_request"),
            models.CheckConstraint(
                condition=Q(decision="cleared") | ~Q(comment=""),
                name="a_return_has_a_comment",
            ),
        ]

    def __str__(self):
        return f"{self.rule.title}: {self.get_decision_display().lower()} version {self.request.version}"


class Notice(models.Model):
    """An e-mail telling a committee member that a report or an agenda pack was
    published (reports/notifications.py): one per person and publication, however
    often the sending runs or is retried."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    pack = models.ForeignKey(
        Rendering, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, pack=None) | Q(report=None, pack__isnull=False),
                name="a_notice_is_of_a_report_or_a_pack",
            ),
            models.UniqueConstraint(
                fields=["user", "report"],
                condition=Q(report__isnull=False),
                name="one_notice_per_report",
            ),
            models.UniqueConstraint(
                fields=["user", "pack"], condition=Q(pack__isnull=False), name="one_notice_per_pack"
            ),
        ]

    def __str__(self):
        return f"Notice to {self.user} of {self.report or self.pack}"


class SearchEntry(models.Model):
    """A part of a published report as the search finds it (reports/search.py): a
    summary item, a paragraph or an appendix's row, as stored in the report's
    published data, public or restricted.

    Written with the publication, from the very data stored (reports/publishing.py),
    so a draft is never indexed; and, like the publication, never changed after. A
    report with a restricted version (a Part II report, or a Part I report with exempt
    parts) has entries of each version: the public ones for everyone, the restricted
    ones for the people who may read Part II.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="search_entries")
    restricted = models.BooleanField(help_text="Of the restricted version, with the exempt parts.")
    exempt = models.BooleanField(help_text="Part II itself: an exempt part, or a Part II report's.")
    position = models.PositiveIntegerField(help_text="Its place in the report.")
    part = models.TextField(help_text='Such as "Paragraph 2.3" or "Appendix 2: ICT-SAN".')
    title = models.TextField()
    text = models.TextField()
    url = models.CharField(max_length=300, help_text="The report's page, at the part's anchor.")
    vector = models.GeneratedField(
        expression=SearchVector("part", "title", weight="A", config="english")
        + SearchVector("text", weight="B", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["report", "restricted", "position"]
        verbose_name_plural = "search entries"
        indexes = [GinIndex(fields=["vector"], name="search_entry_vector")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "restricted", "position"], name="one_search_entry_a_place"
            ),
        ]
        triggers = [
            NEVER_CHANGES,
            part_of_published_report("row.report_id", **NOTHING_ADDED_ONCE_PUBLISHED),
            NO_TRUNCATE,
        ]

    def __str__(self):
        audience = "restricted" if self.restricted else "public"
        return f"{self.report}: {self.part} ({audience})"
