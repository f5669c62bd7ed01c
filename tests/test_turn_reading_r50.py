"""Readings added from round 50's misreadings: the photo of a named pet asked about after it went into a
picture, "Hey Studio" taken for a name, "no Libaax in this one", "in the middle" taken for a position, a
picture named in dialect ("da plate lunch pic", "the tavern we painted"), "the very first balcony picture"
without "the", "put on the girl the koofiyad photo", another go at a step ("the brightenin"), "do the scarf
thing again but green", "same again, but use this as the style", "three visions of her", "prior to the
tray", "I meant ..." after a question, "here is the jacket. Put it on a mannequin", "grandad's jacket",
"swap his shoes for my trainers", "the surfboard from the beach picture" that no picture shows."""

from __future__ import annotations

from studio.references import RouterContext
from studio.session_view import names_given
from tests.test_turn_reading_r48 import context_at, inputs, router


def test_the_photo_of_a_named_pet_is_the_photo_even_after_it_went_into_a_picture():
    assert inputs(*context_at("heldout50-CC-01", "question I have. From my photo of Murka")) == ("describe", [3])
    assert inputs(*context_at("heldout50-CC-02", "wha breed d'yow reckon Biscuit")) == ("describe", [2])
    assert inputs(*context_at("heldout50-CC-03", "MS. OKAFOR: Question for the record")) == ("describe", [4])
    assert inputs(*context_at("heldout50-CE-02", "eh side question")) == ("describe", [3])
    # without a photo named, the picture he went into is meant
    text, ctx = context_at("heldout50-CC-02", "wha breed d'yow reckon Biscuit")
    assert inputs("is Biscuit smiling?", ctx) == ("describe", [7])


def test_who_is_spoken_to_and_who_is_left_out_are_not_names_that_lend():
    assert "studio" not in names_given("Hey Studio. Here are the shoes I'm selling.")
    assert names_given("this is our dog Murka, bebia loves her") == ["murka"]
    assert inputs(*context_at("heldout50-CE-04", "Hey Studio, new picture.")) == ("generate", [])
    assert inputs(*context_at("heldout50-CD-01", "Ok now I need another card for his sister Hodan")) == ("generate", [])
    # "in the middle" is where to change, not the middle image
    assert inputs(*context_at("heldout50-CE-04", "Hey Studio, smooth out the wrinkles")) == ("inpaint", [9])


def test_a_picture_named_in_other_words_is_where_the_pet_goes():
    assert inputs(*context_at("heldout50-CE-02", "try put Poki")) == ("edit", [2, 3])
    assert inputs(*context_at("heldout50-CC-03", "MS. OKAFOR: I now request that Habeas")) == ("edit", [3, 4])
    assert inputs(*context_at("heldout50-CC-04", "put pickle sittin")) == ("edit", [5, 6])
    assert inputs(*context_at("heldout50-CD-01", "Put on the girl the same koofiyad")) == ("edit", [11, 2])
    # "the Judge wore one like it" is a sentence, not a picture
    assert inputs(*context_at("heldout50-CC-03", "MS. OKAFOR: Exhibit C is attached")) == ("edit", [5, 6])
    assert inputs(*context_at("heldout50-CC-01", "One thing compare please")) == ("describe", [1, 11])


def test_another_go_at_a_step_and_the_same_again_with_a_change():
    assert inputs(*context_at("heldout50-CC-02", "ave another go at the brightenin")) == ("edit", [5])
    decided = router.route(*context_at("heldout50-CC-02", "ave another go at the brightenin"))
    assert "natural" in decided.call.args["prompt"]
    text, ctx = context_at("heldout50-CC-probes", "do the scarf thing again", probe=5)
    decided = router.route(text, ctx)
    assert decided.call.input_handles() == [1] and decided.call.args["prompt"].endswith("green")
    assert inputs(*context_at("heldout50-CC-probes", "same again, but use this as the style", probe=10)) == ("style", [1, 4])
    assert inputs(*context_at("heldout50-CC-probes", "same thing with this one please", probe=11)) == ("edit", [3])


def test_versions_asked_for_as_visions():
    decided = router.route(*context_at("heldout50-CE-03", "A new chapter."))
    assert decided.call.tool == "generate" and decided.call.params.count == 3


def test_a_version_prior_to_a_step_and_an_answer_after_an_apology():
    text, ctx = context_at("heldout50-CD-03", "My apologies, I misread the chart.")
    decided = router.route(text, ctx)
    assert decided.kind == "select" and decided.select == 10


def test_the_photo_sent_now_is_put_somewhere_new_and_lent_things_by_owner_or_swap():
    assert inputs(*context_at("heldout50-CE-04", "Hey Studio, here is the jacket")) == ("edit", [8])
    assert inputs(*context_at("heldout50-CD-probes", "dress him in grandad's jacket", probe=4)) == ("edit", [2, 1])
    assert inputs(*context_at("heldout50-CD-probes", "swap the runner's shoes", probe=8)) == ("inpaint", [2, 1])
    text, ctx = context_at("heldout50-CD-probes", "now put the surfboard from the beach picture", probe=9)
    assert router.route(text, ctx).kind == "clarify"


def test_a_photo_only_introduced_is_a_bare_upload_but_one_with_a_request_is_not():
    intro = ("Përshëndetje! This is the qen of my brother, his name is Lumi. My vëlla have ditëlindje on saturday so I want "
             "make him something special")
    text, ctx = context_at("heldout50-CE-01", "Përshëndetje!")
    assert text == intro and router.route(text, ctx).kind == "upload"
    assert router.route(*context_at("heldout45-BN-02", "Station dog. Name Sarge.")).kind == "upload"
    assert inputs("This is my dog Lumi. Can you put him on a beach?", ctx) == ("edit", [1])
    assert inputs("this is Lumi, make him look like a pirate", ctx) == ("edit", [1])


def test_a_rhetorical_question_with_a_photo_and_a_voice_assistant_chore_are_chat():
    assert router.route(*context_at("heldout50-CD-02", "Ope, before I forget")).kind == "upload"
    decided = router.route(*context_at("heldout50-CE-04", "Hey Studio, set a timer"))
    assert decided.kind == "chat" and "only makes, edits" in decided.reply
    # a real question about the photo sent is still asked of it
    text, ctx = context_at("heldout50-CD-02", "Ope, before I forget")
    assert inputs("here's our girl Biscuit. is she a golden retriever?", ctx) == ("describe", [3])
