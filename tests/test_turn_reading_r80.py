"""Readings added from the misreadings of rounds 79 and 80. A number asked for beside words that say the person will
choose ("Three, please, so I choose.", "Show me 3 of em and I'll pick", "a few ... Say 4?? So I can have a look") counts
versions, however the count is worded. A photo said to be sent that shows someone no photo sent shows ("add his sister
too, the pic i showed you earlier", "Tyson, the staffy, the pic i sent ya earlier") asks, and so does the shop's logo or
the school badge never sent. "The hat in the first photo, onto the dog in the second", "put Bella next to Max in his
picture": the picture a thing goes onto changes. "show me again" beside a picture named shows it; "before Bramble got
her coat" and "as it was before the turtle" go back to the picture before that step.
"""

from __future__ import annotations

from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def test_a_number_beside_words_of_choosing_counts_versions(session):
    reply = session.send("A harbour with white houses and a peak behind, cloud on top. Three, please, so I choose.")
    assert reply.tool == "generate" and len(reply.images) == 3
    session.send("the second one")
    reply = session.send("He's a bit dull. Can you make the sky a prettier blue? Show me 3 of em and I'll pick.")
    assert reply.tool == "edit" and len(reply.images) == 3
    session.send("first one")
    reply = session.send("Now give us a few with SUMMER FAIR wrote big across the top!! Say 4?? So I can have a look!!")
    assert len(reply.images) == 4
    # a number of things, or how many there will be in all, is no count of versions
    reply = session.send("add 3 candles on the table so I can choose which cake to bake")
    assert reply.tool == "edit" and len(reply.images) == 1


def test_a_change_asked_before_the_count_is_made_to_the_picture_in_hand(session):
    session.send("a carved wooden bear with a salmon in its mouth", seed=1)  # 1
    reply = session.send("Ah, very nice. But can you change so bear is lying down, not standing? Show me 3 kind please.")
    assert reply.tool == "edit" and handles(reply) == [1] and len(reply.images) == 3


def test_someone_in_a_photo_said_sent_that_none_shows_asks(session, fixtures):
    session.send("this is Bruno", images=[fixtures / "dog.png"])  # 1
    session.send("a poster of Bruno pulling a lorry", seed=1)  # 2
    asked = session.send("quality. and put Bruno's pal Rocky on it too, the boxer, the pic i sent ya earlier")
    assert asked.needs_clarification and not asked.images
    reply = session.send("ah bugger, wrong phone. here he is", images=[fixtures / "dog2.png"])  # 3 -> 4
    assert reply.tool == "edit" and handles(reply) == [2, 3]
    asked = session.send("sooo cute. can u add his brother too, the pic i showed you earlier")
    assert asked.needs_clarification and not asked.images
    asked = session.send("In this one, could you please put grandmother by the window, from the photo of her I sent you yesterday?")
    assert asked.needs_clarification and not asked.images


def test_the_shops_logo_or_the_school_badge_never_sent_asks(session):
    session.send("a poster of a school crossing with children", seed=1)
    asked = session.send("Can you pop the school badge in the corner as well??")
    assert asked.needs_clarification and not asked.images
    asked = session.send("Ya. Now put the logo of the shop in the corner")
    assert asked.needs_clarification and not asked.images


def test_the_picture_a_thing_goes_onto_changes(session, fixtures):
    session.send("here you go", images=[fixtures / "hat.png", fixtures / "dog.png"])  # 1, 2
    reply = session.send("Other job. The hat in the first photo, onto the dog in the second.")
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_one_named_put_next_to_another_in_his_picture(session, fixtures):
    session.send("this is Max", images=[fixtures / "dog.png"])  # 1
    session.send("and this is Bella", images=[fixtures / "dog2.png"])  # 2
    reply = session.send("Can you put Bella next to Max in his picture?")
    assert reply.tool == "edit" and handles(reply) == [1, 2]


def test_a_thing_popped_on_my_wee_dug_here_changes_the_photo_sent(session, fixtures):
    session.send("a knitted red beanie on a table", seed=1)  # 1
    reply = session.send("Och, that's braw. Pop that beanie on my wee dug here.", images=[fixtures / "dog.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [2, 1]


def test_show_me_again_beside_a_picture_named_shows_it(session):
    session.send("a birthday card with a cake", seed=1)  # 1
    session.send("make it look like an oil painting", seed=2)  # 2
    session.send("add candles to the cake", seed=3)  # 3
    reply = session.send("Qui bonito! The one before the candles, the painting one, show me again, I want to see.")
    assert reply.tool is None and not reply.images and session.current_image().handle == 2


def test_the_picture_before_a_step_said_with_a_name_or_as_it_was(session, fixtures):
    session.send("this is Bramble", images=[fixtures / "dog.png"])  # 1
    session.send("put Bramble in a park", seed=1)  # 2
    session.send("give her a little yellow coat", seed=2)  # 3
    session.send("add balloons", seed=3)  # 4
    reply = session.send("Ooh hang on, can I see the one from before Bramble got her coat??")
    assert not reply.images and session.current_image().handle == 2
    session.send("a beach with rocks", seed=4)  # 5
    session.send("add a turtle on the sand", seed=5)  # 6
    reply = session.send("Humbug, the turtle look like a stone. Put it back as it was before the turtle.")
    assert not reply.images and session.current_image().handle == 5


def test_dialect_picks_requests_and_answers(session, fixtures):
    session.send("a birthday card with a porch by the sea", seed=1)  # 1
    session.send("gimme tree diffrunt way fuh write Happy Birt'day cross de top so I kin pick de one I like")  # 2, 3, 4
    reply = session.send("De secon one. Dat de one.")
    assert not reply.images and session.current_image().handle == 3
    reply = session.send("And this is Bramble!! She comes to the crossing with me on Fridays and the kiddies love her!! "
                         "Stick her in next to me!!", images=[fixtures / "dog.png"])  # 5 -> 6
    assert reply.tool == "edit" and handles(reply) == [3, 5]
    asked = session.send("Now pit mi odda dog Pepper in dey side Bramble. E de one in de picture I sen oona dis mawnin.")
    assert asked.needs_clarification and not asked.images
    reply = session.send("Eh eh, I fuhget fuh sen um! Mi head ain't wuh e use tuh be. Yah e go, dat Pepper.",
                         images=[fixtures / "dog2.png"])  # 7 -> 8
    assert reply.tool == "edit" and handles(reply) == [6, 7]


def test_again_but_after_an_undo_is_the_step_undone_with_the_change(session):
    session.send("a family reunion on a porch", seed=1)  # 1
    session.send("Put Locklear Family Reunion across the top in big letters", seed=2)  # 2
    session.send("Them letters came out all curly, I can't read em. Take that back off.")
    reply = session.send("Do it again but make the letters red and plain this time.")
    assert reply.tool == "edit" and handles(reply) == [1]  # (read as the generate before it, it made a new picture)


def test_a_picture_named_then_a_change_to_it_is_an_edit_of_it(session, fixtures):
    session.send("this is Rex", images=[fixtures / "dog.png"])  # 1
    session.send("put a hat on him", seed=1)  # 2
    session.send("make the background pink", seed=2)  # 3
    reply = session.send("the one where he's just got the hat on, before the pink - crop that one square")
    assert reply.tool == "edit" and handles(reply) == [2]


def test_the_dog_of_two_named_dogs_sent_together_asks(session, fixtures):
    session.send("here are my two dogs, Max and Ruby", images=[fixtures / "dog.png", fixtures / "dog2.png"])
    asked = session.send("can you make the dog's fur look darker?")
    assert asked.needs_clarification and not asked.images


def test_the_studio_asked_about_itself_is_chat_and_a_look_asked_for_describes(session, fixtures):
    session.send("an old ferry on a wide river", seed=1)  # 1
    for said in ("Do you ever get tired, answering folks all day long? Fifty years on this river and I still talk.",
                 "Tell me, where do this machine live? Is it on the big land? We have only the one satellite here."):
        reply = session.send(said)
        assert reply.tool is None and not reply.needs_clarification and not reply.images, said
    session.send("put a hat on the ferryman", seed=2)  # 2
    reply = session.send("Haha he look like old man now. Can you see his ears under the hat or they covered?")
    assert reply.tool == "describe" and handles(reply) == [2]
