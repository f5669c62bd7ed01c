"""The token gate: when IMAGE_STUDIO_TOKEN is set, nothing is shown before the token is given.

Guessing is limited per client (its address) and for the whole server: after too many wrong tokens in a
window, no token is checked at all until the window has passed, so a sleep that a new tab or a rerun
could skip is not what holds guessers back.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections import deque

import streamlit as st

from studio.serve import weak_token_reason

TOKEN_ENV = "IMAGE_STUDIO_TOKEN"
WINDOW_S = 300.0
PER_CLIENT = 5  # wrong tokens a client may give per window
PER_SERVER = 30  # and all clients together (someone changing address)


def token_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class GuessLimiter:
    """Wrong tokens remembered per client and in all, in a sliding window (one per server process)."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._by_client: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def _recent(self, times: deque[float]) -> deque[float]:
        while times and times[0] <= self.clock() - WINDOW_S:
            times.popleft()
        return times

    def wait_s(self, client: str) -> float:
        """Seconds before this client may try again (0: now)."""
        with self._lock:
            waits = [times[-limit] + WINDOW_S - self.clock()  # when the oldest guess that counts leaves the window
                     for times, limit in ((self._recent(self._by_client.setdefault(client, deque())), PER_CLIENT),
                                          (self._recent(self._all), PER_SERVER))
                     if len(times) >= limit]
            return max(waits, default=0.0)

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            self._by_client.setdefault(client, deque()).append(now)
            self._all.append(now)


@st.cache_resource
def guess_limiter() -> GuessLimiter:
    return GuessLimiter()


def _client() -> str:
    try:
        address = st.context.ip_address
    except Exception:  # a script run without a browser connection
        address = None
    return address if isinstance(address, str) and address else "unknown"  # a test harness gives a stand-in object


def require_token() -> None:
    """Stop the script with a login form unless this browser session has given the right token."""
    expected = os.environ.get(TOKEN_ENV) or ""
    if not expected or st.session_state.get("authenticated"):
        return
    st.title("Image Studio")
    if weak_token_reason(expected):  # started by hand with a weak token: refuse to guard with it
        st.error("This server's access token is too weak to protect it; restart it with a token of at least 16 "
                 "characters (see `studio serve --help`).")
        st.stop()
    with st.form("login"):
        given = st.text_input("Access token", type="password")
        submitted = st.form_submit_button("Enter")
    if submitted:
        limiter, client = guess_limiter(), _client()
        wait = limiter.wait_s(client)
        if wait > 0:  # the token is not even compared
            st.error(f"Too many wrong tokens. Try again in {wait:.0f} s.")
        elif token_ok(given, expected):
            st.session_state["authenticated"] = True
            st.rerun()
        else:
            limiter.failed(client)
            st.error("Wrong token.")
    st.stop()
