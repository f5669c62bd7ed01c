"""The token gate: when IMAGE_STUDIO_TOKEN is set, nothing is shown before the token is given."""

from __future__ import annotations

import hmac
import os
import time

import streamlit as st

TOKEN_ENV = "IMAGE_STUDIO_TOKEN"


def token_ok(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_token() -> None:
    """Stop the script with a login form unless this browser session has given the right token."""
    expected = os.environ.get(TOKEN_ENV) or ""
    if not expected or st.session_state.get("authenticated"):
        return
    st.title("Image Studio")
    with st.form("login"):
        given = st.text_input("Access token", type="password")
        submitted = st.form_submit_button("Enter")
    if submitted:
        if token_ok(given, expected):
            st.session_state["authenticated"] = True
            st.rerun()
        time.sleep(1.0)  # slow down guessing
        st.error("Wrong token.")
    st.stop()
