"""Helpers shared by the scenario generators: bytes written the way
traces/FORMAT.md escapes them, and a stream cut into read records."""


def esc(data):
    out = []
    for c in data:
        ch = chr(c)
        if ch == "\n": out.append("\\n")
        elif ch == "\r": out.append("\\r")
        elif ch == "\t": out.append("\\t")
        elif ch == "\\": out.append("\\\\")
        elif ch == '"': out.append('\\"')
        elif 0x20 <= c < 0x7f: out.append(ch)
        else: out.append("\\x%02x" % c)
    return '"' + "".join(out) + '"'


def reads(channel, data, size):
    return ["> %s read %s" % (channel, esc(data[i:i + size])) for i in range(0, len(data), size)]


def reads_at(channel, data, cuts):
    """Reads of `data` cut at the given offsets."""
    bounds = [0] + list(cuts) + [len(data)]
    return ["> %s read %s" % (channel, esc(data[a:b])) for a, b in zip(bounds, bounds[1:]) if b > a]
