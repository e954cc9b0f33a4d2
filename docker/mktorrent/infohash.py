"""Prints the info-hash (SHA-1 of the bencoded info value) of each torrent file named."""
import hashlib
import sys


def value_end(data, i):
    """Index just past the bencoded value that starts at i."""
    kind = data[i:i + 1]
    if kind == b"i":
        return data.index(b"e", i) + 1
    if kind in (b"l", b"d"):
        i += 1
        while data[i:i + 1] != b"e":
            i = value_end(data, i)
        return i + 1
    colon = data.index(b":", i)
    return colon + 1 + int(data[i:colon])


def info_hash(data):
    i = 1  # past the top-level "d"
    while data[i:i + 1] != b"e":
        key_end = value_end(data, i)
        key = data[data.index(b":", i) + 1:key_end]
        end = value_end(data, key_end)
        if key == b"info":
            return hashlib.sha1(data[key_end:end]).hexdigest()
        i = end
    raise SystemExit("no info dictionary")


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        print(info_hash(f.read()))
