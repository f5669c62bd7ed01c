"""Readings added from the misreadings of round 82. A boat described at length and then "make her look pretty" in an empty
session is a new picture; counts said as "tree diffrent ones", "3 of them." or "give me 3 with ..., different letters each"
make that many; "same poster but square, give me three" changes the picture in hand; "remets ça comme avant" and Bislama
"tekem i go bak olsem bifo" go back; "Second one." picks among the versions just made; "this middle one" with a mask
is a thing in the picture; "Dis we dog Bobby" names the dog; "put him in a little yellow raincoat" dresses the dog sent;
"put that scarf on this dog of mine" changes the dog sent; "which of the two ... in it?" compares both; "before he got
the hat" and "before I asked for the boats" find the step that brought them.
"""

from __future__ import annotations

from memory.models import ToolRun
from tests import test_turn_reading_r52 as r52

session = r52.session  # a fresh session on the stub preset per test
handles = r52.handles


def prompt_of(session, reply) -> str:
    with session._studio.store.db() as db:
        return db.query(ToolRun).filter(ToolRun.turn_id == reply.turn.id).first().params["prompt"]


def test_a_picture_described_then_made_pretty_in_an_empty_session_is_made(session):
    reply = session.send("Mornin'! Lord it's hot in de shed today. Look here bie, I need a picture for sellin' a wessel. 14 "
                         "foot cedar dinghy, Bermuda rig, white sail, sittin' on a trailer in front of a pink sand beach, "
                         "turquoise water behind. Make her look pretty now")
    assert reply.tool == "generate" and [i.handle for i in reply.images] == [1]
    assert "dinghy" in prompt_of(session, reply)
    # with nothing described the question stands
    other = session._studio.new_session("empty")
    assert other.send("make her look pretty now").needs_clarification


def test_counts_said_in_other_ways(session, fixtures):
    session.send("a firewood pile by a log cabin in the snow", seed=1)  # 1
    reply = session.send("ok. 3 of them. different sky")
    assert [i.handle for i in reply.images] == [2, 3, 4]
    reply = session.send("haha maudit qu'il est beau. give me 3 with writing on top BOIS DE CHAUFFAGE, different letters each")
    assert len(reply.images) == 3
    session.send("this is our dog", images=[fixtures / "dog.png"])
    reply = session.send("Mek me tree diffrent ones so I kin pick, wid a yellow house behind.")
    assert len(reply.images) == 3
    reply = session.send("Ale, naoia mi wantem narawan poster, blong Wednesday ship dei. Big ship long harbour, tourist, kava "
                         "bowl, red flowers. Mekem tu difren wan, mi jusum.")
    assert len(reply.images) == 2
    # a removal's "3 of them" counts things, not versions
    reply = session.send("Remove the birds. 3 of them. The sky too")
    assert len(reply.images) == 1


def test_the_same_poster_but_square_in_three_versions_changes_the_picture_in_hand(session):
    session.send("a cholita wrestler flying from the ropes, big letters on top", seed=1)  # 1
    reply = session.send("waliki. Now I need also for the Facebook, square. Same póster but square, give me three to choose")
    assert reply.tool == "edit" and handles(reply) == [1] and len(reply.images) == 3


def test_going_back_said_in_french_and_bislama(session):
    session.send("a kava bar poster with a bowl on a table", seed=1)  # 1
    session.send("make it very colourful", seed=2)  # 2
    reply = session.send("Sori, hemia i no gud, tumas kala, i luk olsem rabis. Tekem i go bak olsem bifo.")
    assert reply.tool is None and session.current_image().handle == 1
    session.send("add a red hibiscus on the table", seed=3)  # 3
    reply = session.send("meh c'est pire. remets ça comme avant")
    assert reply.tool is None and session.current_image().handle == 1


def test_a_bare_ordinal_picks_among_the_versions_just_made(session):
    session.send("a dumpling stall at night, three versions", seed=1)  # 1, 2, 3
    reply = session.send("Second one. The others 侬 make so ugly")
    assert reply.tool is None and session.current_image().handle == 2


def test_this_middle_one_with_a_mask_is_a_thing_in_the_picture(session, fixtures):
    session.send("three soup dumplings in a bamboo steamer", seed=1)  # 1
    reply = session.send("This middle one, the dumpling broken, soup come out everywhere. Fix, make it whole",
                         mask=fixtures / "mask_center.png")
    assert reply.tool == "inpaint" and handles(reply) == [1]


def test_a_dog_introduced_in_creole_lends_to_the_card_that_names_him(session, fixtures):
    session.send("Mornin! Ow yer doin tiday. Me cousin Jolene comin home from the Falklands on Saturday plane, first time in "
                 "tree year, an we all gon meet she up Prosperous Bay. Dis we dog Bobby, ee bin pinin fer she ever since she "
                 "gone. Me ent ready yet, I jus showin yer im fer now.", images=[fixtures / "dog.png"])  # 1
    reply = session.send("Right, wha I wan is a welcome home card. Bobby sittin front a one a dem yellow houses down Jamestown, "
                         "wid big letters WELCOME HOME JOLENE across the top. Mek me tree diffrent ones so I kin pick.")
    assert reply.tool == "generate" and handles(reply) == [1] and len(reply.images) == 3
    assert "yellow houses" in prompt_of(session, reply)


def test_a_dog_sent_is_dressed_and_wears_what_the_picture_in_hand_shows(session, fixtures):
    session.send("a park bench under an oak tree", seed=1)  # 1
    reply = session.send("here's my boy Max! could you put him in a little yellow raincoat please",
                         images=[fixtures / "dog.png"])  # 2 -> 3
    assert reply.tool == "edit" and handles(reply) == [2]
    session.send("product photo of a red knitted scarf on a white background", seed=2)  # 4
    reply = session.send("Lovely. Now put that scarf on this dog of mine, round his neck please",
                         images=[fixtures / "dog2.png"])  # 5 -> 6
    assert reply.tool == "edit" and handles(reply) == [5, 4]
    reply = session.send("Separate thing. Put this jacket on this dog",
                         images=[fixtures / "jacket.png", fixtures / "dog2.png"])  # 7 (dog2 keeps 5) -> 8
    assert reply.tool == "edit" and handles(reply) == [5, 7]


def test_which_of_the_two_with_in_it_compares_both(session):
    session.send("two logo ideas for a bakery called Crumbs, give me 2", seed=1)  # 1, 2
    reply = session.send("which of the two has the bigger loaf of bread in it?")
    assert reply.tool == "describe" and handles(reply) == [1, 2]


def test_before_he_got_the_hat_and_before_i_asked_for_the_boats(session, fixtures):
    session.send("a snowman in a garden", seed=1)  # 1
    session.send("give him this hat", images=[fixtures / "hat.png"])  # 2 -> 3
    session.send("make the sky pink", seed=2)  # 4
    reply = session.send("go back to the snowman from before he got the hat and give that one a carrot nose")
    assert reply.tool == "edit" and handles(reply) == [1]
    # the step that brought the boats, not a later one that spoke of the boat again
    session.send("a whale tail in the sea", seed=3)  # 6
    session.send("put some waves and white spray", seed=4)  # 7
    session.send("give me 3 versions of this one with a small orange boat full of tourists", seed=5)  # 8, 9, 10
    session.send("the middle one")  # 9
    session.send("make the boat red", seed=6)  # 11
    reply = session.send("go back to the one with only the waves, before I asked for the boats")
    assert reply.tool is None and session.current_image().handle == 7
