"""A catalogue of unusual and bad input through `Session.send` (issue 14, items 4 and 6): each case is refused
with a message naming the problem and the store left as it was, or accepted and stored correctly."""

from __future__ import annotations

import io
import sqlite3
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from studio import BadInputError
from tools.registry import MODEL_BACKENDS, backend_class


def stored(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "studio.db") as db:
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("turns", "images", "session_images", "turn_images", "tool_runs")}


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def png16_rgb(rgb: tuple[int, int, int], size=(24, 16)) -> bytes:
    """A 16-bit-per-channel RGB PNG, written by hand (PIL cannot write one)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + struct.pack(">3H", *rgb) * size[0]
    header = struct.pack(">IIBBBBB", size[0], size[1], 16, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size[1]))
            + chunk(b"IEND", b""))


def upload(studio, data: bytes) -> np.ndarray:
    """Send `data` as a photo and return the pixels the studio stored for it."""
    reply = studio.new_session().send("here is my photo", images=[data])
    return np.asarray(Image.open(reply.inputs[0].path if reply.inputs else reply.turn.attached[0].path))


# -- formats --------------------------------------------------------------------------------------------------
def test_a_16_bit_grey_png_is_scaled_not_clipped(studio):
    ramp = np.linspace(0, 65535, 64 * 256).reshape(64, 256).astype(np.uint16)
    pixels = upload(studio, encoded(Image.fromarray(ramp), "PNG"))
    assert pixels.shape == (64, 256, 3)
    assert abs(pixels.mean() - 127.5) < 1.5  # clipped, it stored a ramp almost all white (mean ~254)
    assert pixels[0, 0, 0] == 0 and pixels[-1, -1, 0] == 255


def test_a_16_bit_colour_png_keeps_its_colour(studio):
    pixels = upload(studio, png16_rgb((0x8000, 0x4000, 0xC000)))
    assert tuple(pixels[5, 5]) == (128, 64, 192)


def test_a_float_tiff_holding_0_to_1_is_scaled(studio):
    ramp = np.linspace(0, 1, 64 * 256, dtype=np.float32).reshape(64, 256)
    pixels = upload(studio, encoded(Image.fromarray(ramp, mode="F"), "TIFF"))
    assert abs(pixels.mean() - 127.5) < 1.5  # clipped, it stored black (mean ~0)


def test_a_float_tiff_with_nan_is_refused_and_nothing_is_stored(studio):
    values = np.zeros((16, 16), dtype=np.float32)
    values[3, 4] = np.nan
    session = studio.new_session()
    session.send("a bowl of fruit", seed=0)
    before = stored(studio.home)
    with pytest.raises(BadInputError, match="NaN or infinite"):
        session.send("put this on the table", images=[encoded(Image.fromarray(values, mode="F"), "TIFF")])
    assert stored(studio.home) == before


def test_a_lab_tiff_keeps_its_colours(studio):
    srgb = Image.new("RGB", (32, 32), (200, 30, 40))
    to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB")
    pixels = upload(studio, encoded(ImageCms.applyTransform(srgb, to_lab), "TIFF"))
    assert np.abs(pixels[4, 4].astype(int) - (200, 30, 40)).max() <= 3


# -- masks ----------------------------------------------------------------------------------------------------
def painted(size, box, colour, background) -> Image.Image:
    mode = "RGBA" if len(background) == 4 else "RGB"
    image = Image.new(mode, size, background)
    image.paste(Image.new(mode, (box[2] - box[0], box[3] - box[1]), colour), box[:2])
    return image


@pytest.mark.parametrize("mask", [
    painted((64, 64), (16, 16, 48, 48), (255, 0, 0), (0, 0, 0)),  # a red brush on black: was "empty"
    painted((64, 64), (16, 16, 48, 48), (0, 90, 255), (0, 0, 0)),  # a blue brush on black
    painted((64, 64), (16, 16, 48, 48), (255, 0, 0, 255), (255, 255, 255, 0)),  # red on a clear canvas
    painted((64, 64), (16, 16, 48, 48), (255, 255, 255), (0, 0, 0)),  # the usual white on black
], ids=["red-on-black", "blue-on-black", "red-on-transparent", "white-on-black"])
def test_a_painted_mask_marks_what_was_painted_whatever_its_colour(studio, mask):
    session = studio.new_session()
    session.send("a quiet harbour", seed=0, width=64, height=64)
    reply = session.send("make this bit a sailing boat", mask=encoded(mask, "PNG"))
    assert reply.tool == "inpaint"
    stored_mask = np.asarray(Image.open(reply.turn.mask))
    assert stored_mask[32, 32] == 255 and stored_mask[2, 2] == 0 and (stored_mask == 255).sum() == 32 * 32


@pytest.mark.parametrize("mask", [
    Image.new("RGB", (64, 64), (0, 0, 0)), Image.new("RGBA", (64, 64), (255, 255, 255, 0)),
    Image.new("RGB", (64, 64), (40, 40, 90)),
], ids=["black", "all-transparent", "dark"])
def test_a_mask_with_nothing_painted_is_refused_and_nothing_is_stored(studio, mask):
    session = studio.new_session()
    session.send("a quiet harbour", seed=0)
    before = stored(studio.home)
    with pytest.raises(BadInputError, match="mask is empty"):
        session.send("make this bit a sailing boat", mask=encoded(mask, "PNG"))
    assert stored(studio.home) == before


def test_a_16_bit_mask_is_read_by_its_range(studio):
    values = np.zeros((64, 64), dtype=np.uint16)
    values[16:48, 16:48] = 40000  # 61% of 16-bit white: clipped at 255 it marked the whole picture
    values[:, :4] = 90  # near black in 16 bits
    session = studio.new_session()
    session.send("a quiet harbour", seed=0, width=64, height=64)
    reply = session.send("make this bit a sailing boat", mask=encoded(Image.fromarray(values), "PNG"))
    assert (np.asarray(Image.open(reply.turn.mask)) == 255).sum() == 32 * 32


def test_a_mask_of_another_size_is_scaled_and_the_reply_says_so(studio):
    session = studio.new_session()
    first = session.send("a quiet harbour", seed=0)
    width, height = first.images[0].width, first.images[0].height
    wide = painted((4 * width, 2 * height), (8, 8, 24, 24), (255, 255, 255), (0, 0, 0))  # another shape
    reply = session.send("make this bit a sailing boat", mask=encoded(wide, "PNG"))
    assert reply.tool == "inpaint"
    assert f"The mask was {4 * width}×{2 * height} and #1 is {width}×{height}; I stretched it" in reply.text
    larger = painted((2 * width, 2 * height), (8, 8, 24, 24), (255, 255, 255), (0, 0, 0))  # the same shape
    reply = session.send("make this bit a rowing boat", mask=encoded(larger, "PNG"))
    assert f"The mask was {2 * width}×{2 * height} and #2 is {width}×{height}; I scaled it to fit." in reply.text
    same = session.send("make this bit a rowing boat", mask=encoded(painted((width, height), (0, 0, 8, 8),
                                                                             (255, 255, 255), (0, 0, 0)), "PNG"))
    assert "The mask was" not in same.text


# -- backends and options passed by a program ----------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    ({"backend": "qwen-vl"}, "backend 'qwen-vl' cannot edit .*use 'dreamomni2' or 'lumina-dimoo'"),
    ({"backend": "stylekeeper"}, "backend 'stylekeeper' cannot edit"),
    ({"options": {"sharpness": 3}}, "unknown option\\(s\\) for dreamomni2: sharpness"),
    ({"backend": "lumina-dimoo", "options": {"temprature": 0.5}}, "unknown option\\(s\\) for lumina-dimoo: temprature"),
], ids=["describe-only-backend", "style-only-backend", "unknown-option", "misspelt-option"])
def test_a_backend_or_option_that_cannot_serve_the_turn_is_refused_and_nothing_is_stored(studio, kwargs, message):
    session = studio.new_session()
    session.send("a bowl of fruit", seed=0)
    before, head = stored(studio.home), session.head_turn_id
    with pytest.raises(BadInputError, match=message):
        session.send("make the apples green", **kwargs)
    assert stored(studio.home) == before and session.head_turn_id == head
    assert [t.status for t in session.all_turns()] == ["ok"]  # no failed turn left behind
    assert session.send("make the apples green").tool == "edit"  # and the session goes on


def test_a_known_option_reaches_the_backend(studio):
    session = studio.new_session()
    session.send("a bowl of fruit", seed=0)
    reply = session.send("make the apples green", backend="lumina-dimoo", options={"temperature": 0.5})
    assert reply.tool == "edit" and len(reply.images) == 1


@pytest.mark.parametrize("name", sorted(MODEL_BACKENDS))
def test_every_model_backend_declares_the_options_it_reads(name):
    assert backend_class(name).option_names is not None


@pytest.mark.parametrize("name", sorted(MODEL_BACKENDS))
def test_every_option_a_backend_reads_is_declared(name):
    """Each `options.get("key"` (or `o.get("key"` where `o = r.options`) in a backend's own module names a key
    its option_names declares: an undeclared one would be refused before the turn ran."""
    import inspect
    import re

    cls = backend_class(name)
    source = inspect.getsource(inspect.getmodule(cls))
    read = set(re.findall(r"\b(?:options|o)\.get\(\"(\w+)\"", source)) | set(re.findall(r"options\[\"(\w+)\"\]", source))
    assert read and read <= cls.option_names, sorted(read - cls.option_names)
