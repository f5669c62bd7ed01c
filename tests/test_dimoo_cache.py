"""The LLaDA module's cached forward and the Max Logit Cache in the image sampler."""

from __future__ import annotations

import math

import pytest
import torch

from tools.dimoo.model import KVCache
from tools.dimoo.samplers import CacheSettings, cfg_three_way, cfg_two_way, sample_image, select_recompute
from tools.dimoo.tokens import chat_text, image_target


@pytest.fixture(scope="module")
def tiny(dimoo_tiny_lm):
    return dimoo_tiny_lm


def _branches(tok, t, rows, cols, texts):
    grid = torch.full((rows * cols,), t.mask)
    target = image_target(grid.tolist(), rows, cols, t)
    prefixes = [tok.encode(chat_text("Generate an image.", x)) for x in texts]
    return ([p + target.ids for p in prefixes], [[len(p) + o for o in target.grid_offsets] for p in prefixes], grid)


def test_cached_forward_on_all_positions_matches_full(tiny):
    model, _, t = tiny
    ids = torch.randint(0, t.vocab_size, (2, 12))
    lengths = torch.tensor([12, 9])
    kv = KVCache(len(model.blocks))
    full = model(ids, lengths, kv_cache=kv)
    again = model.forward_cached(ids, torch.arange(12).expand(2, 12), kv)
    assert torch.allclose(full[0], again[0], atol=1e-6)
    assert torch.allclose(full[1, :9], again[1, :9], atol=1e-6)


def test_padded_batch_matches_separate_passes(tiny):
    model, _, t = tiny
    a, b = torch.randint(0, t.vocab_size, (1, 10)), torch.randint(0, t.vocab_size, (1, 7))
    batch = torch.zeros(2, 10, dtype=torch.long)
    batch[0], batch[1, :7] = a[0], b[0]
    out = model(batch, torch.tensor([10, 7]))
    assert torch.allclose(out[0], model(a)[0], atol=1e-5)
    assert torch.allclose(out[1, :7], model(b)[0], atol=1e-5)


def test_refresh_schedule():
    full = CacheSettings(enabled=True).full_steps(64)
    assert all(full[:20]) and not full[20]  # warm-up: steps <= int(64 * 0.3) = 19
    assert [s for s in range(20, 64) if full[s]] == [24, 29, 34, 39, 44, 49, 54, 59]
    assert all(CacheSettings(enabled=False).full_steps(5))


def test_select_recompute_lowest_max_logit():
    scores = torch.tensor([[5.0, 1.0, 3.0, 0.0, 9.0, 2.0], [4.0, 0.5, 7.0, 1.0, 0.0, 0.0]])
    sel = select_recompute(scores, torch.tensor([6, 4]), 0.5)
    assert sel.tolist() == [[1, 3, 5], [1, 3, 4]]  # row 1: its 2 lowest + one padding slot


def test_select_recompute_compares_in_the_logits_dtype_as_the_authors():
    # the quantile of [0, 1, 2, 3] at 0.9983 is 2.995 in float32; a bf16 row compares with it rounded to 3.0, so the
    # top logit ties and is picked too (float32 logits: it is not); a row with fewer picks takes its padding
    scores = torch.tensor([[0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0]])
    lengths = torch.tensor([4, 2])
    assert select_recompute(scores.bfloat16(), lengths, 0.9983).tolist() == [[0, 1, 2, 3], [0, 1, 2, 3]]
    assert select_recompute(scores, lengths, 0.9983).tolist() == [[0, 1, 2], [1, 2, 3]]


@pytest.mark.parametrize("three_way", [False, True])
def test_full_recompute_share_equals_uncached(tiny, three_way):
    model, tok, t = tiny
    texts = ["a red fox", "<uncondition>", ""] if three_way else ["a red fox", "<uncondition>"]
    branches, positions, grid = _branches(tok, t, 3, 4, texts)
    guidance = cfg_three_way(2.5, 4.0) if three_way else cfg_two_way(4.0)
    run = lambda cache: sample_image(model, branches, positions, grid, t, 8, guidance, temperature=1.0,  # noqa: E731
                                     generator=torch.Generator().manual_seed(3), cache=cache)
    plain = run(CacheSettings(enabled=False))
    cached = run(CacheSettings(enabled=True, warmup_ratio=0.2, refresh_interval=3, recompute_ratio=1.0))
    assert torch.equal(plain, cached)


def test_recompute_share_cuts_positions(tiny):
    model, tok, t = tiny
    branches, positions, grid = _branches(tok, t, 4, 4, ["a red fox in the snow", "<uncondition>"])
    lengths = [len(b) for b in branches]
    trace = []
    settings = CacheSettings(enabled=True, warmup_ratio=0.3, refresh_interval=5, recompute_ratio=0.1)
    model.stats.reset()
    sample_image(model, branches, positions, grid, t, 12, cfg_two_way(4.0), generator=torch.Generator().manual_seed(0),
                 cache=settings, trace=trace)
    full = settings.full_steps(12)
    k = max(math.ceil(0.1 * n) for n in lengths)
    for rec, is_full in zip(trace, full):
        assert rec.full_pass == is_full
        assert rec.positions == (2 * max(lengths) if is_full else 2 * k)
    cached_steps = [r for r in trace if not r.full_pass]
    assert cached_steps and model.stats.cached_passes == len(cached_steps)
    assert 2 * k < 0.15 * 2 * max(lengths)


def test_branch_modes_agree_and_separate_counts_exact_shares(tiny):
    model, tok, t = tiny
    branches, positions, grid = _branches(tok, t, 3, 4, ["a red fox in the snow", "<uncondition>", ""])
    lengths = [len(b) for b in branches]
    guidance = cfg_three_way(2.5, 4.0)

    def run(mode, cache, trace=None):
        return sample_image(model, branches, positions, grid, t, 8, guidance, generator=torch.Generator().manual_seed(5),
                            cache=cache, branch_mode=mode, trace=trace)

    plain = CacheSettings(enabled=False)
    reference = run("batched", plain)
    assert torch.equal(run("separate", plain), reference)
    full_share = CacheSettings(enabled=True, warmup_ratio=0.2, refresh_interval=3, recompute_ratio=1.0)
    assert torch.equal(run("separate", full_share), reference)
    assert torch.equal(run("hybrid", full_share), reference)  # separate full passes, batched cached ones
    trace = []
    run("separate", CacheSettings(enabled=True, warmup_ratio=0.2, refresh_interval=3, recompute_ratio=0.1), trace)
    for rec in trace:  # one branch at a time: no padding rows, exactly ceil(0.1 * length) per branch
        assert rec.positions == (sum(lengths) if rec.full_pass else sum(math.ceil(0.1 * n) for n in lengths))
