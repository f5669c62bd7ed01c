"""Readings added from rounds 57 and 58's misreadings: another try said after a complaint or a filler word
("Aue the food look too palangi. Try again from the start pls, with the pig", "hmm try again ...", "Request
another attempt at that repaint, lighter touch") runs that step again from its own images; counts said as
"3 of him", "2 of 'em", "three wyes o dat", "make 2 so I chose"; numbers said on the radio or heard by
dictation ("image tree", "number for"); spoken spellings ("Da first een o da three", "Pit some sheep on da
hill"); a number outranks what else the words name; delight is not an undo; a photo welcomed on stage is a
bare upload; a picture named by what it shows is the picture as it stands."""

from __future__ import annotations

from studio.parameters import find_count
from studio.phrases import normalise
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_another_try_after_a_complaint_makes_the_picture_again_from_the_start(session):
    session.send("a long table with a Tongan feast and frangipani flowers", seed=1)
    reply = session.send("Aue the food look too palangi, no lu pulu. Try again from the start pls, with the pig in the middle")
    assert reply.tool == "generate" and handles(reply) == [] and "pig in the middle" in reply.text
    session.send("a puppy party with balloons", seed=3)
    reply = session.send("hmm try again the puppy's look kind of scary period more cute please")
    assert reply.tool == "generate" and handles(reply) == []


def test_another_try_of_an_edit_or_a_restyle_starts_from_that_step_s_images(session, fixtures):
    session.send("a book cover with a dog on it", seed=1)
    session.send("put this hat on the dog", images=[fixtures / "hat.png"], seed=2)  # 3 = edit of 1 with 2
    reply = session.send("try agen wiv that hat but smaller so ears show")
    assert reply.tool == "edit" and handles(reply) == [1, 2]
    session.send("make it look like this painting", images=[fixtures / "painting.png"], seed=3)  # 6 = style of 4 with 5
    reply = session.send("Negative, brush strokes too heavy. Request another attempt at that repaint, lighter touch.")
    assert reply.tool == "style" and handles(reply) == [4, 5]


def test_counts_said_as_so_many_of_him_or_of_them():
    assert find_count("hahaha. make 3 of him with the hat on at the beach")[2] == 3
    assert find_count("make a cartoon of the incline. gimme 2 of 'em")[2] == 2
    assert find_count(normalise("Could du gie me three wyes o dat wi different backgrounds?"))[2] == 3
    assert find_count("use his foto. make 2 so i chose")[2] == 2
    assert find_count("add 2 for the party") is None  # things added, not pictures


def test_numbers_said_on_the_radio_or_heard_by_dictation(session):
    for n in range(5):
        session.send(f"a control tower at dusk, version {n}", seed=n)
    reply = session.send("Query: image tree and image fife, which one has the brighter sky? Report.")
    assert reply.tool == "describe" and handles(reply) == [3, 5]
    made = session.send("okay can you do three brand new ones of the whole thing so i can choose")
    assert [image.handle for image in made.images] == [6, 7, 8]
    session.send("i like number for the best period")
    assert session.current_image().handle == 4


def test_spoken_spellings_are_written_out_for_the_reader(session):
    from studio.spellings import respelled

    assert respelled("Oh bonny! Pit some sheep on da hill ahint hit") == "Oh bonny! put some sheep on the hill behind hit"
    assert respelled("a fire pit in the garden") == "a fire pit in the garden"
    session.send("a poster of a green hill by the sea", seed=1)
    reply = session.send("Oh bonny! Pit some sheep on da hill ahint hit")
    assert reply.tool == "edit" and handles(reply) == [1]
    made = session.send("Could du gie me three wyes o dat wi different skies?")
    assert len(made.images) == 3
    session.send("Da first een o da three is da best. I'll tak dat")
    assert session.current_image().handle == made.images[0].handle


def test_a_number_outranks_what_else_the_words_name(session):
    for n in range(7):
        session.send(f"a charity poster with a game show stage, take {n}", seed=n)
    session.send("Back to the main event, the poster! Picture number SEVEN, come on down!")
    assert session.current_image().handle == 7
    session.send("Bambi, show me number 4 again, the one where the stage was dark. My sister wants to see it.")
    assert session.current_image().handle == 4


def test_the_picture_turned_down_is_not_the_one_picked(session):
    session.send("a Diwali card with a dog", seed=1)
    session.send("put a topi on the dog", seed=2)
    session.send("make it look like a painting", seed=3)
    session.send("hmm no, painting wala is not so saru. I liked the one before painting, Tommy with topi. go back to that")
    assert session.current_image().handle == 2


def test_a_place_among_versions_just_made_said_as_better_is_a_pick(session):
    session.send("a dog digging on a beach", seed=1)
    made = session.send("make 2 so I chose")
    assert len(made.images) == 2
    session.send("first one beter, look more like him")
    assert session.current_image().handle == made.images[0].handle


def test_delight_in_words_the_reader_does_not_know_is_no_undo(session):
    session.send("a birthday feast on a long table", seed=1)
    session.send("add a big cake with 80 on top", seed=2)
    reply = session.send("Perfect!! Malo 'aupito, 'ofa atu")
    assert reply.tool is None and session.current_image().handle == 2


def test_a_photo_welcomed_like_a_contestant_is_a_bare_upload(session, fixtures):
    session.send("a game show stage with a walnut podium", seed=1)
    reply = session.send("Ladies and gentlemen, let's have a big warm welcome for our star contestant, straight from "
                         "the shelter... it's PICKLES!", images=[fixtures / "dog.png"])
    assert reply.tool is None and session.current_image().handle == 2


def test_a_retry_from_the_start_still_shows_what_the_first_picture_showed(session, fixtures):
    session.send("a picture of a big long table with heaps of food, a proper feast", seed=1)
    session.send("Aue too dark. Try again from the start pls, with the pig in the middle of the table", seed=2)
    session.send("make it more bright like the morning time", seed=3)  # 3
    session.send("this is the painting my kui made", images=[fixtures / "painting.png"])  # 4, now current
    reply = session.send("Can you make the feast picture look like her painting?")
    assert reply.tool == "style" and handles(reply) == [3, 4]


def test_counts_said_as_diff_ones_propositions_or_a_singular_picture():
    assert find_count("make me 4 diff ones so i can show the wife")[2] == 4
    assert find_count("ok bghit 3 propositions of the jacket alone on the table")[2] == 3
    assert find_count("ok this one good. can make 3 picture, light different?")[2] == 3
    assert find_count("a card with 3 pictures of the kids") is None  # what the card shows


def test_a_version_listed_as_one_by_something_is_named_by_it(session):
    session.send("a dog in a bandana for a parade poster", seed=1)
    made = session.send("Gimme 3 of em wit different backgrounds, one on the neutral ground, one on a balcony, one by a streetcar")
    assert len(made.images) == 3
    session.send("Da balcony one, dat's it right there")
    assert session.current_image().handle == made.images[1].handle
    session.send("nah, the streetcar one")
    assert session.current_image().handle == made.images[2].handle


def test_compare_said_as_a_request_names_both_images_beside_a_question(session):
    for n in range(3):
        session.send(f"a guide dog on a birthday card, take {n}", seed=n)
    reply = session.send("Compare image 1 and image 3 for me. Is the dog still recognisable in the last one?")
    assert reply.tool == "describe" and handles(reply) == [1, 3]


def test_which_of_the_three_is_about_the_three_whatever_they_all_show(session, fixtures):
    session.send("this is my guide dog Juniper", images=[fixtures / "dog.png"])
    session.send("put Juniper on a garden bench in the sun", seed=1)
    made = session.send("give me 3 versions with different backgrounds")
    reply = session.send("Which of the three has the best contrast between Juniper and the background?")
    assert reply.tool == "describe" and handles(reply) == [image.handle for image in made.images]


def test_an_undo_in_more_words_before_the_request(session, fixtures):
    session.send("a paramedic's retirement card with an ambulance", seed=1)
    session.send("make it a watercolour", seed=2)
    reply = session.send("actually scrap the watercolour. do it in the style of this instead, its a print off the crew room wall",
                         images=[fixtures / "painting.png"])
    assert reply.tool == "style" and handles(reply) == [1, 3]
    session.send("a puppet with a yellow scarf", seed=3)  # 5
    session.send("give her a little hat", seed=4)  # 6
    reply = session.send("Hmm, cut the hat, take that last step back. But then make the scarf longer, trailing behind her")
    assert reply.tool == "edit" and handles(reply) == [5]


def test_another_go_from_the_top_with_the_change_in_the_next_sentence(session):
    session.send("a tomcat marionette in a velvet waistcoat", seed=1)
    session.send("more moth-eaten please, patches and loose stitching", seed=2)
    reply = session.send("Once more from the top? The patches came out too neat. Make them scruffy and mismatched")
    assert reply.tool == "edit" and handles(reply) == [1]  # from the step's own image, not its result


def test_two_photos_sent_together_are_told_apart_by_the_order_they_are_listed_in(session, fixtures):
    session.send("Here's the jacket and the shoes I'm selling.", images=[fixtures / "jacket.png", fixtures / "shoes.png"])
    reply = session.send("Can you give the jacket a plain white background?")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_two_pets_sent_together_are_told_apart_by_the_names_given_by_place(session, fixtures):
    session.send("These are my two, Rocky's the first pic and Duke's the second",
                 images=[fixtures / "dog.png", fixtures / "dog2.png"])
    reply = session.send("put a little bow tie on Rocky")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_what_is_used_for_a_part_of_a_picture_lends_to_it(session, fixtures):
    session.send("a cozy log cabin living room with a fireplace", seed=1)
    session.send("Ok this is the wood from our actual floor, just so you have it", images=[fixtures / "wood.png"])
    reply = session.send("use that wood for the floor in the cabin")
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_the_painting_one_is_the_picture_painted_not_the_painting_or_image_one(session, fixtures):
    session.send("a birthday card for nan with her dog on it", seed=1)
    painted = session.send("make the card look like this painting", images=[fixtures / "painting.png"], seed=2)  # 2 lends to 3
    session.send("separately, a market stall selling jackets", seed=3)
    session.send("sound. back to nan's card now, the paintin one")
    assert session.current_image().handle == painted.images[0].handle == 3
