#!/usr/bin/env python3
"""Training-corpus generator for the Image Studio turn interpreter.

Produces labelled, dialogue-shaped examples (one JSON object per line):

    {"text", "prev_text", "prev_action", "n_images", "n_attached",
     "has_mask", "has_current", "label"}

Standard library only; output is deterministic for a given --seed.

    python3 corpus.py --out /tmp/corpus.jsonl --n 30000 --seed 0
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict

LABELS = ["generate", "edit", "style", "inpaint", "describe",
          "undo", "redo", "select", "repeat", "chat"]

# Target share of each label in the final corpus.
MIX = {
    "generate": 0.15, "edit": 0.20, "style": 0.07, "inpaint": 0.06,
    "describe": 0.09, "undo": 0.075, "redo": 0.06, "select": 0.075,
    "repeat": 0.07, "chat": 0.14,
}

IMAGE_LABELS = {"generate", "edit", "style", "inpaint", "undo", "redo",
                "select", "repeat"}

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

SUBJECTS = [
    "a lighthouse", "a cat", "an old fisherman", "a koala", "a red fox", "a robot",
    "a castle", "a dragon", "a bowl of ramen", "a vintage car", "a hot air balloon",
    "two kids", "a golden retriever puppy", "a wizard", "a treehouse", "a sailboat",
    "a cozy cabin", "an astronaut", "a jellyfish", "a samurai", "a bakery storefront",
    "a cup of coffee", "a penguin", "a giraffe", "an owl", "a ballerina", "a tiger",
    "a spaceship", "a waterfall", "a tiny mouse", "a knight", "a teapot", "a bicycle",
    "a frog", "a mermaid", "a snowman", "a corgi", "a pirate ship", "a little girl",
    "an elephant", "a panda", "a unicorn", "a steam train", "a windmill", "a fairy",
    "a grumpy old man", "a bunny", "a skyscraper", "a vampire", "a hedgehog",
    "a farmhouse", "a bonsai tree", "a chef", "a motorbike", "a phoenix", "a whale",
    "a raccoon", "a ninja", "a campfire", "a birthday cake", "a chess board",
    "a polar bear", "a lion", "a parrot", "a witch", "a mushroom house",
    "a yellow submarine", "a cowboy", "a goldfish", "a sloth", "an octopus",
    "a greenhouse", "a food truck", "a grandma knitting", "a dinosaur",
    "a sunflower", "a bridge", "a temple", "a deer", "a football player",
]

SUBJECT_ATTRS = [
    "wearing a crown", "in a tiny hat", "reading a book", "playing guitar",
    "made of glass", "with neon lights", "fast asleep", "riding a skateboard",
    "eating a donut", "wearing sunglasses", "in a space suit", "covered in moss",
    "holding an umbrella", "drinking tea", "with huge wings", "made of lego",
    "wearing a scarf", "dancing", "with glowing eyes", "in a tuxedo",
    "carrying a lantern", "surrounded by butterflies", "on roller skates",
]

SETTINGS = [
    "at dusk", "in the clouds", "on the moon", "in a snowy forest", "on a beach",
    "under the sea", "in Tokyo at night", "in a field of flowers", "on a rainy street",
    "in the desert", "in space", "in a library", "on top of a mountain",
    "in a medieval village", "at sunrise", "in a jungle", "on a rooftop",
    "in a busy market", "next to a lake", "in a candlelit room", "at the north pole",
    "in a cyberpunk city", "in a wheat field", "during a thunderstorm",
    "in an old train station", "on a foggy morning", "in autumn", "in a cave",
]

MEDIA = [
    "watercolour", "watercolor", "oil painting", "pixel art", "anime", "photorealistic",
    "3d render", "pencil sketch", "low poly", "storybook", "vintage poster",
    "comic book", "claymation", "line art", "synthwave", "charcoal", "ukiyo-e",
    "stained glass", "cinematic", "cartoon", "art deco", "impressionist",
]

PURPOSES = [
    "a poster for our school bake sale", "a birthday card for my grandma",
    "a logo for my coffee truck", "a banner for my twitch channel",
    "a flyer for a lost cat", "a wallpaper for my phone",
    "an illustration for my kid's bedtime story", "a cover for my D&D notes",
    "an invitation for my sister's wedding", "a thumbnail for my cooking video",
    "a sticker for my laptop", "a t-shirt design for our running club",
    "a book cover for my fantasy novel", "an album cover for my band",
    "a menu header for my restaurant", "a profile picture", "a christmas card",
    "a poster for a jazz night", "a mascot for our football team",
    "a postcard from an imaginary city", "a tattoo idea",
]

# (target, [adjectives])
TARGET_ADJ = [
    ("the sky", ["stormy", "more dramatic", "pink", "clearer", "darker", "bluer",
                 "cloudier", "orange like a sunset"]),
    ("the background", ["darker", "blurry", "plain white", "simpler", "less busy",
                        "lighter", "out of focus", "green"]),
    ("the water", ["bluer", "calmer", "more turquoise", "rougher", "clearer"]),
    ("his hair", ["red", "longer", "curly", "shorter", "grey", "blonde"]),
    ("her hair", ["purple", "longer", "braided", "shorter", "darker"]),
    ("her dress", ["green", "longer", "sparkly", "red", "simpler"]),
    ("the car", ["red", "shinier", "older", "black", "bigger"]),
    ("the cat", ["fluffier", "orange", "bigger", "fatter", "sleepier"]),
    ("the dog", ["smaller", "happier", "wet", "fluffier", "brown"]),
    ("the grass", ["greener", "drier", "longer"]),
    ("the lighting", ["softer", "warmer", "moodier", "brighter", "more natural"]),
    ("the text", ["bigger", "bolder", "easier to read", "gold", "smaller"]),
    ("the house", ["bigger", "blue", "cozier", "older", "spookier"]),
    ("the trees", ["orange and red", "taller", "bare", "snowy"]),
    ("the shadows", ["softer", "lighter", "deeper"]),
    ("the castle", ["taller", "darker", "more ruined", "pink"]),
    ("the eyes", ["green", "bigger", "less creepy", "brighter"]),
    ("the walls", ["white", "brick", "yellow"]),
    ("the moon", ["bigger", "redder", "fuller"]),
    ("the colors", ["more muted", "more vivid", "warmer", "pastel"]),
    ("the colours", ["richer", "softer", "less neon"]),
    ("his jacket", ["leather", "blue", "yellow"]),
    ("the flowers", ["pink", "bigger", "wilder"]),
]

GLOBAL_ADJ = [
    "brighter", "darker", "warmer", "cooler", "sharper", "more vibrant",
    "less saturated", "more realistic", "more cartoony", "black and white", "sepia",
    "moodier", "cheerier", "softer", "creepier", "cuter", "more minimal",
    "higher contrast", "less grainy", "more colorful", "more cinematic",
    "a bit lighter", "way darker", "less busy", "more festive", "spookier",
    "more vintage", "grittier", "cleaner", "dreamier", "more professional",
    "square", "wider", "landscape", "portrait format",
]

GLOBAL_FRAGMENTS = [
    "brighter", "darker", "warmer", "a bit warmer", "cooler tones", "less grainy",
    "more contrast", "less contrast", "sharper", "crisper", "less busy",
    "more saturated", "desaturate it a bit", "tone it down", "more pop",
    "less grainy, warmer", "brighter and warmer", "darker, moodier",
    "softer light", "more vivid colours", "more vivid colors", "less orange",
    "less yellow", "a little less red", "bigger", "smaller text", "zoom out a bit",
    "crop it square", "more detail", "less detail", "more snow", "a bit more snow",
    "more clouds", "fewer people", "more light", "less noise", "less blur",
    "at night instead", "in winter instead", "at sunset instead", "more dramatic",
]

ADD_OBJECTS = [
    "a rainbow", "some birds in the sky", "a hat on the dog", "sunglasses on him",
    "a full moon", "snow", "a little boat on the lake", "fireworks", "a thin border",
    "some text saying Happy Birthday Dad", "a second cat", "balloons",
    "flowers in the foreground", "a shadow under the car", "a sign that says OPEN",
    "a campfire", "stars", "a butterfly on her shoulder", "a scarf on the snowman",
    "a crown on the cat", "a dragon flying in the distance", "some fog",
    "a puppy next to her", "rain", "a reflection in the water", "a mustache",
    "a party hat", "a small cabin on the hill", "string lights", "a cup of coffee on the table",
    "a lens flare", "more trees", "a waterfall in the back", "a smile",
]

REMOVE_OBJECTS = [
    "the people in the background", "the power lines", "the watermark", "the crease",
    "the scratches", "the car", "the extra finger", "the text", "the lamp post",
    "that weird blob on the left", "the red eye", "the shadow", "the photobomber",
    "the trash can", "the guy on the right", "the glare on his glasses", "the logo",
    "the clouds", "the fence", "the stain on the shirt", "the date stamp",
    "the second dog", "the tourists", "the wires", "the bird", "the background",
    "the frame", "the cables on the wall", "the pimple on my chin",
]

REPLACE_PAIRS = [
    ("the cat", "a dog"), ("the red car", "a blue bike"), ("the sun", "a full moon"),
    ("the mountains", "a city skyline"), ("the coffee cup", "a glass of wine"),
    ("the hat", "a crown"), ("the dog", "a fox"), ("the beach", "a snowy field"),
    ("the tree", "a palm tree"), ("the sword", "a magic wand"),
    ("the horse", "a unicorn"), ("the house", "a castle"), ("the boat", "a pirate ship"),
    ("the text", "my name"), ("the apple", "an orange"), ("the man", "a woman"),
    ("the daytime", "night"), ("summer", "winter"), ("the guitar", "a violin"),
]

WISH_STATES = [
    "he was smiling", "she looked happier", "the dog was looking at the camera",
    "the sky had more clouds", "it was a bit brighter", "the colors popped more",
    "the cat had blue eyes", "she had her eyes open", "it looked less fake",
    "the background was blurred", "he had a beard", "the room felt cozier",
    "the sun was setting", "there was snow on the roofs", "the text was readable",
    "the kids were holding hands", "it felt more like summer", "he wasn't frowning",
    "my grandpa's face was sharper", "the photo wasn't so faded",
]

COMPLAINTS = [
    "the colours feel washed out", "the colors look washed out", "it's way too dark",
    "the face looks kinda off", "his hands look weird", "the text is all garbled",
    "it's too busy", "the dog looks creepy", "the sky looks fake", "it's a bit blurry",
    "the lighting is too harsh", "everything is too orange", "she looks way older than she is",
    "the proportions are off", "the horizon is crooked", "there's a weird smudge near the top",
    "her eyes look strange", "the cat has five legs", "it's too grainy",
    "the hat looks too big", "the shadows are too strong", "too much blue",
    "the background is distracting", "his smile looks forced", "it looks too plastic",
    "the edges look jagged", "it's kind of flat", "the skin looks too smooth",
    "the sign is misspelled", "the water looks like jelly", "it's too saturated",
    "the moon is way too small", "way too pink", "the fingers are messed up",
    "the sky is too dramatic", "the colours are too bright", "he looks too serious",
    "the cat looks too smug", "it doesn't look like a painting at all", "the dog doesn't look like ours",
    "it looks too much like a movie poster", "it's too realistic", "the lighting isn't right",
]
COMPLAINT_TAILS = [
    "", "", "", ". can you fix that?", " - fix pls", ", any way to fix it?",
    ". could you sort that out?", ", can that be fixed?", ". fix it", " :(",
    ", help", ". make it better?", " tbh", ", please fix", "...",
]

REMARKS = [
    "haha he looks like my uncle", "lol the cat looks so smug", "wow the colours are amazing",
    "my daughter will love this", "this is exactly what I pictured", "the dog looks just like ours",
    "that sky is gorgeous", "omg so cute", "ha, the hat is hilarious", "that's so cool",
    "the lighting is perfect", "he looks so serious haha", "my mom is going to cry",
    "this is going on my fridge", "I can't stop laughing at his face",
    "the sky is so dramatic, love it", "wow it really looks like a painting",
    "that looks just like my grandma's old house", "the details are insane",
    "perfect, that's the one", "my son says it's the best thing ever",
    "the colours are spot on", "that's hilarious", "looks like a movie poster lol",
    "I'm printing this", "honestly better than I expected", "so pretty",
    "the cat's expression is priceless", "nice, very moody", "this made my day",
    "that's wild", "it looks so real", "we had a dog exactly like that",
    "my dog actually passed last year so this means a lot", "we're going to japan next month",
    "I'm a teacher, my class is going to love it", "the kids are screaming with joy lol",
    "haha the hat is ridiculous, love it", "that's exactly our street", "my cat is judging it",
    "I didn't expect the colours to be so bright, nice", "you're good at this",
    "he's going to frame this", "looks like something from a museum",
    "the reflection in the water is beautiful", "he kinda looks like a wizard now haha",
]
THANKS = [
    "thanks", "thank you", "thank you so much", "thx", "ty", "tysm", "thanks a lot",
    "cheers", "much appreciated", "thanks!!", "great, thanks", "perfect thank you",
    "awesome thanks", "ok thanks", "many thanks", "thank u", "thanks mate",
    "thank you very much, that is wonderful", "merci", "gracias", "danke",
]
GREETINGS = [
    "hi", "hello", "hey", "hey there", "good morning", "hiya", "yo", "sup",
    "hello!", "hi there, how are you?", "good evening", "hey, I'm new here",
    "hi again", "morning!", "hellooo", "howdy", "hi, it's me again",
]
GOODBYES = [
    "bye", "that's all for today", "ok I'm done", "gotta go", "see you later",
    "goodnight", "that's it, thanks", "cya", "I'll come back tomorrow",
    "done for now", "bye bye", "talk later", "that will be all", "ttyl",
]
ACKS = [
    "ok cool", "ok", "okay", "nice", "cool", "got it", "alright", "sure", "hmm",
    "interesting", "i see", "neat", "fair enough", "oh ok", "k", "lol", "haha",
    "wow", "hmm let me think", "one sec", "brb", "hold on, let me find the photo",
    "give me a minute", "let me think about what to do next", "hmm not sure yet",
    "ok let me show my wife", "wait", "uh", "nvm", "never mind", "forget it",
]
APP_QUESTIONS = [
    "can you make videos?", "how do I undo?", "do you keep my photos?",
    "how do I download this?", "is this free?", "what can you do?",
    "can I use these commercially?", "how many images can I make?",
    "how does the mask thing work?", "can you do gifs?", "are you an AI?",
    "where do my pictures get saved?", "how do I attach a photo?",
    "is there a size limit for uploads?", "can I share this with my friend?",
    "what does select do?", "how do I go back to an older image?",
    "do you work on mobile?", "can you edit pdfs?", "who can see my images?",
    "can you make music?", "what resolution are the images?", "how do I draw a mask?",
    "can you animate this?", "do you delete the photos after?",
    "what's the difference between undo and select?", "can I get my old images back tomorrow?",
    "do you understand spanish?", "why is it so slow today?", "can you make 3d models?",
    "are my uploads private?", "can you print these for me?", "what model are you?",
    "is there a dark mode?", "can you write me a poem?", "what languages do you speak?",
    "how long does it take to make one?", "can I upload more than one photo?",
]
UPLOAD_REMARKS = [
    "here's my dog", "this is the photo I mentioned", "this is my dog",
    "this is my cat Luna", "here's a pic of my grandparents", "found it!",
    "here you go", "this is my garden", "here's the painting I was talking about",
    "my kids last summer", "this is me lol", "ok here's the logo", "look at this",
    "this is our house", "here's the old photo", "my bike", "that's my sister",
    "here are the photos", "this is the room", "here's the sketch I made",
    "my favourite painting", "just uploading this for later", "look what I found in the attic",
    "this is what I meant", "here it is", "attached!",
]

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh",
            "eighth", "ninth", "tenth"]
NUMWORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
CONTENT_REFS = [
    "the one with the hat", "the one with the dog", "the beach one", "the darker one",
    "the one with the rainbow", "my dog photo", "the photo I uploaded", "the night one",
    "the one where he's smiling", "the blue one", "the original", "the one with snow",
    "the version with the boat", "the cartoon one", "the realistic one", "the original photo",
]

PREFIXES = [
    "ok so", "alright.", "hey!", "hi again,", "sorry for the delay,", "so my mom saw the last one and loved it.",
    "ok I'm back.", "sorry, got distracted.", "this is for my dad's birthday btw.", "right.",
    "hmm ok.", "alright, next:", "good morning!", "quick one:", "one more thing:", "so,",
    "I've been thinking.", "ok", "okay so", "um", "well,", "yeah so", "right so",
    "my boss wants changes lol.", "it's for a school project.", "it's late here but",
    "ok listen.", "real quick", "so basically", "I showed my friend and",
    "it's for my dad's birthday,", "this is fun.", "no rush but",
]
THANKS_PREFIXES = [
    "thanks!", "love it!", "perfect.", "nice one.", "great,", "wow ok.", "cool cool.",
    "thank you!", "awesome.", "haha nice.", "ty!", "looks good.",
]
SUFFIXES = [
    "thanks", "pls", "please", "thx", "if you can", "when you get a chance", "lol",
    "ty", "thank you", "cheers", "plz", "asap", "if possible", "haha", "ok?", "thanks!",
]
EMOJI = ["😊", "😂", "🙏", "👍", "🔥", "✨", "😍", "🤔", "😅", "🥲", "🐶", "🎨", "💀",
         "❤️", "🙌", "😭", "🤩", "👀", "😬", "🥺"]

# VP wrappers. "{vp}" is an imperative verb phrase.
YOU_WRAPPERS = [
    "{vp}", "{vp}", "{vp}", "{vp} please", "please {vp}", "pls {vp}", "{vp} pls",
    "can you {vp}?", "could you {vp}?", "can u {vp}", "would you {vp}?",
    "I want you to {vp}", "I'd like you to {vp}", "I'd love it if you could {vp}",
    "I was wondering whether you might {vp}", "would you be so kind as to {vp}?",
    "any chance you could {vp}?", "think you could {vp}?", "you think you can {vp}?",
    "ok now {vp}", "now {vp}", "next, {vp}", "go ahead and {vp}", "just {vp}",
    "I need you to {vp}", "{vp}, thanks", "{vp} thx", "kindly {vp}",
    "I would appreciate it if you could {vp}", "Could you please {vp}?",
    "please to {vp}", "you can {vp}?", "can you please {vp}", "yo {vp}",
    "hey can you {vp}", "would it be possible to {vp}?", "is it possible to {vp}?",
    "mind if I ask you to {vp}?", "could I ask you to {vp}?", "do me a favour and {vp}",
    "can you pls {vp}", "cn u {vp}", "r u able to {vp}?", "Please could you {vp}.",
    "I'd be grateful if you could {vp}.", "how about you {vp}?",
]
WE_WRAPPERS = ["let's {vp}", "can we {vp}?", "could we {vp}?", "we should {vp}",
               "maybe {vp}?", "time to {vp}", "I think we should {vp}", "lets {vp}"]


def wrap(rng, vp, we_ok=True):
    pool = YOU_WRAPPERS + (WE_WRAPPERS if we_ok else [])
    return rng.choice(pool).format(vp=vp)


# ---------------------------------------------------------------------------
# Image references
# ---------------------------------------------------------------------------

def num_ref(rng, k):
    """A way of writing 'image k' (1-based)."""
    forms = [f"#{k}", f"image {k}", f"picture {k}", f"number {k}", f"pic {k}",
             f"no. {k}", f"image #{k}", f"img {k}", f"the {ORDINALS[k-1]} one",
             f"the {ORDINALS[k-1]} image", f"the {ORDINALS[k-1]} picture",
             f"version {k}", f"#{k}", f"option {k}", f"nr {k}"]
    if k <= len(NUMWORDS):
        forms.append(f"number {NUMWORDS[k-1]}")
    return rng.choice(forms)


class Req:
    """Context requirements of a generated text."""

    def __init__(self, min_images=0, attached=0, mask=False, need_prev=False,
                 max_images=None, empty=False, need_current=False):
        self.min_images = min_images
        self.attached = attached          # exact number of attachments
        self.mask = mask
        self.need_prev = need_prev
        self.max_images = max_images
        self.empty = empty                # must be an empty session
        self.need_current = need_current  # n_images + n_attached >= 1
        self.prev_choices = None          # preferred previous actions
        self.prev_describe = None         # prev_text to use when prev_action is describe


def pick_ref(rng, req, allow_content=True):
    """Pick an image reference; updates req.min_images."""
    if allow_content and rng.random() < 0.2:
        req.min_images = max(req.min_images, 2)
        return rng.choice(CONTENT_REFS)
    k = rng.choices(range(1, 8), weights=[5, 6, 5, 3, 2, 1, 1])[0]
    req.min_images = max(req.min_images, k, 2)
    return num_ref(rng, k)


# ---------------------------------------------------------------------------
# Label generators: each returns (text, Req)
# ---------------------------------------------------------------------------

def subject_phrase(rng, medium_p=0.25):
    s = rng.choice(SUBJECTS)
    r = rng.random()
    if r < 0.45:
        s += " " + rng.choice(SUBJECT_ATTRS)
    if rng.random() < 0.6:
        s += " " + rng.choice(SETTINGS)
    if rng.random() < medium_p:
        m = rng.choice(MEDIA)
        s = rng.choice([f"{s}, {m}", f"{s} in {m} style", f"{s} in a {m} style",
                        f"{m} {s}" if not s.startswith(("a ", "an ", "two ")) else f"{s}, {m} style",
                        f"{s} as {m}"])
    return s


def strip_article(np_):
    for a in ("a ", "an ", "the "):
        if np_.startswith(a):
            return np_[len(a):]
    return np_


def gen_generate(rng):
    req = Req()
    r = rng.random()
    subj = subject_phrase(rng)
    if r < 0.22:
        text = subj  # bare description
    elif r < 0.50:
        verb = rng.choice(["draw", "make", "create", "generate", "paint", "show me",
                           "draw me", "make me", "give me", "render", "imagine",
                           "design", "sketch", "do"])
        obj = rng.choice([subj, f"a picture of {strip_article(subj)}" if rng.random() < 0.3 else subj,
                          f"an image of {subj}", f"a picture of {subj}", f"a pic of {subj}"])
        text = wrap(rng, f"{verb} {obj}", we_ok=("me" not in verb))
    elif r < 0.60:
        purpose = rng.choice(PURPOSES)
        text = rng.choice([
            f"I need {purpose}", f"I need {purpose} with {rng.choice(SUBJECTS)}",
            f"can you make {purpose}?", f"{purpose}, something with {rng.choice(SUBJECTS)}",
            f"could you design {purpose}", f"i'm looking for {purpose}",
            f"help me make {purpose}", f"{purpose} please", f"we need {purpose} by friday",
            f"I want {purpose}, maybe {subject_phrase(rng, 0)}",
        ])
    elif r < 0.72:
        # explicitly new picture while images already exist
        req.min_images = 1
        req.need_prev = True
        text = rng.choice([
            f"now something totally different: {subj}", f"new image: {subj}",
            f"different idea - {subj}", f"ok new one. {subj}", f"next: {subj}",
            f"let's do {subj} next", f"now draw {subj}", f"new picture please, {subj}",
            f"forget that, make {subj}", f"something else now: {subj}",
            f"start fresh: {subj}", f"ok now a new one of {strip_article(subj)}",
            f"totally unrelated but can you draw {subj}", f"new prompt: {subj}",
            f"how about {subj} now", f"and now {subj}", f"moving on. {subj}",
        ])
    elif r < 0.80:
        # "another one of <NEW subject>"
        req.min_images = 1
        req.need_prev = True
        s2 = subject_phrase(rng, 0.1)
        text = rng.choice([
            f"make another one of {s2}", f"another picture of {s2}",
            f"now another one, of {s2}", f"another one of {s2}",
            f"one more picture, this time of {s2}", f"now do one of {s2}",
            f"can I get another pic, but of {s2}", f"another image: {s2}",
            f"same vibe but a whole new picture of {s2}",
        ])
    elif r < 0.90:
        # attachment lends a subject to a new scene
        req.attached = rng.choice([1, 1, 1, 2])
        who = rng.choice(["my dog", "my cat", "my son", "my daughter", "me", "my grandpa",
                          "my car", "my hamster", "my wife", "the guy", "my parrot", "my horse"])
        pron = {"my dog": "him", "my cat": "her", "my son": "him", "my daughter": "her",
                "me": "me", "my grandpa": "him", "my car": "it", "my hamster": "him",
                "my wife": "her", "the guy": "him", "my parrot": "it", "my horse": "it"}[who]
        scene = rng.choice([
            "surfing a huge wave", "as an astronaut on the moon", "as a medieval knight",
            "in a superhero costume flying over the city", "at the beach", "in a jungle",
            "in a fairy tale forest", "on a throne", "on the cover of a magazine",
            "as a pirate", "climbing a mountain", "in a snowy village at christmas",
            "riding a dragon", "in outer space", "as a cartoon character in a park",
        ])
        src = "these photos" if req.attached == 2 else rng.choice(["this photo", "this pic", "the photo", "this picture"])
        text = rng.choice([
            f"use {who} from {src} in a picture of {pron} {scene}",
            f"here's {who} - can you draw {pron} {scene}?",
            f"make a new picture with {who} from {src} {scene}",
            f"put {who} from {src} in a new scene, {scene}",
            f"I want a picture of {who} {scene}, here's {src.replace('this ', 'a ').replace('these ', 'some ')}",
            f"create an image of {who} {scene} based on {src}",
            f"draw {who} {scene}, using {src} for reference",
            f"{who} {scene} please (see {src})",
        ])
    else:
        # style words without a style image -> plain generation in empty session
        req.empty = rng.random() < 0.5
        m = rng.choice(MEDIA)
        s = subject_phrase(rng, 0)
        text = rng.choice([
            f"{s} in a {m} style", f"a {m} of {strip_article(s)}" if m in ("watercolour", "watercolor", "oil painting", "pencil sketch", "charcoal") else f"{s}, {m}",
            f"draw {s} in {m} style", f"{m} style {strip_article(s)}",
            f"can you paint {s} like a {m}", f"i'd like {s}, {m} look",
        ])
    # context-dependent fragment: a scene-ish fragment in an empty session
    if rng.random() < 0.04:
        req = Req(empty=True)
        text = rng.choice(["a bit more snow", "lots of snow", "snowy mountains", "more dragons",
                           "sunset over the sea", "cats. lots of cats", "rain on a window",
                           "a forest but purple", "mountains", "a big red balloon"])
    return text, req


def edit_core(rng, req, vp_only=False):
    """An edit request on the current image (a bare verb phrase if vp_only)."""
    r = rng.random()
    if r < 0.17:
        t, adjs = rng.choice(TARGET_ADJ)
        a = rng.choice(adjs)
        forms = [
            ("vp", f"make {t} {a}"), ("vp", f"turn {t} {a}"), ("vp", f"change {t} so it's {a}"),
            ("vp", f"make {t} a bit {a}"), ("vp", f"make {t} look {a}"),
            ("s", f"could {t} be {a}?"), ("s", f"can {t} be {a}?"), ("s", f"{t} should be {a}"),
            ("s", f"I want {t} {a}"), ("s", f"I'd like {t} to be {a}"), ("s", f"{t} {a} pls"),
            ("s", f"{t} {a}"), ("s", f"{t}: {a}"), ("s", f"{t} needs to be {a}"),
            ("s", f"what if {t} was {a}?"), ("s", f"would {t} look better {a}? try it"),
            ("s", f"is there a way to make {t} {a}?"),
        ]
    elif r < 0.30:
        a = rng.choice(GLOBAL_ADJ)
        forms = [("vp", f"make it {a}"), ("vp", f"make the whole thing {a}"),
                 ("vp", f"make the image {a}"), ("vp", f"make it a little {a}"),
                 ("vp", f"make it way {a}"), ("s", f"could it be {a}?"),
                 ("s", f"{a} please"), ("s", f"a bit {a}?"), ("s", f"I want it {a}"),
                 ("s", f"it should be {a}"), ("s", f"can it be {a}")]
    elif r < 0.40:
        f = rng.choice(GLOBAL_FRAGMENTS)
        forms = [("s", f), ("s", f), ("s", f + " pls"), ("s", "hmm " + f), ("s", f + "?"),
                 ("s", "a little " + f if not f.startswith(("a ", "crop", "zoom", "tone", "desat", "at ", "in ")) else f)]
    elif r < 0.52:
        o = rng.choice(ADD_OBJECTS)
        forms = [("vp", f"add {o}"), ("vp", f"now add {o}"), ("vp", f"put {o} in"),
                 ("vp", f"throw in {o}"), ("vp", f"include {o}"), ("s", f"can we have {o}?"),
                 ("s", f"I want {o} in it"), ("s", f"there should be {o}"), ("s", f"+ {o}"),
                 ("s", f"needs {o}"), ("s", f"with {o}"), ("s", f"and {o}"),
                 ("s", f"same but with {o}"), ("s", f"another one with {o}"),
                 ("s", f"one more but with {o}"), ("s", f"it'd be cool with {o}")]
    elif r < 0.64:
        o = rng.choice(REMOVE_OBJECTS)
        forms = [("vp", f"remove {o}"), ("vp", f"get rid of {o}"), ("vp", f"take {o} out"),
                 ("vp", f"erase {o}"), ("vp", f"delete {o}"), ("vp", f"lose {o}"),
                 ("vp", f"clean up {o}"), ("s", f"can you take {o} out?"),
                 ("s", f"without {o}"), ("s", f"no {strip_article(o)} pls"),
                 ("s", f"{o} has to go"), ("s", f"I don't want {o}"),
                 ("s", f"could someone get rid of {o}?"), ("s", f"{o} is distracting, remove it")]
    elif r < 0.72:
        a, b = rng.choice(REPLACE_PAIRS)
        forms = [("vp", f"change {a} to {b}"), ("vp", f"swap {a} for {b}"),
                 ("vp", f"turn {a} into {b}"), ("vp", f"replace {a} with {b}"),
                 ("s", f"{b} instead of {strip_article(a)}"), ("s", f"make {a} {b} instead"),
                 ("s", f"can {a} be {b}?"), ("s", f"what about {b} instead of {a}")]
    elif r < 0.80:
        w = rng.choice(WISH_STATES)
        forms = [("s", f"I wish {w}"), ("s", f"if only {w}"), ("s", f"would be nice if {w}"),
                 ("s", f"it would be better if {w}"), ("s", f"I'd prefer if {w}"),
                 ("s", f"wish {w}"), ("s", f"can you make it so {w}")]
    elif r < 0.90:
        c = rng.choice(COMPLAINTS)
        forms = [("s", c + rng.choice(COMPLAINT_TAILS)), ("s", "hmm " + c + rng.choice(COMPLAINT_TAILS)),
                 ("s", "ugh " + c), ("s", "not bad but " + c), ("s", "close, but " + c),
                 ("s", "I don't like that " + c.replace("it's ", "it's ")), ("s", c + ", fix that")]
    else:
        m = rng.choice(MEDIA)
        forms = [("vp", f"make it {m}"), ("vp", f"make it look like a {m}"),
                 ("vp", f"turn it into {m}"), ("vp", f"redo it as {m}"),
                 ("vp", f"give it a {m} look"), ("vp", f"convert it to {m} style"),
                 ("s", f"in a {m} style"), ("s", f"{m} version please"),
                 ("s", f"same thing but {m}"), ("s", f"what would it look like as {m}? do it"),
                 ("vp", f"make it look like a {rng.choice(['Van Gogh', 'Monet', 'Picasso', 'Hokusai print', 'Rembrandt'])}")]
    if vp_only:
        vps = [f for f in forms if f[0] == "vp"]
        if not vps:
            return edit_core(rng, req, vp_only=True)
        return rng.choice(vps)[1]
    kind, s = rng.choice(forms)
    if kind == "vp":
        s = wrap(rng, s)
    return s


def gen_edit(rng):
    req = Req(need_current=True)
    r = rng.random()
    if r < 0.62:
        text = edit_core(rng, req)
    elif r < 0.76:
        # explicit reference to an earlier image
        ref = pick_ref(rng, req)
        core_l = edit_core(rng, Req(), vp_only=True)
        text = rng.choice([
            f"can you go back to {ref} and {core_l}?", f"could you take {ref} and {core_l}",
            f"I'd like to go back to {ref} and {core_l}", f"let's go back to {ref} and {core_l}",
            f"go back to {ref} and {core_l}", f"in {ref}, {core_l}", f"{ref}: {core_l}",
            f"take {ref} and {core_l}", f"use {ref} but {core_l}",
            f"for {ref}, {core_l}", f"on {ref} {core_l}", f"switch to {ref} and {core_l}",
            f"{ref} - {core_l}", f"start from {ref} and {core_l}",
        ])
    elif r < 0.86:
        # attached element applied to the current image
        req.attached = 1
        req.min_images = 1
        text = rng.choice([
            "put this hat on the dog", "add this logo in the corner", "use this as the background",
            "put this sign on the wall", "add my cat from this photo next to her",
            "replace the sky with this one", "put these glasses on him",
            "can you add this flower to her hair?", "swap the painting on the wall for this",
            "put this sticker on the laptop", "add this texture to the walls",
            "use this face instead", "put this shirt on him", "add this to the table",
            "put this crown on the cat pls", "put this tree in the garden",
            "add this exact car in the driveway", "make the couch this colour",
            "could you put my logo (attached) on the mug?",
        ])
    else:
        # attachment IS the image to edit (fresh session or not)
        req.attached = 1
        text = rng.choice([
            "remove the background from this photo", "can you brighten this pic?",
            "fix the crease on this old photo of my grandparents", "colorize this",
            "colourise this old photo please", "make this look less grainy",
            "crop this to a square", "remove the people behind me in this one",
            "it's for my dad's birthday, could someone get rid of the crease?",
            "make this photo look professional", "this is blurry, can you sharpen it",
            "make my dog in this photo wear a party hat", "turn this photo into a cartoon",
            "can you make the sky in this pic more blue", "fix the red eyes here",
            "make the lighting in this warmer", "this is too dark, fix it",
            "remove the watermark from this", "erase my ex from this photo lol",
            "make this look like it was taken at sunset", "add snow to this picture",
            "restore this photo", "straighten this", "can you make this less blurry?",
            "here's my room, make the walls green", "this is my dog, put a hat on him",
            "my garden - add some flowers please", "clean up the scratches on this",
            "the colours on this scan are washed out", "make me look less tired in this",
        ])
    return text, req


STYLE_REFS_SESSION = [
    "the painting", "the watercolour", "the style image", "the Van Gogh I sent",
    "the painting I uploaded", "the artwork", "the sketch I sent", "the mosaic",
    "the poster I uploaded", "that watercolour", "the comic page", "the anime screenshot",
]


def gen_style(rng):
    req = Req(need_current=True)
    r = rng.random()
    if r < 0.28:
        # attached style image + subject from words
        req.attached = 1
        s = subject_phrase(rng, 0)
        text = rng.choice([
            f"make {s} in the style of this", f"draw {s} in this style",
            f"{s}, in the style of the attached painting", f"paint {s} like this",
            f"use this painting's style for {s}", f"{s} but looking like this art",
            f"can you do {s} in this exact style?", f"same style as this, {s}",
            f"I love this artist, make {s} that looks like this",
            f"copy the style of this for a picture of {strip_article(s)}",
        ])
    elif r < 0.50:
        # attached style image applied to the current/referenced image
        req.attached = 1
        req.min_images = 1
        if rng.random() < 0.4:
            tgt = pick_ref(rng, req, allow_content=True)
        else:
            tgt = rng.choice(["it", "my photo", "this", "the picture", "the last one", "the image"])
            if tgt == "this":
                tgt = "my picture"
        text = rng.choice([
            f"paint {tgt} in this style", f"restyle {tgt} like this painting",
            f"apply this style to {tgt}", f"make {tgt} look like this",
            f"use this as the style for {tgt}", f"redo {tgt} in the style of this",
            f"make {tgt} look like it was painted like this one",
            f"transfer this style onto {tgt}", f"{tgt} in this style please",
            f"can {tgt} have this kind of look?",
        ])
    elif r < 0.78:
        # style image already in the session
        req.min_images = 2
        req.need_prev = True
        sref = rng.choice(STYLE_REFS_SESSION + [num_ref(rng, rng.randint(1, 3))])
        if rng.random() < 0.5:
            tgt = pick_ref(rng, req)
        else:
            tgt = rng.choice(["it", "my photo", "the dog photo", "the last one", "this one", "the current one"])
        text = rng.choice([
            f"paint {tgt} in the style of {sref}", f"restyle {tgt} like {sref}",
            f"make {tgt} look like {sref}", f"use {sref} as the style for {tgt}",
            f"apply the style of {sref} to {tgt}", f"{tgt} in the style of {sref}",
            f"do the same in that watercolour look", f"now do {tgt} in that style",
            f"same style as {sref} but for {tgt}", f"give {tgt} the look of {sref}",
            f"restyle my photo like the painting I sent", f"render {tgt} in that painterly style",
            f"style transfer {sref} onto {tgt}",
        ])
        # keep refs consistent: numbered style ref needs images
    elif r < 0.88:
        # style from session image, new subject
        req.min_images = 2
        req.need_prev = True
        sref = rng.choice(STYLE_REFS_SESSION)
        s = subject_phrase(rng, 0)
        text = rng.choice([
            f"make {s} in that style", f"draw {s} in the style of {sref}",
            f"now {s}, same style as {sref}", f"{s} in that style please",
            f"use the style of {sref} for {s}",
        ])
    else:
        # two attachments: content + style
        req.attached = 2
        text = rng.choice([
            "put the first in the style of the second", "make my photo look like this painting",
            "paint the first picture like the second one", "use the second image as the style for the first",
            "restyle my photo like Van Gogh's painting I sent", "apply the painting's style to my selfie",
            "make the photo look like the drawing", "combine: my house, but in the style of the second pic",
            "style transfer from pic 2 to pic 1", "render my cat photo in the style of that mosaic",
        ])
    return text, req


def gen_inpaint(rng):
    req = Req(mask=True, need_current=True)
    req.attached = rng.choice([0, 0, 0, 1])
    if req.attached == 0:
        req.min_images = 1
    o = rng.choice(ADD_OBJECTS + ["grass", "flowers", "a window", "water", "bricks", "a door",
                                  "clouds", "sand", "a plant", "a painting", "a tree", "nothing"])
    area = rng.choice(["the masked part", "the masked area", "this area", "this part", "the marked area",
                       "the selection", "this bit", "the highlighted part", "this spot",
                       "the area I painted", "the part I marked", "there", "here", "the mask",
                       "the white area", "this region", "inside the mask"])
    forms = [
        ("vp", f"fill {area} with {o}"), ("vp", f"put {o} there"), ("vp", f"replace {area} with {o}"),
        ("vp", f"put {o} in {area}"), ("vp", f"add {o} here"), ("vp", f"erase what's in {area}"),
        ("vp", f"remove whatever is in {area}"), ("vp", f"fix {area}"), ("vp", f"clean up {area}"),
        ("vp", f"make {area} {rng.choice(['blue', 'darker', 'match the rest', 'look natural', 'transparent', 'wood'])}"),
        ("vp", f"turn {area} into {o}"), ("vp", f"paint over {area}"), ("vp", f"change {area} to {o}"),
        ("s", f"{o} here"), ("s", f"{o} in the masked bit"), ("s", f"just this part - {o}"),
        ("s", f"only {area}: {o}"), ("s", f"in {area} I want {o}"), ("s", f"here, {o} please"),
        ("s", f"this bit should be {o}"), ("s", f"get rid of this"), ("s", f"erase this"),
        ("s", f"fix this spot"), ("s", f"{o} where I drew"), ("s", f"fill it in"),
        ("s", f"make this part match the background"), ("s", f"remove this"),
        ("s", f"something nicer here"), ("s", f"put a window there"),
        ("s", f"replace this area with grass"), ("s", f"fill the masked part with flowers"),
    ]
    kind, s = rng.choice(forms)
    text = wrap(rng, s) if kind == "vp" else s
    return text, req


DESCRIBE_QS = [
    "what breed is it?", "is there text in it", "tell me what you see", "does the hat look too big?",
    "what's in the background?", "can you describe it", "describe this", "what is this?",
    "how many people are there?", "is he smiling?", "what colour are her eyes?",
    "what color is the car?", "what does the sign say?", "can you read the text?",
    "what time of day does it look like?", "is it a real photo or ai?", "what style is this?",
    "what kind of flower is that?", "what's that thing on the left?", "does it look realistic?",
    "is the dog a puppy?", "what's he holding?", "where do you think this was taken?",
    "is anything weird in it?", "are there any mistakes in the hands?", "what mood does it give?",
    "what do you see in the corner?", "describe the lighting", "what's going on in this picture?",
    "can you tell me what's in this photo?", "is the sky cloudy?", "how old does she look?",
    "what's written on the shirt?", "is that a fox or a dog?", "does the cat look happy?",
    "do the colours match?", "give me a caption for it", "what animal is that?",
    "what's the main subject?", "is it in focus?", "what language is the sign in?",
    "would you say it looks professional?", "what do you think of it?", "is the horizon straight?",
    "how many birds are there?", "what era does the car look like?", "explain the image",
    "what painting is this?", "who painted this?", "is there a watermark?",
    "can you tell me what breed the dog is?", "could you tell me if there's text anywhere?",
    "is the sky blue or grey?", "are his eyes open?", "does the background look fake to you?",
    "do you think the colours are too bright?", "would you say the hat fits?",
    "what's she wearing?", "what kind of car is that?", "is it day or night in it?",
    "can you count the cats?", "what's on the table?", "is that snow or sand?",
]
DESCRIBE_REF_QS = [
    "what's in {r}?", "describe {r}", "is there text in {r}?", "what colour is the sky in {r}?",
    "is the dog smiling in {r}?", "what's different in {r}?", "tell me about {r}",
    "how many people are in {r}?", "does {r} look realistic?", "what's happening in {r}?",
    "what breed is the dog in {r}?", "what did you change in {r}?",
]
DESCRIBE_CMP = [
    "which of the two is brighter?", "which one looks more realistic?", "which is better?",
    "what's the difference between {a} and {b}?", "is {a} darker than {b}?",
    "which one has more detail, {a} or {b}?", "compare {a} and {b}", "do {a} and {b} look the same?",
    "which one do you like more?", "which one is sharper?", "which version looks more natural?",
    "how is {a} different from {b}?", "which is closer to a real photo, {a} or {b}?",
]


def gen_describe(rng):
    req = Req(need_current=True)
    r = rng.random()
    if r < 0.55:
        text = rng.choice(DESCRIBE_QS)
        if rng.random() < 0.25:
            req.attached = 1
            text = rng.choice(["", "", "here's a photo. ", "found this online, ", "my friend sent me this - ",
                               "this is from my trip. "]) + text
    elif r < 0.75:
        text = rng.choice(DESCRIBE_REF_QS).format(r=pick_ref(rng, req))
    else:
        ka, kb = rng.sample(range(1, 6), 2)
        a, b = num_ref(rng, ka), num_ref(rng, kb)
        req.min_images = max(req.min_images, ka, kb)
        tpl = rng.choice(DESCRIBE_CMP)
        text = tpl.format(a=a, b=b)
        req.min_images = max(req.min_images, 2)
        if "{" not in tpl and rng.random() < 0.3:
            # comparing two images attached to this very turn
            req.attached = 2
            req.min_images = 0
            text = rng.choice(["", "here are two photos - ", "I took these two, ", "two options: "]) + text
    if rng.random() < 0.2:
        text = rng.choice(["quick question, ", "hmm ", "curious: ", "just wondering, ", "honest opinion: ",
                           "before we continue, "]) + text
    return text, req


UNDO_VPS = ["undo", "undo that", "undo the last change", "go back", "go back one step",
            "revert that last step", "revert", "revert it", "take that change away",
            "cancel that", "scrap that change", "remove that last edit", "roll it back",
            "step back", "go back one", "return to the previous version", "reverse that",
            "undo the last edit", "take that back", "put it back how it was",
            "go back to how it was", "return back", "revert to before", "undo what you just did"]
UNDO_STATEMENTS = [
    "I liked it better before", "nope, not that, back to how it was", "ctrl z", "ctrl+z lol",
    "back", "no no no go back", "previous version please", "that made it worse, undo",
    "ew no, undo", "that's worse. go back", "nah revert", "the old one was better, undo that",
    "it was better before", "that's not what I wanted, undo", "undo undo", "oops undo",
    "hmm no, the previous was better", "back to the last one please", "that ruined it, go back",
    "before was better", "no. undo.", "please return back", "yikes, revert", "revert!!",
    "go back, that looks awful", "can we go back to before that change?", "not that. back.",
    "i prefer how it was before", "undo pls that's terrible", "step back pls",
    "that was a mistake, undo it", "reverse reverse", "bring back the previous one",
]


def said(rng, verb_phrases: list[str], statements: list[str], wrapped: float) -> str:
    """A command in a person's words: a verb phrase wrapped in politeness (with probability `wrapped`), else
    a whole statement."""
    return wrap(rng, rng.choice(verb_phrases)) if rng.random() < wrapped else rng.choice(statements)


def gen_undo(rng):
    req = Req(min_images=1, need_prev=True)
    return said(rng, UNDO_VPS, UNDO_STATEMENTS, 0.5), req


REDO_VPS = ["redo", "redo that", "redo the last change", "put it back", "bring that change back",
            "bring it back", "reapply that", "restore the change", "undo the undo", "go forward again",
            "redo the edit", "put the change back", "reapply the last edit", "restore it"]
REDO_STATEMENTS = [
    "actually put it back", "no wait, I want that edit after all", "redo", "ctrl y",
    "ctrl+shift+z", "wait undo the undo", "I changed my mind, put it back", "oops I didn't mean to undo",
    "sorry, misclicked, bring it back", "hmm actually it was better with it, put it back",
    "actually the change was fine, bring it back", "no wait come back", "redo pls",
    "on second thought, redo", "actually that was better, restore it", "bring back the edit",
    "wait go forward again", "changed my mind again lol, redo", "put the edit back on",
    "actually i liked that change, redo it", "ok I was wrong, put it back", "forward one step",
    "nvm bring it back", "actually keep the change - redo", "undo the undo please",
]


def gen_redo(rng):
    req = Req(min_images=1, need_prev=True)
    return said(rng, REDO_VPS, REDO_STATEMENTS, 0.45), req


def gen_select(rng):
    req = Req(min_images=2, need_prev=True)
    ref = pick_ref(rng, req)
    r = rng.random()
    if r < 0.45:
        vp = rng.choice([f"go back to {ref}", f"switch to {ref}", f"use {ref}", f"select {ref}",
                         f"continue from {ref}", f"pick {ref}", f"keep working on {ref}",
                         f"work on {ref}", f"continue with {ref}", f"open {ref} again",
                         f"go with {ref}", f"return to {ref}", f"jump back to {ref}",
                         f"take {ref} as the current one", f"choose {ref}", f"make {ref} the current one",
                         f"start from {ref}", f"bring up {ref} again"])
        text = wrap(rng, vp)
    else:
        text = rng.choice([
            f"{ref} it is", f"I prefer {ref}, let's go with that", f"{ref} was best, use that one",
            f"the {rng.choice(ORDINALS[:4])} version was best, use that one", f"let's keep working on {ref}",
            f"let's keep working on the first one", f"number 3 it is", f"I liked {ref} better, let's use it",
            f"ok {ref}", f"{ref} please", f"back to {ref}", f"{ref} is the one", f"let's go with {ref}",
            f"I'll take {ref}", f"{ref} was better, switch to it", f"{ref}!", f"{ref} for sure, continue with it",
            f"actually {ref} is nicer, go back to that", f"we'll continue with {ref}",
            f"pick {ref}, leave it as is", f"I want to continue from {ref}", f"hmm {ref} I think",
            f"{ref} looks best, use that", f"ok let's take {ref} from here",
        ])
    return text, req


REPEAT_VPS = ["try again", "do it again", "give it another shot", "run it again", "go again",
              "try that again", "try once more", "regenerate", "generate again", "roll again",
              "do that again", "make another one", "give me another", "do another one",
              "make it again", "try another version", "run the same prompt again", "have another go",
              "try it one more time", "give it another go", "generate it again"]
REPEAT_STATEMENTS = [
    "another go", "reroll", "one more time", "same again please", "again", "again!", "another one",
    "one more", "another", "another please", "can I have another one?", "gimme another", "once more",
    "hmm not quite, try again", "nah try again", "new roll", "spin again", "reroll pls",
    "try again but the same", "same prompt again", "let's see another", "another attempt",
    "more of those", "one more version", "again pls", "different result same request",
    "same thing again", "another variation", "once again", "repeat", "repeat that", "again lol",
    "not quite, another try", "keep going, another one", "hit it again", "let's try that again",
]


def gen_repeat(rng):
    req = Req(min_images=1, need_prev=True)
    return said(rng, REPEAT_VPS, REPEAT_STATEMENTS, 0.5), req


def gen_chat(rng):
    req = Req()
    r = rng.random()
    if r < 0.16:
        text = rng.choice(THANKS)
        if rng.random() < 0.5:
            text += rng.choice([", ", "! ", ". ", " - "]) + rng.choice(REMARKS)
        req.min_images = 1
        req.need_prev = True
    elif r < 0.36:
        text = rng.choice(REMARKS)
        if rng.random() < 0.3:
            text = rng.choice(["wow ", "haha ", "omg ", "lol ", "aww ", "ooh "]) + text
        req.min_images = 1
        req.need_prev = True
    elif r < 0.46:
        text = rng.choice(GREETINGS)
        if rng.random() < 0.7:
            req.empty = True
    elif r < 0.58:
        text = rng.choice(UPLOAD_REMARKS)
        req.attached = rng.choice([1, 1, 1, 2])
        if rng.random() < 0.3:
            text = rng.choice(["hi! ", "ok ", "so ", "right, "]) + text
    elif r < 0.76:
        text = rng.choice(APP_QUESTIONS)
    elif r < 0.84:
        text = rng.choice(GOODBYES)
        req.min_images = 1
        req.need_prev = True
    else:
        text = rng.choice(ACKS)
        req.need_prev = True
    return text, req


# ---------------------------------------------------------------------------
# Harder turn kinds (whole-sentence undo/redo, content selection, session
# styles, "from scratch" generation, terse attachment edits, rich chat).
# Each label generator hands a share of its examples to the *_more function.
# ---------------------------------------------------------------------------

PEOPLE = ["my mum", "my mom", "my dad", "my nan", "my gran", "my grandma", "my grandad",
          "my sister", "my brother", "my wife", "my husband", "my boss", "my daughter",
          "my son", "the kids", "my aunt", "my neighbour", "my best friend", "my team",
          "the whole family", "my teacher", "my partner", "the grandkids", "my students",
          "our customers", "the club", "my girlfriend", "my boyfriend", "my colleagues"]
PLACES = ["her kitchen", "the hallway", "the living room", "my desk", "the shop window",
          "the fridge", "his office", "the staircase wall", "the nursery", "our front door",
          "the menu board", "the church newsletter", "the class noticeboard", "her bedside table",
          "the mantelpiece", "our website", "the group chat", "my instagram", "the family album"]
FEATURES = ["lettering", "colours", "colors", "lighting", "background", "sky", "little details",
            "font", "border", "shading", "expression on his face", "cake", "flowers", "snow",
            "jacket", "logo", "banner", "garden", "water", "reflection", "smile", "fur", "sunset"]
GOOD_ADJ = ["clean", "crisp", "lovely", "perfect", "really sharp", "spot on", "so natural",
            "beautiful", "gorgeous", "just right", "so soft", "really warm", "elegant"]
PLAN_SENTENCES = [
    "I'm printing it for {p}'s {room}.", "I'm going to print it and put it on {pl}.",
    "{P} is gonna be obsessed with the {f}.", "{P} will be thrilled.", "I'll send it to {p} tonight.",
    "{P} is going to cry, in a good way.", "going straight on {pl}.", "I'll have it framed for {p}.",
    "this is going on {pl}.", "can't wait to show {p}.", "{P} won't believe it.",
    "{P} is going to ask who made it lol.", "I'll use it for {purpose}.",
    "{P} will be so happy with the {f}.", "it'll look great on {pl}.",
    "I'm giving it to {p} for her birthday.", "I'm giving it to {p} for his birthday.",
    "I'll get it printed on a mug for {p}.", "it's going in {pl} next week.",
]
FORMAL_PLANS = [
    "I shall have it put in a frame.", "I shall show it to my grandchildren.",
    "I shall have it printed for the parish hall.", "My late husband would have loved it.",
    "My late wife would have loved it.", "It will hang in the hallway.",
    "I shall send it to my sister in Canada.", "It will make a fine Christmas card.",
    "I shall put it in the album with the others.", "It is exactly what I had hoped for.",
    "You have been most patient with me.", "I am very grateful.",
]
FORMAL_THANKS = [
    "Thank you very much, truly.", "Thank you kindly.", "That is most kind of you.",
    "Thank you, dear.", "Many thanks, that is splendid.", "How very kind, thank you.",
    "Thank you ever so much.", "I am much obliged.", "That is lovely. Thank you.",
    "Oh, thank you, that is wonderful.", "Thank you, young man.", "Thank you, my dear.",
]
CASUAL_THANKS = [
    "Thanks so so much.", "tyy!!", "thanks!!", "tysm", "omg thank you", "thank youuu",
    "thanks a million.", "ah thank you!", "cheers!", "legend, thanks.", "thx!", "you're the best, thanks.",
    "perfect, thank you.", "brilliant, ta.", "thank you thank you", "ahh thanks",
]
APOLOGIES = [
    "sorry, I can't stop changing my mind", "ugh why am I so indecisive today", "sorry sorry, I'm all over the place",
    "sorry, I know I'm being picky", "I'm such a pain, sorry", "hmm I can't decide",
    "sorry this is taking forever", "ok I need to make up my mind lol", "why am I like this",
    "sorry, my brain is fried today", "gosh I'm hopeless at deciding", "sorry for all the back and forth",
    "I keep going back and forth on this", "apologies, I'm being very fussy", "ok I'm overthinking this",
    "forgive me, I am not good with computers", "sorry, I'm slow with this", "my bad, I'm so chaotic today",
    "honestly I don't know what I want", "I'm my own worst client haha",
]
WEARABLES = ["jacket", "hat", "dress", "suit", "scarf", "sunglasses", "crown", "shirt", "hoodie",
             "tie", "coat", "boots", "shoes", "uniform", "cape", "necklace", "beanie"]
DELIGHT_TPLS = [
    "he looks SO good in the {w} omg", "she looks amazing in that {w}",
    "omg the {w} suits him so well", "the {f} turned out {g} this round",
    "look at the {f}, so {g}", "the {f} is {g} now, love it", "he looks so handsome in the {w}",
    "that {w} is everything", "the {f} turned out {g}", "ok the {f} is {g}, I'm obsessed",
    "she looks like a movie star in that {w}", "I love how the {f} came out",
    "the {f} looks {g} now", "wow the {f} is {g}", "the {w} looks so real on him",
    "hahaha the {w} on the dog", "the {f} is exactly how I wanted it",
]
EMOTIONAL = [
    "Oh my. That is just as I remember it.", "oh wow. that's exactly how she looked.",
    "I've got goosebumps.", "that made me tear up a bit", "oh. that's him. that's really him.",
    "Goodness. It looks just like the old house.", "I don't know what to say, it's beautiful.",
    "my heart. this is perfect", "oh my goodness, I'm crying", "That takes me back.",
    "she would have loved this", "it's like I'm standing there again", "Oh dear, I'm quite emotional now.",
    "that's exactly how I remember the garden", "wow. just wow.", "I can't believe how real it looks. thank you",
    "Oh, that is him as a young man.", "you've brought it back to life",
]
APPROVALS = [
    "Yes, much better now. There is no trace of it at all.", "yes! that's it",
    "perfect, you can't even tell anything was there", "much better, the {f} looks natural now",
    "yes that's much better", "that's the one, leave it like that", "ok that's better, we're good",
    "yes, exactly like that", "great, that fixed it", "there we go, much better",
    "yes much cleaner now", "good, that's what I meant", "ah lovely, that's sorted then",
    "That will do nicely.", "ok that's perfect, no more changes", "yep, nailed it",
    "brilliant, you can't see the join at all", "that looks seamless now", "yes, that's right now",
]
APP_Q_CORE = [
    "if I hit undo by mistake, can I get that version back?", "are my pictures saved somewhere?",
    "can I undo more than once?", "is there a redo button?", "how many times can I undo?",
    "if I go back to an older one, do I lose the newer ones?", "does undo delete the picture forever?",
    "will my pictures still be here tomorrow?", "do I need to save before I close the app?",
    "how do I save it to my phone?", "why do the colours look different when I print?",
    "will the colours look the same on paper?", "can I redo something after I undo it?",
    "where do the old versions go when I undo?", "does it keep all the versions?",
    "is there a history of my changes somewhere?", "does it autosave?", "how do I redo?",
    "what happens if I press undo twice?", "can I get back a picture I deleted?",
    "does undo work on the uploads too?", "is my work saved if my phone dies?",
    "does it remember the colours I picked?", "how do I save it as a png?",
    "can I go back to a version from yesterday?", "why are the colors duller on my laptop?",
]
APP_Q_PREFIX = ["", "", "", "quick question - ", "sorry, silly question, but ", "before we go on, ",
                "Excuse me, ", "btw ", "um, ", "just wondering: ", "I'm not very techy, "]

CHANGES = ["snow", "red shoes", "filter", "new sky", "blur", "border", "text", "hat", "sunglasses",
           "vintage look", "sepia", "beard", "rainbow", "extra light", "fog", "glow", "frame",
           "purple hair", "balloons", "sparkles", "new background", "crop", "colour change", "moustache"]
UNDO_SENTENCES = [
    "bring me back to where I was before", "go back to the before please", "could we have it how it was before the {x}?",
    "meh, forget about the {x}, back to what I had", "that change wrecked it, revert it",
    "No. I not like this. Make return to before", "put it back to how it was before the {x}",
    "I don't like the {x}, go back to what it was", "the {x} spoiled it, take it off again",
    "get me back to what I had a second ago", "hmm no. the way it was before, please",
    "that last one's worse, can we step back?", "ok that {x} was a bad idea, undo it",
    "return it to how it looked before", "Please restore the previous state.",
    "no the {x} looks silly, go back", "scrap the {x}, I want what I had", "I want the before back",
    "Not good. Please make as before", "ugh no, back to the previous one", "cancel the {x}",
    "the {x} was a mistake, revert please", "can you take that last step back?",
    "let's go back a step, I preferred it", "please, how it was before. I not want the {x}",
    "back to how it was, forget the {x}", "rewind that", "that's worse - reverse it",
    "can you put it back the way it was?", "nah, take the {x} back off", "return to before please",
]
REDO_SENTENCES = [
    "thinking about it again, the {x} really worked, can I get that version back?",
    "bring back what you just took off", "actually I miss the {x}, put it back",
    "wait, the {x} was better, bring it back", "hmm I regret undoing that, can I have it back?",
    "no, I want the {x} after all", "give me back the one with the {x}",
    "sorry, I shouldn't have undone that. restore it", "the version with the {x} was nicer, bring it back",
    "ok the {x} grew on me, put it back on", "can you redo what I just undid?",
    "put back what you removed just now", "restore the {x} please", "Please bring back the last change.",
    "I was wrong, the {x} looked good. back please", "actually bring the {x} back",
    "you can put the {x} back, I changed my mind", "forward again, I want the {x}",
    "I undid it by mistake, can I have it back?", "oops, return the change",
]
SEL_FEATURES = ["the peach banner", "the red door", "the balloons", "the big moon", "the gold text",
                "the striped umbrella", "the blue sofa", "the rainbow", "the little boat", "the snow",
                "the dragon", "the candles", "the bunting", "the fox", "the neon sign", "the lanterns",
                "the round tables", "the pink sky", "the tall trees", "the cherry blossom"]
SEL_ADJ = ["sunset", "marble", "daytime", "night", "winter", "cartoon", "watercolour", "blue",
           "dark", "minimal", "cosy", "vintage", "pastel", "black and white", "rainy", "golden",
           "first", "second", "brighter", "simpler", "realistic", "summer"]
SEL_NOUNS = ["castle", "logo", "poster", "cake", "cabin", "portrait", "banner", "card", "kitchen",
             "garden", "shop front", "dog", "cover", "invitation", "flyer", "menu", "room"]
SEL_TPLS = [
    "let's keep going with the one that has {feat}", "fine, I'll take the {adj} one then",
    "ok we go with the {ord} {noun} then", "back to the one from before I turned the {part} {col}",
    "carry on from the {adj} {noun}, the one that doesn't have {feat}", "actually the {adj} one was nicer, let's return to that",
    "I'll stick with the {adj} version", "let's keep the one with {feat}", "we'll work from the {adj} one",
    "the one with {feat}, that's the one to continue with", "ok, the {adj} {noun} it is",
    "let's pick up from the {ord} {noun}", "take the {adj} one forward", "go back to the one with {feat}",
    "I want to continue with the one that had {feat}", "the {ord} {noun} is the strongest, go with that",
    "Let us proceed with the {adj} one.", "ok back to the {adj} one, it was better",
    "the {adj} one. let's use that", "hmm the {ord} {noun} was best, switch to it",
    "go with the one before the {part} went {col}", "ok the {noun} with {feat}, carry on from there",
]
PARTS = ["shoes", "walls", "sky", "door", "hair", "car", "sofa", "dress", "text", "roof", "cake"]
COLS = ["red", "blue", "green", "pink", "black", "gold", "purple", "grey", "yellow"]
SEL_NUM_TPLS = ["fine, {k} then", "#{k} is the best of them, we work from {k} from now on", "ok {k}",
                "{k} it is", "{k}, definitely", "let's do {k}", "going with {k}", "hmm, {k} I think",
                "{k}. that one", "I choose {k}", "{k} please, carry on from that", "we're going with #{k}"]
CMP_PREVS = [
    "which one looks better, the {a} one or the {b} one?", "compare the {a} one and the {b} one",
    "what's the difference between the {a} one and the {b} one?", "which is nicer, {a} or {b}?",
    "is the {a} one sharper than the {b} one?", "which of the two looks more professional?",
]
STYLE_SCENES = ["a crowded flower market", "a poppy meadow", "our village church", "a harbour at dawn",
                "a bowl of lemons", "my garden in spring", "a rainy street in Paris", "a mountain lake",
                "a cat on a windowsill", "a cafe terrace at night", "a bunch of tulips", "a farm in winter",
                "the old mill", "a lighthouse in a storm", "a city park", "a row of beach huts"]
STYLE_WORDS = ["impressionist", "painterly", "dreamy", "bold", "soft", "loose", "moody", "bright"]
STYLE_SESSION_TPLS = [
    "would you paint {s} in that same style?", "final one: {s}, {w} like the painting",
    "now {s}, like the painting", "do {s} in the same style as the painting",
    "{s} please, same style as the one I showed you", "can I have {s} done like that artwork?",
    "and {s} in the style of the painting I sent earlier", "paint me {s} the same way",
    "next: {s}, same brushwork as the painting", "Would you paint {s} in the manner of that painting?",
    "same style again, this time {s}", "{s}, in that style", "now do {s} like the picture I uploaded",
]
STYLE_ATTACHED_TPLS = [
    "make him like the painting too", "do her like the painting too", "and this one like the painting",
    "now him, in the painting style", "same painting style for this photo please", "do my dog like that too",
    "make this one look like the painting as well", "this one too, like the artwork", "him too, same style",
    "paint this one like the earlier painting", "can you do this photo in that style too?",
]
FILM_EDITS = [
    "make this look like analogue film, Kodak Gold vibes", "give it a van gogh kind of feel",
    "make it look like a 90s disposable camera photo", "give it that Kodak film grain",
    "make it feel like an old polaroid", "more like a Wes Anderson film please",
    "make it look like a Monet", "give it a faded 70s film look", "make it look like a Hopper painting",
    "add a cinematic film look, teal and orange", "make it look like super 8 footage",
    "give it a Studio Ghibli feel", "make it look like an oil painting by Rembrandt",
    "make this look like expired film", "give it a Polaroid frame and washed colours",
]
SAME_SHOT_EDITS = [
    "now the same sort of shot for the {o} one I uploaded", "same treatment for the {o} photo I sent",
    "do the same thing to the {o} one I uploaded", "now the {o} one I sent, same edit",
    "can you do that to the {o} picture I sent too?",
]
OPTION_WORDS = ["one", "two", "three", "four", "five", "1", "2", "3", "4", "A", "B", "C"]
SCENE_LISTS = [
    ["oval tables", "dusty pink tablecloths", "gold cutlery", "candles everywhere", "pampas grass"],
    ["long wooden tables", "fairy lights", "wildflowers in jars", "a barn setting"],
    ["a white marquee", "navy napkins", "lanterns", "a lawn at dusk"],
    ["a rooftop bar", "neon signs", "palm plants", "a pink sunset"],
    ["a cosy bookshop", "rain on the windows", "a sleeping cat", "warm lamps"],
    ["a beach picnic", "striped blankets", "watermelon", "kites in the sky"],
    ["a minimal kitchen", "oak counters", "green tiles", "morning light"],
    ["a kids party", "balloon arch", "a dinosaur cake", "confetti"],
    ["a winter market", "wooden huts", "mulled wine", "snow falling"],
    ["a garden wedding", "a rose arch", "ivory chairs", "string lights"],
]
SCRATCH_TPLS = [
    "Option {o}, start from scratch: {l}", "option {o} - from scratch please: {l}", "from scratch: {l}",
    "Start from scratch. {l}", "new one from scratch, {l}", "ok idea {o}, totally fresh: {l}",
    "completely new image, not based on the others: {l}", "option {o}: start over with {l}",
    "let's do a fresh one from nothing: {l}", "Forget the previous ones. New picture: {l}",
]
WHOLE_NEW_TPLS = [
    "an entirely new scene with {p} {act}", "brand new picture of {p} {act}", "new scene: {p} {act}",
    "now a completely new one of {p} {act}", "make a fresh image of {p} {act}",
    "next a separate picture with {p} {act}", "a new picture, {p} {act} this time",
]
ACTIVITIES = ["surfing", "skiing down a mountain", "at a birthday party", "reading in a library",
              "on a camel in the desert", "playing in the snow", "at a jazz club", "sailing at sunset",
              "on a rollercoaster", "in a rainforest", "fishing on a lake", "baking bread"]
ITEMS = ["hat", "shoes", "scarf", "necklace", "watch", "bag", "glasses", "jacket", "belt",
         "earrings", "tie", "boots", "collar", "ring", "bow tie", "sneakers", "headband", "cap"]
ITEM_LOOKS = ["black leather", "bright red", "navy blue", "gold", "denim", "white", "tartan",
              "silver", "matte black", "pastel pink", "velvet green", "brown suede"]
TERSE_ITEM_TPLS = [
    "final piece, the {i}", "the {i} now too", "and the {i}", "the {i} next", "this {i} as well",
    "final touch: the {i}", "before he puts it on, make this {i} {l}", "before she puts it on, turn this {i} {l}",
    "ok now this {i}", "the {i} goes on too", "one more thing - the {i}", "this {i}, on him",
    "this {i} on her please", "add the {i} too", "{i} as well", "now this {i} in {l}",
    "and this {i}, but {l}", "and finally this {i}",
]


def _fill(rng, tpl):
    p = rng.choice(PEOPLE)
    return tpl.format(p=p, P=p[:1].upper() + p[1:], room=rng.choice(["kitchen", "hallway", "office", "shop", "bedroom", "classroom"]),
                      pl=rng.choice(PLACES), f=rng.choice(FEATURES), purpose=rng.choice(PURPOSES),
                      w=rng.choice(WEARABLES), g=rng.choice(GOOD_ADJ), x=rng.choice(CHANGES))


def gen_chat_more(rng):
    req = Req(min_images=1, need_prev=True)
    after_edit = ["edit", "edit", "inpaint", "inpaint", "style", "generate", "undo", "select"]
    r = rng.random()
    if r < 0.28:
        if rng.random() < 0.3:
            text = rng.choice(FORMAL_THANKS) + " " + rng.choice(FORMAL_PLANS)
        else:
            text = rng.choice(CASUAL_THANKS + THANKS) + rng.choice([" ", " ", ". ", "! "]) + _fill(rng, rng.choice(PLAN_SENTENCES))
        req.prev_choices = after_edit
    elif r < 0.42:
        text = rng.choice(APOLOGIES)
        if rng.random() < 0.3:
            text += rng.choice([" 😅", " lol", ".", " haha", "!", " 🙈"])
        req.min_images = 0
    elif r < 0.60:
        text = _fill(rng, rng.choice(DELIGHT_TPLS))
        req.prev_choices = after_edit
    elif r < 0.70:
        text = rng.choice(EMOTIONAL)
        req.prev_choices = after_edit
    elif r < 0.84:
        text = _fill(rng, rng.choice(APPROVALS))
        req.prev_choices = ["edit", "inpaint", "inpaint", "edit", "style"]
    else:
        text = rng.choice(APP_Q_PREFIX) + rng.choice(APP_Q_CORE)
        req = Req()
    return text, req


def gen_undo_more(rng):
    req = Req(min_images=1, need_prev=True)
    text = rng.choice(UNDO_SENTENCES).format(x=rng.choice(CHANGES))
    return text, req


def gen_redo_more(rng):
    req = Req(min_images=1, need_prev=True)
    text = rng.choice(REDO_SENTENCES).format(x=rng.choice(CHANGES))
    return text, req


def gen_select_more(rng):
    req = Req(min_images=3, need_prev=True)
    if rng.random() < 0.25:
        k = rng.choices(range(1, 9), weights=[4, 5, 5, 3, 2, 2, 2, 1])[0]
        text = rng.choice(SEL_NUM_TPLS).format(k=k)
        req.min_images = max(3, k)
    else:
        text = rng.choice(SEL_TPLS).format(feat=rng.choice(SEL_FEATURES), adj=rng.choice(SEL_ADJ),
                                           ord=rng.choice(ORDINALS[:3]), noun=rng.choice(SEL_NOUNS),
                                           part=rng.choice(PARTS), col=rng.choice(COLS))
    req.prev_choices = ["describe", "describe", "generate", "repeat", "edit", "chat"]
    a, b = rng.sample(SEL_ADJ[:16], 2)
    req.prev_describe = rng.choice(CMP_PREVS).format(a=a, b=b)
    return text, req


def gen_style_more(rng):
    req = Req(need_prev=True)
    if rng.random() < 0.3:
        req.attached = 1
        req.min_images = 1
        text = rng.choice(STYLE_ATTACHED_TPLS)
    else:
        req.min_images = 1
        s = rng.choice(STYLE_SCENES + [subject_phrase(rng, 0) for _ in range(3)])
        text = rng.choice(STYLE_SESSION_TPLS).format(s=s, w=rng.choice(STYLE_WORDS))
    return text, req


def gen_edit_more(rng):
    req = Req(need_current=True)
    r = rng.random()
    if r < 0.45:
        req.attached = 1
        req.min_images = 1
        text = rng.choice(TERSE_ITEM_TPLS).format(i=rng.choice(ITEMS), l=rng.choice(ITEM_LOOKS))
    elif r < 0.70:
        text = rng.choice(FILM_EDITS)
        if rng.random() < 0.3:
            req.attached = 1
    elif r < 0.82:
        req.min_images = 2
        req.need_prev = True
        text = rng.choice(SAME_SHOT_EDITS).format(o=rng.choice(["first", "second", "other", "last", "older"]))
    else:
        # select-like opening plus a change -> edit, not select
        req.min_images = 3
        req.need_prev = True
        head = rng.choice(["let's carry on with the one with {feat}", "ok I'll go with the {adj} one",
                           "go back to the {adj} one", "take the one with {feat}"]).format(
            feat=rng.choice(SEL_FEATURES), adj=rng.choice(SEL_ADJ))
        text = head + rng.choice([" and ", ", but ", " - "]) + edit_core(rng, Req(), vp_only=True)
    return text, req


def gen_generate_more(rng):
    req = Req(min_images=1, need_prev=True)
    if rng.random() < 0.6:
        items = rng.choice(SCENE_LISTS)
        k = rng.randint(2, len(items))
        l = ", ".join(rng.sample(items, k))
        text = rng.choice(SCRATCH_TPLS).format(o=rng.choice(OPTION_WORDS), l=l)
    else:
        if rng.random() < 0.3:
            req.attached = 1
        text = rng.choice(WHOLE_NEW_TPLS).format(p=rng.choice(["him", "her", "the dog", "my son", "them", "us"]),
                                                 act=rng.choice(ACTIVITIES))
    return text, req


# ---------------------------------------------------------------------------
# Third tier (`*_extra`): short thanks + what happens next, family jokes,
# sarcasm, sharing a result with a photo, mask/undo how-to questions; undo,
# select and repeat that open with a complaint; run-on / non-native describe
# questions and content comparisons; new views or pages with the same
# character (generate); forum-style stories with a wish about an attached
# photo (edit). Each label hands a share of its examples to these first.
# ---------------------------------------------------------------------------

X_THX = ["thx.", "thx", "ty,", "ty!", "ty", "thanks,", "thanks!", "cheers.", "ta.", "thank u!",
         "thx!!", "thanks, perfect.", "merci!", "ty ty", "tysm.", "danke!", "great thx.",
         "perfect ty.", "ok thanks,", "Thanks.", "legend, ty.", "tyvm", "thank you!!", "nice, thx"]
X_NEXT = [
    "printing it now, shift starts in 10 min", "sending it to the group chat", "off to print it",
    "gonna print it at the library before class", "sending it to my mum now",
    "setting it as my wallpaper rn", "posting it tonight", "my bus is here, bye",
    "showing my boss in the meeting", "uploading it to the shop now", "emailing it to the printer",
    "gotta run, kids need picking up", "putting it in the slideshow", "sticking it on the fridge later",
    "wrapping the frame tonight", "it goes on the menu tomorrow", "have to go cook dinner now",
    "taking it to the print shop at lunch", "that's the flyer done", "dropping it in the family whatsapp",
    "will print it on the good paper", "presentation is in 5 min lol", "texting it to my sister",
    "card's getting printed tomorrow", "gonna surprise him with it tonight", "class starts soon, bye",
    "putting it on the noticeboard", "the party's at 6 so just in time", "my husband is printing it at work",
    "off to the post office with it", "that's going straight on insta", "sending it to the team now",
]
X_NEXT_TPLS = ["{t} {n}", "{t} {n}.", "{t} {n}!", "{n}, {t}", "{n}. {t}", "{t} {n} 🙏", "{t} {n} lol"]

X_WHO = ["my kids", "my wife", "my husband", "grandma", "my little brother", "the neighbours",
         "my daughter", "my son", "my mum", "my dad", "the whole office", "my sister", "the twins",
         "my partner", "my flatmate"]
X_NICKS = ["a potato", "a loaf", "the sausage", "Lord Chonk", "a furry meatball", "the little gremlin",
           "a walking cushion", "Mr Grumpy", "a croissant", "the potato king", "a dust mop",
           "a baked bean", "the goblin", "a hairy dumpling"]
X_VERDICTS = ["accurate.", "not wrong.", "fair tbh", "can't argue with that", "honestly? yes.", "lol",
              "rude but true", "checks out", "and now I can't unsee it", "they're right", "harsh but fair",
              "no notes", "it's true though"]
X_FAMILY_TPLS = [
    "{who} call him {nick}. {v}", "{who} calls him {nick}. {v}", "{who} say she looks like {nick}. {v}",
    "{who} says he looks like {nick} in this. {v}", "{who} took one look and said {nick}. {v}",
    "lol {who} call her {nick}. {v}", "{who} already nicknamed him {nick} haha",
    "ok {who} think the dog looks like {nick}", "{who} won't stop calling the cat {nick}",
]
X_FAMILY_LINES = [
    "my husband says the cat looks like him before coffee", "grandma says he needs a haircut haha",
    "my wife says the dog looks more dignified than me", "my mum asked if he's for sale lol",
    "my dad thinks that's him in the picture", "our dog is staring at the screen growling lol",
    "he does look like a loaf of bread tbh", "the twins want it as their lock screen",
    "my nephew says the dragon is 'mid', whatever that means", "the baby keeps kissing the screen lol",
    "my partner says I look like a Victorian ghost. fair.", "my son says the knight is him obviously",
    "my daughter insists the unicorn is called Sprinkles now", "my kids are arguing over who gets a copy",
    "grandpa asked when the dog learned to paint lol", "my cat walked over the keyboard in protest",
]
X_SARC_THINGS = ["a plant", "a cake", "a horse", "a dog", "a sunset", "a castle", "a birthday card",
                 "a 'cozy' cabin", "a logo", "a bride", "a cat", "a lighthouse", "a wedding cake"]
X_SARC_BAD = ["a dead octopus", "a melted candle", "a crime scene", "a potato with legs",
              "my nan's curtains", "a screensaver from 2003", "soggy cereal", "a wet sock",
              "a haunted lamp", "a burnt pancake", "a sad mop"]
X_SARC_IRON = ["lovely.", "truly the future of art", "stunning. really.", "museum quality, clearly",
               "what a time to be alive", "Picasso is shaking", "10/10 no notes", "frame it, obviously",
               "I'm speechless. truly.", "the robots are coming for the galleries, I see",
               "art has peaked", "exactly what I dreamed of, said no one", "bravo. just bravo."]
X_SARC_TPLS = ["{th} that looks like {bad}. {iron}", "ah yes, {th} that looks like {bad}. {iron}",
               "{th} that looks like {bad}. lovely. {iron}", "wow, {th} that looks like {bad}. {iron}",
               "oh good, {th} that looks like {bad}. {iron}", "{iron} {th} that looks like {bad}"]
X_SARC_LINES = ["oh great, another masterpiece", "wow. art. incredible.", "inspiring stuff, really",
                "ah yes, modern art", "well that's certainly... something", "can't wait to hang that in the louvre",
                "my 4 year old is going to be so jealous of this talent", "truly a feast for the eyes. not.",
                "so this is what the future looks like huh", "10/10 would be confused again"]
X_SHARE_OPEN = ["Just sharing,", "just sharing -", "no request, just sharing:", "Just wanted to show you,",
                "look!", "Update:", "had to show you -", "for the record,", "just so you know,",
                "Not asking for anything, just sharing."]
X_SHARE_WHAT = ["this is the one I framed", "here it is on the wall", "the card came out great, here it is",
                "this is the poster up at the bakery", "here's the mug we printed", "it's on the fridge now",
                "here's the cake topper printed out", "this is the print in the hallway",
                "the invitations arrived, here's one", "here's my mum holding it",
                "this is the t-shirt, fresh from the printer", "the banner is up at the shop"]
X_SHARE_THX = ["Thanks again!", "thanks again", "thank you so much!", "thanks for the help!", "ty again",
               "couldn't have done it without you", "Thank you.", "cheers!", "so happy with it, thanks"]
X_HOW_Q = [
    "if I don't attach a mask, you'd change the whole image, right?",
    "so without a mask you'd edit the whole picture?", "does the mask have to be exact or is rough ok?",
    "if I mask the sky, only the sky changes, yes?", "wait, so the whole image changes every time I ask for an edit?",
    "can I undo an undo?", "what happens to the mask after you've used it?",
    "do you change only the masked part or everything?",
    "if I say brighter without a mask, is that the whole photo?",
    "does undo take me back one step or all the way to the original?", "can I mask two areas at once?",
    "will undo remove the mask too?", "if I pick an older one, can I still get back to the newest?",
    "if I don't draw anything, does it change the entire picture?", "is the mask the white bit or the dark bit?",
    "so undo only goes back one change at a time?", "when I undo, is the newer one gone forever?",
    "do I have to draw the mask again each time?", "if I want only his shirt changed I need a mask, right?",
    "does the whole image get redone when I ask for a change, or only part of it?",
    "how does undo work with the masked edits?", "without a mask will the face change too?",
]
X_HOW_PREFIX = ["", "", "", "quick q: ", "sorry, dumb question - ", "before I try it: ", "just to check, ",
                "I'm confused, ", "hmm ", "ok so ", "wait, "]


def gen_chat_extra(rng):
    req = Req(min_images=1, need_prev=True)
    r = rng.random()
    if r < 0.24:
        text = rng.choice(X_NEXT_TPLS).format(t=rng.choice(X_THX), n=rng.choice(X_NEXT))
        req.prev_choices = ["edit", "edit", "generate", "style", "inpaint", "select", "chat", "describe"]
    elif r < 0.42:
        if rng.random() < 0.6:
            text = rng.choice(X_FAMILY_TPLS).format(who=rng.choice(X_WHO), nick=rng.choice(X_NICKS),
                                                    v=rng.choice(X_VERDICTS))
        else:
            text = rng.choice(X_FAMILY_LINES)
    elif r < 0.58:
        if rng.random() < 0.7:
            text = rng.choice(X_SARC_TPLS).format(th=rng.choice(X_SARC_THINGS), bad=rng.choice(X_SARC_BAD),
                                                  iron=rng.choice(X_SARC_IRON))
        else:
            text = rng.choice(X_SARC_LINES)
        req.prev_choices = ["generate", "generate", "edit", "repeat", "style"]
    elif r < 0.74:
        text = " ".join([rng.choice(X_SHARE_OPEN), rng.choice(X_SHARE_WHAT) + rng.choice([".", "!", ",", " -"]),
                         rng.choice(X_SHARE_THX)])
        req.attached = rng.choice([1, 1, 1, 0])
        req.prev_choices = ["edit", "generate", "chat", "style", "select"]
    else:
        text = rng.choice(X_HOW_PREFIX) + rng.choice(X_HOW_Q)
        req = Req()
    return text, req


X_UNDO_COMPLAINTS = [
    "omg he looks enormous lol", "too much glow", "nah that's worse", "ew his face", "the colours went weird",
    "yikes she looks 80", "that's way too bright", "lol no, he looks like a ghost", "hmm that's not it",
    "oof the sky looks fake now", "the dog looks possessed lmao", "way too much", "way too orange",
    "nope, it lost all the detail", "it looks plasticky now", "the text is huge now",
    "haha no he looks like a cartoon villain", "the snow looks like dandruff", "it's gone all muddy",
    "that's so much worse", "he looks enormous", "ugh it's too dark now", "she's glowing like a lamp lol",
    "the {x} is way too much", "too much {x}", "the {x} looks cheap", "eek, the {x} is awful",
    "hmm the {x} makes it look tacky", "no the cat looks huge now", "he looks like a wax figure now",
    "the face changed completely", "that is not my mother anymore lol",
]
X_UNDO_TAILS = [
    "put it back how it was", "take that off again", "back to how it was", "go back", "undo that",
    "revert it", "back to before pls", "undo", "ctrl z that", "take it back", "return it to how it was",
    "scrap that, go back", "can you undo that?", "put it back the way it was before", "change it back",
    "make it like before again", "can we have the old one back?", "undo pls", "revert that please",
    "go back one step", "let's go back", "back to the previous version", "just undo it",
    "take that away again", "remove it again, back to before",
]
X_JOIN = [", ", ". ", " - ", " lol ", "... ", ", ", ". "]


def gen_undo_extra(rng):
    req = Req(min_images=1, need_prev=True)
    c = rng.choice(X_UNDO_COMPLAINTS).format(x=rng.choice(CHANGES))
    text = c + rng.choice(X_JOIN) + rng.choice(X_UNDO_TAILS)
    req.prev_choices = ["edit", "edit", "edit", "style", "inpaint"]
    return text, req


X_SEL_COMPLAINTS = [
    "nah too much glow.", "ugh, too busy.", "hmm no, these are getting worse.", "meh.", "nope, overdone.",
    "ok this went too far.", "honestly they all look worse now.", "too much of everything lol.",
    "the last few are a mess.", "ugh the colours are off again.", "no no.", "this is getting silly.",
    "we've overcooked it.", "ok I've made it worse.", "hm.", "too much {x}.", "not the {x}, ugh.",
    "nah.", "ok stop.", "yeah no.",
]
X_SEL_ADJ = ["sunny", "rainy", "moody", "plain", "colourful", "snowy", "golden", "simple", "quiet",
             "bright", "foggy", "pink", "clean", "original", "cosy", "warm"]
X_SEL_BODY = [
    "gimme the second-to-last one", "take me back to the one from before the {x} went on",
    "pull up the very first one again, the plain {noun}", "we're going with the {adj} one",
    "let's use the one before last", "go back to the one from two edits ago",
    "bring up the original again", "the very first one was best, back to that",
    "back to the one from before you added the {x}", "show me the one before the {x} again, we'll use that",
    "I want the {adj} one back, continue from that", "the one from before the {x}, that one",
    "switch to the second-to-last one", "second to last one please", "the one before the last, please",
    "let's go with the {adj} {noun} instead", "open the very first {noun} again",
    "the original {noun}, without any changes. use that one", "we're going with the {adj} {noun}",
    "pull up the third-to-last one", "take the earliest one, the {adj} one",
    "back to the {adj} one from the start", "give me the one from before we did the {x}",
]


def gen_select_extra(rng):
    req = Req(min_images=3, need_prev=True)
    body = rng.choice(X_SEL_BODY).format(x=rng.choice(CHANGES), adj=rng.choice(X_SEL_ADJ),
                                         noun=rng.choice(SEL_NOUNS + ["lighthouse", "cat", "beach"]))
    if "third-to-last" in body:
        req.min_images = 4
    if rng.random() < 0.65:
        head = rng.choice(X_SEL_COMPLAINTS).format(x=rng.choice(CHANGES))
        text = head + " " + body
    else:
        text = body
    req.prev_choices = ["edit", "edit", "style", "generate", "repeat", "inpaint", "select"]
    return text, req


X_REP_HEADS = ["try that again", "again", "reroll that", "one more time", "give it another go",
               "run it again", "try again", "same again", "another try", "have another go", "spin again",
               "reroll", "do it again", "again please", "once more", "try once more", "go again",
               "regenerate it", "same request again", "one more go"]
X_REP_WHY = ["the colours came out muddy", "it looked off", "the face is weird", "the hands are wrong",
             "he's got three arms lol", "the text is gibberish", "the dog looks like a cat",
             "it came out blurry", "that's not quite it", "the eyes are creepy",
             "something's off with the legs", "the sky came out flat", "the lettering is garbled",
             "too many fingers", "the proportions are off", "it looks off somehow", "the cat has two tails",
             "the face melted", "her smile is creepy", "it's a bit wonky", "the colours are muddy",
             "it doesn't look right", "the teeth are scary lol", "not what I pictured"]
X_REP_TPLS = ["{h}, {w}", "{h}. {w}", "{h} - {w}", "{h}, {w} lol", "{w}. {h}", "{w}, {h} pls",
              "{h} please, {w}", "hmm {w}. {h}", "{h}, {w}. same prompt", "ugh {w}, {h}"]


def gen_repeat_extra(rng):
    req = Req(min_images=1, need_prev=True)
    text = rng.choice(X_REP_TPLS).format(h=rng.choice(X_REP_HEADS), w=rng.choice(X_REP_WHY))
    req.prev_choices = ["generate", "generate", "generate", "edit", "style", "repeat"]
    return text, req


X_DESC_NN = [
    "I demand myself if the {o} here have still the same colour than on my photo. Can you control?",
    "I ask me if the {o} is still same colour like in my original. You can check?",
    "please you can look if the {o} stay same like on the photo?",
    "is possible you say me if the {o} have changed?", "you can control if the {o} is correct colour?",
    "I am not sure, the {o} is same like before or not? please look",
    "can you verify me if the {o} is still like on my picture",
    "say me please, the {o} in this image, what colour it is?",
    "I want to know if is the {o} same as my foto", "the {o} is correct or is changed? tell me please",
]
X_DESC_RUNON = [
    "by the way in the photo i sent you of him what breed do you think he is",
    "oh and in the picture i uploaded earlier of my cat how old do you think she is",
    "so um quick thing in the one you just made is that a bird on the left or just a smudge",
    "ok so looking at it on my phone is the text actually spelled right or am i going crazy",
    "also in the photo of the garden i sent what kind of tree is that in the corner",
    "by the way the photo of my grandad what year do you reckon that was taken",
    "one more thing in the picture of the dog does he look sad to you or is it just me",
    "oh and the flowers in the one from before what are they called",
    "wait in the last one is she holding a cup or a phone i cant tell",
    "btw in the photo of him at the beach what's that thing in the water",
    "and in the pic i sent you of the car what model do you think it is",
]
X_DESC_OBJ = ["shoes", "dress", "jacket", "car", "sofa", "flowers", "walls", "hair", "bag", "scarf",
              "eyes", "shirt", "curtains", "roof"]
X_DESC_CMP = [
    "are the {f} in the {a} one the same as in the one from {b}?",
    "is the {f1} in the {a} one the same colour as in the {b2} one?",
    "does the {a} one have the same {f} as the {b2} one, or did they change?",
    "did the {f} change between the {a} one and the one from {b}?",
    "are the {f} in the {a} version different from the {b2} version?",
    "the {f} in the {a} one, same as in the one from {b}?",
    "compare the {f} in the {a} one with the {b2} one, are they the same?",
    "is it the same {f1} in the {a} one and in the one from {b}?",
]
X_CMP_A = ["sunny", "rainy", "latest", "night", "winter", "snowy", "cartoon", "close-up", "dark", "new"]
X_CMP_B = ["above", "before", "earlier", "this morning", "the start", "yesterday", "the top view"]
X_CMP_B2 = ["original", "earlier", "overhead", "previous", "daytime", "plain", "older"]
X_CMP_F = ["flowers", "trees", "colours", "shoes", "windows", "plates", "candles", "clouds", "chairs"]
X_CMP_F1 = ["dress", "sky", "car", "cake", "sofa", "hat", "door", "tablecloth", "fur"]


def gen_describe_extra(rng):
    req = Req(need_current=True)
    r = rng.random()
    if r < 0.35:
        text = rng.choice(X_DESC_NN).format(o=rng.choice(X_DESC_OBJ))
        req.min_images = 1
        req.need_prev = True
        if rng.random() < 0.2:
            req.min_images = 0
            req.attached = 1
            req.need_prev = False
    elif r < 0.62:
        text = rng.choice(X_DESC_RUNON)
        req.min_images = 1
        req.need_prev = True
    else:
        text = rng.choice(X_DESC_CMP).format(f=rng.choice(X_CMP_F), f1=rng.choice(X_CMP_F1),
                                             a=rng.choice(X_CMP_A), b=rng.choice(X_CMP_B),
                                             b2=rng.choice(X_CMP_B2))
        req.min_images = 2
        req.need_prev = True
    return text, req


X_NAMES = ["Biscuit", "Max", "Luna", "Pip", "Captain Whiskers", "Rosie", "Bruno", "Mochi", "Teddy",
           "Nala", "Oscar", "Ziggy"]
X_PAGE_ACTS = ["chasing butterflies", "asleep under the stars", "building a sandcastle",
               "hiding in a cardboard box", "meeting a friendly snail", "flying a kite",
               "splashing in puddles", "at the vet, looking brave", "eating birthday cake",
               "lost in a big city", "sailing a paper boat", "climbing an apple tree"]
X_ROLES = ["an astronaut", "a pirate", "a chef", "a knight", "a firefighter", "a wizard", "a superhero",
           "a detective", "a cowboy", "a king", "a ballerina", "a deep sea diver"]
X_VIEW_OBJ = ["table", "cake", "desk", "picnic", "breakfast", "dinner setup", "cheese board", "workbench"]
X_GEN_TPLS = [
    "{pr} also wants to see one of the {o} from above, like a flat lay",
    "can I also get one of the {o} from above, flat lay style?",
    "now one of the {o} seen from straight above",
    "Page {n}! Same {nm}, but now {hp} {act}", "page {n}: {nm} {act}", "next page - {nm} {act}",
    "ok page {n}. same {nm}, this time {act}", "Page {n} please, {nm} {act}",
    "can you draw {nm} as {role}?", "now draw {nm} as {role}", "what about {nm} as {role}? new picture",
    "one of {nm} {act} now", "and a new one: {nm} {act}", "next scene, {nm} {act}",
    "{pr} wants a picture of {nm} as {role} too", "another page where {nm} is {act}",
]


def gen_generate_extra(rng):
    req = Req(min_images=1, need_prev=True)
    nm = rng.choice(X_NAMES)
    text = rng.choice(X_GEN_TPLS).format(
        pr=rng.choice(["he", "she", "my son", "my daughter", "my client", "my wife", "the bride"]),
        o=rng.choice(X_VIEW_OBJ), n=rng.choice(["two", "three", "four", "five", "six", "2", "3", "4"]),
        nm=nm, hp="he's" if rng.random() < 0.6 else "she's", act=rng.choice(X_PAGE_ACTS),
        role=rng.choice(X_ROLES))
    req.prev_choices = ["edit", "edit", "generate", "style", "inpaint", "chat"]
    return text, req


X_FORUM = [
    ("my dad's birthday is coming up", "him"), ("my grandma turns 90 next month", "her"),
    ("this is the last photo of my late dog", "him"), ("we're surprising my mum for her retirement", "her"),
    ("my son is obsessed with dinosaurs", "him"), ("my brother is getting married in june", "him"),
    ("long time lurker, first post. this is my nan", "her"), ("my daughter's graduating this week", "her"),
    ("my grandad was a pilot in his day", "him"), ("our cat Bella just turned 15", "her"),
    ("not sure if this is the right place but this is my husband", "him"),
    ("my best friend has had a rough year", "her"),
]
X_FORUM_WISH = [
    "give {o} a superhero cape", "put a party hat on {o}", "remove the people behind {o}",
    "put {o} on a beach instead of the car park", "put a crown on {o}", "fix the tear across {o}",
    "make the sky behind {o} less grey", "put a dinosaur next to {o}", "give {o} a pilot's cap",
    "add some balloons around {o}", "make {o} look like a movie star", "clean up the scratches on this photo of {o}",
]
X_FORUM_TPLS = [
    "{s} and I'm hoping somebody can {w}", "{s}. would anyone be able to {w}?",
    "{s}, if someone could {w} it would make my day", "{s}. any kind soul willing to {w}?",
    "{s} - I was hoping someone here could {w}", "{s}. could anybody {w}? thanks in advance",
    "{s}, and it would mean the world if someone could {w}",
]


def gen_edit_extra(rng):
    req = Req(need_current=True, empty=True)
    req.attached = 1
    s, o = rng.choice(X_FORUM)
    text = rng.choice(X_FORUM_TPLS).format(s=s, w=rng.choice(X_FORUM_WISH).format(o=o))
    return text, req


# share of each label produced by the *_extra generators (drawn before MORE)
EXTRA = {"chat": (0.30, gen_chat_extra), "undo": (0.25, gen_undo_extra),
         "select": (0.25, gen_select_extra), "repeat": (0.35, gen_repeat_extra),
         "describe": (0.22, gen_describe_extra), "generate": (0.10, gen_generate_extra),
         "edit": (0.04, gen_edit_extra)}


# share of each label produced by the *_more generators
MORE = {"chat": (0.40, gen_chat_more), "undo": (0.40, gen_undo_more), "redo": (0.40, gen_redo_more),
        "select": (0.45, gen_select_more), "style": (0.30, gen_style_more),
        "edit": (0.12, gen_edit_more), "generate": (0.08, gen_generate_more)}


# Fourth tier: messages written natively in six other languages (multilingual.py), any label
MULTI_SHARE = 0.06
MULTI_REQ = {  # the same context each English generator of that label asks for
    "generate": lambda: Req(), "edit": lambda: Req(min_images=1, need_current=True),
    "style": lambda: Req(min_images=1, attached=1), "inpaint": lambda: Req(min_images=1, mask=True),
    "describe": lambda: Req(min_images=1, need_current=True), "undo": lambda: Req(min_images=1, need_prev=True),
    "redo": lambda: Req(min_images=1, need_prev=True), "select": lambda: Req(min_images=3, need_prev=True),
    "repeat": lambda: Req(min_images=1, need_prev=True), "chat": lambda: Req(),
}


def gen_multilingual(rng, label):
    from multilingual import PHRASES  # noqa: PLC0415 (data only; beside this file)
    language = PHRASES[rng.choice(sorted(PHRASES))]
    req = MULTI_REQ[label]()
    if label == "redo":
        req.prev_choices = ["undo"]
    if label == "repeat":
        req.prev_choices = ["generate", "edit", "style"]
    if label == "chat" and rng.random() < 0.3:
        req.attached = 1  # a photo sent with no request
        return rng.choice(language["chat_upload"]), req
    return rng.choice(language[label]), req


GENERATORS = {
    "generate": gen_generate, "edit": gen_edit, "style": gen_style, "inpaint": gen_inpaint,
    "describe": gen_describe, "undo": gen_undo, "redo": gen_redo, "select": gen_select,
    "repeat": gen_repeat, "chat": gen_chat,
}

# Which action plausibly came right before each label.
PREV_DIST = {
    "generate": {"": 30, "chat": 12, "generate": 14, "edit": 10, "describe": 5, "undo": 3,
                 "select": 2, "repeat": 6, "style": 3, "redo": 1},
    "edit": {"generate": 30, "edit": 25, "describe": 8, "undo": 7, "select": 6, "repeat": 6,
             "chat": 8, "style": 4, "inpaint": 3, "redo": 2, "": 8},
    "style": {"": 10, "chat": 20, "generate": 20, "edit": 15, "describe": 6, "style": 6,
              "select": 3, "undo": 3},
    "inpaint": {"generate": 25, "edit": 20, "inpaint": 15, "chat": 10, "": 10, "undo": 5,
                "describe": 5, "repeat": 3, "select": 3},
    "describe": {"generate": 25, "edit": 15, "chat": 12, "": 15, "describe": 10, "style": 5,
                 "inpaint": 3, "repeat": 4, "select": 4, "undo": 3},
    "undo": {"edit": 45, "style": 10, "inpaint": 10, "generate": 8, "repeat": 8, "redo": 8,
             "select": 3, "describe": 3, "undo": 5},
    "redo": {"undo": 85, "chat": 5, "describe": 5, "redo": 2, "select": 1},
    "select": {"generate": 20, "repeat": 15, "edit": 20, "describe": 12, "chat": 10, "undo": 8,
               "style": 5, "select": 5, "inpaint": 3, "redo": 2},
    "repeat": {"generate": 50, "edit": 20, "style": 8, "repeat": 15, "inpaint": 5, "undo": 2},
    "chat": {"": 15, "generate": 20, "edit": 20, "chat": 10, "describe": 10, "style": 5,
             "inpaint": 4, "repeat": 5, "undo": 4, "redo": 2, "select": 5},
}


# ---------------------------------------------------------------------------
# Voices
# ---------------------------------------------------------------------------

KEYBOARD_NEIGHBORS = {
    "a": "sqw", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "y": "tu", "z": "x",
}

SLANG = [("you", "u"), ("your", "ur"), ("please", "pls"), ("please", "plz"), ("thanks", "thx"),
         ("okay", "k"), ("right now", "rn"), ("with", "w/"), ("because", "bc"), ("probably", "prob"),
         ("really", "rly"), ("picture", "pic"), ("something", "smth"), ("going to", "gonna"),
         ("want to", "wanna"), ("about", "abt"), ("people", "ppl"), ("background", "bg")]

SLANG_TAGS = ["fr", "ngl", "lowkey", "bruh", "no cap", "lol", "lmao", "deadass", "fr fr", "istg", "ong"]


def typo_word(rng, w):
    if len(w) < 4 or not w.isalpha():
        return w
    i = rng.randrange(1, len(w) - 1)
    op = rng.random()
    if op < 0.3:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if op < 0.55:
        return w[:i] + w[i + 1:]
    if op < 0.75:
        return w[:i] + w[i] + w[i:]
    c = w[i].lower()
    if c in KEYBOARD_NEIGHBORS:
        return w[:i] + rng.choice(KEYBOARD_NEIGHBORS[c]) + w[i + 1:]
    return w


def stretch(rng, w):
    if len(w) < 2 or not w[-1].isalpha():
        return w
    for i in range(len(w) - 1, -1, -1):
        if w[i] in "aeiouy":
            return w[:i] + w[i] * rng.randint(3, 6) + w[i + 1:]
    return w + w[-1] * rng.randint(2, 4)


def replace_word(text, old, new):
    words = text.split(" ")
    out = []
    i = 0
    old_w = old.split(" ")
    n = len(old_w)
    while i < len(words):
        seg = [w.lower().strip(",.!?") for w in words[i:i + n]]
        if seg == old_w and len(words[i:i + n]) == n:
            tail = words[i + n - 1][len(words[i + n - 1].rstrip(",.!?")):]
            out.append(new + tail)
            i += n
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def non_native(rng, text):
    t = text
    if rng.random() < 0.6:
        for art in (" the ", " a ", " an "):
            if rng.random() < 0.6:
                t = t.replace(art, " ")
    subs = [("can you make", "can you making"), ("make it", "do it more"), ("I want", "I am wanting"),
            ("could you", "you could"), ("remove", "remove please"), ("change", "do change"),
            ("please", "please kindly"), ("I'd like", "I would like that"), ("is there", "there is"),
            ("what is", "what is it"), ("go back", "go to back"), ("again", "one more again")]
    rng.shuffle(subs)
    for a, b in subs[:2]:
        if a in t and rng.random() < 0.5:
            t = t.replace(a, b, 1)
    if rng.random() < 0.2:
        t += rng.choice([" please", " thank you", " sir", ", is possible?", " plz"])
    return t


STORY = {
    "generate": [
        "my daughter turns six next week and she's obsessed with unicorns.",
        "I'm a teacher and I need something for tomorrow's class.",
        "we're opening a small bakery in june!", "I run a tiny etsy shop.",
        "my grandpa used to be a sailor.", "I'm writing a kids book.",
        "I can't draw at all lol.", "my band has a gig on saturday.",
    ],
    "edit": [
        "my mom wants to frame this.", "this is going on a card for my dad.",
        "my boss saw it and had notes.", "I showed it to my wife.",
        "it's almost perfect.", "we're printing it tomorrow.", "close!",
        "my kid says it's missing something.",
    ],
    "describe": ["my eyesight isn't great.", "I'm curious about something.",
                 "my friend and I are arguing about this.", "I can't tell on my phone."],
    "select": ["I showed everyone the options.", "we voted as a family.",
               "after looking at them all again,", "I keep coming back to one of them."],
    "undo": ["hmm, my son says that looks weird.", "oh no.", "yikes.", "wait what happened."],
    "redo": ["hmm I compared them again.", "my wife actually preferred it.", "wait."],
    "repeat": ["hmm, not quite what I imagined.", "close but no.", "interesting but nah."],
    "style": ["I love this artist.", "I'm obsessed with this painting.", "my friend painted this."],
    "inpaint": ["see the bit I marked?", "I drew over it.", "marked it for you."],
}


def voice(rng, text, label):
    t = text
    if label in STORY and rng.random() < 0.07:
        t = rng.choice(STORY[label]) + " " + t
    # chit-chat / thanks before the request
    if label not in ("chat",) and rng.random() < 0.13:
        t = rng.choice(PREFIXES) + " " + t
    elif label in ("edit", "generate", "style", "select", "repeat", "inpaint") and rng.random() < 0.06:
        t = rng.choice(THANKS_PREFIXES) + " " + t
    r = rng.random()
    if r < 0.10:
        # teen slang
        for a, b in SLANG:
            if rng.random() < 0.7:
                t = replace_word(t, a, b)
        if rng.random() < 0.5:
            t = t + " " + rng.choice(SLANG_TAGS)
        elif rng.random() < 0.3:
            t = rng.choice(["yo ", "bro ", "ok so like ", "bruh "]) + t
    elif r < 0.18:
        t = non_native(rng, t)
    elif r < 0.24:
        # formal
        t = t[:1].upper() + t[1:]
        if not t.endswith((".", "?", "!")):
            t += "."
        if rng.random() < 0.3:
            t = rng.choice(["Hello. ", "Good afternoon. ", "Dear assistant, ", "Excuse me, "]) + t
    if rng.random() < 0.12:
        t = " ".join(typo_word(rng, w) if rng.random() < 0.25 else w for w in t.split(" "))
    if rng.random() < 0.05:
        ws = t.split(" ")
        j = rng.randrange(len(ws))
        ws[j] = stretch(rng, ws[j])
        t = " ".join(ws)
    if rng.random() < 0.07 and label != "chat":
        t = t.rstrip(".") + " " + rng.choice(SUFFIXES)
    # casing
    c = rng.random()
    if c < 0.45:
        t = t.lower()
    elif c < 0.75:
        t = t[:1].upper() + t[1:]
    elif c < 0.77:
        t = t.upper()
    # punctuation
    p = rng.random()
    if p < 0.2:
        t = t.rstrip(".!")
    elif p < 0.25:
        t = t.rstrip(".") + "!"
    elif p < 0.28:
        t = t.rstrip(".") + "..."
    elif p < 0.30:
        t = t.rstrip(".!?") + "??"
    if rng.random() < 0.08:
        e = rng.choice(EMOJI) * rng.choice([1, 1, 1, 2, 3])
        t = (e + " " + t) if rng.random() < 0.2 else (t + " " + e)
    return " ".join(t.split())


# ---------------------------------------------------------------------------
# Context assembly
# ---------------------------------------------------------------------------

def sample_n_images(rng, lo):
    n = rng.choices(range(1, 13), weights=[22, 20, 15, 11, 8, 6, 5, 4, 3, 2, 2, 2])[0]
    return max(n, lo)


REF_RE = re.compile(r"(?:#|image |picture |number |pic |img |version |option |nr |no\. )(\d+)")
ORD_RE = re.compile(r"\bthe (" + "|".join(ORDINALS) + r") ")


def max_ref(text):
    """Highest image number mentioned in a text (0 if none)."""
    t = text.lower()
    ks = [int(m.group(1)) for m in REF_RE.finditer(t)]
    ks += [ORDINALS.index(m.group(1)) + 1 for m in ORD_RE.finditer(t)]
    ks += [NUMWORDS.index(m.group(1)) + 1 for m in re.finditer(r"number (" + "|".join(NUMWORDS) + ")", t)]
    return max(ks, default=0)


def gen_checked(rng, label):
    xshare, extra = EXTRA.get(label, (0.0, None))
    share, more = MORE.get(label, (0.0, None))
    if rng.random() < MULTI_SHARE:
        text, req = gen_multilingual(rng, label)
    elif extra is not None and rng.random() < xshare:
        text, req = extra(rng)
    elif more is not None and rng.random() < share:
        text, req = more(rng)
    else:
        text, req = GENERATORS[label](rng)
    if label not in ("generate", "chat") and req.attached < 2:
        k = max_ref(text)
        if k:
            req.min_images = max(req.min_images, k)
            req.need_prev = True
    return text, req


def build_example(rng, label):
    for _ in range(50):
        text, req = gen_checked(rng, label)
        prevs = PREV_DIST[label]
        prev_action = rng.choices(list(prevs), weights=list(prevs.values()))[0]
        if req.prev_choices and rng.random() < 0.8:
            prev_action = rng.choice(req.prev_choices)
        if req.empty:
            prev_action = rng.choice(["", "", "", "chat"])
        if req.need_prev and prev_action == "":
            continue
        if req.min_images > 0 and prev_action == "":
            continue
        # n_images
        if prev_action == "":
            n_images = 0
        elif req.empty:
            n_images = 0
        elif prev_action in ("chat",) and req.min_images == 0 and rng.random() < 0.35:
            n_images = 0
        else:
            n_images = sample_n_images(rng, max(1, req.min_images))
        if req.max_images is not None and n_images > req.max_images:
            continue
        n_attached = req.attached
        if req.need_current and n_images + n_attached < 1:
            continue
        # prev turn text, generated with a context compatible with this one
        prev_text = ""
        if prev_action:
            if prev_action == "describe" and req.prev_describe and n_images >= 2:
                prev_text = voice(rng, req.prev_describe, "describe")
            else:
                prev_text = make_prev_text(rng, prev_action, n_images)
            if prev_text is None:
                continue
        has_mask = bool(req.mask)
        return {
            "text": voice(rng, text, label),
            "prev_text": prev_text,
            "prev_action": prev_action,
            "n_images": n_images,
            "n_attached": n_attached,
            "has_mask": has_mask,
            "has_current": (n_images + n_attached) > 0,
            "label": label,
        }
    return None


def make_prev_text(rng, action, n_images):
    """A plausible previous user turn with the given action."""
    for _ in range(20):
        text, req = gen_checked(rng, action)
        if req.empty and n_images > 1:
            continue
        # the previous turn happened with fewer images (or equal for non-producers)
        before = n_images - (1 if action in ("generate", "edit", "style", "inpaint", "repeat") else 0)
        if req.attached and action == "chat":
            before = n_images - req.attached
        if req.min_images > max(before, 0) + req.attached:
            continue
        if action in IMAGE_LABELS and n_images < 1:
            return None
        if action == "describe" and n_images < 1:
            return None
        if action == "chat" and req.attached and n_images < req.attached:
            continue
        if action == "chat" and req.min_images > n_images:
            continue
        return voice(rng, text, action)
    return None


def generate(n, seed):
    rng = random.Random(seed)
    quotas = {lab: int(round(MIX[lab] * n)) for lab in LABELS}
    diff = n - sum(quotas.values())
    quotas["edit"] += diff
    seen = set()
    text_label_count = Counter()
    out = []
    for lab in LABELS:
        got = 0
        tries = 0
        cap = 6 if lab in ("undo", "redo", "repeat", "chat", "select") else 3
        while got < quotas[lab] and tries < quotas[lab] * 40:
            tries += 1
            ex = build_example(rng, lab)
            if ex is None:
                continue
            key = json.dumps(ex, sort_keys=True, ensure_ascii=False)
            if key in seen:
                continue
            tl = (ex["text"].lower(), lab)
            if text_label_count[tl] >= cap:
                continue
            seen.add(key)
            text_label_count[tl] += 1
            out.append(ex)
            got += 1
    out = drop_conflicts(out)
    rng.shuffle(out)
    return out


def drop_conflicts(rows):
    """Drop examples whose text+context appears with more than one label."""
    labels_by_key = defaultdict(set)

    def key(r):
        return (r["text"].lower(), r["prev_action"], r["n_images"] > 0, r["n_attached"],
                r["has_mask"])

    for r in rows:
        labels_by_key[key(r)].add(r["label"])
    return [r for r in rows if len(labels_by_key[key(r)]) == 1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output .jsonl path")
    ap.add_argument("--n", type=int, default=30000, help="number of examples to aim for")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rows = generate(args.n, args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = Counter(r["label"] for r in rows)
    total = len(rows)
    print(f"wrote {total} examples to {args.out}", file=sys.stderr)
    for lab in LABELS:
        print(f"  {lab:9s} {counts[lab]:6d}  {100.0 * counts[lab] / max(total, 1):5.1f}%", file=sys.stderr)


if __name__ == "__main__":
    main()
