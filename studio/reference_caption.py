"""A caption of the style image for StyleKeeper's reference prompt (issue 12 item 9).

The authors caption the style image (BLIP-2) and use it as the text condition of the reference's row of the batch,
so the reference's denoising matches what it shows. The studio asks the session's own VLM (the preset's describe
backend) once per image: the caption is kept in the run's recipe (``reference_caption_of``) and found there on the
next style turn with the same image, so it is never computed twice for one image in one home.
"""

from __future__ import annotations

import logging

from PIL import Image

from memory.store import Store
from tools.base import BackendRequest, StudioError, TurnCancelled

log = logging.getLogger(__name__)

CAPTION_QUESTION = "Write a short caption of this image in one sentence, under 20 words."
CAPTION_TOKENS = 40  # SDXL's text encoders read 77 tokens; a BLIP-2 caption is about 10 words


def reference_caption(store: Store, describe_backend, image_id: str, image: Image.Image, is_cancelled) -> str:
    """The stored caption of ``image_id``, or a new one from ``describe_backend``; "" if the VLM cannot give one
    (the authors' code always has one; an empty reference prompt is what the studio did before)."""
    known = store.find_reference_caption(image_id)
    if known is not None:
        return known
    request = BackendRequest(tool="describe", prompt=CAPTION_QUESTION, references=[image],
                             options={"max_new_tokens": CAPTION_TOKENS}, is_cancelled=is_cancelled)
    try:
        text = describe_backend.run(request).text or ""
    except TurnCancelled:
        raise
    except StudioError as exc:
        log.warning("no caption for style image %s (%s): the reference prompt stays empty", image_id, exc)
        return ""
    return " ".join(text.split())
