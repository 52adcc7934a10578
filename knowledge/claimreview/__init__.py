"""schema.org ClaimReview in and out of the knowledge base: `importing`, `exporting` and `ratings`."""

from knowledge.claimreview._incidents import UNNAMED_PUBLISHER
from knowledge.claimreview.exporting import export_claimreview
from knowledge.claimreview.ids import review_ids, slugify
from knowledge.claimreview.importing import ImportResult, import_claimreview, read_claimreview
from knowledge.claimreview.ratings import (
    BEST_RATING,
    TEXTUAL_RATINGS,
    VERDICT_RATINGS,
    WORST_RATING,
    verdict_from_rating,
)

__all__ = [
    "BEST_RATING",
    "TEXTUAL_RATINGS",
    "UNNAMED_PUBLISHER",
    "VERDICT_RATINGS",
    "WORST_RATING",
    "ImportResult",
    "export_claimreview",
    "import_claimreview",
    "read_claimreview",
    "review_ids",
    "slugify",
    "verdict_from_rating",
]
