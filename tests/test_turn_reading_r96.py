"""Readings from round 96's misreadings (read after it moved to training; every case here is my own wording): a slip
of one keystroke in a word the rules steer by ("secnd", "thrid") and spoken spellings ("pitcher") read as meant, but a
word of another language ("fundo", "imagem") is no slip; Hindi and Urdu phrases in Latin letters ("wapas kar do",
"nayi picture banao", "2nd wala") read as said; "the picture with the peacock" with no peacock anywhere is a question,
but "the marked area of the image with leaves" is not; "from card number 2 into this card" lends #2 to the card in
hand; "beside the jacket in #2" changes #2; "two more options of the same so that I may show ..." makes more versions;
a photo sent with a mask and asked for a removal is what the mask is on; "our old people will say it looks sad" names
no picture; "Same for boots pls." with their photo makes the last change on it."""

from __future__ import annotations

import pytest

from studio.spellings import respelled
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def current(session) -> int:
    return session.current_image().handle


@pytest.mark.parametrize("typed, meant", [("the secnd one", "the second one"), ("the thrid pictre", "the third picture"),
                                          ("go to the orignal", "go to the original"), ("make 3 pitcher of it", "make 3 picture of it")])
def test_a_slip_in_a_word_the_rules_steer_by_is_read_as_meant(typed, meant):
    assert respelled(typed) == meant


@pytest.mark.parametrize("typed", ["uma imagem com praia no fundo", "the fist of the boxer", "a firsts party", "Bruno ka colour"])
def test_words_of_other_languages_and_real_words_are_no_slips(typed):
    assert respelled(typed) == typed


def test_a_misspelt_place_among_versions_picks_that_version(session):
    session.send("three versions of a red kite over a green valley", seed=1)  # 1, 2, 3
    session.send("secnd is best, we go with that")
    assert current(session) == 2


@pytest.mark.parametrize("text", ["2nd wala achha hai, wahi rakho", "teesra nahi, 2nd wala final"])
def test_a_hindi_place_among_versions_picks_that_version(session, text):
    session.send("three versions of a red kite over a green valley", seed=1)  # 1, 2, 3
    reply = session.send(text)
    assert not reply.needs_clarification and current(session) == 2


def test_going_back_said_in_hindi_brings_back_the_picture_before(session):
    session.send("a garden with marigolds and a brass lamp", seed=1)  # 1
    session.send("make the lamp much darker")  # 2
    reply = session.send("nahi yaar, pehle wala hi theek tha, wapas kar do")
    assert reply.tool is None and not reply.images and current(session) == 1


def test_a_new_picture_asked_in_hindi_is_made_new(session):
    session.send("a garden with marigolds and a brass lamp", seed=1)  # 1
    reply = session.send("ab ek nayi picture banao: a bride on a boat at dusk")
    assert reply.tool == "generate" and handles(reply) == []


def test_thanks_and_goodnight_in_hindi_change_nothing(session):
    session.send("a garden with marigolds and a brass lamp", seed=1)  # 1
    reply = session.send("bas aaj ke liye itna, bahut shukriya ji")
    assert reply.tool is None and not reply.images and current(session) == 1


def test_a_picture_named_by_what_no_picture_shows_is_a_question(session):
    session.send("a lighthouse on a cliff at dawn", seed=1)  # 1
    session.send("a bowl of ramen on a wooden table", seed=2)  # 2
    reply = session.send("now take the picture with the camel and turn it sepia")
    assert reply.needs_clarification and not reply.images


def test_a_mask_filled_with_something_is_no_picture_named(session, fixtures):
    session.send("a small backyard with a trampoline", seed=1)  # 1
    reply = session.send("fill the marked part of the image with a stack of firewood", mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and handles(reply) == [1]


def test_a_thing_from_a_numbered_card_goes_into_the_card_in_hand(session):
    session.send("a birthday card with balloons and a cake", seed=1)  # 1
    session.send("a farewell card with paper planes", seed=2)  # 2
    session.send("a thank-you card with a bunch of tulips", seed=3)  # 3
    reply = session.send("please add the paper planes from card number 2 into this card")
    assert reply.tool == "edit" and handles(reply) == [3, 2]


def test_a_thing_put_beside_another_in_a_numbered_picture_changes_that_picture(session, fixtures):
    session.send("here is a jacket, plain white background please", images=[fixtures / "jacket.png"])  # 1 -> 2
    session.send("same for these shoes, white background", images=[fixtures / "shoes.png"])  # 3 -> 4
    # (close to round 96's own words, heldout96-HM-04 turn 3: the shoes in hand and named first, a photo sent as well;
    # #2, where they go, changes. With "coat" and "boots" the same turn reads right even without the change)
    reply = session.send("Next: put the shoes from #4 beside the jacket in #2, and make the floor wooden like in this photo",
                         images=[fixtures / "wood.png"])  # 5
    assert reply.tool == "edit" and handles(reply) == [2, 4, 5]


def test_more_versions_of_the_same_for_someone_to_see_are_more_versions(session):
    session.send("an invitation card for a school sports day, children running a relay", seed=1)  # 1
    reply = session.send("Kindly make two more options of the same so that our headmaster may choose.")
    assert reply.tool == "generate" and len(reply.images) == 2 and handles(reply) == []


def test_a_photo_sent_with_a_mask_for_a_removal_is_the_one_masked(session, fixtures):
    session.send("a field of sunflowers", seed=1)  # 1
    reply = session.send("another photo now, my cat. please erase what is in the marked area",
                         images=[fixtures / "dog.png"], mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and handles(reply) == [2]


def test_a_photo_sent_to_put_where_something_is_removed_lends(session, fixtures):
    session.send("a shop window with a man standing in the middle", seed=1)  # 1
    reply = session.send("remove the man in the marked part and put a stool there with these shoes on it",
                         images=[fixtures / "shoes.png"], mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and handles(reply) == [1, 2]


def test_people_who_will_say_something_are_no_picture_to_find(session):
    session.send("a night sky over a small church", seed=1)  # 1
    reply = session.send("the sky is too dark, our old members will think it is sad. make the sky a bit lighter")
    assert reply.tool == "edit" and handles(reply) == [1]


def test_the_same_for_a_thing_sent_with_no_article_is_that_change_on_its_photo(session, fixtures):
    session.send("here is a jacket to sell. take out the background, plain white", images=[fixtures / "jacket.png"])  # 1 -> 2
    reply = session.send("Fine. Same for boots pls.", images=[fixtures / "shoes.png"])  # 3 -> 4
    assert reply.tool == "edit" and handles(reply) == [3]
    assert reply.images[0].recipe["prompt"] == session.image(2).recipe["prompt"]  # the change asked for the jacket
