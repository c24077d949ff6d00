"""sgs and moto setting up the same world, timed as whole processes, side by side.

    python3 benches/moto/side_by_side.py [--pairs 10] [--sgs target/release/sgs]
                                         [--python .venv-test/bin/python]

Writes `sgs gen --groups 500 --rules 60 --instances 10000` (the engine benches' world) and its
first 1,500 commands (a VPC, 3 subnets, 500 groups, 996 rules) into a temporary folder, then
runs, in turn and PAIRS times: `sgs run --quiet` of the first 1,500 commands, moto making the
same 1,500 calls (`setup.py`: boto3 against moto's in-process `mock_aws`, as a user scripts
moto), and `sgs run --quiet` of the whole world. Each run is timed from its start to its exit
(a monotonic clock around the child process), after one warm-up run of each that is not
counted. Prints the median of each, and the median over the triples of the two ratios the
speed target names:

- the first 1,500 commands: moto's time over sgs's;
- setup rate: sgs's commands a second over the whole world against moto's calls a second over
  its 1,500.

The machine should be otherwise idle: a busy neighbour moves the short sgs runs most.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FIRST = 1500


def timed(cmd: list[str]) -> float:
    """Seconds from the start of `cmd` to its exit; its output is thrown away."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return took


def commands(path: Path) -> list[str]:
    return [l for l in path.read_text().splitlines() if l.strip() and not l.startswith("#")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=10, help="timed runs of each (default 10)")
    ap.add_argument("--sgs", default=str(ROOT / "target/release/sgs"), help="the sgs binary")
    ap.add_argument("--python", default=str(ROOT / ".venv-test/bin/python"),
                    help="a Python with boto3 and moto installed")
    args = ap.parse_args()
    for tool in (args.sgs, args.python):
        if not Path(tool).exists():
            sys.exit(f"{tool} does not exist: build with `cargo build --locked --release`, and "
                     "make the virtual environment as the README says")
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "world.sgs"
        first = Path(tmp) / "first.sgs"
        gen = subprocess.run([args.sgs, "gen", "--groups", "500", "--rules", "60",
                              "--instances", "10000"], check=True, capture_output=True)
        world.write_bytes(gen.stdout)
        first.write_text("\n".join(commands(world)[:FIRST]) + "\n")
        n_world = len(commands(world))
        runs = {
            "sgs, first 1,500": [args.sgs, "run", "--quiet", str(first)],
            "moto, first 1,500": [args.python, str(HERE / "setup.py"), str(first), str(FIRST)],
            f"sgs, whole world ({n_world:,} commands)": [args.sgs, "run", "--quiet", str(world)],
        }
        for cmd in runs.values():
            timed(cmd)
        times = {name: [] for name in runs}
        for k in range(args.pairs):
            for name, cmd in runs.items():
                times[name].append(timed(cmd))
            print(f"run {k + 1} of {args.pairs}", file=sys.stderr)
        sgs_first, moto, sgs_world = times.values()
        print(f"{'':40} {'min':>10} {'median':>10} {'max':>10}")
        for name, ts in times.items():
            print(f"{name:40} {min(ts):10.4f} {statistics.median(ts):10.4f} {max(ts):10.4f}  s")
        first_ratio = statistics.median(m / s for m, s in zip(moto, sgs_first))
        rate_ratio = statistics.median((n_world / w) / (FIRST / m) for m, w in zip(moto, sgs_world))
        print(f"first 1,500 commands: sgs {first_ratio:,.0f} times as fast as moto "
              "(median of the runs' ratios)")
        print(f"setup rate: sgs {n_world / statistics.median(sgs_world):,.0f} commands/s over the "
              f"world, moto {FIRST / statistics.median(moto):,.0f} calls/s over its first 1,500: "
              f"{rate_ratio:,.0f} times (median of the runs' ratios)")


if __name__ == "__main__":
    main()
