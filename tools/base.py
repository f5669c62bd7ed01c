"""The contract between the agent and the model backends.

The agent resolves a turn into a `ToolCall` (names of the studio's tool vocabulary, images as
session handles). The `act` node loads the images and hands a backend a `BackendRequest` holding
PIL images and plain numbers; the backend returns a `BackendResult`. Backends never see the
database, the session or the graph: only the narrow request (images in, progress out, a
cancellation flag to honour).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Literal

from PIL import Image

ToolName = Literal["generate", "edit", "style", "inpaint", "describe"]
TOOL_NAMES: tuple[str, ...] = ("generate", "edit", "style", "inpaint", "describe")


class StudioError(Exception):
    """Base of every error a user can act on; the message says what is wrong and what to do."""


class BadInputError(StudioError, ValueError):
    """An argument or an uploaded file is unusable."""


class ModelMissingError(StudioError, RuntimeError):
    """Weights for the `real` preset are not in the local cache."""


class TurnCancelled(StudioError):
    """The caller asked a running tool to stop."""


class SessionBusyError(StudioError, RuntimeError):
    """Another process is running a turn of the same session; a session's turns run one at a time."""


def _no_progress(step: int, total: int) -> None:  # default callback
    return None


def _never_cancelled() -> bool:
    return False


@dataclass
class BackendRequest:
    """What one tool call asks of a backend, with images already loaded (RGB; mask in mode "L")."""

    tool: str
    prompt: str
    source: Image.Image | None = None
    references: list[Image.Image] = field(default_factory=list)
    mask: Image.Image | None = None
    seed: int = 0
    steps: int | None = None  # None: the backend's default
    width: int | None = None
    height: int | None = None
    guidance: float | None = None
    options: dict[str, Any] = field(default_factory=dict)  # tool/backend specific knobs
    on_step: Callable[[int, int], None] = _no_progress  # (step, total), 1-based step
    is_cancelled: Callable[[], bool] = _never_cancelled

    def check_cancelled(self) -> None:
        if self.is_cancelled():
            raise TurnCancelled("the turn was cancelled")


@dataclass
class BackendResult:
    images: list[Image.Image] = field(default_factory=list)
    text: str | None = None
    # Everything needed to reproduce the output: model ids, revisions, rewritten prompt, sizes...
    recipe: dict[str, Any] = field(default_factory=dict)


class Backend(abc.ABC):
    """One model family behind the studio's tools.

    Subclasses are built for a preset ("tiny" builds random seeded weights from tiny configs,
    "real" loads pinned published weights) and load lazily: nothing heavy happens in __init__.
    """

    name: ClassVar[str]
    tools: ClassVar[frozenset[str]]
    # the request.options keys run() reads (the turn runner's own ones included); any other is refused before a turn
    # is stored (tools/registry.py: check_backend_call)
    option_names: ClassVar[frozenset[str] | None] = None  # None: not declared, not checked (the routing stub)

    def __init__(self, preset: str = "tiny", device: str | None = None, dtype: str | None = None):
        self.preset = preset
        self.device = device
        self.dtype = dtype

    @abc.abstractmethod
    def run(self, request: BackendRequest) -> BackendResult:
        """Run `request.tool`; call `request.on_step` as steps finish and stop on cancellation."""

    def model_ids(self) -> dict[str, str]:
        """Model ids (and revisions) this backend uses on its preset, for `studio models`."""
        return {}

    def pull_specs(self) -> list["WeightSpec"]:
        """What `studio models pull <name>` downloads for the real preset."""
        return []

    def weights_present(self) -> bool:
        """Whether the real preset's weights are in the local Hugging Face cache (tiny: always)."""
        if self.preset == "tiny":
            return True
        from tools.hub import is_cached

        return all(is_cached(spec) for spec in self.pull_specs())


@dataclass(frozen=True)
class WeightSpec:
    """One pinned Hugging Face repository snapshot (the subset named by `allow_patterns`)."""

    repo_id: str
    revision: str
    allow_patterns: tuple[str, ...] | None = None


def composite_in_mask(edited: Image.Image, source: Image.Image, mask: Image.Image) -> Image.Image:
    """An inpaint result as the person expects it: the source's own pixels outside the mask (white =
    change), the model's inside, at the source's size."""
    mask = mask.convert("L").resize(source.size, Image.NEAREST)
    return Image.composite(edited.convert("RGB").resize(source.size, Image.LANCZOS), source.convert("RGB"), mask)


TINY_MAX_SIDE = 64  # the tiny preset draws at most 64 px a side: its random weights make noise at any size


def tiny_size(width: int | None, height: int | None) -> tuple[int | None, int | None]:
    """A size asked of the tiny preset, scaled down (aspect kept, multiples of 16) so that a "768 by
    1024" turn still runs the same code in a blink; None stays None (the backend's default)."""
    if width is None and height is None:
        return width, height
    side = max(v for v in (width, height) if v is not None)
    if side <= TINY_MAX_SIDE:
        return width, height
    scale = TINY_MAX_SIDE / side
    shrink = lambda v: None if v is None else max(16, int(v * scale) // 16 * 16)  # noqa: E731
    return shrink(width), shrink(height)
