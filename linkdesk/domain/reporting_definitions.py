"""What each reported figure is called and exactly how it is counted (printed with every report).

The weekly definitions follow ``cli-contract.md`` ("Reports and calendar") word for word where the
contract fixes them; the rest follow ``domain.md`` §4.6.
"""

from __future__ import annotations

from linkdesk.domain.reporting import Cell, Metric
from linkdesk.domain.reporting_text import label

WEEKLY: dict[str, tuple[str, str]] = {
    "visits_planned": ("Visits planned", "Every visit dated in the week, whatever its status."),
    "visits_held": ("Visits held", "Visits in the week with status held."),
    "visits_cancelled": ("Visits cancelled", "Visits in the week cancelled by the school or by the service."),
    "visits_cancelled_by_school": (
        "Cancelled by the school",
        "Visits in the week with status cancelled_by_school.",
    ),
    "visits_cancelled_by_service": (
        "Cancelled by the service",
        "Visits in the week with status cancelled_by_service.",
    ),
    "visits_nothing_planned": (
        "Nothing planned",
        "Visits in the week marked nothing_planned (counted in visits planned only).",
    ),
    "visits_not_yet_recorded": ("Not yet recorded", "Visits in the week still marked planned."),
    "case_discussions": ("Case discussions held", "Held visits in the week of kind case_discussion."),
    "cases_discussed": ("Cases discussed", "Discussion items at those case discussions."),
    "mean_items_per_discussion": ("Mean cases per discussion", "Cases discussed / case discussions held."),
    "cyp_discussed": ("Different CYP discussed", "Distinct CYP records among the cases discussed."),
    "anonymous_items": ("Discussed without a CYP record", "Cases discussed with an anonymous label only."),
    "cases_referred_specialist": (
        "Referred to specialist CAMHS",
        "Cases discussed whose outcome is referred_specialist.",
    ),
    "cases_referred_specialist_pct": (
        "Share referred to specialist CAMHS",
        "Cases referred to specialist CAMHS / cases discussed.",
    ),
    "new_cyp": ("New cases", "CYP records opened (opened_on) in the week."),
    "open_cases": ("Open cases", "CYP records with status open when the report is made."),
    "closed_cases": ("Cases closed", "CYP records closed (closed_on) in the week."),
    "closed_without_specialist_input": (
        "Closed without specialist input",
        "Cases closed in the week with closure reason closed_without_specialist_input.",
    ),
    "closed_without_specialist_input_pct": (
        "Share closed without specialist input",
        "Closed without specialist input / cases closed in the week.",
    ),
    "referrals_made": ("Referrals made", "Referrals with a sent date in the week."),
    "referrals_waiting": (
        "Referrals waiting",
        "Referrals whose status is sent, accepted or waiting when the report is made.",
    ),
    "referrals_stalled": (
        "Referrals stalled",
        "Waiting referrals with nothing recorded on them for more than the stalled-referral days.",
    ),
    "referral_wait_mean_days": (
        "Mean wait so far (days)",
        "Mean days since sending, over referrals waiting.",
    ),
    "referral_wait_median_days": ("Median wait so far (days)", "Median of the same."),
    "referral_wait_longest_days": ("Longest wait so far (days)", "The longest of the same."),
    "consents_pending": (
        "Consents pending",
        "Open cases and consent scopes whose latest consent record has status sought, when the report "
        "is made.",
    ),
    "consents_refused": (
        "Consents refused",
        "Open cases and scopes whose latest consent decision is refused.",
    ),
    "consents_withdrawn": (
        "Consents withdrawn",
        "Open cases and scopes whose latest consent decision is withdrawn.",
    ),
    "consents_expiring": (
        "Consents expiring in 28 days",
        "Consents in force for open cases whose expiry date is within 28 days.",
    ),
    "measures_recorded": ("Measures recorded this week", "Outcome measure results dated in the week."),
    "open_cases_without_measure": (
        "Open cases with no measure",
        "Open cases with no outcome measure result.",
    ),
    "measure_reviews_due": (
        "Measure reviews due",
        "Open cases' measures with a baseline 6 weeks old or more and no later score.",
    ),
    "paired_score_completeness_pct": (
        "Paired-score completeness",
        "Of open cases' measures with a baseline, the share that also have a later score.",
    ),
    "risk_high": (
        "Open cases at high risk",
        "Open cases whose latest risk assessment (when the report is made) has level high.",
    ),
    "risk_medium": ("Open cases at medium risk", "The same, with level medium."),
    "risk_assessments": ("Risk assessments this week", "Risk records assessed (assessed_on) in the week."),
    "dsl_informed": ("DSL informed this week", "Risk records whose DSL-informed date is in the week."),
    "safeguarding_referrals": (
        "Safeguarding referrals this week",
        "Risk records whose safeguarding referral date is in the week.",
    ),
    "contact_minutes": ("Contact minutes", "Minutes of the held visits in the week."),
    "admin_minutes": (
        "Admin minutes",
        "Admin time entries in the week, plus admin minutes written on a visit with no admin entry.",
    ),
    "travel_minutes": ("Travel minutes", "The same for travel."),
    "admin_to_contact_ratio": ("Admin to contact ratio", "Admin minutes / contact minutes."),
    "contracted_minutes": (
        "Contracted minutes this week",
        "Offers' hours per week (fortnight) for each 5 (10) open weekdays; per term or year, shared "
        "evenly over that term's or year's open weekdays (not bank or school holidays).",
    ),
    "actions_due_next_week": (
        "Actions due next week",
        "Open actions at the worker's schools (every school for the team) due in the next week.",
    ),
    "actions_overdue": ("Actions overdue", "The same, due before the next week starts."),
    "next_week_visits": ("Visits next week", "Visits dated in the next week, whatever their status."),
}

SERVICE: dict[str, tuple[str, str]] = {
    "visits_planned": ("Visits planned", "Every visit dated in the period, whatever its status."),
    "visits_held": ("Visits held", "Visits in the period with status held."),
    "visits_cancelled": (
        "Visits cancelled",
        "Visits in the period cancelled by the school or by the service.",
    ),
    "case_discussions": ("Case discussions held", "Held visits of kind case_discussion."),
    "items_discussed": ("Cases discussed", "Discussion items at held visits (every kind)."),
    "mean_items_per_discussion": (
        "Mean cases per discussion",
        "Items at case discussions / case discussions.",
    ),
    "cyp_discussed": (
        "CYP discussed",
        "Distinct CYP records discussed, plus each individual item with an anonymous label only.",
    ),
    "cyp_seen": (
        "CYP seen",
        "Distinct CYP discussed at held visits of kind direct_work, drop_in or parent_meeting.",
    ),
    "taken_on": (
        "Taken on by the service",
        "Items with outcome assessment, brief_intervention or joint_work.",
    ),
    "taken_on_pct": ("Share taken on by the service", "Taken on / cases discussed."),
    "referred_specialist": ("Referred to specialist CAMHS", "Items with outcome referred_specialist."),
    "referred_specialist_pct": (
        "Share referred to specialist CAMHS",
        "Referred to specialist / cases discussed.",
    ),
    "referred_elsewhere": ("Referred elsewhere", "Items with outcome referred_other_agency or early_help."),
    "referrals_sent": (
        "Referrals sent",
        "Referral records with a sent date in the period (any destination).",
    ),
    "waits_completed": ("Completed waits", "Referrals sent in the period that have been seen."),
    "wait_mean_days": (
        "Mean wait (days)",
        "Mean days from sending to first being seen, over completed waits.",
    ),
    "wait_median_days": ("Median wait (days)", "Median of the same."),
    "still_waiting": ("Still waiting", "Referrals sent in the period not yet seen and still open."),
    "new_cases": ("New cases", "CYP records opened in the period."),
    "closed_cases": ("Cases closed", "CYP records closed in the period."),
    "closed_without_specialist_input": (
        "Closed without specialist input",
        "Cases closed in the period with reason closed_without_specialist_input.",
    ),
    "closed_without_specialist_input_pct": ("Share closed without specialist input", "Of cases closed."),
    "open_at_end": ("Open at the end", "CYP records open on the last day of the period."),
    "consent_to_share": (
        "With consent to share",
        "Of those open at the end, CYP with consent to share with the school in force on that day.",
    ),
    "consent_coverage_pct": ("Consent coverage", "With consent to share / open at the end."),
    "measures_recorded": ("Measures recorded", "Outcome measure results dated in the period."),
    "contact_hours": ("Contact hours", "Hours of held visits."),
    "contracted_hours": (
        "Contracted hours",
        "Offers' hours per week (fortnight) for each 5 (10) open weekdays; per term or year, shared "
        "evenly over that term's or year's open weekdays (not bank or school holidays).",
    ),
    "delivered_pct": ("Delivered against contract", "Contact hours / contracted hours."),
    "admin_hours": ("Admin hours", "Admin time entries plus admin minutes on visits without an entry."),
    "travel_hours": ("Travel hours", "The same for travel."),
    "admin_ratio": ("Admin overhead ratio", "Admin hours / contact hours."),
    "training_sessions": ("Training sessions", "Training records dated in the period."),
    "training_hours": ("Training hours", "Minutes delivered (else planned) of those sessions, in hours."),
    "training_attendees": ("Attendees", "Attendees recorded at those sessions."),
    "contacts": ("Contacts", "Held visits plus recorded calls, emails and other communications."),
    "frequency_band": (
        "Contact frequency",
        "Contacts per 30 days: none; a few times a year (<0.9); monthly (<3.5); weekly (<8); continuous.",
    ),
}


def metric(table: dict[str, tuple[str, str]], key: str, cell: Cell, *, shown: bool = True) -> Metric:
    name, definition = table[key]
    return Metric(key, name, cell, definition, shown)


def coded_metric(prefix: str, code: str, cell: Cell, what: str) -> Metric:
    """A breakdown figure such as ``outcome_signposted``, kept for the CSV (its table shows it)."""
    return Metric(f"{prefix}_{code}", label(code), cell, f"{what} {code}.", shown=False)


SERVICE.update(
    {
        "schools_no_contact_this_term": (
            "Schools with no contact this term",
            "Schools (not marked left) with no held visit or recorded call or email from the start of "
            "the term holding the period's last day to that day.",
        ),
        "paired_score_completeness_pct": (
            "Paired-score completeness",
            "Of measures with a baseline dated in the period, the share that also have a later score.",
        ),
    }
)
