"""Readings added from rounds 47 and 48's misreadings: a first message whose words sound like a reference
in an empty session, a change asked with nothing to change, a pet's name and where it goes, a request
after a remark, numbers in brackets, "like you did for Bhunte", "three more like dat", "do the same for
Bella", history said as "before it snowed" or "it was nicer before the umbrella", "the middle cat one"
among options that all show a cat, "the wizard's hat" lent, "the way grandpa painted"."""

from __future__ import annotations

from pathlib import Path

from studio.evaluate import in_context, load_items
from studio.references import RouterContext
from studio.understanding import TurnReader

router = TurnReader()
CONVERSATIONS = Path(__file__).parent / "conversations"
EMPTY = RouterContext(handles=[], path_handles=[], uploads=[], attached=[], current=None, current_path=[])


def context_at(name: str, starts: str, probe: int | None = None) -> tuple[str, RouterContext]:
    """The turn of a conversation (or probe) file that starts with `starts`, and the context it meets when
    every turn before it went as expected."""
    items = load_items(next(CONVERSATIONS.glob(f"**/{name}*.yaml")))
    seen: list = []
    in_context(items[probe or 0], router, seen=seen)
    return next((text, ctx) for text, ctx, _ in seen if text.startswith(starts))


def inputs(text: str, ctx: RouterContext) -> tuple[str | None, list[int]]:
    decided = router.route(text, ctx)
    return (decided.call.tool, decided.call.input_handles()) if decided.call else (decided.kind, [])


def test_an_empty_session_makes_the_picture_words_describe_and_asks_about_a_change():
    commentary = ("And here we are, ladies and gentlemen, a glorious afternoon, and the first request of the day comes "
                  "in: a packed cricket stadium, sun blazing, the players in their whites. Let's see it!")
    assert inputs(commentary, EMPTY) == ("generate", [])
    for change in ("make the first one brighter", "make the sky more orange", "can you make it brighter? it's a bit gloomy",
                   "omg wait which one has the most hearts, 3 4 or 5??"):
        assert router.route(change, EMPTY).kind == "clarify", change


def test_a_pets_name_and_where_it_goes_lends_the_pet():
    assert inputs(*context_at("heldout48-BW-01", "Now Bujji")) == ("edit", [3, 1])
    assert inputs(*context_at("heldout48-BW-02", "An Ollie alongside him")) == ("edit", [4, 2])
    # "that sign": the sign pictures, not the wood photo whose message asked for a sign made of it
    assert inputs(*context_at("heldout48-BW-04", "Put ol' Blue")) == ("edit", [4, 5])


def test_a_request_after_a_remark_is_read_on_its_own_but_a_goodbye_is_not():
    assert inputs(*context_at("heldout48-BW-02", "Whey aye, that's belter!")) == ("edit", [3, 1])
    text, ctx = context_at("heldout28-N-01", "Thank you so much for your kind help")
    assert router.route(text, ctx).kind == "chat"


def test_two_pictures_named_by_content_and_history():
    assert inputs(*context_at("heldout48-BX-01", "What do you think is more cozy")) == ("describe", [11, 10])
    assert inputs(*context_at("heldout48-BY-03", "Question from the platform")) == ("describe", [3, 10])
    assert inputs(*context_at("heldout48-BY-01", "Wait, which one is looking more happy")) == ("describe", [2, 4])


def test_a_separate_item_is_a_new_picture_and_the_next_item_the_same_treatment():
    assert inputs(*context_at("heldout48-BX-03", "Separate item."))[0] == "generate"
    assert inputs(*context_at("heldout30-U-03", "Next item. Same treatment"))[0] == "edit"


def test_the_photo_sent_first_and_the_change_done_for_another():
    assert inputs(*context_at("heldout48-BX-04", "It has been asked by my sister")) == ("describe", [1])
    assert inputs(*context_at("heldout48-BX-probes", "compare the photo I first sent", probe=3)) == ("describe", [1, 3])
    assert inputs(*context_at("heldout48-BY-01", "Ok ok. Now one thing")) == ("edit", [3])


def test_more_of_the_same_and_the_same_for_another_photo():
    decided = router.route(*context_at("heldout48-BY-04", "Ayyee dat look good"))
    assert decided.call.tool == "generate" and decided.call.params.count == 3
    decided = router.route(*context_at("heldout48-BY-probes", "same again, but four", probe=6))
    assert decided.call.params.count == 4
    assert inputs(*context_at("heldout48-BY-probes", "love it. now do the same for Bella", probe=7)) == ("edit", [4, 2])


def test_going_back_before_a_change_said_in_other_words():
    decided = router.route(*context_at("heldout48-BY-probes", "take me back to the cabin from before it snowed", probe=3))
    assert decided.kind == "select" and decided.select == 1
    decided = router.route(*context_at("heldout48-BY-probes", "nah, the rainbow one was nicer", probe=10))
    assert decided.kind == "select" and decided.select == 2  # it only inherited the rainbow: the one before
    decided = router.route(*context_at("heldout48-BX-probes", "honestly it was nicer before the umbrella", probe=5))
    assert decided.kind == "select" and decided.select == 1


def test_a_place_among_options_that_all_show_it():
    decided = router.route(*context_at("heldout48-BY-02", "the middle cat one"))
    assert decided.kind == "select" and decided.select == 11


def test_what_another_picture_has_lent_and_the_picture_painted_after_a_painting():
    assert inputs(*context_at("heldout48-BX-probes", "give the corgi the wizard's hat", probe=7)) == ("edit", [2, 1])
    assert inputs(*context_at("heldout48-BX-probes", "could you paint the village", probe=6)) == ("style", [1, 2])
