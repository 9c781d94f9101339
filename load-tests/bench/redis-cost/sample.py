#!/usr/bin/env python3
"""Samples what a redis-server has done so far, and turns two samples into the per-message cost of a case.

  sample.py --port P --pid PID             one JSON line: time, utime/stime of PID, INFO stats and commandstats
  sample.py --report --window-start a.json --window-end b.json --command publish ...   the case's JSON
"""
import argparse
import json
import os
import re
import socket
import sys
import time

TICKS = os.sysconf('SC_CLK_TCK')


def info(port, section):
    """INFO <section> over a raw socket (no redis-cli fork between the CPU read and the counters)."""
    with socket.create_connection(('127.0.0.1', port), timeout=5) as s:
        s.sendall(f'INFO {section}\r\n'.encode())
        data = b''
        while b'\r\n' not in data:
            data += s.recv(65536)
        header, rest = data.split(b'\r\n', 1)
        length = int(header[1:])
        while len(rest) < length:
            rest += s.recv(65536)
    out = {}
    for line in rest[:length].decode().splitlines():
        if ':' in line and not line.startswith('#'):
            key, value = line.split(':', 1)
            out[key] = value
    return out


def cpu_seconds(pid):
    fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return int(fields[11]) / TICKS, int(fields[12]) / TICKS  # utime, stime (fields 14, 15 of proc(5))


def syscalls(pid):
    """read()/write()-family syscalls so far (/proc/PID/io syscr, syscw): unlike strace, free for Redis."""
    fields = dict(line.split(': ') for line in open(f'/proc/{pid}/io').read().splitlines())
    return int(fields['syscr']), int(fields['syscw'])


def sample(port, pid):
    stats = info(port, 'stats')
    commands = {}
    for key, value in info(port, 'commandstats').items():
        calls = re.search(r'calls=(\d+)', value)
        usec = re.search(r'usec=(\d+)', value)
        commands[key.removeprefix('cmdstat_')] = {'calls': int(calls.group(1)), 'usec': int(usec.group(1))}
    user, system = cpu_seconds(pid)
    reads, writes = syscalls(pid)
    return {'time': time.time(), 'utime': user, 'stime': system, 'readSyscalls': reads, 'writeSyscalls': writes,
            'netOutputBytes': int(stats['total_net_output_bytes']),
            'netInputBytes': int(stats['total_net_input_bytes']),
            'commandsProcessed': int(stats['total_commands_processed']), 'commands': commands}


def delta(a, b):
    commands = {}
    for name, after in b['commands'].items():
        before = a['commands'].get(name, {'calls': 0, 'usec': 0})
        calls = after['calls'] - before['calls']
        if calls:
            commands[name] = {'calls': calls, 'usec': after['usec'] - before['usec']}
    return {'seconds': b['time'] - a['time'], 'utime': b['utime'] - a['utime'], 'stime': b['stime'] - a['stime'],
            'readSyscalls': b['readSyscalls'] - a['readSyscalls'],
            'writeSyscalls': b['writeSyscalls'] - a['writeSyscalls'],
            'netOutputBytes': b['netOutputBytes'] - a['netOutputBytes'],
            'netInputBytes': b['netInputBytes'] - a['netInputBytes'],
            'commandsProcessed': b['commandsProcessed'] - a['commandsProcessed'], 'commands': commands}


def parse_strace(path):
    """`strace -c` table -> {syscall: calls}."""
    calls = {}
    for line in open(path):
        parts = line.split()
        if len(parts) >= 5 and re.fullmatch(r'[\d.]+', parts[0]) and parts[-1] not in ('total',):
            try:
                calls[parts[-1]] = int(parts[3])
            except ValueError:
                pass
    return calls


def report(args):
    window = delta(json.load(open(args.window_start)), json.load(open(args.window_end)))
    messages = window['commands'].get(args.command, {}).get('calls', 0)
    cpu = window['utime'] + window['stime']
    per = (lambda v: round(v / messages, 3)) if messages else (lambda v: None)
    result = {
        'label': args.label, 'system': args.system, 'adapter': args.adapter, 'nodes': args.nodes,
        'round': args.round, 'serverVersion': args.server_version, 'messageCommand': args.command,
        'windowSeconds': round(window['seconds'], 3), 'messages': messages,
        'messagesPerSecond': round(messages / window['seconds'], 1),
        'redisCpuSeconds': round(cpu, 3), 'redisCpuShareOfOneCore': round(cpu / window['seconds'], 3),
        'redisCpuMicrosPerMessage': per(cpu * 1e6), 'redisUserMicrosPerMessage': per(window['utime'] * 1e6),
        'redisSystemMicrosPerMessage': per(window['stime'] * 1e6),
        'redisBytesOutPerMessage': per(window['netOutputBytes']),
        'redisBytesInPerMessage': per(window['netInputBytes']),
        'redisCommandsPerMessage': per(window['commandsProcessed']),
        # commands Redis takes in per read() syscall: how well the clients batch their writes
        'messagesPerReadSyscall': round(messages / window['readSyscalls'], 2) if window['readSyscalls'] else None,
        'redisWriteSyscallsPerMessage': per(window['writeSyscalls']),
        # at this cost a core would be saturated at: an extrapolation, not a measured rate
        'extrapolatedSaturationMessagesPerSecond': round(1e6 / (cpu * 1e6 / messages)) if messages and cpu else None,
        'window': window,
    }
    if args.strace:
        traced = delta(json.load(open(args.strace_start)), json.load(open(args.strace_end)))
        traced_messages = traced['commands'].get(args.command, {}).get('calls', 0)
        syscalls = parse_strace(args.strace)
        reads = syscalls.get('read', 0)
        result['strace'] = {'seconds': round(traced['seconds'], 3), 'messages': traced_messages,
                            'syscalls': syscalls,
                            'messagesPerRead': round(traced_messages / reads, 2) if reads else None,
                            'note': 'strace slows Redis down; these counts come after the CPU window, not in it'}
    if args.generator and os.path.exists(args.generator):
        g = json.load(open(args.generator))
        f = g.get('fanout', {})
        result['generator'] = {k: f.get(k) for k in ('publishPerSecond', 'deliveriesPerSecond', 'lost')
                               if k in f}
        result['generator']['latency'] = f.get('latencyMillis') or f.get('latency')
    json.dump(result, sys.stdout, indent=2)
    print()


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--port', type=int)
    p.add_argument('--pid', type=int)
    p.add_argument('--report', action='store_true')
    for flag in ('--system', '--adapter', '--label', '--command', '--window-start', '--window-end', '--strace-start',
                 '--strace-end', '--strace', '--generator', '--server-version'):
        p.add_argument(flag)
    p.add_argument('--nodes', type=int)
    p.add_argument('--round', type=int)
    args = p.parse_args()
    if args.report:
        report(args)
    else:
        json.dump(sample(args.port, args.pid), sys.stdout)
        print()


if __name__ == '__main__':
    main()
