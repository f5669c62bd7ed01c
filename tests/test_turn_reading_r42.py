"""Readings added from round 42's misreadings: places among versions said as options, counts said
loosely, versions of the picture in hand, comparisons with a photo the person sent, names given to
pictures, lending by a name, a redo after going back, and a painting lent for its look."""

from __future__ import annotations

from studio.content import ContentMatcher, Descriptor, same_word
from studio.parameters import extract_params
from studio.references import RouterContext, find_mentions
from studio.roles import edit_roles
from studio.understanding import TurnReader
from tools.schemas import ToolCall

router = TurnReader()


def after_three_options() -> RouterContext:
    """A banner (#1), then one turn that made three options of it (#2, #3, #4)."""
    options = ToolCall(tool="edit", args={"prompt": "accent colours", "source": 1, "references": []})
    return RouterContext(handles=[1, 2, 3, 4], path_handles=[1, 2, 3, 4], uploads=[], attached=[], current=4,
                         parents={2: [1], 3: [1], 4: [1]}, made_by={2: options, 3: options, 4: options},
                         last_call=options, last_made_call=options, batch=[2, 3, 4],
                         captions={1: "a launch banner", 2: "a launch banner in teal", 3: "a launch banner in orange",
                                   4: "a launch banner in purple"})


def handles(text: str, context: RouterContext) -> list[int]:
    return [h for m in find_mentions(text.lower(), context) for h in m.handles]


def test_places_among_versions_said_as_options():
    context = after_three_options()
    assert handles("Option two. The folded plate. We proceed with that one.", context) == [3]
    assert handles("Winner: the second option (the orange one)", context) == [3]
    assert handles("The second of these three, this is my uncle exactly", context) == [3]
    assert handles("the middle yin!", context) == [3]
    picked = router.route("The middle yin! She looks that cosy in it. We'll go wi that", context)
    assert picked.kind == "select" and picked.select == 3
    alone = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[], attached=[], current=3)
    assert handles("the second option would be a blue roof", alone) == []  # no versions made together: no place


def test_counts_said_loosely():
    assert extract_params("och she's too big, make her smaller an gie us three tae pick fae")[1].count == 3
    text, params = extract_params("yo can u make me like 4 sticker designs for my board")
    assert params.count == 4 and "sticker designs" in text
    assert extract_params("could i get **3 options** of the current banner")[1].count == 3
    assert extract_params("could i have two versions with a few bees about?")[1].count == 2
    assert extract_params("give me two alternates of this: same fox")[1].count == 2
    assert extract_params("i have 3 designs already")[1].count is None


def test_versions_of_the_picture_in_hand_edit_it():
    context = RouterContext(handles=[1], path_handles=[1], uploads=[], attached=[], current=1,
                            captions={1: "a red fox pouncing into snow"})
    for text in ("Give me two alternates of this: same fox, same light, different snow spray off the pounce.",
                 "## Variations\nCould I get **3 options** of the current banner, each with a different accent color?\n- teal",
                 "Hmm my head is mixed. From this one give me three versions, each time his face little bit different."):
        decision = router.route(text, context)
        assert decision.kind == "tool" and decision.call.tool == "edit", text
        assert decision.call.input_handles() == [1] and decision.call.params.count >= 2, text


def test_comparisons_with_the_photo_sent_or_the_picture_it_came_from():
    context = RouterContext(handles=[1, 2, 3, 4], path_handles=[1, 2, 3, 4], uploads=[1, 2], attached=[], current=4,
                            parents={4: [3, 2]}, names={2: "wood.png"},
                            captions={1: "this is my dog pippin", 2: "a bit of the timber my son-in-law brought round",
                                      3: "a raised bed", 4: "a raised bed with timber sides"})
    assert handles("is that the same colour as my wood?", context) == [2]
    assert handles("make the sides out of my timber from earlier", context) == [2]
    assert handles("make it for my son", context) == []
    assert handles("make the background look like my timber yard", context) == []
    asked = router.route("Is that the same colour as my wood, or has it come out a bit redder?", context)
    assert asked.call.tool == "describe" and asked.call.input_handles() == [4, 2]
    assert handles("does it read as clearly as the render it came from?", context) == [3]
    assert handles("which o thae last two has mair o the loch?", context) == [3, 4]


def test_a_given_name_is_not_read_for_its_meaning():
    assert not same_word("cake", "came") and same_word("hous", "house")
    context = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[3], attached=[], current=3,
                            called={3: ["biscuit"]}, captions={1: "a birthday cake", 2: "a birthday cake with two unicorns",
                                                              3: "this is biscuit, their dog. he came out green"})
    assert ContentMatcher(context).scores(Descriptor.parse("cake"), [3])[3] == 0.0


def test_lending_by_a_name_into_the_picture_in_hand():
    context = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[1], attached=[], current=2, called={1: ["morag"]},
                            captions={1: "this is ma dug morag", 2: "a highland cottage"})
    for text in ("can ye pit morag sittin at the front door o it?", "could you pop morag in as well, lying in the shade?"):
        assert edit_roles(text, find_mentions(text, context), context) == (2, [1]), text


def test_names_given_to_pictures():
    context = RouterContext(handles=list(range(1, 11)), path_handles=list(range(1, 11)), uploads=[5], attached=[],
                            current=10, parents={6: [1, 5], 10: [6]}, called={5: ["biscuit"]})
    named = router.route("ok this one is officially biscuit v2 lol", context)
    assert named.kind == "chat" and "biscuit v2" in named.reply  # a remark: nothing changes, #2 is not meant
    later = RouterContext(handles=list(range(1, 13)), path_handles=list(range(1, 13)), uploads=[5], attached=[],
                          current=12, parents={6: [1, 5], 10: [6], 12: [10]}, called={5: ["biscuit"], 10: ["biscuit v2"]})
    assert handles("eh idk its kinda boring now. go back to biscuit v2", later) == [10]


def test_a_redo_after_going_back_by_choice_returns_to_the_image_left():
    context = RouterContext(handles=list(range(1, 9)), path_handles=list(range(1, 9)), uploads=[3], attached=[], current=6,
                            current_path=[1, 2, 3, 5, 6, 8, 6], previous_action="select",
                            previous_text="could you put it back the way it was before the painting business?")
    decision = router.route("Can you bring that back again, the one you just took away?", context)
    assert decision.kind == "select" and decision.select == 8


def test_a_painting_sent_for_its_look_restyles():
    context = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[2], attached=[2], current=1,
                            names={2: "painting.png"}, captions={1: "a harbour at dusk"})
    decision = router.route("My mum painted this years ago. It would mean a lot if the harbour looked like it came "
                            "from her brush.", context)
    assert decision.kind == "tool" and decision.call.tool == "style" and decision.call.input_handles() == [1, 2]


def test_a_name_given_in_a_remark_names_that_picture_later(studio):
    session = studio.new_session(title="names")
    session.send("a misty pine forest at dawn", seed=1)
    named = session.send("love it. let's call this one Bob")
    assert named.tool is None and not named.images
    session.send("now a desert at noon with big dunes", seed=2)
    tent = session.send("put a little orange tent in Bob")
    assert tent.tool == "edit" and [ref.handle for ref in tent.inputs] == [1]


def test_a_separate_picture_borrows_nothing_from_the_one_it_refuses():
    context = RouterContext(handles=[1, 2], path_handles=[1, 2], uploads=[], attached=[], current=2, parents={2: [1]},
                            captions={1: "a spice bazaar poster", 2: "a spice bazaar poster, painted"})
    decision = router.route("Now separate new picture, not from the bazaar one: Turkish coffee in small cups on a copper "
                            "tray, from the top. For bottom corner of same poster.", context)
    assert decision.kind == "tool" and decision.call.tool == "generate" and decision.call.input_handles() == []


def test_a_look_said_in_words_is_an_edit_even_with_a_style_image_about():
    from studio.interpreter import ACTIONS, Reading

    scores = {action: 0.0 for action in ACTIONS} | {"style": 0.41, "edit": 0.40, "generate": 0.19}
    context = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[2], attached=[], current=3,
                            parents={3: [1, 2]}, last_style_image=2, captions={1: "a spice bazaar", 2: "a painting"})
    decided = TurnReader(interpreter=object()).decide("On the top write 'Hasan Amca Baharat - since 1968' with gold letters, "
                                                      "old style, not too modern.", context, Reading(scores))
    assert decided.call.tool == "edit" and decided.call.input_handles() == [3]


def test_the_ask_after_a_story_is_read_on_its_own():
    pepper = RouterContext(handles=[1], path_handles=[1], uploads=[1], attached=[], current=1, called={1: ["pepper"]},
                           captions={1: "this is pepper in our kitchen"}, current_path=[1], previous_action="chat",
                           previous_text="This is Pepper in our kitchen.")
    decision = router.route("So, the story. We found Pepper at a highway rest stop in the pouring rain, soaking wet, and "
                            "she jumped straight into our back seat like she owned the car. Ever since, rainy nights are "
                            "'her' nights. What I'm hoping for is to replace the kitchen behind her with a cozy living "
                            "room: fireplace going, warm lamp light, rain running down the window. Thanks in advance!", pepper)
    assert decision.kind == "tool" and decision.call.tool == "edit" and decision.call.input_handles() == [1]


def test_scrap_it_and_stick_with_a_version_named_picks_it():
    from studio.interpreter import ACTIONS, Reading

    scores = {action: 0.0 for action in ACTIONS} | {"edit": 0.59, "undo": 0.37, "chat": 0.04}
    context = RouterContext(handles=[1, 2, 3], path_handles=[1, 2, 3], uploads=[], attached=[], current=3,
                            parents={2: [1], 3: [2]}, current_path=[1, 2, 3],
                            captions={1: "a dog by the fire", 2: "a dog by the fire in a red jacket", 3: "an oil painting"})
    decided = TurnReader(interpreter=object()).decide("Too heavy. Let's scrap it and stick with image 2.", context, Reading(scores))
    assert decided.kind == "select" and decided.select == 2
