"""The check set: occupations published rankings and reports place at the extremes of AI exposure, each with its
sources, grouped as the issue asks. Expected "Red" = among the most exposed; "Green" = among the least.

Sources (the key letters below):
[E] Eloundou, Manning, Mishkin, Rock, "GPTs are GPTs", Science 384 (2024): the occupations with no exposed tasks
    (human and model annotators agree) and the most exposed ones.
[F] Frey & Osborne, "The future of employment", Technological Forecasting and Social Change 114 (2017), appendix:
    probability of computerisation <= 0.03 (least) or >= 0.96 (most).
[M] Tomlinson, Jaffe, Wang, Counts, Suri, "Working with AI" (Microsoft Research, 2025): the 40 occupations with the
    highest / the lowest AI applicability score.
[P] Pew Research Center, "Which U.S. Workers Are More Exposed to AI on Their Jobs?" (2023-07-27): its examples of
    the most and the least exposed occupations.
[A] Anthropic Economic Index, "Labor market impacts" (2026-03-05), observed exposure per occupation
    (job_exposure.csv): 0-0.02 (least, with another source or a licensed trade) or >= 0.45 (most). Not a drafting
    input, so an independent check.
"""

GREEN, RED = "Green", "Red"

CHECK_SET: dict[str, dict[str, tuple[str, str]]] = {
    "care": {
        "nursing-assistants": (GREEN, "M A"),
        "orderlies": (GREEN, "M A"),
        "phlebotomists": (GREEN, "M A"),
        "registered-nurses": (GREEN, "F"),
        "medical-equipment-preparers": (GREEN, "M"),
        "massage-therapists": (GREEN, "M"),
        "childcare-workers": (GREEN, "P A"),
    },
    "therapy": {
        "recreational-therapists": (GREEN, "F A"),
        "occupational-therapists": (GREEN, "F A"),
        "audiologists": (GREEN, "F A"),
        "speech-language-pathologists": (GREEN, "F A"),
        "physical-therapists": (GREEN, "F A"),
        "mental-health-counselors": (GREEN, "F"),
        "marriage-and-family-therapists": (GREEN, "F"),
        "orthotists-and-prosthetists": (GREEN, "F"),
        "dietitians-and-nutritionists": (GREEN, "F"),
        "clinical-and-counseling-psychologists": (GREEN, "F"),
        "healthcare-social-workers": (GREEN, "F"),
        "mental-health-and-substance-abuse-social-workers": (GREEN, "F A"),
        "respiratory-therapists": (GREEN, "A"),
    },
    "teaching": {
        "elementary-school-teachers-except-special-education": (GREEN, "F"),
        "kindergarten-teachers-except-special-education": (GREEN, "A"),
        "preschool-teachers-except-special-education": (GREEN, "F A"),
    },
    "licensed trades": {
        "electricians": (GREEN, "A"),
        "plumbers-pipefitters-and-steamfitters": (GREEN, "A"),
        "heating-air-conditioning-and-refrigeration-mechanics-and-installers": (GREEN, "A"),
        "elevator-and-escalator-installers-and-repairers": (GREEN, "A"),
        "boilermakers": (GREEN, "A"),
        "electrical-power-line-installers-and-repairers": (GREEN, "E A"),
        "pipelayers": (GREEN, "P A"),
        "roofers": (GREEN, "E M"),
        "stonemasons": (GREEN, "E"),
        "tapers": (GREEN, "E"),
        "cement-masons-and-concrete-finishers": (GREEN, "E M"),
        "helpers-brickmasons-blockmasons-stonemasons-and-tile-and-marble-setters": (GREEN, "E"),
    },
    "protective services": {
        "firefighters": (GREEN, "P A"),
        "first-line-supervisors-of-police-and-detectives": (GREEN, "F A"),
        "first-line-supervisors-of-firefighting-and-prevention-workers": (GREEN, "F"),
    },
    "other hands-on work": {
        "athletes-and-sports-competitors": (GREEN, "E"),
        "dishwashers": (GREEN, "E M P"),
        "floor-sanders-and-finishers": (GREEN, "E M"),
        "pile-driver-operators": (GREEN, "E M"),
        "roustabouts-oil-and-gas": (GREEN, "E M"),
        "tire-repairers-and-changers": (GREEN, "E M"),
        "derrick-operators-oil-and-gas": (GREEN, "E"),
        "cooks-short-order": (GREEN, "E"),
        "dining-room-and-cafeteria-attendants-and-bartender-helpers": (GREEN, "E"),
        "hazardous-materials-removal-workers": (GREEN, "M"),
        "embalmers": (GREEN, "M"),
        "oral-and-maxillofacial-surgeons": (GREEN, "F M"),
        "prosthodontists": (GREEN, "M"),
        "maids-and-housekeeping-cleaners": (GREEN, "M"),
        "highway-maintenance-workers": (GREEN, "M"),
    },
    "clerical and data work": {
        "data-entry-keyers": (RED, "F P A"),
        "proofreaders-and-copy-markers": (RED, "E M"),
        "new-accounts-clerks": (RED, "F M"),
        "brokerage-clerks": (RED, "F M"),
        "correspondence-clerks": (RED, "E"),
        "statistical-assistants": (RED, "M"),
        "telephone-operators": (RED, "M F"),
        "switchboard-operators-including-answering-service": (RED, "M F"),
        "court-reporters-and-simultaneous-captioners": (RED, "E"),
        "title-examiners-abstractors-and-searchers": (RED, "F"),
        "tax-preparers": (RED, "E F P"),
        "bookkeeping-accounting-and-auditing-clerks": (RED, "F"),
        "insurance-claims-and-policy-processing-clerks": (RED, "F"),
        "order-clerks": (RED, "F"),
        "payroll-and-timekeeping-clerks": (RED, "F"),
        "file-clerks": (RED, "F"),
        "credit-authorizers-checkers-and-clerks": (RED, "F"),
        "loan-interviewers-and-clerks": (RED, "F"),
        "procurement-clerks": (RED, "F"),
        "customer-service-representatives": (RED, "M A"),
    },
    "sales": {
        "telemarketers": (RED, "F M"),
        "advertising-sales-agents": (RED, "M"),
        "sales-representatives-of-services-except-advertising-insurance-financial-services-and-travel": (RED, "M"),
        "demonstrators-and-product-promoters": (RED, "M"),
        "counter-and-rental-clerks": (RED, "M F"),
        "reservation-and-transportation-ticket-agents-and-travel-clerks": (RED, "M"),
    },
    "tech": {
        "computer-programmers": (RED, "E A"),
        "web-developers": (RED, "P M A"),
        "data-scientists": (RED, "M A"),
        "technical-writers": (RED, "P M A"),
    },
    "writing, language and analysis": {
        "interpreters-and-translators": (RED, "E M"),
        "writers-and-authors": (RED, "E M"),
        "mathematicians": (RED, "E M"),
        "survey-researchers": (RED, "E"),
        "public-relations-specialists": (RED, "E M"),
        "news-analysts-reporters-and-journalists": (RED, "E M"),
    },
}


def expected() -> dict[str, str]:
    return {role_id: zone for group in CHECK_SET.values() for role_id, (zone, _) in group.items()}


def agreement(zones: dict[str, str]) -> dict[str, tuple[int, int, int]]:
    """Per group: (in the expected zone, in the opposite zone, size)."""
    opposite = {GREEN: RED, RED: GREEN}
    return {
        name: (
            sum(zones[r] == zone for r, (zone, _) in group.items()),
            sum(zones[r] == opposite[zone] for r, (zone, _) in group.items()),
            len(group),
        )
        for name, group in CHECK_SET.items()
    }
