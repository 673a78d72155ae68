from learning.models.briefs import (
    Acknowledgement,
    AudienceMember,
    BriefAttachment,
    LearningBrief,
)
from learning.models.checks import EffectivenessCheck
from learning.models.reviews import SafeguardingAdultsReview, SARRecommendation
from learning.models.teams import Team

__all__ = [
    "Acknowledgement",
    "AudienceMember",
    "BriefAttachment",
    "EffectivenessCheck",
    "LearningBrief",
    "SARRecommendation",
    "SafeguardingAdultsReview",
    "Team",
]
