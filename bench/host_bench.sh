#!/usr/bin/env bash
# Figures of `airlock snapshot`, `diff` and `watch` (docs/host.md), whole-process runs.
#
#   bench/host_bench.sh [BUILD_DIR]        # default build/release; prints one line per figure
#
# Hypotheses (issue 5 targets):
#   1. A full snapshot of this machine's catalogue locations takes under 2 s (warm cache).
#      Wall time depends on what else runs on the machine, so CPU time (user+sys) is printed
#      next to it; the first (cold-cache) run is printed separately.
#   2. A diff of two such snapshots takes under 200 ms.
#   3. `watch` uses under 1% of one CPU while nothing changes (inotify idle, /proc polled
#      every second, no re-scan during the measurement).
#   4. A change (a cron job written into a watched fixture root) is reported within 1 s.
#   5. Attribution (install logs, package databases, /proc install sessions) costs little:
#      diff with it is within a few ms of `diff --no-attribution`; watch's install tracker
#      reads only pids it has not seen, so idle CPU stays under 1%.
# Nothing here is asserted; the script prints what it measured. Needs python3.
# Last run (release build, 2 shared CPUs, 13,936 items, with attribution): snapshot
# 0.88-0.89 s wall / 0.91 s CPU; diff 72-76 ms; watch idle 0.73-1.00% of one CPU (0.80-0.97%
# for the build without attribution, same machine); change latency 104-108 ms (docs/host.md).
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root_dir/build/release}
airlock=$build/airlock
if [[ ! -x $airlock ]]; then
  echo "usage: $0 [BUILD_DIR]   ($airlock not found)" >&2
  exit 2
fi
work=$(mktemp -d /tmp/airlock-host-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME=$work  # the store and nothing else of the real user's

echo "# airlock host bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"

timed() {  # prints "wall user sys" of one run of "$@"
  python3 - "$@" <<'EOF'
import os, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
wall = time.monotonic() - t
ru = os.wait4 if False else None
r = __import__("resource").getrusage(__import__("resource").RUSAGE_CHILDREN)
print(f"{wall:.3f} {r.ru_utime:.3f} {r.ru_stime:.3f}")
EOF
}

# 1. snapshot of this machine (first run may be cold), then 3 warm runs.
read -r w u s < <(timed "$airlock" snapshot --output "$work/a.snapshot" --quiet)
items=$("$airlock" snapshot --output "$work/a.snapshot" --quiet | sed -E 's/.*: ([0-9]+) items.*/\1/')
echo "snapshot (first run): wall ${w} s, cpu $(python3 -c "print(f'{$u+$s:.3f}')") s"
for i in 1 2 3; do
  read -r w u s < <(timed "$airlock" snapshot --output "$work/b.snapshot" --quiet)
  echo "snapshot of / ($items items), run $i: wall ${w} s, cpu $(python3 -c "print(f'{$u+$s:.3f}')") s"
done

# 2. diff of two snapshots of this machine.
for i in 1 2 3; do
  read -r w u s < <(timed "$airlock" diff "$work/a.snapshot" "$work/b.snapshot" --format json)
  echo "diff of two snapshots, run $i: wall $(python3 -c "print(f'{$w*1000:.0f}')") ms, cpu $(python3 -c "print(f'{($u+$s)*1000:.0f}')") ms"
done
read -r w u s < <(timed "$airlock" diff "$work/a.snapshot" "$work/b.snapshot" --format json --no-attribution)
echo "diff of two snapshots, --no-attribution: wall $(python3 -c "print(f'{$w*1000:.0f}')") ms, cpu $(python3 -c "print(f'{($u+$s)*1000:.0f}')") ms"

# 3 and 4. watch: idle CPU on / and change latency on a fixture root.
python3 "$root_dir/scripts/make-host-fixtures.py" base "$work/root"
python3 - "$airlock" "$work" <<'EOF'
import os, subprocess, sys, time
airlock, work = sys.argv[1], sys.argv[2]
tck = os.sysconf("SC_CLK_TCK")

def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tck

def start(root, log):
    out = open(log, "w")
    p = subprocess.Popen([airlock, "watch", "--root", root, "--db", f"{work}/w.db",
                          "--interval", "3600"], stdout=out, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while os.path.getsize(log) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    return p

# Idle: watch the real root; measure after the initial snapshot.
p = start("/", f"{work}/idle.log")
time.sleep(5)
c0, t0 = cpu(p.pid), time.monotonic()
time.sleep(30)
c1, t1 = cpu(p.pid), time.monotonic()
p.terminate(); p.wait()
print(f"watch / idle CPU: {100 * (c1 - c0) / (t1 - t0):.2f}% of one CPU over {t1 - t0:.0f} s")

# Latency: a cron job written into the fixture root until its finding line is out.
root = f"{work}/root"
log = f"{work}/lat.log"
p = start(root, log)
time.sleep(1)
lat = []
for i in range(5):
    size = os.path.getsize(log)
    marker = f"bench-job-{i}"
    t = time.monotonic()
    with open(f"{root}/etc/cron.d/bench{i}", "w") as f:
        f.write(f"* * * * * root /usr/bin/true {marker}\n")
    while time.monotonic() - t < 10:
        with open(log) as f:
            f.seek(size)
            if marker in f.read():
                break
        time.sleep(0.005)
    lat.append(time.monotonic() - t)
    time.sleep(0.5)
p.terminate(); p.wait()
print("watch change latency (cron job written -> finding line): "
      + ", ".join(f"{x * 1000:.0f} ms" for x in lat))
EOF
