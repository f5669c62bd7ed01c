"""Token ids, prompts and sequence layout of Lumina-DiMOO.

Sources (see docs/dimoo.md): the ids and prompt templates are those of the authors' inference code
(Alpha-VLLM/Lumina-DiMOO ``config.py`` and ``utils/prompt_utils.py``, read through the public forks
wittech/Lumina-DiMOO and wwwG1n/learn1). The tiny preset uses the same layout with small ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence


@dataclass(frozen=True)
class DimooTokens:
    """Special token ids and the image-code range of one vocabulary."""

    mask: int
    newline: int
    boi: int
    eoi: int
    boa: int
    eoa: int
    uncondition: int
    image_offset: int  # image code k has id k + image_offset
    codebook_size: int

    @property
    def image_slice(self) -> tuple[int, int]:
        return (self.image_offset, self.image_offset + self.codebook_size)

    @property
    def vocab_size(self) -> int:
        return self.image_offset + self.codebook_size

    def code_to_id(self, code):
        return code + self.image_offset

    def id_to_code(self, token_id):
        return token_id - self.image_offset


REAL_TOKENS = DimooTokens(
    mask=126336,
    newline=126084,
    boi=126349,
    eoi=126350,
    boa=126354,
    eoa=126355,
    uncondition=126351,
    image_offset=126356,
    codebook_size=8192,
)

# Prompt templates of the authors' utils/prompt_utils.py.
SYSTEM_PROMPTS = {
    "understanding": (
        "You are a multimodal model that can process both text and images. Answer the following "
        "question based on the provided images. Analyze each image and combine relevant details to answer."
    ),
    "generate": "Generate an image according to the text prompt.",
    "edit": "Generate an image applying the following editing instruction based on the original image.",
    "subject": "Generate an image according to the text prompt and the given object image.",
    "style": "Transform the current image into the style of the provided image.",
}
STYLE_INSTRUCTION = "Transform the current image into the style of the provided image."
UNCONDITION_TEXT = "<uncondition>"


def chat_text(system: str, user: str) -> str:
    return f"<system>{system}</system><user>{user}</user>"


class TextCodec(Protocol):
    def encode(self, text: str) -> list[int]: ...

    def decode(self, ids: Sequence[int]) -> str: ...


# ---- the tiny preset's in-memory tokenizer ---------------------------------------------------

TINY_SPECIALS = (
    "<|mdm_mask|>",
    "<|newline|>",
    "<boi>",
    "<eoi>",
    "<boa>",
    "<eoa>",
    "<uncondition>",
    "<system>",
    "</system>",
    "<user>",
    "</user>",
)


class ByteTokenizer:
    """UTF-8 bytes are ids 0..255; the special strings above are single ids from 256 on."""

    def __init__(self, specials: Sequence[str] = TINY_SPECIALS):
        self.specials = {s: 256 + i for i, s in enumerate(specials)}
        self.by_id = {i: s for s, i in self.specials.items()}
        self._ordered = sorted(self.specials, key=len, reverse=True)

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        i = 0
        while i < len(text):
            for s in self._ordered:
                if text.startswith(s, i):
                    ids.append(self.specials[s])
                    i += len(s)
                    break
            else:
                ids.extend(text[i].encode("utf-8"))
                i += 1
        return ids

    def decode(self, ids: Sequence[int]) -> str:
        """Bytes decoded (invalid UTF-8 replaced); special and image ids are skipped."""
        return bytes(int(i) for i in ids if 0 <= int(i) < 256).decode("utf-8", errors="replace")


def tiny_tokens(tok: ByteTokenizer, codebook_size: int = 64) -> DimooTokens:
    s = tok.specials
    return DimooTokens(
        mask=s["<|mdm_mask|>"],
        newline=s["<|newline|>"],
        boi=s["<boi>"],
        eoi=s["<eoi>"],
        boa=s["<boa>"],
        eoa=s["<eoa>"],
        uncondition=s["<uncondition>"],
        image_offset=288,
        codebook_size=codebook_size,
    )


class HFTextCodec:
    """The checkpoint's own tokenizer (transformers AutoTokenizer from the local snapshot)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text)["input_ids"])

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=True)


# ---- sequence layout ---------------------------------------------------------------------------


def image_block(codes_ids: Sequence[int], rows: int, cols: int, t: DimooTokens) -> list[int]:
    """[BOI] + each row of ids followed by NEWLINE + [EOI] (ids already offset)."""
    assert len(codes_ids) == rows * cols
    out = [t.boi]
    for r in range(rows):
        out.extend(codes_ids[r * cols : (r + 1) * cols])
        out.append(t.newline)
    out.append(t.eoi)
    return out


def with_images(prompt_ids: list[int], images: Sequence[list[int]]) -> list[int]:
    """Image blocks go inside the user turn, right before its closing token (as the authors do)."""
    inserted = [tok for block in images for tok in block]
    return prompt_ids[:-1] + inserted + prompt_ids[-1:]


@dataclass
class ImageTarget:
    """The answer part [BOA, BOI, grid with newlines, EOI, EOA] and where its codes sit."""

    ids: list[int]
    grid_offsets: list[int]  # offsets (inside ``ids``) of the rows*cols code slots, row major


def image_target(grid_ids: Sequence[int], rows: int, cols: int, t: DimooTokens) -> ImageTarget:
    block = image_block(list(grid_ids), rows, cols, t)
    ids = [t.boa] + block + [t.eoa]
    offsets = [2 + r * (cols + 1) + c for r in range(rows) for c in range(cols)]
    return ImageTarget(ids=ids, grid_offsets=offsets)
