"""Lumina-DiMOO behind the studio's five tools: generate, edit, style, inpaint, describe.

One model (an 8B LLaDA discrete-diffusion transformer plus an aMUSEd-style VQ tokenizer) does all
five. ``DimooBackend("tiny")`` builds the same classes from tiny configs with seeded random weights
and an in-memory byte tokenizer; ``DimooBackend("real")`` loads the pinned checkpoint from the local
Hugging Face cache. Nothing is built before the first ``run``.

Request options (``request.options``), all optional:

* ``cache`` (bool; default False, as the authors'), ``cache_warmup_ratio`` (0.3),
  ``cache_refresh_interval`` (5), ``cache_recompute_ratio`` (0.1) — the Max Logit Cache.
* ``temperature`` (image tools 1.0, describe 0.0 = greedy).
* ``image_guidance`` — s_i of the three-way CFG for edit/style/subject (4.0);
  ``request.guidance`` is s (generate, inpaint: 4.0) or s_t (edit, style: 2.5).
* ``gen_length`` (describe: tiny 16, real 128), ``block_length`` (tiny 8, real 32).
* ``bucket_side`` — largest side of the edit/style output bucket (tiny 32, real 512).
* ``branch_mode`` — how CFG branches run: "auto" (default), "batched", "separate", "hybrid".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PIL import Image

from tools.base import Backend, BackendRequest, BackendResult, BadInputError, WeightSpec, composite_in_mask
from tools.dimoo.build import Parts, build_real, build_tiny
from tools.hub import resolved_revision

REPO_ID = "Alpha-VLLM/Lumina-DiMOO"
# The commit of the hub repository could not be looked up from this machine (no hub access, and no
# stored page names it), so the spec follows "main". Pin it with the hash `huggingface-cli download`
# reports once the weights are fetched. See docs/dimoo.md.
REVISION = "main"
ALLOW_PATTERNS = (
    "*.json",
    "*.safetensors",
    "*.txt",
    "*.model",
    "*.py",
    "tokenizer*",
    "vqvae/*",
)


@dataclass(frozen=True)
class Defaults:
    size: int
    steps: int
    gen_length: int
    block_length: int
    bucket_side: int  # edit/style output bucket (authors: 512)
    understand_side: int  # describe input bucket (authors: 1024)
    max_area: int  # inpaint: the source is shrunk to at most this many pixels
    cache: bool


DEFAULTS = {
    "tiny": Defaults(size=32, steps=4, gen_length=16, block_length=8, bucket_side=32, understand_side=32,
                     max_area=96 * 96, cache=False),
    "real": Defaults(size=1024, steps=64, gen_length=128, block_length=32, bucket_side=512, understand_side=1024,
                     max_area=1024 * 1024, cache=False),  # the authors' default; see docs/dimoo.md
}


class DimooBackend(Backend):
    name = "lumina-dimoo"
    tools = frozenset({"generate", "edit", "style", "inpaint", "describe"})
    option_names = frozenset({"cache", "cache_warmup_ratio", "cache_refresh_interval", "cache_recompute_ratio", "temperature",
                              "image_guidance", "gen_length", "block_length", "bucket_side", "understand_side", "branch_mode",
                              "handles"})

    def __init__(self, preset: str = "tiny", device: str | None = None, dtype: str | None = None):
        if preset not in DEFAULTS:
            raise BadInputError(f"unknown preset {preset!r} for lumina-dimoo; use 'tiny' or 'real'")
        super().__init__(preset, device, dtype)
        self.defaults = DEFAULTS[preset]
        self._parts: Parts | None = None
        self.last_run: dict[str, Any] = {}  # codes of the latest run, for tests and debugging

    # ---- registry facts --------------------------------------------------------------------------
    def model_ids(self) -> dict[str, str]:
        if self.preset == "tiny":
            return {"lumina-dimoo": "tiny-random"}
        return {"lumina-dimoo": f"{REPO_ID}@{resolved_revision(self.pull_specs()[0])}"}

    def pull_specs(self) -> list[WeightSpec]:
        if self.preset == "tiny":
            return []
        return [WeightSpec(REPO_ID, REVISION, ALLOW_PATTERNS)]

    # ---- building ---------------------------------------------------------------------------------
    def _build(self) -> Parts:
        if self._parts is None:
            self._parts = build_tiny(self.device) if self.preset == "tiny" else build_real(self.pull_specs()[0], self.device, self.dtype)
        return self._parts

    # ---- running ------------------------------------------------------------------------------------
    def run(self, request: BackendRequest) -> BackendResult:
        if request.tool not in self.tools:
            raise BadInputError(f"lumina-dimoo cannot run tool {request.tool!r}; it runs {sorted(self.tools)}")
        self._check(request)
        parts = self._build()
        handler = getattr(self, f"_run_{request.tool}")
        return handler(parts, request)

    def _check(self, r: BackendRequest) -> None:
        if r.tool in ("edit", "inpaint") and r.source is None:
            raise BadInputError(f"{r.tool} needs a source image (request.source)")
        if r.tool == "inpaint" and r.mask is None:
            raise BadInputError("inpaint needs a mask (request.mask, white = change)")
        if r.tool == "inpaint" and r.references:
            raise BadInputError("Lumina-DiMOO inpaints from the text alone and takes no reference image; "
                                "send the turn to DreamOmni2 (backend='dreamomni2') or describe what goes in the mask")
        if r.tool == "style" and not r.references:
            raise BadInputError("style needs the style image as request.references[0]")
        if r.tool == "describe" and not r.references and r.source is None:
            raise BadInputError("describe needs at least one image (request.references)")
        if r.tool in ("generate",):
            for side, value in (("width", r.width), ("height", r.height)):
                if value is not None and (value <= 0 or value % 16):
                    raise BadInputError(f"{side}={value} must be a positive multiple of 16 for lumina-dimoo")
        if r.steps is not None and r.steps < 1:
            raise BadInputError(f"steps={r.steps} must be at least 1")

    # -- shared pieces --
    def _cache_settings(self, r: BackendRequest):
        from tools.dimoo.samplers import CacheSettings

        o = r.options
        try:
            return CacheSettings(
                enabled=bool(o.get("cache", self.defaults.cache)),
                warmup_ratio=float(o.get("cache_warmup_ratio", 0.3)),
                refresh_interval=int(o.get("cache_refresh_interval", 5)),
                recompute_ratio=float(o.get("cache_recompute_ratio", 0.1)),
            )
        except ValueError as exc:
            raise BadInputError(str(exc)) from exc

    def _generator(self, parts: Parts, seed: int):
        import torch

        return torch.Generator(device=parts.device).manual_seed(int(seed))

    def _encode_block(self, parts: Parts, image: Image.Image) -> tuple[list[int], tuple[int, int]]:
        from tools.dimoo.images import encode_codes
        from tools.dimoo.tokens import image_block

        codes = encode_codes(parts.vq, image)
        rows, cols = codes.shape
        ids = parts.tokens.code_to_id(codes.flatten()).tolist()
        return image_block(ids, rows, cols, parts.tokens), (rows, cols)

    def _recipe(self, parts: Parts, r: BackendRequest, **extra) -> dict:
        recipe = {
            "backend": self.name,
            "task": r.tool,
            "model_id": REPO_ID if self.preset == "real" else "tiny-random",
            "revision": resolved_revision(self.pull_specs()[0]) if self.preset == "real" else "tiny-random",
            "preset": self.preset,
            "seed": int(r.seed),
            "prompt": r.prompt,
        }
        recipe.update(extra)
        return recipe

    def _sample_grid(self, parts, r, branches, prefix_lengths, grid, rows, cols, guidance, steps):
        """Run the masked image sampler and decode; returns (PIL image, final grid ids, cache)."""
        import torch

        from tools.dimoo.images import decode_codes
        from tools.dimoo.samplers import sample_image
        from tools.dimoo.tokens import image_target

        target = image_target(grid.tolist(), rows, cols, parts.tokens)
        seqs = [list(b) + target.ids for b in branches]
        positions = [[p + off for off in target.grid_offsets] for p in prefix_lengths]
        cache = self._cache_settings(r)
        trace: list = []
        from tools.dimoo.samplers import BRANCH_MODES

        if str(r.options.get("branch_mode", "auto")) not in BRANCH_MODES:
            raise BadInputError(f"branch_mode must be one of {BRANCH_MODES}")
        parts.model.stats.reset()
        final = sample_image(
            parts.model,
            seqs,
            positions,
            grid,
            parts.tokens,
            steps=steps,
            guidance=guidance,
            temperature=float(r.options.get("temperature", 1.0)),
            generator=self._generator(parts, r.seed),
            cache=cache,
            on_step=r.on_step,
            check_cancelled=r.check_cancelled,
            trace=trace,
            branch_mode=str(r.options.get("branch_mode", "auto")),
        )
        codes = parts.tokens.id_to_code(final.cpu()).reshape(rows, cols)
        image = decode_codes(parts.vq, codes.to(torch.long))
        self.last_run = {"codes": codes, "trace": trace, "positions": parts.model.stats.positions}
        return image, codes, cache

    # -- tools --
    def _run_generate(self, parts: Parts, r: BackendRequest) -> BackendResult:
        import torch

        from tools.dimoo.images import PATCH, fit_to_bucket
        from tools.dimoo.samplers import cfg_three_way, cfg_two_way
        from tools.dimoo.tokens import SYSTEM_PROMPTS, UNCONDITION_TEXT, chat_text, with_images

        t, enc = parts.tokens, parts.codec.encode
        width = r.width or self.defaults.size
        height = r.height or self.defaults.size
        steps = r.steps or self.defaults.steps
        if r.references:  # subject-driven generation: the references go into the user turn
            refs = [fit_to_bucket(im, self.defaults.bucket_side) for im in r.references]
            if r.width is None and r.height is None:
                width, height = refs[0].size
            blocks = [self._encode_block(parts, im)[0] for im in refs]
            system = SYSTEM_PROMPTS["subject"]
            s_t = 2.5 if r.guidance is None else float(r.guidance)
            s_i = float(r.options.get("image_guidance", 4.0))
            plain = enc(chat_text(system, r.prompt))
            branches = [with_images(plain, blocks), with_images(enc(chat_text(system, UNCONDITION_TEXT)), blocks), plain]
            guidance, scales = cfg_three_way(s_t, s_i), {"text": s_t, "image": s_i}
        else:
            system = SYSTEM_PROMPTS["generate"]
            s = 4.0 if r.guidance is None else float(r.guidance)
            branches = [enc(chat_text(system, r.prompt)), enc(chat_text(system, UNCONDITION_TEXT))]
            guidance, scales = cfg_two_way(s), {"text": s}
        rows, cols = height // PATCH, width // PATCH
        grid = torch.full((rows * cols,), t.mask, dtype=torch.long)
        image, _, cache = self._sample_grid(parts, r, branches, [len(b) for b in branches], grid, rows, cols, guidance, steps)
        recipe = self._recipe(parts, r, steps=steps, width=width, height=height, cfg=scales, system_prompt=system,
                              temperature=float(r.options.get("temperature", 1.0)), **cache.as_dict())
        return BackendResult(images=[image], recipe=recipe)

    def _run_edit(self, parts: Parts, r: BackendRequest) -> BackendResult:
        from tools.dimoo.tokens import SYSTEM_PROMPTS

        images = [r.source, *r.references]
        return self._image_to_image(parts, r, SYSTEM_PROMPTS["edit"], r.prompt, images, size_from=r.source)

    def _run_style(self, parts: Parts, r: BackendRequest) -> BackendResult:
        from tools.dimoo.tokens import STYLE_INSTRUCTION, SYSTEM_PROMPTS

        style = r.references[0]
        if r.source is not None:
            # The authors' template: content image first, then the style image, fixed instruction; the output takes the
            # STYLE image's bucket, as in their i2i script (tests/test_dimoo_parity.py)
            return self._image_to_image(parts, r, SYSTEM_PROMPTS["style"], STYLE_INSTRUCTION, [r.source, style],
                                        size_from=style)
        # No content image: the user's prompt with the style image (not a template the authors show).
        return self._image_to_image(parts, r, SYSTEM_PROMPTS["style"], r.prompt, [style], size_from=style)

    def _image_to_image(self, parts, r, system, text, images, size_from) -> BackendResult:
        import torch

        from tools.dimoo.images import PATCH, area_bucket, fit_to_bucket
        from tools.dimoo.samplers import cfg_three_way
        from tools.dimoo.tokens import UNCONDITION_TEXT, chat_text, with_images

        t, enc = parts.tokens, parts.codec.encode
        side = int(r.options.get("bucket_side", self.defaults.bucket_side))
        blocks = [self._encode_block(parts, fit_to_bucket(im, side))[0] for im in images]
        width, height = area_bucket(size_from.size, side)
        steps = r.steps or self.defaults.steps
        s_t = 2.5 if r.guidance is None else float(r.guidance)
        s_i = float(r.options.get("image_guidance", 4.0))
        plain = enc(chat_text(system, text))
        branches = [
            with_images(plain, blocks),  # cond
            with_images(enc(chat_text(system, UNCONDITION_TEXT)), blocks),  # no text
            plain,  # no image
        ]
        rows, cols = height // PATCH, width // PATCH
        grid = torch.full((rows * cols,), t.mask, dtype=torch.long)
        image, _, cache = self._sample_grid(parts, r, branches, [len(b) for b in branches], grid, rows, cols,
                                            cfg_three_way(s_t, s_i), steps)
        recipe = self._recipe(parts, r, steps=steps, width=width, height=height, cfg={"text": s_t, "image": s_i},
                              system_prompt=system, instruction=text, inputs=len(images),
                              temperature=float(r.options.get("temperature", 1.0)), **cache.as_dict())
        return BackendResult(images=[image], recipe=recipe)

    def _run_inpaint(self, parts: Parts, r: BackendRequest) -> BackendResult:
        from tools.dimoo.images import PATCH, encode_codes, fit_multiple, mask_to_grid
        from tools.dimoo.samplers import cfg_two_way
        from tools.dimoo.tokens import SYSTEM_PROMPTS, UNCONDITION_TEXT, chat_text

        t, enc = parts.tokens, parts.codec.encode
        width, height = fit_multiple(r.source.size, self.defaults.max_area)
        source = r.source.convert("RGB").resize((width, height), Image.BICUBIC)
        rows, cols = height // PATCH, width // PATCH
        region = mask_to_grid(r.mask, rows, cols).flatten()
        if not bool(region.any()):
            raise BadInputError("the inpaint mask is empty: paint the area to change in white")
        source_codes = encode_codes(parts.vq, source).flatten().cpu()
        grid = t.code_to_id(source_codes)
        grid[region] = t.mask
        steps = r.steps or self.defaults.steps
        s = 4.0 if r.guidance is None else float(r.guidance)
        system = SYSTEM_PROMPTS["generate"]
        branches = [enc(chat_text(system, r.prompt)), enc(chat_text(system, UNCONDITION_TEXT))]
        image, codes, cache = self._sample_grid(parts, r, branches, [len(b) for b in branches], grid, rows, cols,
                                                cfg_two_way(s), steps)
        self.last_run.update(source_codes=source_codes.reshape(rows, cols), region=region.reshape(rows, cols), sampled=image)
        # the VQ round trip blurs and the grid is shrunk: outside the mask, give back the source's pixels
        image = composite_in_mask(image, r.source, r.mask)
        recipe = self._recipe(parts, r, steps=steps, width=width, height=height, cfg={"text": s}, system_prompt=system,
                              masked_tokens=int(region.sum()), mask_rule="token changes if any pixel of its 16x16 cell is >= 128",
                              outside_mask="source pixels pasted back",
                              temperature=float(r.options.get("temperature", 1.0)), **cache.as_dict())
        return BackendResult(images=[image], recipe=recipe)

    def _run_describe(self, parts: Parts, r: BackendRequest) -> BackendResult:
        from tools.dimoo.images import fit_to_bucket
        from tools.dimoo.samplers import sample_text
        from tools.dimoo.tokens import SYSTEM_PROMPTS, chat_text, with_images

        images = list(r.references) or [r.source]
        o = r.options
        gen_length = int(o.get("gen_length", self.defaults.gen_length))
        block_length = int(o.get("block_length", min(self.defaults.block_length, gen_length)))
        if gen_length < 1 or block_length < 1 or gen_length % block_length:
            raise BadInputError(f"gen_length ({gen_length}) must be a positive multiple of block_length ({block_length})")
        steps = r.steps or gen_length
        temperature = float(o.get("temperature", 0.0))
        side = int(o.get("understand_side", self.defaults.understand_side))
        blocks = [self._encode_block(parts, fit_to_bucket(im, side))[0] for im in images]
        system = SYSTEM_PROMPTS["understanding"]
        prompt = with_images(parts.codec.encode(chat_text(system, r.prompt)), blocks)
        parts.model.stats.reset()
        answer = sample_text(parts.model, prompt, parts.tokens, gen_length, block_length, steps,
                             temperature=temperature, generator=self._generator(parts, r.seed),
                             on_step=r.on_step, check_cancelled=r.check_cancelled)
        text = parts.codec.decode(answer)
        self.last_run = {"answer_ids": answer}
        recipe = self._recipe(parts, r, steps=steps, gen_length=gen_length, block_length=block_length,
                              temperature=temperature, system_prompt=system, images=len(images))
        return BackendResult(text=text, recipe=recipe)
