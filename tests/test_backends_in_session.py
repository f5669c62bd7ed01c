"""Each model family through `Session.send` on the tiny preset (the backends' own tests check the math)."""

from __future__ import annotations

import sqlite3

import pytest


def test_four_reference_edit_through_send(studio, fixtures):
    session = studio.new_session()
    session.send("a robot standing in a studio", seed=1)
    refs = [fixtures / name for name in ("jacket.png", "shoes.png", "hat.png", "wood.png")]
    reply = session.send("dress the robot in this jacket, these shoes and this hat, with a wooden body", images=refs)
    assert reply.tool == "edit"
    assert [i.handle for i in reply.inputs] == [1, 2, 3, 4, 5]
    recipe = reply.images[0].recipe
    assert recipe["num_inputs"] == 5 and recipe["lora"] == "edit" and recipe["task"] == "edit"
    assert studio.backends.get("dreamomni2").pipeline().get_active_adapters() == ["edit"]  # the adapter really in use
    assert [p.handle for p in reply.images[0].parents] == [1, 2, 3, 4, 5]


def test_generation_with_references_uses_the_generation_lora(studio, fixtures):
    reply = studio.new_session().send("a poster of a robot wearing this jacket and these shoes",
                                      images=[fixtures / "jacket.png", fixtures / "shoes.png"])
    recipe = reply.images[0].recipe
    assert reply.tool == "generate" and recipe["lora"] == "generation" and recipe["num_inputs"] == 2
    assert studio.backends.get("dreamomni2").pipeline().get_active_adapters() == ["generation"]


def test_instruction_rewrite_is_stored_and_reused(studio, fixtures, monkeypatch):
    session = studio.new_session()
    session.send("this is my dog", images=[fixtures / "dog.png"])
    first = session.send("put this hat on the dog", images=[fixtures / "hat.png"])
    assert first.images[0].recipe["rewrite_reused"] is False
    assert first.images[0].recipe["rewritten_prompt"]
    session.undo()
    vlm = studio.backends.get("qwen-vl")
    monkeypatch.setattr(vlm, "chat", lambda *a, **k: pytest.fail("the VLM was asked again"))
    again = session.send("put this hat on the dog", images=[fixtures / "hat.png"])
    assert again.images[0].recipe["rewrite_reused"] is True
    assert again.images[0].recipe["rewritten_prompt"] == first.images[0].recipe["rewritten_prompt"]


def test_style_then_same_style_through_send(studio, fixtures):
    session = studio.new_session()
    first = session.send("a cat in the style of this", images=[fixtures / "painting.png"])
    second = session.send("same style, a dog")
    assert (first.tool, second.tool) == ("style", "style")
    assert [i.handle for i in first.inputs] == [1] and [i.handle for i in second.inputs] == [1]
    recipe = second.images[0].recipe
    assert recipe["backend"] == "stylekeeper" and recipe["prompt"] == "a dog"
    restyled = session.send("now render image 3 in the style of image 1")
    assert restyled.tool == "style" and [i.handle for i in restyled.inputs] == [3, 1]


def test_the_style_image_is_captioned_once_for_the_reference_prompt(studio, fixtures, monkeypatch):
    """StyleKeeper's reference row is conditioned on the style image's caption (the authors' BLIP-2 caption; here the
    session's VLM), asked once per image: the next style turn with the same painting finds it in the store."""
    from PIL import Image

    from studio.reference_caption import CAPTION_QUESTION, CAPTION_TOKENS
    from tools.qwen_vl import image_labels

    session = studio.new_session()
    first = session.send("a cat in the style of this", images=[fixtures / "painting.png"])
    recipe = first.images[0].recipe
    vlm = studio.backends.get("qwen-vl")
    painting = Image.open(fixtures / "painting.png").convert("RGB")
    assert recipe["reference_caption_of"] == first.inputs[0].id
    assert recipe["reference_prompt"] == " ".join(vlm.chat([painting], CAPTION_QUESTION, CAPTION_TOKENS, None, image_labels(1)).split())
    assert recipe["reference_prompt"]
    monkeypatch.setattr(vlm, "chat", lambda *a, **k: pytest.fail("the VLM was asked again"))
    second = session.send("same style, a dog")
    assert second.images[0].recipe["reference_prompt"] == recipe["reference_prompt"]
    own = session.send("a fox in the style of image 1", options={"reference_prompt": "an oil painting"})
    assert own.tool == "style" and own.images[0].recipe["reference_prompt"] == "an oil painting"
    assert "reference_caption_of" not in own.images[0].recipe


@pytest.mark.parametrize("tool_text", ["a red apple", "make it green", "what is it?"])
def test_lumina_dimoo_per_call(studio, tool_text):
    session = studio.new_session()
    session.send("a bowl", seed=0)
    reply = session.send(tool_text, backend="lumina-dimoo")
    with sqlite3.connect(studio.home / "studio.db") as db:
        backends = db.execute("select backend from tool_runs where turn_id = ?", (reply.turn.id,)).fetchall()
    assert backends == [("lumina-dimoo",)]
    if reply.tool == "describe":
        assert reply.text.strip()


def test_dimoo_preset_inpaints_with_any_mask(tmp_path, fixtures):
    from studio import Studio

    with Studio.open(tmp_path / "home", preset="dimoo-tiny") as studio:
        session = studio.new_session()
        session.send("a living room with a big window", seed=1)
        reply = session.send("replace this area with a fireplace", mask=fixtures / "mask_center.png")
        assert reply.tool == "inpaint" and reply.images[0].recipe["backend"] == "lumina-dimoo"
        again = session.send("try again")
        assert again.tool == "inpaint" and [i.handle for i in again.inputs] == [1]


def test_inpaint_with_a_reference_photo(studio, fixtures, tmp_path):
    """ "fill the masked area with the pattern from this photo": DreamOmni2 gets the source and the
    reference, and outside the mask the output keeps the source's pixels."""
    import numpy as np
    from PIL import Image

    from studio import BadInputError, Studio

    session = studio.new_session()
    session.send("a plain living room with a big empty wall", seed=1)
    reply = session.send("fill the masked area with the pattern from this photo",
                         images=[fixtures / "wood.png"], mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and [i.handle for i in reply.inputs] == [1, 2]
    assert reply.images[0].recipe["num_inputs"] == 2
    source, out = np.asarray(Image.open(session.image(1).path)), np.asarray(Image.open(reply.images[0].path))
    outside = np.asarray(Image.open(fixtures / "mask_center.png").convert("L").resize(out.shape[1::-1])) < 128
    assert np.array_equal(out[outside], source[outside])
    # Lumina-DiMOO inpaints from text alone: a reference is a clear error, and nothing is stored
    with Studio.open(tmp_path / "dimoo", preset="dimoo-tiny") as dimoo:
        other = dimoo.new_session()
        other.send("a plain living room with a big empty wall", seed=1)
        with pytest.raises(BadInputError, match="takes no reference image"):
            other.send("fill the masked area with the pattern from this photo",
                       images=[fixtures / "wood.png"], mask=fixtures / "mask_center.png")
        assert [i.handle for i in other.images()] == [1]
