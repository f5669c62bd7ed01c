"""Typed arguments of the studio's five tools, and the tool call the routers produce.

Images are named by session handle (#n). Both routers' output goes through `ToolCall`, so a
model router's JSON is validated by the same schemas as the rule router's decisions.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tools.base import ToolName

Handle = int


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GenerateArgs(_Args):
    """Create a new image from a prompt, optionally with reference images (objects, attributes)."""

    prompt: str = Field(min_length=1)
    references: list[Handle] = Field(default_factory=list)


class EditArgs(_Args):
    """Change an existing image by instruction, optionally using reference images."""

    prompt: str = Field(min_length=1)
    source: Handle
    references: list[Handle] = Field(default_factory=list)


class StyleArgs(_Args):
    """Draw the prompt (or re-render `source`) in the style of `style_image`."""

    prompt: str = Field(min_length=1)
    style_image: Handle
    source: Handle | None = None


class InpaintArgs(_Args):
    """Repaint the masked region of `source` (the mask comes with the turn), optionally with what
    reference images show ("fill the masked area with the pattern from this photo")."""

    prompt: str = Field(min_length=1)
    source: Handle
    references: list[Handle] = Field(default_factory=list)


class DescribeArgs(_Args):
    """Answer a question about one or more images."""

    question: str = Field(min_length=1)
    images: list[Handle] = Field(min_length=1)


TOOL_SCHEMAS: dict[str, type[_Args]] = {
    "generate": GenerateArgs,
    "edit": EditArgs,
    "style": StyleArgs,
    "inpaint": InpaintArgs,
    "describe": DescribeArgs,
}


MAX_VARIATIONS = 8


class GenerationParams(BaseModel):
    """Overrides of a preset's defaults; None keeps the default."""

    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(default=None, ge=0, le=2**63 - 1)
    steps: int | None = Field(default=None, ge=1, le=1000)
    width: int | None = Field(default=None, ge=8, le=4096)
    height: int | None = Field(default=None, ge=8, le=4096)
    guidance: float | None = Field(default=None, ge=0.0, le=100.0)
    count: int | None = Field(default=None, ge=1, le=MAX_VARIATIONS)  # images to make, each with its own seed
    # "try it in 16:9 and in portrait": one image per size, in this order (width and height then unused)
    sizes: list[tuple[Annotated[int, Field(ge=8, le=4096)], Annotated[int, Field(ge=8, le=4096)]]] | None = Field(
        default=None, min_length=2, max_length=4)

    def merged(self, other: "GenerationParams") -> "GenerationParams":
        """These values, with `other`'s non-None values taking precedence."""
        return GenerationParams(**{**self.model_dump(), **other.model_dump(exclude_none=True)})


class ToolCall(BaseModel):
    """One tool invocation: which tool, its typed arguments, generation overrides, backend choice."""

    model_config = ConfigDict(extra="forbid")

    tool: ToolName
    args: dict[str, Any]
    params: GenerationParams = Field(default_factory=GenerationParams)
    backend: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_args(self) -> "ToolCall":
        self.args = TOOL_SCHEMAS[self.tool].model_validate(self.args).model_dump()
        return self

    def input_handles(self) -> list[Handle]:
        """The images the tool consumes: the source first (if any), then references in order."""
        a = self.args
        if self.tool == "generate":
            return list(a["references"])
        if self.tool == "edit":
            return [a["source"], *a["references"]]
        if self.tool == "style":
            return ([a["source"]] if a["source"] is not None else []) + [a["style_image"]]
        if self.tool == "inpaint":
            return [a["source"], *a["references"]]
        return list(a["images"])

    @property
    def text(self) -> str:
        return self.args.get("prompt") or self.args.get("question") or ""

