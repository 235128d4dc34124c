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
"""

import nh3
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

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


class Committee(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "date"], name="one_meeting_a_day")
        ]

    def __str__(self):
        return f"{self.committee}, {self.date:%-d %B %Y}"


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

    class Meta:
        ordering = ["-meeting__date", "subject"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt=False) | ~Q(exempt_paragraph=""),
                name="report_exemption_has_paragraph",
            ),
            models.UniqueConstraint(
                fields=["meeting", "series"], name="one_report_of_a_series_a_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.meeting})"

    @property
    def part(self) -> str:
        return "Part II" if self.exempt else "Part I"


class Section(models.Model):
    """A numbered section of Section 2, such as "1 Capital Projects"."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="section_number")]

    def __str__(self):
        return f"{self.number} {self.title}"


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

    def __str__(self):
        return self.number or f"{self.section.number} ({self.order})"

    def save(self, *args, **kwargs):
        self.body = clean_narrative(self.body)
        super().save(*args, **kwargs)


class Appendix(Exemptible):
    class Kind(models.TextChoices):
        IMPROVEMENT_PLAN = "improvement_plan", "Service Improvement Plan"
        CAPITAL_PROJECTS = "capital_projects", "Capital Project Progress Report"
        PERFORMANCE_INDICATORS = "performance_indicators", "Performance Indicators"
        BVPI_157 = "bvpi_157", "BVPI 157 Scores"

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

    def __str__(self):
        return f"Appendix {self.number}: {self.title}"
