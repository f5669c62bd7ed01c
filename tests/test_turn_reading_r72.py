"""Readings added from rounds 71 and 72's misreadings. A picture's number said anywhere in a sentence names it (and
one that does not exist asks), unless the number belongs to a thing ("house number 12", "a big number 7 balloon"). A
picture named as the place something goes ("put Medo in the kitchen picture") or as one made before ("the strawberry
picture we made earlier") that no picture shows is a question; so are "Pickles, the one I sent you this morning", "the
feathers I photographed this morning", "the logo of my store", "one of the other farmhouses" among versions and "do the
same advert for the hat" with no hat sent. Counts as "3 more of the same", "make it again 3 times"; "put this one on the
table by the door" places the photo sent into the picture in hand, "put her on a cosy sofa" changes the photo sent, and
"This is the hat. Change its background" changes the hat. "last one for the noticeboard - ..." announces a job, no
picture. "scrap the hat, he looks better bald" takes the hat out; an old photo sent "to restore" is mended, no undo.
"""

from __future__ import annotations

import pytest

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_number_said_anywhere_names_a_picture_and_one_that_does_not_exist_asks(session):
    session.send("a tailor's shop with chitenje jackets", seed=1)  # 1
    session.send("make the shop brighter")  # 2
    asked = session.send("My brother he is saying number 14 the colours are too dark, make it more light")
    assert asked.needs_clarification and "14" in asked.text and not asked.images
    reply = session.send("ok add a big number 7 in the middle, gold maybe?")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_a_picture_named_as_a_place_that_no_picture_shows_asks(session, fixtures):
    session.send("a bright living room with a sofa and a window onto the bay", seed=1)  # 1
    session.send("this is our dog Medo", images=[fixtures / "dog.png"])  # 2
    asked = session.send("Vala, put Medo also in the kitchen picture")
    assert asked.needs_clarification and "kitchen" in asked.text and not asked.images
    asked = session.send("Could you put him into the strawberry picture we made earlier?")
    assert asked.needs_clarification and "strawberry" in asked.text
    reply = session.send("put him in the living room picture")
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_thing_said_to_be_sent_or_photographed_that_no_picture_shows_asks(session, fixtures):
    session.send("a patient of the month banner", seed=1)  # 1
    session.send("this is Biscuit, put him on the banner", images=[fixtures / "dog.png"])  # 2 -> 3
    asked = session.send("aw. actually swap the dog in that for Pickles, the one i sent you this morning")
    assert asked.needs_clarification and "pickles" in asked.text.lower() and not asked.images
    asked = session.send("Could you swap the quills for the pheasant feathers I photographed this morning?")
    assert asked.needs_clarification and "feathers" in asked.text
    asked = session.send("Che put the logo of my store in the corner, down at the right")
    assert asked.needs_clarification and "logo" in asked.text


def test_counts_said_as_more_of_the_same_or_times_again(session, fixtures):
    session.send("an old diesel loco pulling into a country station at dawn", seed=1)  # 1
    reply = session.send("Not bad. Give me 3 more of the same so I've got a choice")
    assert reply.tool == "generate" and len(reply.images) == 3  # 2..4
    session.send("Going with the first of the new ones")
    reply = session.send("Make 3 more with different skies please, first dawn, then noon, then dusk")
    assert reply.tool == "edit" and len(reply.images) == 3 and handles(reply) == [2]
    session.send("like this painting", images=[fixtures / "painting.png"])
    reply = session.send("Mmh beautiful. Can you make it again 3 times, little bit different each one, so I choose the best?")
    assert reply.tool == "style" and len(reply.images) == 3


def test_where_a_photo_sent_goes_decides_what_changes(session, fixtures):
    session.send("a small shop with a table by the door and a jacket on a hanger", seed=1)  # 1
    reply = session.send("Also I am selling hats. Put this one on small table by the door, next to the jacket",
                         images=[fixtures / "hat.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [1, 2]
    reply = session.send("next one - rehoming post. this is Maisie, very gentle. can you put her on a cosy sofa, warm lighting",
                         images=[fixtures / "dog2.png"])  # 4 -> 5
    assert reply.tool == "edit" and handles(reply) == [4]
    reply = session.send("Sorry I forgot to send it. This is the jacket. Change its background to blue",
                         images=[fixtures / "jacket.png"])  # 6 -> 7
    assert reply.tool == "edit" and handles(reply) == [6]


def test_the_next_job_announced_is_no_picture(session, fixtures):
    session.send("a vet clinic banner with a smiling dog", seed=1)  # 1
    reply = session.send("ok. last one for the waiting room noticeboard - a cat and a dog snoozing together, in the style of this",
                         images=[fixtures / "painting.png"])  # 2 -> 3
    assert reply.tool == "style" and handles(reply) == [2]


def test_a_thing_scrapped_in_a_clause_is_taken_out_and_an_old_photo_is_restored(session, fixtures):
    session.send("a snowman wearing a black top hat and a striped scarf", seed=1)  # 1
    reply = session.send("scrap the hat, he looks better bald")
    assert reply.tool == "edit" and handles(reply) == [1]
    reply = session.send("different thing - this is an old photo of our first dog, it's faded and scratched. can you restore it?",
                         images=[fixtures / "dog.png"])  # 3 -> 4
    assert reply.tool == "edit" and handles(reply) == [3]
    reply = session.send("nah scrap the name, take it back to before")
    assert reply.tool is None and session.current_image().handle == 2  # the turn undone, photo sent with it too


def test_one_of_the_other_versions_and_the_same_for_a_thing_never_sent_ask(session, fixtures):
    session.send("a Frisian farmhouse with a green door in the snow, three versions", seed=1)  # 1..3
    session.send("the middle one")
    session.send("write 'Lokwinske' on top")  # 4
    asked = session.send("My aunt wants also a card, but with one of the other farmhouses. Only the house and the words")
    assert asked.needs_clarification and "#1" in asked.text and "#3" in asked.text and "#4" not in asked.text
    session.send("forget it, go back to number 4")
    asked = session.send("Now do the same advert for the hat")
    assert asked.needs_clarification and "hat" in asked.text and not asked.images


def test_a_change_asked_as_what_someone_could_have_is_an_edit(session):
    session.send("a girl smiling on a beach", seed=1)
    reply = session.send("Aw. Is it just me or is she squinting? Could she have her eyes properly open?")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_a_thing_from_the_photo_sent_is_the_photo_that_shows_it_and_a_painting_lends_its_style(session, fixtures):
    session.send("here is the floor we have, wooden floor", images=[fixtures / "wood.png"])  # 1
    session.send("grandfather painting, it hangs in the living room", images=[fixtures / "painting.png"])  # 2
    session.send("a living room in an old stone apartment", seed=1)  # 3
    session.send("this is our dog Medo", images=[fixtures / "dog.png"])  # 4
    session.send("go back to number 3")
    reply = session.send("Put also same wooden floor from the photo I sent")
    assert reply.tool == "edit" and handles(reply) == [3, 1]  # 5
    reply = session.send("Ajde, now make this one like grandfather painting, like artist made it")
    assert reply.tool == "style" and handles(reply) == [5, 2]


@pytest.mark.xfail(strict=True, reason="image-role reader (first shipped fit): 'I preferred the grass in number 1. Would you give "
                   "this one grass like that?' read with #1 as the source (10 nats over the rules' right [2, 1])")
def test_an_image_named_before_the_request_lends_to_the_one_in_hand_when_the_request_says_like_that(session):
    session.send("a cricket pitch with lush green grass", seed=1)  # 1
    session.send("a club dinner invitation with the pavilion behind", seed=2)  # 2
    reply = session.send("The grass on this one looks rather washed out. I preferred the grass in number 1. "
                         "Would you give this one grass like that?")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_a_thing_asked_for_then_sent_goes_into_the_picture_in_hand(session, fixtures):
    session.send("a boy in the snow by a Christmas tree", seed=1)  # 1
    asked = session.send("Good. Also take the jacket from #15 and put it on him, it is cold there")
    assert asked.needs_clarification
    reply = session.send("Oh sorry, I did not send it yet. Here it is, the jacket", images=[fixtures / "jacket.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_more_counts_said_in_passing(session):
    session.send("a shearing competition poster", seed=1)  # 1
    reply = session.send("sweet as. chuck me 2 more to pick from")
    assert reply.tool == "generate" and len(reply.images) == 2  # 2, 3
    reply = session.send("3 of them w/ 'SHEARS OUT - SAT' on top")
    assert len(reply.images) == 3
    reply = session.send("give me a few to choose from, maybe 4, with the light coming from different sides")
    assert len(reply.images) == 4


def test_their_own_thing_never_sent_is_asked_for_and_thanks_pick_nothing(session, fixtures):
    session.send("a nail salon post with pink tones", seed=1)  # 1
    session.send("this is my dog Biscuit", images=[fixtures / "dog.png"])  # 2
    asked = session.send("ok last thing i PROMISE put my hat on Biscuit, the one i wear in all my reels")
    assert asked.needs_clarification and "hat" in asked.text
    reply = session.send("put my name on it in gold letters")  # words to write, nothing to send
    assert reply.tool == "edit"
    reply = session.send("good as gold. cheers for that bro, better get back to the shed, smokos over")
    assert reply.tool is None and not reply.images and session.current_image().handle == 3


def test_the_kind_of_picture_in_hand_is_the_one_in_hand(session, fixtures):
    session.send("here are the shoes I sell", images=[fixtures / "shoes.png"])  # 1
    session.send("now I want a poster for the shop with these shoes on a white background", seed=1)  # 2
    reply = session.send("My daughter painted this one, can the poster be in the style of her painting?",
                         images=[fixtures / "painting.png"])  # 3 -> 4
    assert reply.tool == "style" and handles(reply) == [2, 3]


def test_a_mask_with_no_picture_asks(session, fixtures):
    session.send("good evening, how does this work?")
    asked = session.send("replace this part with flowers", mask=fixtures / "mask_center.png")
    assert asked.needs_clarification and not asked.images


def test_no_the_other_one_after_changing_one_of_two_versions_changes_the_other(session):
    session.send("two versions of a birthday cake with candles", seed=1)  # 1, 2
    session.send("put sprinkles on the first one")  # 3
    reply = session.send("no, the other one")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_the_answer_to_which_picture_to_change_changes_it():
    """Round 71's probe: "make the barn snowy" asked which barn (a red and a blue one made, a tractor in hand), then
    "the blue one" is an edit of #2, not a new picture."""
    from pathlib import Path

    from studio.evaluate import in_context, load_items
    from studio.understanding import TurnReader

    probes = load_items(Path(__file__).parent / "conversations" / "probes" / "heldout71-EP-probes.yaml")
    (item,) = [i for i in probes if i.turns[-1].user == "the blue one"]
    assert in_context(item, TurnReader())[-1].outcome == "right"


def test_look_alikes_of_those_readings_stay_plain_requests(session, fixtures):
    session.send("a birthday cake with candles, three versions", seed=1)  # 1..3
    session.send("the second one")
    reply = session.send("write number 3 on the cake in blue icing")  # a number to write, not image 3
    assert reply.tool == "edit" and handles(reply) == [2]
    reply = session.send("lovely. now do the same for the background")
    assert reply.tool == "edit" and not reply.needs_clarification
    session.send("here is my dog", images=[fixtures / "dog.png"])  # 5
    reply = session.send("make it black and white, the one i sent earlier")
    assert reply.tool == "edit" and not reply.needs_clarification
