#!/usr/bin/env bash
# A single-node Slurm cluster in a folder, for testing `mambabench slurm` against the real thing.
#
#   tools/slurm/local-cluster.sh start DIR   starts munged, slurmctld and slurmd with everything
#                                           (config, key, state, spool, logs, pid files) under DIR;
#                                           prints `export SLURM_CONF=DIR/slurm.conf` on stdout
#   tools/slurm/local-cluster.sh stop DIR    stops exactly the daemons that `start DIR` started
#
# Needs root and Debian's slurm-wlm and munge (apt-get install -y slurm-wlm munge). Slurm runs as
# root (SlurmUser=root), tracks processes without cgroups (proctrack/linuxproc, task/none), on the
# node's real short hostname and core count, on a free port pair. munged gets its own key and socket
# in DIR, so a system munged (and its key) is neither needed nor disturbed. When a daemon will not
# start, `start` stops what it started and exits 1 with "<daemon> would not start: <log tail>".
set -uo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$(cd "$2" 2>/dev/null && pwd) || { echo "$2: no such folder" >&2; exit 2; }

stop() {
  if [ -f "$dir/slurm.conf" ]; then SLURM_CONF="$dir/slurm.conf" timeout 10 scontrol shutdown >/dev/null 2>&1; fi
  for name in slurmd slurmctld munged; do
    local pidfile="$dir/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile" 2>/dev/null)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    fi
    rm -f "$pidfile"
  done
}

# The last lines of a daemon's log, on one line, for the error message.
tail_of() { tail -n 8 "$1" 2>/dev/null | tr '\n' ' ' | sed 's/  */ /g'; }

fail() {
  echo "$1" >&2
  stop
  exit 1
}

# A port pair (p, p+1) that nothing listens on.
free_port_pair() {
  for _ in $(seq 200); do
    local p=$((20000 + RANDOM % 20000))
    if [ -z "$(ss -Hltn "( sport = :$p or sport = :$((p + 1)) )" 2>/dev/null)" ]; then echo "$p"; return 0; fi
  done
  return 1
}

start() {
  [ "$(id -u)" = 0 ] || fail "not root: this single-node cluster runs its daemons as root"
  for bin in munged slurmctld slurmd sbatch squeue scontrol ss; do
    command -v "$bin" >/dev/null 2>&1 || fail "$bin not found: apt-get install -y slurm-wlm munge"
  done
  local host cpus port
  host=$(hostname -s)
  cpus=$(nproc --all)
  port=$(free_port_pair) || fail "no free port pair found for slurmctld and slurmd"
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir/munge"

  # munged: its own key (0400, owned by us) and socket. --force: munged refuses a socket below a
  # folder that is not executable by all (a mktemp -d folder is 0700) and warns about /tmp being
  # world-writable; both are fine for a throwaway test cluster.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none && chmod 400 "$dir/munge/munge.key"
  munged --force --socket="$dir/munge/munge.sock" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/munged.seed" 2>>"$dir/munged.log" \
    || fail "munged would not start: $(tail_of "$dir/munged.log")"

  cat >"$dir/slurm.conf" <<EOF
ClusterName=mambabench-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.txt
ReturnToService=2
MinJobAge=3600
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -c -i 2>>"$dir/slurmctld.log" || fail "slurmctld would not start: $(tail_of "$dir/slurmctld.log")"
  slurmd 2>>"$dir/slurmd.log" || fail "slurmd would not start: $(tail_of "$dir/slurmd.log")"
  # Ready when the controller answers and the node is idle (it registers a moment after starting).
  for _ in $(seq 60); do
    state=$(sinfo -h -n "$host" -o %T 2>/dev/null)
    case "$state" in idle*) echo "export SLURM_CONF=$dir/slurm.conf"; return 0 ;; esac
    sleep 0.5
  done
  fail "the node never became idle (sinfo: ${state:-no answer}): slurmctld: $(tail_of "$dir/slurmctld.log") slurmd: $(tail_of "$dir/slurmd.log")"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
