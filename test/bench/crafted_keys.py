#!/usr/bin/env python3
"""Keys chosen to collide under svcquality's hashes before they were seeded.

    python3 test/bench/crafted_keys.py KIND COUNT     (one key a line)

Up to commit 4d8261f the in-memory hash tables hashed their keys without a
seed (timeline_set's cases as 0.1.0 does), so whoever wrote the rows could
choose keys that all start their probe at the same slot: every lookup then
walks all the keys before it, and a table of n keys costs n^2 / 2 probes.  These are such keys, for the benchmark
test/bench/suites/crafted_keys.sh: each hash is run backwards from a value
whose low SLOT_BITS bits are zero, so every key lands in slot 0 of any table
of up to 2^SLOT_BITS slots.  With a per-backend seed (sq_hash_seed) they
are ordinary keys.

KIND is one of
  names      16-byte printable names ("crafted:" and 8 bytes), for category
             names, contact topics and text customers, vocabulary names
             (sq_bytes_hash before the seed)
  customers  bigint customers on the first topic of a contact_state
  cases      case ids of a timeline_set, 16 to a block of ids
  responses  response ids of the long moment_agg, as its held state hashes
             them
Deterministic (a fixed seed for the free bits).  NumPy for the names.
"""
import sys

import numpy as np

M64 = (1 << 64) - 1
SLOT_BITS = 22
GOLDEN = 0x9E3779B97F4A7C15
MIX1, MIX2, FOLD = 0xff51afd7ed558ccd, 0xc4ceb9fe1a85ec53, 0xd6e8feb86659fd93
rng = np.random.default_rng(20261207)


def inverse(m, bits=64):
    return pow(m, -1, 1 << bits)


def bytes_hash_unseeded(b):
    """sq_bytes_hash before the seed: bytes -> the 32-bit hash."""
    n = len(b)

    def word(p, k):
        return int.from_bytes(b[p:p + k], 'little')

    h = ((n + 1) * GOLDEN) & M64
    if n >= 8:
        h = ((h ^ word(0, 8)) * MIX1) & M64
        for i in range(8, n - 8, 8):
            h = ((h ^ word(i, 8)) * MIX1) & M64
        h = ((h ^ word(n - 8, 8)) * MIX2) & M64
    elif n >= 4:
        h = ((h ^ word(0, 4) ^ (word(n - 4, 4) << 32)) * MIX2) & M64
    elif n > 0:
        h = ((h ^ b[0] ^ (b[n // 2] << 8) ^ (b[n - 1] << 16)) * MIX2) & M64
    h ^= h >> 32
    return ((h * FOLD) & M64) >> 32


def names(count):
    """The last word of "crafted:" + 8 bytes solved for from the hash wanted."""
    prefix = b"crafted:"
    after_prefix = ((((17 * GOLDEN) & M64) ^ int.from_bytes(prefix, 'little')) * MIX1) & M64
    found = {}
    with np.errstate(over='ignore'):
        while len(found) < count:
            # the final product, its slot bits (32 and up) zero
            y = rng.integers(0, 1 << 63, size=1 << 20, dtype=np.uint64) << np.uint64(1)
            y &= ~np.uint64(((1 << SLOT_BITS) - 1) << 32)
            h = y * np.uint64(inverse(FOLD))
            h ^= h >> np.uint64(32)         # h ^ h >> 32 is its own inverse
            last = (h * np.uint64(inverse(MIX2))) ^ np.uint64(after_prefix)
            b = last.view(np.uint8).reshape(-1, 8)
            printable = np.all((b >= 0x21) & (b <= 0x7e) & (b != 0x5c) & (b != 0x22), axis=1)
            for row in b[printable]:
                found.setdefault(prefix + bytes(row), None)
    keys = list(found)[:count]
    assert all(bytes_hash_unseeded(k) & ((1 << SLOT_BITS) - 1) == 0 for k in keys[:1000])
    return [k.decode() for k in keys]


def mix64(x):
    x ^= x >> 33
    x = (x * MIX1) & M64
    x ^= x >> 33
    x = (x * MIX2) & M64
    return x ^ (x >> 33)


def unmix64(x):
    x ^= x >> 33
    x = (x * inverse(MIX2)) & M64
    x ^= x >> 33
    x = (x * inverse(MIX1)) & M64
    return x ^ (x >> 33)


def signed(x):
    return x - (1 << 64) if x >= 1 << 63 else x


def customers(count):
    """mix64(customer ^ topic * GOLDEN) in slot 0; the first topic is index 0."""
    keys = [signed(unmix64(k << SLOT_BITS)) for k in range(1, count + 1)]
    assert all(mix64(c & M64) & ((1 << SLOT_BITS) - 1) == 0 for c in keys)
    return keys


def cases(count):
    """Blocks b (ids b * 16 to b * 16 + 15) with mix64(b) in slot 0."""
    keys = []
    k = 0
    while len(keys) < count:
        k += 1
        b = unmix64(k << SLOT_BITS)
        if b < 1 << 59:
            keys.extend(b * 16 + j for j in range(16))
    return keys[:count]


def murmur32(h):
    h ^= h >> 16
    h = (h * 0x85ebca6b) & 0xffffffff
    h ^= h >> 13
    h = (h * 0xc2b2ae35) & 0xffffffff
    return h ^ (h >> 16)


def unmurmur32(h):
    h ^= h >> 16
    h = (h * inverse(0xc2b2ae35, 32)) & 0xffffffff
    h ^= (h >> 13) ^ (h >> 26)
    h = (h * inverse(0x85ebca6b, 32)) & 0xffffffff
    return h ^ (h >> 16)


def combine(a, b):
    """PostgreSQL's hash_combine of two 32-bit hashes."""
    return a ^ ((b + 0x9e3779b9 + (a << 6) + (a >> 2)) & 0xffffffff)


def responses(count, bits=20):
    """Ids lo | hi << 32: hi's hash chosen to cancel lo's in the low bits."""
    mask = (1 << bits) - 1
    keys = []
    lo = 0
    while len(keys) < count:
        lo += 1
        a = murmur32(lo)
        low = (a - 0x9e3779b9 - (a << 6) - (a >> 2)) & mask
        hi = unmurmur32(low | (int(rng.integers(0, 1 << 12)) << bits))
        if hi < 1 << 31:
            keys.append(lo | hi << 32)
    assert all(combine(murmur32(i & 0xffffffff), murmur32(i >> 32)) & mask == 0 for i in keys)
    return keys


if __name__ == "__main__":
    kind, n = sys.argv[1], int(sys.argv[2])
    generate = {"names": names, "customers": customers, "cases": cases, "responses": responses}[kind]
    print("\n".join(str(k) for k in generate(n)))
