"""The countries jobzone scores roles for: the US (the default view, on US data) and five others whose evidence
comes from their own data where it exists. A role's tasks, barriers and protective principles are the role's in
every country; its market evidence is the country's."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.errors import JobzoneError


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2 as Indeed writes it (GB for the United Kingdom)
    name: str
    currency: str
    wages: str | None  # the occupation-level pay data the country's wage trends read, or None: not assessed
    postings: str = "Indeed Hiring Lab sector indexes"
    sources: tuple[str, ...] = ("hiringlab",)  # the registered sources its market evidence reads

    @property
    def in_words(self) -> str:
        """'the United Kingdom', 'Germany': as a sentence names it."""
        return f"the {self.name}" if self.name.startswith("United") else self.name


DEFAULT = "US"
COUNTRIES: dict[str, Country] = {
    c.code: c
    for c in (
        Country("US", "United States", "USD", "BLS OEWS national medians", sources=("hiringlab", "oews")),
        Country(
            "GB", "United Kingdom", "GBP", "ONS ASHE median annual pay by UK SOC 2020", sources=("hiringlab", "ashe")
        ),
        Country("AU", "Australia", "AUD", None),
        Country("CA", "Canada", "CAD", None),
        Country("DE", "Germany", "EUR", None),
        Country("FR", "France", "EUR", None),
    )
}


# How a level in each country's currency is written on pages and in `explain` ("£53,501").
CURRENCY_SIGNS = {"USD": "$", "GBP": "£", "EUR": "€", "AUD": "A$", "CAD": "C$"}


def known(code: str) -> Country | None:
    """The country with this code, in any case (UK is accepted for GB); None for one jobzone does not score."""
    asked = code.strip().upper()
    return COUNTRIES.get("GB" if asked == "UK" else asked)


def country(code: str) -> Country:
    """The country with this code (UK is accepted for GB); a clear error naming the ones jobzone knows."""
    found = known(code)
    if found is None:
        raise JobzoneError(f"--country {code!r}: not a country jobzone scores; choose one of {', '.join(COUNTRIES)}")
    return found
