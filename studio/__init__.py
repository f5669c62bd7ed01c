"""Image Studio: a conversational image studio. The public API is `Studio` (DESIGN.md §4)."""

from studio.api import ImageRef, Reply, Session, Studio, Turn, TurnFailedError
from tools.base import BadInputError, ModelMissingError, SessionBusyError, StudioError

__all__ = [
    "Studio", "Session", "Reply", "ImageRef", "Turn",
    "StudioError", "BadInputError", "ModelMissingError", "SessionBusyError", "TurnFailedError",
]
