"""safetensors files for PyTorch, with the `safetensors` package where it is installed and, where
it is not (Debian packages PyTorch but not safetensors), with the few lines of json and
torch.frombuffer the format needs: an 8-byte little-endian header length, a JSON header naming
each tensor's dtype, shape and byte range, then the raw little-endian data."""
import json
import struct

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64}


def load_safetensors(path):
    """The tensors of a safetensors file as a state_dict, and its metadata (None when it has none)."""
    try:
        from safetensors import safe_open

        with safe_open(path, framework="pt") as f:
            return {name: f.get_tensor(name) for name in f.keys()}, f.metadata()
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    metadata = header.pop("__metadata__", None)
    start = 8 + length
    state = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        raw = bytearray(data[start + begin : start + end])
        state[name] = torch.frombuffer(raw, dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
    return state, metadata


def save_safetensors(state, path, metadata=None):
    """As safetensors.torch.save_file(state, path, metadata) writes it."""
    try:
        from safetensors.torch import save_file

        return save_file(state, path, metadata=metadata)
    except ImportError:
        pass
    names = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8")}
    header = {} if metadata is None else {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, tensor in state.items():
        dtype, layout = names[tensor.dtype]
        blob = tensor.detach().contiguous().numpy().astype(layout).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
