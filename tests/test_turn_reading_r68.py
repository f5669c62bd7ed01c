"""Readings added from rounds 67 and 68's misreadings. The largest group: a photo said to be sent already that was
never sent ("Put Gaz's dog on it. Sent you the photo earlier.", "put tysons hat on him, the one i sent u earlier",
"the pheasant from my earlier upload") is a question, and the answer that sends it ("Didn't go through then. Here.")
runs the request. Then: "the other one" is clear only among two; the next item sent for the same treatment ("Now
this jacket. Please make same white background like for the hat") is what changes; "Second is the best. Take it."
picks; "same again but with this jacket instead of the hat" swaps what the last step borrowed; "the first painting
one" is the first restyle; a question about videos and a goodbye are chat.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52
from tests.test_turn_reading_r66 import _prompt

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_photo_said_sent_in_a_sentence_of_its_own_is_asked_for_and_the_photo_sent_runs_the_request(session, fixtures):
    session.send("a birthday card with sunflowers", seed=1)  # 1
    asked = session.send("Put Gaz's dog on it. Sent you the photo earlier.")
    assert asked.needs_clarification and not asked.images
    reply = session.send("Didn't go through then. Here.", images=[fixtures / "dog.png"])  # 2
    assert reply.tool == "edit" and handles(reply) == [1, 2] and len(reply.images) == 1


def test_the_one_sent_earlier_points_back_to_the_thing_of_the_clause_before(session, fixtures):
    session.send("here are our two dogs", images=[fixtures / "dog.png", fixtures / "dog2.png"])  # 1, 2
    session.send("a birthday card with both dogs on it", seed=1)  # 3
    asked = session.send("put tysons hat on him, the one i sent u earlier")
    assert asked.needs_clarification and "hat" in asked.text
    asked = session.send("Place the pheasant from my earlier upload on the mantel behind him.")
    assert asked.needs_clarification and "pheasant" in asked.text


def test_the_next_item_sent_for_the_same_treatment_is_what_changes(session, fixtures):
    session.send("Please make the background clean white, like for online shop.", images=[fixtures / "hat.png"])  # 1 -> 2
    reply = session.send("Now this jacket. Please make same white background like for the hat.", images=[fixtures / "jacket.png"])
    assert reply.tool == "edit" and handles(reply) == [3]


def test_a_bare_place_said_best_picks_it(session):
    session.send("a jacket on a light wood floor, give me three variants", seed=1)  # 1..3
    session.send("Second is the best. Take it.")
    assert session.current_image().handle == 2
    session.send("ooh number 3. that's the keeper")
    assert session.current_image().handle == 3


def test_the_other_one_is_clear_among_two_and_asked_among_three(session):
    session.send("Logo for my bakery, a wheat sheaf. Give me 2 to pick from.", seed=1)  # 1, 2
    session.send("Hmm no, the other one.")
    assert session.current_image().handle == 1
    session.send("Logo for my bakery, a rolling pin. Give me 3 to pick from.", seed=2)  # 3..5
    asked = session.send("Hmm no, the other one.")
    assert asked.needs_clarification and session.current_image().handle == 5
    session.send("the middle one, sorry")
    assert session.current_image().handle == 4
    asked = session.send("Good. Now for the other picture, please make the colours more bright.")
    assert asked.needs_clarification and not asked.images


def test_same_again_but_swaps_what_the_last_step_borrowed(session, fixtures):
    session.send("this is Max", images=[fixtures / "dog.png"])  # 1
    session.send("put this hat on him", images=[fixtures / "hat.png"], seed=1)  # 2 -> 3
    reply = session.send("haha brilliant. same again but with this jacket instead of the hat", images=[fixtures / "jacket.png"])
    assert reply.tool == "edit" and handles(reply) == [1, 4]


def test_same_again_but_instead_of_a_lent_photo_drops_it(session, fixtures):
    session.send("these are for my listing", images=[fixtures / "shoes.png"])  # 1
    session.send("put them on this wood", images=[fixtures / "wood.png"], seed=1)  # 2 -> 3
    reply = session.send("same again but on a plain white background instead of the wood")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_the_first_painting_one_is_the_first_restyle(session, fixtures):
    session.send("a dog in a field by the sea", seed=1)  # 1
    session.send("do it like this painting", images=[fixtures / "painting.png"], seed=2)  # 2 -> 3
    session.send("give it another go", seed=3)  # 4
    session.send("make the sky a bit pink", seed=4)  # 5
    session.send("I think the first painting one was nicer after all. Bring that one back up for me")
    assert session.current_image().handle == 3


def test_videos_and_goodbyes_are_chat(session):
    session.send("a hat shop window", seed=1)  # 1
    reply = session.send("Very beautiful! One question: can you also make a small video from picture, for Instagram reels?")
    assert reply.tool is None and not reply.images and "video" in reply.text.lower()
    reply = session.send("Cheers. Up a stack in Hebden Bridge in the morning, pigeons permitting. Ta-ra")
    assert reply.tool is None and not reply.images


def test_a_terse_order_read_as_a_question_is_a_change_when_nothing_is_asked(session):
    session.send("a diver welding on a pipeline", seed=1)  # 1
    reply = session.send("Company name on it. DEEPLINE SUBSEA. Top. White letters.")
    assert reply.tool == "edit" and handles(reply) == [1]
    reply = session.send("What colour are the letters?")
    assert reply.tool == "describe"


def test_a_count_after_a_subject_of_its_own_is_a_new_request_not_more_of_the_last(session):
    session.send("Logo for my bakery, a wheat sheaf. Give me 2 to pick from.", seed=1)  # 1, 2
    reply = session.send("Logo for my bakery, a rolling pin. Give me 3 to pick from.", seed=2)  # 3..5
    assert reply.tool == "generate" and len(reply.images) == 3
    assert "rolling pin" in _prompt(session, reply)


def test_a_pet_named_in_a_picture_made_here_is_where_the_new_photo_goes(session, fixtures):
    session.send("a dog show poster for Kenmare", seed=1)  # 1
    session.send("this is Bran, put him in the middle of the poster", images=[fixtures / "dog.png"], seed=2)  # 2 -> 3
    session.send("Give us three different backgrounds on it so I can pick", seed=3)  # 4..6
    session.send("The middle one, that's the nicest.")  # 5
    reply = session.send("My neighbour wants his dog on it too. Here she is, put her in beside Bran.",
                         images=[fixtures / "dog2.png"])  # 7
    assert reply.tool == "edit" and handles(reply) == [5, 7]


def test_a_photo_introduced_by_name_and_he_is_what_changes(session, fixtures):
    session.send("a birthday card with balloons", seed=1)  # 1
    reply = session.send("lol this is max, he chewed the sofa cushion this morning. anyway can you put a tiny gold crown on him",
                         images=[fixtures / "dog.png"])  # 2
    assert reply.tool == "edit" and handles(reply) == [2]


def test_undo_both_and_a_reversal_that_orders_a_change(session):
    session.send("a horse in a field", seed=1)  # 1
    session.send("make the sky pink", seed=2)  # 2
    session.send("add a rainbow", seed=3)  # 3
    session.send("ugh, undo both of those")
    assert session.current_image().handle == 1
    reply = session.send("reverse it pls so the horse is running the other way, its for the left page of my scrapbook")
    assert reply.tool == "edit" and handles(reply) == [1]
