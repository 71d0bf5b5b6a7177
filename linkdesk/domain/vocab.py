"""Fixed vocabularies (cli-contract.md), extended only where domain.md needs a value; never synonyms."""

from __future__ import annotations

SETTING_TYPES = (
    "primary",
    "secondary",
    "all_through",
    "special",
    "pru",
    "alternative_provision",
    "fe_college",
    "other",
    "infant",
    "junior",
    "hospital_school",
    "secure_unit",
)
SCHOOL_STATUSES = ("active", "paused", "left")
#: A school's status in Get Information About Schools (GIAS), set by the school-list import.
GIAS_STATUSES = ("open", "proposed_to_close", "proposed_to_open", "closed")
STAFF_ROLES = (
    "link_worker",
    "duty_worker",
    "team_manager",
    "clinical_lead",
    "admin",
    "other",
    "educational_psychologist",
)
CONTACT_ROLES = (
    "spoc",
    "senco",
    "dsl",
    "head",
    "deputy_head",
    "pastoral_lead",
    "teacher",
    "family_support_worker",
    "other",
    "slt_sponsor",
    "school_nurse",
    "counsellor",
    "teaching_assistant",
    "inclusion_lead",
)
CYP_STATUSES = ("open", "closed")
CLOSURE_REASONS = (
    "closed_without_specialist_input",
    "closed_after_specialist_referral",
    "signposted",
    "school_managing",
    "moved_or_left",
    "declined_engagement",
    "transferred",
    "other",
)
#: Retention classes of the Records Management Code of Practice 2021 (see ``domain/retention.py``).
RETENTION_CLASSES = ("camhs", "child", "mental_health")
CYP_FLAGS = (
    "looked_after",
    "child_in_need",
    "young_carer",
    "send",
    "ehcp",
    "excluded_or_at_risk",
    "attendance_concern",
    "hard_to_reach",
    "high_risk_held_in_school",
    "appointment_attendance_risk",
)
SEXES = ("female", "male", "other", "not_stated")
#: How a parent or carer on a CYP record is related to the child.
CARER_RELATIONSHIPS = (
    "mother",
    "father",
    "parent",
    "step_parent",
    "grandparent",
    "other_relative",
    "foster_carer",
    "kinship_carer",
    "special_guardian",
    "residential_carer",
    "social_worker",
    "other",
)
VENUES = ("school", "clinic", "home", "community", "remote")
VISIT_KINDS = (
    "case_discussion",
    "consultation",
    "training",
    "drop_in",
    "parent_meeting",
    "direct_work",
    "other",
    "joint_visit",
    "multi_school_clinic",
    "panel",
)
VISIT_STATUSES = ("planned", "held", "cancelled_by_school", "cancelled_by_service", "nothing_planned")
CANCELLED_STATUSES = ("cancelled_by_school", "cancelled_by_service")
#: How a visit or piece of direct work took place: the Mental Health Services Data Set's
#: CONSULTATION MECHANISM (MENTAL HEALTH), NHS Data Dictionary: 01 face to face, 02 telephone,
#: 05 email, 09 text message, 10 instant messaging, 11 video consultation, 98 other.
CONTACT_TYPES = ("face_to_face", "video", "phone", "email", "text_message", "instant_messaging", "other")
#: Who the worker's contact was with (link work's own list; the data set has no national code).
WITH_WHOM = (
    "school_staff",
    "cyp",
    "parent_carer",
    "cyp_and_parent_carer",
    "school_staff_and_family",
    "professionals",
    "group",
    "other",
)
OUTCOMES = (
    "advice_school_manages",
    "watchful_waiting",
    "signposted",
    "parent_meeting",
    "brief_intervention",
    "joint_work",
    "assessment",
    "referred_specialist",
    "referred_other_agency",
    "early_help",
    "no_further_action",
)
ITEM_SUBJECTS = ("individual", "group")
CONCERNS = (
    "self_harm",
    "low_mood",
    "anxiety",
    "social_anxiety",
    "depression",
    "eating",
    "neurodevelopmental",
    "behaviour",
    "trauma",
    "attendance",
    "bereavement",
    "relationships",
    "other",
)
MH_JUDGEMENTS = ("mental_health", "behaviour_conduct", "mixed", "unclear")
CONSENT_SCOPES = ("identifiable_discussion", "referral", "liaison", "share_with_school", "outcome_measures")
CONSENT_GIVERS = ("parent_carer", "cyp", "both")
CONSENT_STATUSES = ("sought", "given", "refused", "withdrawn", "expired")
CONSENT_METHODS = ("verbal", "written", "letter_returned")
REFERRAL_DESTINATIONS = (
    "specialist_camhs",
    "early_help",
    "paediatrics",
    "social_care",
    "educational_psychology",
    "school_nurse",
    "voluntary_sector",
    "gp",
    "other",
)
REFERRAL_STATUSES = ("draft", "sent", "accepted", "declined", "waiting", "seen", "closed")
WAITING_STATUSES = ("sent", "accepted", "waiting")
REFERRAL_ROUTES = (
    "direct_school",
    "via_link_worker",
    "via_gp",
    "via_school_nurse",
    "online_proforma",
    "panel",
)
APPROPRIATENESS = ("appropriate", "inappropriate", "unclear")
REFERRAL_EVENTS = (
    "sent",
    "received",
    "triaged",
    "accepted",
    "declined",
    "allocated",
    "appointment_offered",
    "appointment_attended",
    "appointment_dna",
    "assessment",
    "treatment_plan",
    "discharged",
    "status_query_from_school",
    "status_query_from_parent",
    "chased",
    "feedback_sent_school",
    "closed",
)
#: The status a referral moves to when one of these events is recorded.
EVENT_STATUS = {
    "sent": "sent",
    "accepted": "accepted",
    "declined": "declined",
    "allocated": "waiting",
    "appointment_offered": "waiting",
    "appointment_attended": "seen",
    "assessment": "seen",
    "discharged": "closed",
    "closed": "closed",
}
#: Events that end the wait (the first of these after ``sent_on`` gives the waiting time).
SEEN_EVENTS = ("appointment_attended", "assessment")
LETTER_AUDIENCES = ("parent_carer", "cyp", "school", "worker", "referrer")
LETTER_OUTPUTS = ("previewed", "printed", "saved")
GROUPING_TYPES = ("locality", "cluster", "panel_area", "district", "multi_agency_hub", "icb_area")
DELIVERY_MODELS = ("in_school_regular", "training_support", "single_point_of_access")
FUNDING = ("commissioned_core", "traded", "pilot_grant", "other")
HOURS_PERIODS = ("week", "fortnight", "term", "year")
SESSION_PATTERNS = ("weekly", "fortnightly", "monthly", "termly", "ad_hoc")
AGREEMENT_STATUSES = ("draft", "active", "expired")
CHANNELS = ("email", "phone", "letter", "meeting", "secure_portal")
ASSIGNMENT_ROLES = ("named_link_worker", "cover", "duty_backup", "joint_ep", "joint_school_nurse")
TRAINING_TOPICS = (
    "mental_health_awareness",
    "anxiety",
    "low_mood",
    "self_harm",
    "eating_difficulties",
    "attachment",
    "trauma",
    "neurodevelopmental",
    "resilience",
    "referral_pathways",
    "whole_school_approach",
    "other",
)
TRAINING_AUDIENCES = (
    "whole_school",
    "teachers",
    "teaching_assistants",
    "sencos",
    "pastoral",
    "school_champions",
    "parents",
    "pupils",
    "multi_agency",
)
TRAINING_FORMATS = ("inset", "twilight", "staff_meeting", "workshop", "online", "conference")
TIME_CATEGORIES = (
    "direct",
    "consultation",
    "training",
    "admin",
    "travel",
    "parent_work",
    "panel_meeting",
    "supervision",
)
COMM_CHANNELS = ("phone", "email", "letter", "face_to_face", "helpline", "online_form")
DIRECTIONS = ("incoming", "outgoing")
COMM_PURPOSES = (
    "advice",
    "referral_status_query",
    "booking",
    "training_request",
    "information_received",
    "other",
)
TRIAGE_OUTCOMES = (
    "advice_given",
    "consultation_booked",
    "case_opened",
    "referral_made",
    "signposted",
    "no_action",
)
ACTION_STATUSES = ("open", "done", "dropped")
AGENCY_KINDS = (
    "specialist_camhs",
    "early_intervention",
    "educational_psychology",
    "school_nursing",
    "counselling",
    "voluntary_sector",
    "gp",
    "paediatrics",
    "social_care",
    "early_help",
    "youth_justice",
    "substance_misuse",
    "adult_mental_health",
    "helpline",
    "other",
)
INFORMANTS = ("self", "parent", "teacher", "clinician", "other")
TIME_POINTS = ("baseline", "review", "close", "other")
NOTE_SUBJECTS = ("school", "cyp", "visit", "referral")
RISK_LEVELS = ("low", "medium", "high")
NOTE_STATUSES = ("current", "entered_in_error")
