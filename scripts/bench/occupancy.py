#!/usr/bin/env python3
"""Where a run left the model's slots idle: reads hinbox-scripted-server's /_scripted/occupancy.

    curl -s $URL/_scripted/occupancy | occupancy.py LIMIT

Splits the window (first model request to last reply) into ramp-up (until LIMIT requests are
first open at once), steady state, and drain (after the last moment LIMIT were open), and prints
for each its length and the capacity left idle there, in seconds of all LIMIT slots:
integral of (LIMIT - open requests) dt / LIMIT. The three idle figures add up to
window x (1 - open-slot utilisation). Then how long a request stayed open at the server on
average (integral of open requests dt / requests): above the scripted latency, it is time the
server took beyond it on the shared cores, which lowers calls/s without leaving a slot idle.
"""
import json
import sys


def main():
    limit = int(sys.argv[1])
    changes = json.load(sys.stdin)["changes"]
    if len(changes) < 2:
        sys.exit("occupancy.py: no model requests recorded")
    start, end = changes[0][0], changes[-1][0]
    full = [t for (t, level) in changes if level >= limit]
    ramp_end = full[0] if full else end
    # The drain starts when the level last fell from LIMIT (or more) to below it.
    drain_start = end
    for (t, level), (_, previous) in zip(reversed(changes[1:]), reversed(changes[:-1])):
        if previous >= limit and level < limit:
            drain_start = t
            break
    if not full:
        drain_start = end
    idle = {"ramp": 0.0, "steady": 0.0, "drain": 0.0}
    for (t, level), (t_next, _) in zip(changes, changes[1:]):
        phase = "ramp" if t < ramp_end else ("drain" if t >= drain_start else "steady")
        idle[phase] += max(0, limit - level) * (t_next - t) / limit
    opened = sum(max(0, level - previous) for (_, previous), (_, level) in zip(changes, changes[1:])) + changes[0][1]
    held = sum(level * (t_next - t) for (t, level), (t_next, _) in zip(changes, changes[1:]))
    print("window %.1f s: ramp-up %.2f s (idle %.2f s), steady %.1f s (idle %.2f s), drain %.2f s (idle %.2f s); "
          "a request open %.0f ms on average at the server" % (
              end - start, ramp_end - start, idle["ramp"], drain_start - ramp_end, idle["steady"],
              end - drain_start, idle["drain"], 1000 * held / max(1, opened)))


if __name__ == "__main__":
    main()
