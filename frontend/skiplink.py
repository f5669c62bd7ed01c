"""A "Skip to the message box" link, the first thing Tab reaches on the page (WCAG 2.4.1, bypass
blocks): however long the session, the message box is two key presses away (Tab, Enter).

Streamlit gives the chat box no id to link to, so the link is made by a small component
(`st.components.v2`, whose script runs in the page itself): it focuses the box when followed. The
link is off screen until it has the keyboard focus, as skip links usually are."""

from __future__ import annotations

import streamlit as st

_JS = """
export default function () {
  if (document.getElementById("skip-to-message")) return;  // one link per page, however many reruns
  const link = document.createElement("a");
  link.id = "skip-to-message";
  link.href = "#";
  link.textContent = "Skip to the message box";
  const hidden = "position:fixed;left:-10000px;top:8px;";
  const shown = "position:fixed;left:8px;top:8px;z-index:1000001;padding:8px 12px;background:#fff;" +
                "color:#1a1a1a;border:2px solid #1a73e8;border-radius:6px;font-weight:600;";
  link.style.cssText = hidden;
  link.addEventListener("focus", () => { link.style.cssText = shown; });
  link.addEventListener("blur", () => { link.style.cssText = hidden; });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const box = document.querySelector('[data-testid="stChatInputTextArea"]');
    if (box) box.focus();
  });
  document.body.prepend(link);
}
"""

_skip_link = st.components.v2.component("image_studio.skip_link", js=_JS)


def skip_link() -> None:
    _skip_link(key="skip_link")
