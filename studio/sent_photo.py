"""Whether the photo sent with a message is the picture that changes, as the message introduces it: someone ("this is
pepper! can you make her fur fluffy"), a thing of theirs ("This is the hat. Change its background to blue", "here's a
jacket I made, just change its background"), or a photo with a flaw marked on it ("the photo has a blurry patch in the
middle, can u fix just that part"). Used by studio/words.py and studio/roles.py (edits) and studio/calls.py (inpaints);
a photo sent to be put into another picture lends instead."""

from __future__ import annotations

import re


def introduced_and_changed(opening: str, request: str) -> bool:
    """ "and this is pepper! can you make her fur fluffy and put her in a park?": a photo sent as someone
    ("this is pepper", "meet my dog rufus"; not "this is a jacket") and a request about him or her (not
    "put it on her") is what changes."""
    intro = re.search(r"(?:^|[.!?]\s+)(?:and\s+|oh\s+and\s+)?(?:this\s+is|here\s+is|here's|heres|meet)\s+"
                      r"(?!(?:a|an|the|some|that|it|more|just)\b)(?:my\s+|our\s+)?(?:[a-z]+\s+){0,2}?[a-z]+"
                      r"\s*(?:[,.!?;:]|$|\s+(?:and|who|she|he)\b)", opening)
    # "make her fluffy", "her fur": her picture changes ("put him in the corner" places him in another)
    return bool(intro and re.search(r"\b(?:make|give|turn|let)\s+(?:her|him)\b|\b(?:her|his)\s+(?!own\b)[a-z]{3,}", request)
                and not re.search(r"\b(?:on|onto|to|for)\s+(?:her|him|them)\b", request)
                # "like him lying at the foot of the chair": placed in the picture in hand
                and not re.search(r"\b(?:him|her|them)\s+(?:[a-z]+ing|sat)\s+(?:at|by|beside|next\s+to|in\s+front\s+of|under|near|"
                                  r"on|in)\s+(?:the|a)\b", request))


def sent_thing_changed(opening: str, request: str) -> bool:
    """ "Sorry I forgot to send it. This is the hat. Change its background to blue": the thing sent, changed as "it"
    (not "this is the hat. put it on the dog")."""
    # ("now for the shop window: here's a jacket I made, just change its background": a thing of their own)
    thing = re.search(r"(?:^|[.!?:]\s+)(?:and\s+|so\s+)?(?:this\s+is|here\s+is|here'?s|heres)\s+(?:(?:the|my|our)\s+(?:[a-z]+\s+){0,2}?[a-z]+|"
                      r"an?\s+[a-z]+\s+(?:i|we|she|he)\s+(?:made|knitted|sewed|sewn|baked|painted|built|designed))"
                      r"\s*(?:[,.!?;:]|$)", opening)
    return bool(thing and re.search(r"\bits\s+(?!own\b)[a-z]{3,}|\b(?:make|turn|change|give)\s+it\b", request)
                and not re.search(r"\b(?:on|onto|to|into|in)\s+(?:her|him|them|it|the|my|our)\b", request))


# a photo sent now, said to need mending where it is marked: "and this is Nani's old dog, the photo has a blurry patch"
PHOTO_TO_MEND = re.compile(r"\b(?:the|this)\s+(?:photo|pic|picture|image|scan)\s+(?:has|is|got|looks)\b|"
                           r"(?:^|[.!?]\s+)(?:and\s+)?(?:this\s+is|here\s+is|here'?s)\s+(?:my|our|the|[a-z]+'s)\s+(?:old\s+)?[a-z]+\s*[,.]"
                           r"(?=[^.!?]*\b(?:fix|mend|repair|clean|remove|restore)\b)")
PUT_SOMEWHERE = re.compile(r"\b(?:put|add|place|insert|stick|pop|use|using)\b")


def photo_to_mend(said: str) -> bool:
    """A photo sent with a flaw to fix where it is marked, and nothing said of putting it into another picture."""
    return bool(PHOTO_TO_MEND.search(said)) and not PUT_SOMEWHERE.search(said)
