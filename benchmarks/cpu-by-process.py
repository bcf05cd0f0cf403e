#!/usr/bin/env python3
"""CPU cores used by each part of the system over a window, from /proc: PerfRunner reports the services' own CPU,
not PostgreSQL's, the dashboard's, the orchestrator's or the kernel's, which share the same two cores.
Usage: cpu-by-process.py SECONDS"""
import collections
import os
import sys
import time

GROUPS = ['Heroes.Api', 'Villains.Api', 'Locations.Api', 'Fights.Api', 'PerfRunner', 'AppHost', 'Aspire.Dashboard',
          'dcp', 'wrk', 'hey', 'FightFloor']


def snapshot():
    ticks = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{pid}/stat') as f:
                stat = f.read()
            with open(f'/proc/{pid}/cmdline') as f:
                cmd = f.read().replace('\0', ' ')
        except OSError:
            continue
        fields = stat[stat.rfind(')') + 2:].split()
        ticks[pid] = (int(fields[11]) + int(fields[12]), cmd)
    return ticks


def group(cmd):
    for name in GROUPS:
        if name in cmd:
            return name
    if cmd.startswith('postgres'):
        return 'postgres'
    # Kernel threads have no command line: softirq work for loopback traffic shows here.
    return 'kernel' if not cmd else os.path.basename(cmd.split(' ')[0])[:24]


seconds = float(sys.argv[1])
before = snapshot()
time.sleep(seconds)
after = snapshot()
hz = os.sysconf('SC_CLK_TCK')
cores = collections.Counter()
for pid, (ticks, cmd) in after.items():
    cores[group(cmd)] += (ticks - before.get(pid, (0, cmd))[0]) / hz / seconds
print(' '.join(f'{name}={value:.3f}' for name, value in cores.most_common() if value >= 0.005),
      f'total={sum(cores.values()):.3f}')
