"""The challenge-response matrix: a row per challenge, a column per sector, and in each cell
what responds to that challenge in that sector, so the empty cells show the gaps.

What responds is any entry type linking to challenges (policies today, through
`Policy.challenges`); a policy's issuing body is named with it, as the institution behind
the response. One query per responding type and relation, however large the matrix.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from directory.listing_filterset import sector_choices
from directory.models import ENTRY_MODELS, Challenge
from directory.pages import LISTINGS, listing_href

# Beyond this many challenges the matrix stops (a link leads to the full listing).
MAX_ROWS = 60
# A cell names this many responses, then links to the listing for the rest.
MAX_PER_CELL = 5


def challenge_links(model):
    """The name of `model`'s many-to-many field to challenges, or None."""
    for model_field in model._meta.get_fields():
        if (
            model_field.many_to_many
            and not model_field.auto_created
            and model_field.related_model is Challenge
        ):
            return model_field.name
    return None


def responding_models():
    return [model for model in ENTRY_MODELS if model in LISTINGS and challenge_links(model)]


@dataclass
class Cell:
    responses: list = field(default_factory=list)
    bodies: list = field(default_factory=list)
    more: int = 0
    more_href: str = ""


@dataclass
class Row:
    challenge: Challenge
    cells: list


@dataclass
class Matrix:
    sectors: list  # (slug, name)
    rows: list
    truncated: bool


def responses(model, challenge_pks):
    """Published entries of `model` responding to any of these challenges, with their
    sectors, those challenges and (for a policy) the issuing body."""
    link = challenge_links(model)
    queryset = model.objects.published().filter(**{f"{link}__in": challenge_pks}).distinct()
    relations = tuple(name for name in ("issuer",) if name in queryset.card_relations)
    return (
        queryset.by_name()
        .with_published(*relations)
        .prefetch_related(
            Prefetch("sectors", to_attr="listed_sectors"),
            Prefetch(
                link,
                queryset=Challenge.objects.filter(pk__in=challenge_pks).only("pk"),
                to_attr="listed_challenges",
            ),
        )
    )


def build_matrix():
    challenges = list(Challenge.objects.published().by_name()[: MAX_ROWS + 1])
    truncated = len(challenges) > MAX_ROWS
    challenges = challenges[:MAX_ROWS]
    sectors = sector_choices()
    found = {}  # (challenge pk, sector slug) -> [(model, entry)]
    pks = [challenge.pk for challenge in challenges]
    for model in responding_models():
        for entry in responses(model, pks):
            for challenge in entry.listed_challenges:
                for sector in entry.listed_sectors:
                    found.setdefault((challenge.pk, sector.slug), []).append((model, entry))
    rows = []
    for challenge in challenges:
        cells = []
        for slug, _name in sectors:
            listed = found.get((challenge.pk, slug), [])
            shown = [entry for _model, entry in listed[:MAX_PER_CELL]]
            bodies = {}
            for entry in shown:
                body = getattr(entry, "listed_issuer", None)
                if body is not None:
                    bodies.setdefault(body.pk, body)
            more = len(listed) - len(shown)
            cells.append(
                Cell(
                    responses=shown,
                    bodies=list(bodies.values()),
                    more=more,
                    more_href=listing_href(
                        listed[0][0], {"challenge": challenge.slug, "sector": slug}
                    )
                    if more
                    else "",
                )
            )
        rows.append(Row(challenge=challenge, cells=cells))
    return Matrix(sectors=sectors, rows=rows, truncated=truncated)
