#!/usr/bin/env python3
"""Rewrite the format version byte of every value of one column of a
COPY ... (FORMAT binary) file.

  copy_binary_version.py IN OUT COLUMN VERSION

COLUMN counts from 0; NULLs are left alone; every other byte is copied as
it is.  Used by the upgrade suite where a type's binary form moved to a new
version that differs from the old one, for the values it stores, in that
byte alone (docs/formats.md, version policy): the old release's bytes with
the new version are what the new release must send.
"""
import struct
import sys

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


def rewrite(data, column, version):
    if not data.startswith(SIGNATURE):
        raise ValueError("not a binary COPY file")
    out = bytearray(data)
    at = len(SIGNATURE) + 4
    (extension,) = struct.unpack_from(">i", data, at)
    at += 4 + extension
    while True:
        (fields,) = struct.unpack_from(">h", data, at)
        at += 2
        if fields == -1:
            break
        for field in range(fields):
            (length,) = struct.unpack_from(">i", data, at)
            at += 4
            if length > 0 and field == column:
                out[at] = version
            at += max(length, 0)
    if at != len(data):
        raise ValueError("bytes after the trailer")
    return bytes(out)


def main():
    source, target, column, version = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(source, "rb") as f:
        data = f.read()
    with open(target, "wb") as f:
        f.write(rewrite(data, column, version))


if __name__ == "__main__":
    main()
