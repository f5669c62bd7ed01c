"""Lumina-DiMOO samplers on a tiny random model: schedule, commits, CFG scope, inpaint, text."""

from __future__ import annotations

import math

import pytest
import torch

from tools.dimoo.samplers import (
    cfg_three_way,
    cfg_two_way,
    choose_remask,
    cosine_remaining,
    gumbel_sample,
    sample_image,
    sample_text,
    transfer_counts,
)
from tools.dimoo.tokens import chat_text, image_target


@pytest.fixture(scope="module")
def tiny(dimoo_tiny_lm):
    return dimoo_tiny_lm


def _t2i(tok, t, rows, cols, grid):
    cond = tok.encode(chat_text("Generate an image according to the text prompt.", "a red fox"))
    uncond = tok.encode(chat_text("Generate an image according to the text prompt.", "<uncondition>"))
    target = image_target(grid.tolist(), rows, cols, t)
    branches = [cond + target.ids, uncond + target.ids]
    positions = [[len(cond) + o for o in target.grid_offsets], [len(uncond) + o for o in target.grid_offsets]]
    return branches, positions


def test_cosine_remaining_formula():
    assert cosine_remaining(4096, 0, 64) == math.floor(4096 * math.cos(math.pi / 2 / 64))
    assert cosine_remaining(4096, 62, 64) == max(1, math.floor(4096 * math.cos(math.pi / 2 * 63 / 64)))
    assert cosine_remaining(4096, 63, 64) == 0
    assert cosine_remaining(3, 5, 8) == 1  # at least one stays masked before the last step


def test_schedule_commits_and_cfg_scope(tiny):
    model, tok, t = tiny
    rows, cols, steps = 3, 4, 6
    grid = torch.full((rows * cols,), t.mask)
    branches, positions = _t2i(tok, t, rows, cols, grid)
    seen_m, grids, trace = [], [], []
    base = cfg_two_way(4.0)

    def spy(branch_logits):
        seen_m.append(branch_logits.shape[1])
        return base(branch_logits)

    final = sample_image(model, branches, positions, grid, t, steps, spy, temperature=1.0,
                         generator=torch.Generator().manual_seed(0), trace=trace, on_grid=grids.append)
    n = rows * cols
    expected = [max(1, math.floor(n * math.cos(math.pi / 2 * (s + 1) / steps))) for s in range(steps - 1)] + [0]
    assert [r.masked_after for r in trace] == expected
    # CFG saw exactly the positions that were masked before each step, never the committed ones.
    assert seen_m == [r.masked_before for r in trace]
    prev = grid
    for g in grids:  # a committed token never changes
        fixed = prev != t.mask
        assert torch.equal(g[fixed], prev[fixed])
        prev = g
    assert not bool((final == t.mask).any())
    lo, hi = t.image_slice
    assert bool(((final >= lo) & (final < hi)).all())


def test_guidance_only_rewrites_masked_positions(tiny):
    """A guidance that always prefers code 5 turns every masked slot into code 5 and nothing else."""
    model, tok, t = tiny
    rows, cols = 2, 3
    grid = torch.tensor([t.code_to_id(c) for c in (1, 2, 3, 4, 6, 7)])
    grid[[1, 4]] = t.mask
    branches, positions = _t2i(tok, t, rows, cols, grid)

    def force5(b):
        out = torch.zeros_like(b[0])
        out[:, 5] = 100.0
        return out

    final = sample_image(model, branches, positions, grid, t, 3, force5, temperature=0.0)
    assert final.tolist() == [t.code_to_id(c) for c in (1, 5, 3, 4, 5, 7)]


def test_cfg_formulas():
    c, u, ui = torch.tensor([2.0]), torch.tensor([1.0]), torch.tensor([0.5])
    assert cfg_two_way(4.0)(torch.stack([c, u])).item() == pytest.approx(5 * 2 - 4 * 1)
    assert cfg_three_way(2.5, 4.0)(torch.stack([c, u, ui])).item() == pytest.approx(2 + 2.5 * 1 + 4.0 * 1.5)


def test_sampling_and_remask_primitives():
    logits = torch.tensor([[0.0, 3.0, 1.0], [5.0, 0.0, 0.0]])
    idx, p = gumbel_sample(logits, 0.0, None)
    assert idx.tolist() == [1, 0]
    assert torch.allclose(p, torch.softmax(logits, -1).max(-1).values)
    conf = torch.tensor([0.9, 0.1, 0.5, 0.2])
    assert choose_remask(conf, 2, 0.0, None).tolist() == [False, True, False, True]
    assert transfer_counts(10, 4) == [3, 3, 2, 2]


def test_sample_text_fills_requested_length(tiny):
    model, tok, t = tiny
    prompt = tok.encode(chat_text("sys", "what is it?"))
    steps = []
    ids = sample_text(model, prompt, t, gen_length=8, block_length=4, steps=8, temperature=0.0,
                      on_step=lambda i, n: steps.append((i, n)))
    assert len(ids) == 8 and t.mask not in ids
    assert steps == [(i, 8) for i in range(1, 9)]
    again = sample_text(model, prompt, t, gen_length=8, block_length=4, steps=8, temperature=0.0)
    assert ids == again  # greedy is deterministic
