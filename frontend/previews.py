"""Small previews of bytes a person sent (attachments of a running turn, a mask waiting to go), made here.

Handing the raw upload to st.image lets Streamlit decode it whole, whatever it is: a file that is no image
crashed the page with a traceback (and a pending mask brought it back on every rerun), and a small PNG declaring
12000×12000 pixels was decoded in full for a 96 px thumbnail. Here an upload is checked by the same rules as the
API's (studio/images.py) and shrunk before Streamlit sees it; what cannot be shown says why instead.
"""

from __future__ import annotations

import io

import streamlit as st
from PIL import ImageOps

from studio import BadInputError
from studio.images import open_image

PREVIEW_SIDE = 192  # px: twice the thumbnails' width, for sharp previews on dense screens


@st.cache_data(max_entries=64, show_spinner=False)
def preview_png(data: bytes) -> bytes | str:
    """A small PNG of `data`, or the reason it cannot be shown."""
    try:
        image = open_image(bytes(data), what="file", fit=True)
    except BadInputError as exc:
        return str(exc)
    image = ImageOps.exif_transpose(image)
    image.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def show_preview(where, data: bytes, **image_args) -> bool:
    """Draw a preview of `data` in `where` (st or a column); False when it is no image the studio takes."""
    shown = preview_png(data)
    if isinstance(shown, str):
        where.caption(f"Cannot show this file: {shown}")
        return False
    where.image(shown, **image_args)
    return True
