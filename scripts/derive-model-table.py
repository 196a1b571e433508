#!/usr/bin/env python3
"""Derives Consort's shipped model table (prices per million tokens, context windows) from the public
LiteLLM data set (MIT): ../shared/data/model_prices_and_context_window.json by default.

    scripts/derive-model-table.py [SOURCE.json] > core/src/main/resources/dev/consort/core/usage/models.json
"""
import json
import sys
from decimal import Decimal

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/model_prices_and_context_window.json"
data = json.load(open(src))


def per_million(v):
    if v is None:
        return None
    d = (Decimal(repr(v)) * 1_000_000).normalize()
    return format(d, "f")


out = {}
for name in sorted(data):
    m = data[name]
    if m.get("mode") not in ("chat", "responses", None):
        continue
    if m.get("input_cost_per_token") is None and m.get("max_input_tokens") is None:
        continue
    row = {
        "provider": m.get("litellm_provider", ""),
        "input": per_million(m.get("input_cost_per_token")),
        "output": per_million(m.get("output_cost_per_token")),
        "cached_input": per_million(m.get("cache_read_input_token_cost")),
        "cache_write": per_million(m.get("cache_creation_input_token_cost")),
        "context_window": m.get("max_input_tokens"),
        "max_output_tokens": m.get("max_output_tokens"),
    }
    out[name] = {k: v for k, v in row.items() if v is not None}

json.dump({"_source": "LiteLLM model_prices_and_context_window.json (MIT), snapshot 2026-07-24; "
                      "prices in USD per million tokens",
           "models": out}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
