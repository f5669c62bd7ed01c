"""Write each conversation file's `known_gaps`: the turns the default router still gets wrong on first
contact (studio/evaluate.py), so that pytest runs them as strict xfails and notices when one is fixed.

    python training/interpreter/known_gaps.py tests/conversations/heldout24-*.yaml --reason "..."
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.evaluate import first_contact, load_items  # noqa: E402
from studio.understanding import TurnReader  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--reason", default=None, help="default: keep the file's reason, else a generic one")
    args = parser.parse_args()
    router = TurnReader()
    for path in args.files:
        (item,) = load_items(path)
        failing = [s.index for s in first_contact(item, router) if s.outcome != "right"]
        kept = re.search(r"\nknown_gaps_reason:\s*(.*)", path.read_text())
        reason = args.reason or (kept.group(1).strip().strip('"') if kept else "turns the default router still reads wrongly")
        text = re.sub(r"\n(?:known_gaps|known_gaps_reason):.*", "", path.read_text().rstrip("\n"))
        if failing:
            reason = reason.replace('"', "'")
            text += f"\nknown_gaps: {failing}\nknown_gaps_reason: \"{reason}\""
        path.write_text(text + "\n")
        print(f"{path.name}: {failing or 'no gaps'}")


if __name__ == "__main__":
    main()
