"""Readings added from rounds 69 and 70's misreadings. An image's number said outright holds over the words beside
it ("number 6, the jacket one", "I mean 9, the middle one of the three", "last of the 3. number 5"), and a number
that names no image asks ("make number 13 more bright"). A pick takes the image of the sentence that picks ("number
two looks like my nan's chippy. First one's the winner"). "the dog" where two photos sent show a dog, "Ken's
photograph" and "my cousin's photo" that were never sent, "swap the van for the other one" among three versions:
questions. The answer to a question that listed images may pick by place ("the first one I send"), and a long
answer that names one of them is still an answer. Counts as "3 w diff background colours"; "X is the first pic,
Y the second" names both photos; "his pic I sent" is the photo of the one the sentence names.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_number_said_outright_holds_over_the_words_beside_it(session):
    session.send("a jacket on a rail, give me three variants", seed=1)  # 1..3
    reply = session.send("Now on number 2, the jacket one, write 'New stock' at the bottom")
    assert reply.tool == "edit" and handles(reply) == [2]
    asked = session.send("can you make number 13 more bright?")
    assert asked.needs_clarification and "13" in asked.text and not asked.images


def test_a_correction_naming_a_number_beside_a_place_takes_the_number(session):
    session.send("a birthday card with lettering, three versions", seed=1)  # 1..3
    asked = session.send("go back to number 14")
    assert asked.needs_clarification
    session.send("Ah pardon, I mean 2, the middle one of the three")
    assert session.current_image().handle == 2


def test_a_pick_takes_the_image_of_the_sentence_that_picks(session):
    session.send("a barbershop poster, three versions", seed=1)  # 1..3
    session.send("Ha, number two looks like my nan's chippy. First one's the winner, go with that.")
    assert session.current_image().handle == 1
    session.send("Aah all of them are good but the third one is very beautiful. That is the one I want")
    assert session.current_image().handle == 3
    session.send("The second is the most lovely. We take this one")
    assert session.current_image().handle == 2


def test_the_dog_where_two_photos_show_one_is_a_question_and_the_answer_by_place_runs_it(session, fixtures):
    session.send("a park bench under autumn trees", seed=1)  # 1
    session.send("These are Mochi and Kopi, the dogs of my neighbour", images=[fixtures / "dog.png", fixtures / "dog2.png"])  # 2, 3
    session.send("go back to #1")
    asked = session.send("put the dog on the bench")
    assert asked.needs_clarification and "#2" in asked.text and "#3" in asked.text and not asked.images
    reply = session.send("Oh, I am so sorry. The second one I send")
    assert reply.tool == "edit" and handles(reply) == [1, 3]
    reply = session.send("now put Mochi on the bench too")
    assert reply.tool == "edit" and 2 in handles(reply)


def test_someones_photo_that_was_never_sent_is_asked_for(session, fixtures):
    session.send("a retirement card with a signal box at dusk", seed=1)  # 1
    session.send("attached is Ken's dog. place the dog in front of the box", images=[fixtures / "dog.png"])  # 2 -> 3
    asked = session.send("add Ken's photograph in the bottom right corner of the card.")
    assert asked.needs_clarification and "Ken" in asked.text and not asked.images
    asked = session.send("Can you put him on the wooden floor from my cousin's photo?")
    assert asked.needs_clarification and "cousin" in asked.text


def test_swap_for_the_other_one_among_three_versions_asks_which(session, fixtures):
    session.send("an empty room with a freshly skimmed wall", seed=1)  # 1
    session.send("white van outside the window. do 3")  # 2..4
    session.send("2nd one")
    session.send("floor like this", images=[fixtures / "wood.png"])  # 5 -> 6
    asked = session.send("swap the van for the other one")
    assert asked.needs_clarification and "#2" in asked.text and "#4" in asked.text
    reply = session.send("last of the 3. number 4")
    assert reply.tool == "edit" and handles(reply) == [6, 4]


def test_counts_with_different_said_briefly(session):
    session.send("a found dog poster", seed=1)  # 1
    reply = session.send("do me 3 w diff background colours, want it to stand out on the board")
    assert reply.tool == "edit" and len(reply.images) == 3
    reply = session.send("ngwa try three different colours for the background let me see which one will enter my eye")
    assert len(reply.images) == 3


def test_names_given_by_place_and_his_pic_i_sent(session, fixtures):
    session.send("A big parol with Christmas lights, dark blue night sky", seed=1)  # 1
    session.send("here's our dogs, Bantay and Choco. Bantay is the first pic, Choco the second. Put them both on the card",
                 images=[fixtures / "dog.png", fixtures / "dog2.png"])  # 2, 3 -> 4
    reply = session.send("what breed is Bantay? Look at his pic I sent.")
    assert reply.tool == "describe" and handles(reply) == [2]
    reply = session.send("Look at the photo of Choco what I sent you. Is he a husky?")
    assert reply.tool == "describe" and handles(reply) == [3]


def test_back_to_a_number_with_thanks_is_a_pick(session):
    session.send("a plastering flyer, three versions", seed=1)  # 1..3
    session.send("lighter")  # 4
    session.send("no. back to 2. that'll do, cheers")
    assert session.current_image().handle == 2


def test_a_thing_said_sent_then_sent_is_put_on_the_picture_in_hand(session, fixtures):
    session.send("a New Year card with fireworks", seed=1)  # 1
    session.send("this is Buchi", images=[fixtures / "dog.png"])  # 2
    session.send("put Buchi on the card")  # 3
    asked = session.send("Also please put the small hat on Buchi, the one I sent you before.")
    assert asked.needs_clarification and "hat" in asked.text
    reply = session.send("Oh, sorry, I forgot to send it. Here it is, this one.", images=[fixtures / "hat.png"])  # 4 -> 5
    assert reply.tool == "edit" and handles(reply) == [3, 4]


def test_keep_one_and_lose_the_rest_picks_and_scrap_a_thing_removes_it(session):
    session.send("a harbour at dawn with a red boat, four versions", seed=1)  # 1..4
    session.send("keep number 2, get rid of the rest")
    assert session.current_image().handle == 2
    reply = session.send("lovely. scrap the boat though")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_a_question_about_what_the_studio_can_draw_is_chat(session):
    session.send("a bowl of ramen", seed=1)  # 1
    reply = session.send("can you do faces? like proper realistic ones. asking for my son's school project")
    assert reply.tool is None and not reply.images


def test_the_first_one_you_made_is_no_photo_sent(session, fixtures):
    session.send("put this jacket on a white background", images=[fixtures / "jacket.png"])  # 1 -> 2
    session.send("now a darker background")  # 3
    session.send("go back to the very first one you made")
    assert session.current_image().handle == 2


def test_a_colour_tried_in_turn_is_what_the_picture_shows_now(session):
    session.send("a vintage sports car on a coastal road", seed=1)  # 1
    session.send("make the car red")  # 2
    session.send("now try it in blue")  # 3
    session.send("and yellow")  # 4
    session.send("I prefer the red one, let's go with that")
    assert session.current_image().handle == 2


def test_a_photo_named_by_what_it_shows_is_found_after_it_was_undone(session, fixtures):
    session.send("make a new picture, a store window in the evening with this jacket hanging inside",
                 images=[fixtures / "jacket.png"])  # 1 -> 2
    session.send("now put these shoes in the window too", images=[fixtures / "shoes.png"])  # 3 -> 4
    session.send("nah. put it back how it was")
    reply = session.send("ok now take the shoes photo I send before and change the background to blue")
    assert reply.tool == "edit" and handles(reply) == [3]


def test_the_other_jacket_is_the_photo_sent_that_the_picture_in_hand_was_not_made_from(session, fixtures):
    session.send("here's my denim jacket", images=[fixtures / "jacket.png"])  # 1
    session.send("put it on a white background")  # 2
    session.send("and this is my leather jacket", images=[fixtures / "shoes.png"])  # 3
    session.send("go back to #2")
    reply = session.send("swap it for the other jacket")
    assert reply.tool == "edit" and 3 in handles(reply) and 1 not in handles(reply)
