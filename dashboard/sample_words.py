"""The sample models' titles and column descriptions (sample_models/sidecars.json) in the reader's language.

They are ours, not the user's data, so the pages show them translated; a user's own model name and descriptions are
shown as they are. The strings are repeated here, marked, because the catalogs are extracted from Python only;
tests/language/test_pages_complete.py fails when sidecars.json holds one that is not marked here.
"""

from __future__ import annotations

from dashboard.language import N_, current, gettext, use_language

TITLES = (
    N_("German credit risk (random forest)"),
    N_("German credit risk (logistic regression)"),
    N_("Adult census income (LightGBM)"),
    N_("Adult census income (logistic regression)"),
    N_("Washington bike rentals per hour (gradient boosting)"),
    N_("Wine cultivar (random forest, 3 classes)"),
)

DESCRIPTIONS = (
    # german_credit
    N_("Balance of the applicant's current (checking) account, in Deutsche Mark; 'none' means no such account"),
    N_("Length of the loan in months"),
    N_("How the applicant repaid earlier credits"),
    N_("What the loan is for"),
    N_("Amount borrowed, in Deutsche Mark"),
    N_("Balance of savings accounts and bonds, in Deutsche Mark"),
    N_("How long the applicant has held the present job"),
    N_("Instalment as a share of disposable income (1 = under 20%, 4 = 35% or more)"),
    N_("Marital status and sex as recorded in 1994"),
    N_("Whether someone else shares or guarantees the debt"),
    N_("Years at the present home (1 = under a year, 4 = 4 years or more)"),
    N_("Most valuable property the applicant owns"),
    N_("Age in years"),
    N_("Other instalment plans the applicant pays (bank, stores)"),
    N_("Whether the applicant rents, owns or lives for free"),
    N_("Number of credits already held at this bank"),
    N_("Kind of employment"),
    N_("Number of people the applicant provides for"),
    N_("Whether a telephone is registered in the applicant's name"),
    N_("Whether the applicant is a foreign worker"),
    # adult_income
    N_("Kind of employer (private, government, self-employed)"),
    N_("Highest education completed"),
    N_("Years of education, a number matching the education level"),
    N_("Marital status"),
    N_("Kind of job"),
    N_("Role in the household (husband, wife, own child, ...)"),
    N_("Race as recorded by the 1994 US census"),
    N_("Sex as recorded by the 1994 US census"),
    N_("Capital gains in the year, in US dollars"),
    N_("Capital losses in the year, in US dollars"),
    N_("Usual hours worked per week"),
    N_("Country of birth"),
    # bike_rentals
    N_("Season of the year"),
    N_("Calendar year (2011 or 2012)"),
    N_("Month of the year, 1 = January"),
    N_("Hour of the day, 0-23"),
    N_("Day of the week"),
    N_("Whether the day is a public holiday"),
    N_("Whether the day is neither weekend nor holiday"),
    N_("Weather in the hour, from clear to heavy rain or snow"),
    N_("Air temperature in degrees Celsius"),
    N_("Felt temperature in degrees Celsius"),
    N_("Relative humidity in percent"),
    N_("Wind speed in km/h"),
    # wine
    N_("Alcohol content, percent by volume"),
    N_("Malic acid, g/l"),
    N_("Ash, g/l"),
    N_("Alkalinity of ash"),
    N_("Magnesium, mg/l"),
    N_("Total phenols"),
    N_("Flavanoid phenols"),
    N_("Non-flavanoid phenols"),
    N_("Proanthocyanins (tannin precursors)"),
    N_("Colour intensity"),
    N_("Hue"),
    N_("OD280/OD315 of diluted wines (protein content)"),
    N_("Proline (an amino acid), mg/l"),
)

_OURS = frozenset(TITLES) | frozenset(DESCRIPTIONS)


def ours(text) -> str:
    """``text`` in the reader's language when it is a sample's title or description; anything else (a user's model
    name, a user's description) exactly as it is."""
    return gettext(text) if isinstance(text, str) and text in _OURS else text


def ours_later():
    """:func:`ours` for a widget's ``format_func``: in this run's language whenever it is called (AppTest formats
    options outside the script run)."""
    lang = current()

    def show(text) -> str:
        with use_language(lang):
            return ours(text)
    return show


def descriptions(case) -> dict:
    """The case's column descriptions, a sample's in the reader's language."""
    return {column: ours(text) for column, text in case.metadata.descriptions.items()}
