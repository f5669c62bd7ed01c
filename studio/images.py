"""Validation and normalisation of images that come from outside (uploads, masks).

Everything the studio stores is a PNG of an RGB image (masks: L) with EXIF orientation applied.
Input may be a PIL image, a path, or bytes; anything unusable raises `BadInputError` saying what
is wrong, before anything is written.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Union

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from memory.records import PendingImage
from tools.base import BadInputError

ImageInput = Union[Image.Image, str, os.PathLike, bytes, bytearray]

MAX_PIXELS = 40_000_000  # ~6300² — far above any model's input, below decompression-bomb sizes
MAX_SIDE = 8192
# a photo up to this size (a 48-80 MP phone or camera picture) is scaled down to fit the limits above
# instead of being refused; PIL itself calls anything over ~89 MP a possible decompression bomb
MAX_DECODED_PIXELS = 89_000_000
MAX_BYTES = 50 * 1024 * 1024
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF", "MPO"}


class NamedBytes(bytes):
    """Uploaded bytes with the name of the file they came from (the web studio's uploads)."""

    def __new__(cls, data: bytes, name: str) -> "NamedBytes":
        made = super().__new__(cls, data)
        made.name = name
        return made


def file_name(source: ImageInput) -> str:
    """The name of the file an input came from, without its folder ("hat.png"), or ""."""
    if isinstance(source, (str, os.PathLike)):
        return Path(source).name
    name = getattr(source, "name", None)  # NamedBytes, or a PIL image opened from a file
    if not name and isinstance(source, Image.Image):
        name = getattr(source, "filename", "")
    return Path(name).name if isinstance(name, str) and name else ""


def _describe(source: ImageInput) -> str:
    if isinstance(source, (str, os.PathLike)):
        return f"file {os.fspath(source)!r}"
    if isinstance(source, (bytes, bytearray)):
        named = file_name(source)  # the web studio's uploads keep their file's name
        return f"{named!r} ({len(source)} bytes)" if named else f"uploaded data ({len(source)} bytes)"
    return "image"


def open_image(source: ImageInput, what: str = "image", fit: bool = False) -> Image.Image:
    """Open and fully decode `source`; raise BadInputError with a clear reason otherwise.
    `fit`: a picture over the size limits but under MAX_DECODED_PIXELS is accepted (the caller scales it)."""
    if isinstance(source, Image.Image):
        image = source
        _check_size(image.width, image.height, what, fit)
        image.load()
        return image
    name = _describe(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source).expanduser()
        if not path.is_file():
            raise BadInputError(f"{what}: {name} does not exist")
        if path.stat().st_size > MAX_BYTES:
            raise BadInputError(f"{what}: {name} is larger than {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        raise BadInputError(f"{what}: expected a PIL image, a file path or bytes, got {type(source).__name__}")
    if not data:
        raise BadInputError(f"{what}: {name} is empty")
    if len(data) > MAX_BYTES:
        raise BadInputError(f"{what}: {name} is larger than {MAX_BYTES // 2**20} MB")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise BadInputError(f"{what}: {name} is a {image.format} image; use PNG, JPEG or WebP")
            _check_size(image.width, image.height, what, fit)  # before decoding any pixels
            if fit and image.format == "JPEG" and not _fits(image.width, image.height):
                image.draft("RGB", _fitted(image.width, image.height))  # decode at a reduced scale: cheaper
            image.load()
    except BadInputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadInputError(
            f"{what}: {name} declares far too many pixels and is refused as too large "
            f"(a decompression bomb?): {exc}"
        ) from exc
    except UnidentifiedImageError as exc:
        raise BadInputError(f"{what}: {name} is not an image PIL can read ({exc.__class__.__name__})") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadInputError(f"{what}: {name} is corrupt or truncated ({exc})") from exc
    return image


def _fits(width: int, height: int) -> bool:
    return width <= MAX_SIDE and height <= MAX_SIDE and width * height <= MAX_PIXELS


def _fitted(width: int, height: int) -> tuple[int, int]:
    """The largest size of the same shape within the limits."""
    scale = min(1.0, MAX_SIDE / width, MAX_SIDE / height, (MAX_PIXELS / (width * height)) ** 0.5)
    return max(1, int(width * scale)), max(1, int(height * scale))


def _check_size(width: int, height: int, what: str, fit: bool = False) -> None:
    if width < 1 or height < 1:
        raise BadInputError(f"{what}: the image has no pixels ({width}×{height})")
    if fit and width * height <= MAX_DECODED_PIXELS:
        return
    if not _fits(width, height):
        raise BadInputError(
            f"{what}: {width}×{height} is too large; the studio accepts up to {MAX_SIDE} px a side "
            f"and {MAX_PIXELS // 1_000_000} megapixels. Downscale it first."
        )


def _eight_bit(image: Image.Image, what: str) -> Image.Image:
    """A 16-bit, 32-bit or float single-channel image as 8-bit grey, its range scaled rather than clipped (PIL's
    own convert clips: a 16-bit grey ramp would come out almost white, a 0-1 float image black)."""
    if not (image.mode.startswith("I") or image.mode == "F"):
        return image
    values = np.asarray(image, dtype=np.float64)
    if not np.isfinite(values).all():
        raise BadInputError(f"{what}: the image has NaN or infinite pixel values; save it as an 8- or 16-bit image")
    low, high = float(values.min()), float(values.max())
    if image.mode == "F" and low >= 0 and high <= 1:
        scale = 255.0  # float images usually hold 0..1
    elif image.mode.startswith("I;16") or (low >= 0 and high <= 65535 and high > 255):
        scale = 255.0 / 65535  # 16-bit range
    elif low >= 0 and high <= 255:
        scale = 1.0
    else:  # any other range: stretch what is there
        values, scale = values - low, 255.0 / ((high - low) or 1.0)
    return Image.fromarray(np.clip(np.rint(values * scale), 0, 255).astype(np.uint8), mode="L")


def to_png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def ingest_image(source: ImageInput, what: str = "image") -> PendingImage:
    """Validate an input image and turn it into normalised PNG bytes (RGB, EXIF orientation applied).
    A picture over the size limits is scaled down to fit them; its `note` says so for the reply."""
    image = open_image(source, what, fit=True)
    note = ""
    if not _fits(image.width, image.height):
        name = file_name(source) or what
        size = _fitted(image.width, image.height)
        note = (f"{name} was {image.width}×{image.height}; I scaled it down to {size[0]}×{size[1]}, "
                f"the largest size the studio takes.")
        image = image.resize(size, Image.LANCZOS)
    image = _eight_bit(ImageOps.exif_transpose(image), what)
    if image.mode != "RGB":
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        if has_alpha:  # flatten onto white rather than letting transparent pixels turn black
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image.convert("RGBA"), mask=image.convert("RGBA").split()[-1])
            image = background
        else:
            image = image.convert("RGB")
    pending = PendingImage.from_png(to_png(image), image.width, image.height)
    pending.note = note
    return pending


def ingest_mask(source: ImageInput) -> PendingImage:
    """A mask: the painted region = the region to change. Stored as a binary L image (255 = change).
    On a transparent canvas the painted (opaque) pixels mark it, whatever their colour; on an opaque one the light
    pixels do, in any colour (a red or a white brush on black alike): a pixel counts when its brightest channel
    is at least 128."""
    image = _eight_bit(ImageOps.exif_transpose(open_image(source, "mask")), "mask")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    alpha = image.convert("RGBA").getchannel("A") if has_alpha else None
    if alpha is not None and alpha.getextrema()[0] < 128:  # painted on a transparent canvas
        marked = alpha
    elif image.mode in ("L", "LA", "1"):
        marked = image.convert("L")
    else:
        marked = Image.fromarray(np.asarray(image.convert("RGB")).max(axis=2))
    binary = marked.point(lambda v: 255 if v >= 128 else 0)
    if binary.getextrema() == (0, 0):
        raise BadInputError("mask: the mask is empty: nothing is painted (no light or opaque pixel); paint the "
                            "region to change in white or any bright colour")
    return PendingImage.from_png(to_png(binary), binary.width, binary.height)


def mask_size_note(mask: Image.Image, source: Image.Image, handle: int) -> str:
    """What the reply says when a mask is not the size of the picture it paints in (it is scaled to fit)."""
    if mask.size == source.size:
        return ""
    (mw, mh), (sw, sh) = mask.size, source.size
    stretched = abs(mw / mh - sw / sh) > 0.01 * (sw / sh)
    how = "stretched it to that shape, so check the masked area" if stretched else "scaled it to fit"
    return f"The mask was {mw}×{mh} and #{handle} is {sw}×{sh}; I {how}."


def output_to_pending(image: Image.Image) -> PendingImage:
    rgb = image.convert("RGB")
    return PendingImage.from_png(to_png(rgb), rgb.width, rgb.height)


def pending_to_pil(pending: PendingImage) -> Image.Image:
    image = Image.open(io.BytesIO(pending.png))
    image.load()
    return image
