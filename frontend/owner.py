"""Whose sessions a browser sees when the studio is shared (a token is set).

Each browser gets a random id in a cookie the first time it passes the token gate; the sessions it makes belong
to that id, and it sees only those and the ones that belong to no one (made by programs or the CLI, or shared on
purpose with the Share button). On this machine alone (no token) there is one user and every session is theirs.
Streamlit reads cookies but does not set them, so the cookie is written by a line of script in a zero-height
component frame of the page's own origin; the next page load (a reload, a new tab) sends it.
"""

from __future__ import annotations

import os
import re
import uuid

import streamlit as st
import streamlit.components.v1 as components

from frontend.auth import TOKEN_ENV

COOKIE = "image_studio_browser"
MAX_AGE_S = 400 * 24 * 3600  # browsers cap a cookie's life at about 400 days
_ID = re.compile(r"[0-9a-f]{32}")


def browser_id() -> str | None:
    """This browser's id when the studio is shared; None when it runs for one user (no token)."""
    if not os.environ.get(TOKEN_ENV):
        return None
    ss = st.session_state
    if "browser_id" not in ss:
        try:
            sent = st.context.cookies.get(COOKIE)
        except Exception:  # a script run without a browser connection
            sent = None
        known = isinstance(sent, str) and _ID.fullmatch(sent) is not None
        ss.browser_id, ss.browser_cookie_sent = (sent if known else uuid.uuid4().hex), known
    return ss.browser_id


def remember_browser() -> None:
    """Write this browser's id to its cookie (on every run until a page load has sent it back: a run cut short
    may never have drawn the frame)."""
    me = browser_id()
    if me is not None and not st.session_state.get("browser_cookie_sent"):
        components.html(f'<script>document.cookie = "{COOKIE}={me}; path=/; max-age={MAX_AGE_S}; SameSite=Strict";'
                        "</script>", height=0)


def may_open(session, me: str | None) -> bool:
    """Whether this browser may open `session` (one that is its own, or no one's)."""
    return me is None or session.owner in (None, me)
