#!/usr/bin/env python3
"""Tables of the redis-cost cases in one or more result folders: summarize.py DIR [DIR...] > summary.md.

Medians over rounds; one row per (label, adapter, nodes, system)."""
import glob
import json
import os
import statistics
import sys


def rows(dirs):
    cases = {}
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, '*.json'))):
            if path.endswith('.generator.json'):
                continue
            r = json.load(open(path))
            if 'redisCpuMicrosPerMessage' not in r:
                continue
            cases.setdefault((r['label'], r['adapter'], r['nodes'], r['system']), []).append(r)
    return cases


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=2):
    return '—' if v is None else f'{v:.{digits}f}' if isinstance(v, float) else str(v)


def main():
    cases = rows(sys.argv[1:])
    print('| run | adapter | nodes | system | rounds | Redis CPU µs/msg | user/sys µs | B out/msg | B in/msg '
          '| msg/s | Redis CPU share | msgs per read() | write() per msg | extrapolated max msg/s |')
    print('|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (label, adapter, nodes, system), rs in sorted(cases.items()):
        reads = med([r.get('messagesPerReadSyscall') for r in rs])
        writes = med([r.get('redisWriteSyscallsPerMessage') for r in rs])
        print(f"| {label} | {adapter} | {nodes} | {system} | {len(rs)} "
              f"| {fmt(med([r['redisCpuMicrosPerMessage'] for r in rs]))} "
              f"| {fmt(med([r['redisUserMicrosPerMessage'] for r in rs]))}/"
              f"{fmt(med([r['redisSystemMicrosPerMessage'] for r in rs]))} "
              f"| {fmt(med([r['redisBytesOutPerMessage'] for r in rs]), 1)} "
              f"| {fmt(med([r['redisBytesInPerMessage'] for r in rs]), 1)} "
              f"| {fmt(med([r['messagesPerSecond'] for r in rs]), 0)} "
              f"| {fmt(med([r['redisCpuShareOfOneCore'] for r in rs]))} "
              f"| {fmt(reads)} | {fmt(writes)} "
              f"| {fmt(med([r['extrapolatedSaturationMessagesPerSecond'] for r in rs]), 0)} |")


if __name__ == '__main__':
    main()
