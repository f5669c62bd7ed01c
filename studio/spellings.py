"""How people spell what they say: misspellings, spoken and dialect spellings, and phrases mixed in from other
languages, each written out the English way. `respelled` is what the interpreter reads; `normalise`
(studio/phrases.py) applies the same tables to lower-cased text before the rules read it. Tables, not rules: a new
voice's spellings are added here, and the interpreter's training data carries them too.
"""

from __future__ import annotations

import functools
import re

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
                  "comme avant": "like before", "olsem bifo": "like before", "como antes": "like before", "come prima": "like before"}


@functools.lru_cache(maxsize=4096)  # each turn's view reads every earlier turn's words again
def respelled(text: str) -> str:
    """The message with the misspellings and spoken spellings of TYPOS (and a spoken "pit" for put) written out,
    everything else as typed: what the interpreter reads ("Pit some sheep on da hill" is a change, as written out)."""
    text = re.sub(r"(^|[.!?,;] |\b(?:and|an|then|now|just|nou) )[Pp]it(?= (?:some|a|an|the|da|him|her|it|hit|them|dem|my|our|his|this|that|dat|[A-Z]))",
                  r"\1put", text)
    return spelled_out(text)


def spelled_out(text: str) -> str:
    """Each phrase of SAID_OTHERWISE and word of TYPOS written out; every other word as typed."""
    text = _OTHERWISE.sub(lambda m: SAID_OTHERWISE[m.group(0).lower()], text)
    return re.sub(r"[A-Za-z']+", lambda w: TYPOS.get(w.group(0).lower(), w.group(0)), text)


_OTHERWISE = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in sorted(SAID_OTHERWISE, key=len, reverse=True)), re.IGNORECASE)
