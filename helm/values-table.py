#!/usr/bin/env python3
# Prints the values table of helm/roomcast/README.md from values.yaml (keys, defaults, the comments above or beside
# each key): python3 helm/values-table.py helm/roomcast/values.yaml. ChartReadmeTests fails when a key is missing.
import re, sys, yaml, json
lines = open(sys.argv[1]).read().split('\n')
data = yaml.safe_load(open(sys.argv[1]))
# description per dotted key from comments: inline comment, else the comment block right above
stack = []  # (indent, key)
desc = {}
pending = []
for line in lines:
    if re.match(r'^\s*##', line) or not line.strip():
        pending = []; continue
    m = re.match(r'^(\s*)#\s?(.*)$', line)
    if m:
        if re.match(r'^\s*#\s+-|^\s*#\s+[a-z]+[A-Za-z.]*:\s', line) and line.startswith(m.group(1)+'#  '):
            continue  # commented-out example
        pending.append(m.group(2).strip()); continue
    m = re.match(r'^(\s*)([A-Za-z0-9_]+):(.*)$', line)
    if not m:
        pending = []; continue
    ind = len(m.group(1)); key = m.group(2); rest = m.group(3)
    while stack and stack[-1][0] >= ind: stack.pop()
    stack.append((ind, key))
    dotted = '.'.join(k for _, k in stack)
    inline = re.search(r'\s#\s?(.*)$', rest)
    text = ' '.join(pending)
    if inline: text = (text + ' ' + inline.group(1).strip()).strip()
    desc[dotted] = text
    pending = []
def leaves(node, prefix):
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from leaves(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, node
def fmt(v):
    if v is None: return 'null'
    if isinstance(v, bool): return 'true' if v else 'false'
    if isinstance(v, (dict, list)): return json.dumps(v, separators=(', ', ': ')) if v else ('{}' if isinstance(v, dict) else '[]')
    if v == '': return '""'
    return str(v)
def find_desc(key):
    parts = key.split('.')
    own = desc.get(key, '')
    if own: return own
    # fall back to the nearest parent's description
    for i in range(len(parts) - 1, 0, -1):
        d = desc.get('.'.join(parts[:i]), '')
        if d: return '(see `' + '.'.join(parts[:i]) + '`) '
    return ''
print('| Key | Default | Description |')
print('|---|---|---|')
for key, value in leaves(data, ''):
    d = find_desc(key).replace('|', '\\|')
    v = fmt(value).replace('|', '\\|')
    if len(v) > 60: v = v[:57] + '...'
    print(f'| `{key}` | `{v}` | {d} |')
