#!/usr/bin/env python3
"""Redis memory per 10,000 stream entries of the Redis Streams adapter (issue 12), independent of the adapter.

Writes, into a redis-server on 127.0.0.1 that is otherwise empty (FLUSHALL first), N entries shaped as the streams
adapter (and Node's @socket.io/redis-streams-adapter 0.3.1) writes a chat broadcast:

    XADD socket.io [MAXLEN ~ M] * uid <16 hex> nsp / type 3 data <JSON {"packet":{"type":2,"data":["message",
         {"id":<uuid>,"room":"room-N","text":<stamp>,"from":<20-char sid>,"ts":<epoch ms>}]},
         "opts":{"rooms":["room-N"],"except":[],"flags":{}}}>

and reads INFO memory used_memory before and after, MEMORY USAGE socket.io SAMPLES 0 (every node of the stream, not
Redis's default sample of 5) and XLEN. Variants: no trimming, and MAXLEN ~ 10000 (the adapter's default) with 2x and
5x that many entries written, so the steady state under trimming shows. Commands go through `redis-cli --pipe`
(RESP, no shell quoting of the JSON).

    stream-memory.py --port 6395 --out load-tests/results/streams/stream-memory.json [--rounds 3]

Loopback only: it refuses any host but 127.0.0.0/8.
"""
import argparse
import ipaddress
import json
import random
import statistics
import subprocess
import time
import uuid

STREAM = "socket.io"


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def cli(host, port, *args):
    return subprocess.run(["redis-cli", "-h", host, "-p", str(port), *map(str, args)], check=True,
                          capture_output=True, text=True).stdout.strip()


def used_memory(host, port):
    info = cli(host, port, "INFO", "memory")
    return int(next(l.split(":", 1)[1] for l in info.splitlines() if l.startswith("used_memory:")))


def sid(rng):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(20))


def entry_fields(rng, uids, sids, origin_ns, i, rooms):
    room = f"room-{rng.randrange(rooms)}"
    stamp = str(origin_ns + i * 90_000 + rng.randrange(90_000))  # the generator's send stamp: ns since its start
    message = {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "room": room, "text": stamp,
               "from": rng.choice(sids), "ts": 1764690000000 + i // 11}
    data = {"packet": {"type": 2, "data": ["message", message]},
            "opts": {"rooms": [room], "except": [], "flags": {}}}
    return ["uid", rng.choice(uids), "nsp", "/", "type", "3",
            "data", json.dumps(data, separators=(",", ":"), ensure_ascii=False)]


def run_variant(host, port, entries, maxlen, seed):
    rng = random.Random(seed)
    uids = ["%016x" % rng.getrandbits(64) for _ in range(2)]  # two nodes
    sids = [sid(rng) for _ in range(10)]                      # ten publishers
    cli(host, port, "FLUSHALL")
    time.sleep(0.2)
    before = used_memory(host, port)
    payload = []
    data_bytes = 0
    for i in range(entries):
        fields = entry_fields(rng, uids, sids, 40_000_000_000, i, 100)
        data_bytes += sum(len(f.encode()) for f in fields)
        trim = ["MAXLEN", "~", maxlen] if maxlen else []
        payload.append(resp("XADD", STREAM, *trim, "*", *fields))
    started = time.monotonic()
    subprocess.run(["redis-cli", "-h", host, "-p", str(port), "--pipe"], input=b"".join(payload), check=True,
                   capture_output=True)
    seconds = time.monotonic() - started
    time.sleep(0.2)
    after = used_memory(host, port)
    xlen = int(cli(host, port, "XLEN", STREAM))
    usage = int(cli(host, port, "MEMORY", "USAGE", STREAM, "SAMPLES", "0"))
    return {
        "entriesWritten": entries, "maxlen": maxlen, "xlen": xlen,
        "usedMemoryBefore": before, "usedMemoryAfter": after, "usedMemoryDelta": after - before,
        "usedMemoryDeltaPer10k": round((after - before) * 10_000 / xlen) if xlen else None,
        "memoryUsageKey": usage, "memoryUsageKeyPer10k": round(usage * 10_000 / xlen) if xlen else None,
        "bytesPerEntry": round(usage / xlen, 1) if xlen else None,
        "fieldBytesPerEntry": round(data_bytes / entries, 1),
        "pipeSeconds": round(seconds, 3),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        raise SystemExit("stream-memory.py: loopback hosts only")
    variants = [("untrimmed-10k", 10_000, None), ("untrimmed-100k", 100_000, None),
                ("maxlen10k-20k", 20_000, 10_000), ("maxlen10k-50k", 50_000, 10_000)]
    rounds = {name: [] for name, _, _ in variants}
    for r in range(a.rounds):
        for name, entries, maxlen in variants:
            rounds[name].append(run_variant(a.host, a.port, entries, maxlen, seed=1000 * r + entries))
    cli(a.host, a.port, "FLUSHALL")
    version = cli(a.host, a.port, "INFO", "server")
    version = next(l.split(":", 1)[1] for l in version.splitlines() if l.startswith("redis_version:"))
    config = {k: v for k, v in zip(*[iter(cli(a.host, a.port, "CONFIG", "GET", "stream-node-max-*").split("\n"))] * 2)}
    summary = {}
    for name, runs in rounds.items():
        summary[name] = {k: statistics.median(run[k] for run in runs)
                         for k in ("xlen", "usedMemoryDelta", "usedMemoryDeltaPer10k", "memoryUsageKey",
                                   "memoryUsageKeyPer10k", "bytesPerEntry", "fieldBytesPerEntry")}
        summary[name]["usedMemoryDeltaPer10kRange"] = [min(r["usedMemoryDeltaPer10k"] for r in runs),
                                                       max(r["usedMemoryDeltaPer10k"] for r in runs)]
    result = {"redisVersion": version, "streamConfig": config, "stream": STREAM, "rounds": a.rounds,
              "entryShape": "uid, nsp, type=3, data=JSON of {packet:{type:2,data:[message,{id,room,text,from,ts}]},"
                            "opts:{rooms:[room],except:[],flags:{}}}; 100 rooms, 2 node uids, 10 publishers",
              "summary": summary, "runs": rounds}
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
