#!/usr/bin/env bash
# Measures the SMTP adapter beside SubEtha SMTP and Postfix's smtp-sink, in one interleaved
# run, and writes the figures to bench/results/latest.md and the README's performance table.
#
#   mvn -q package -DskipTests && bench/run.sh
#
# Needs ear/target/smtp-server.jar and benchmarks/target/benchmarks.jar (built by the line
# above), Postfix's smtp-source and smtp-sink (Debian: apt-get install postfix) and a JDK
# (jcmd). Everything listens on 127.0.0.1, on free ports.
#
# Servers: A = ours, the sample on embedded Payara, sent to its discard service (DiscardBean:
# a bean that decides on the message alone, reads it to its end and accepts it), every
# message through the container (bean call, transaction); F = the same runner's mailbox
# listener with its bean set to accept and discard (smtp.sample.discard=true), which also
# decides on each recipient: two bean calls a message; B = SubEtha SMTP 7.2.0 with a handler
# that reads and discards; C = smtp-sink; and, to tell what the container's path adds, the
# adapter's engine and transport without Payara (the benchmarks' EngineServer, a plain
# listener that decides on the message as the discard bean does): D = its decisions on the
# I/O thread, E = its decisions handed to a thread pool and back, as the adapter hands each
# bean call to the WorkManager.
# Workloads, in rounds A F B C D E A F B C D E ...: 1 KB messages over 20 sessions (msg/s); 100 KB
# messages over 20 sessions (MB/s); one session, 1 KB messages one after the other (latency
# per message, median and 99th percentile, from the benchmarks' LatencyClient).
# Then, ours alone: 2,000 idle connections, a 1 GiB message, start-up, and a profile.
#
# For each workload and server it also counts what the server process spent per message: CPU
# time (user and system, from /proc) and thread switches (voluntary and forced, summed over
# its threads), which show where a difference in time comes from.
# Settings (environment): ROUNDS (5), WARMUP_ROUNDS (3), MSGS_1K (10000), MSGS_100K (1000),
# MSGS_LATENCY (2000), IDLE (2000), LARGE_MB (1024), PROFILE (1: record and summarize a JFR
# profile of ours), JMH (1: run the JMH benchmarks of the engine too), SERVER_JVM_OPTS (the
# Java servers' heap: -Xms512m -Xmx512m -XX:+AlwaysPreTouch), RESULTS
# (bench/results/latest.md), README (README.md; empty: leave it alone).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-3}
MSGS_1K=${MSGS_1K:-10000}
MSGS_100K=${MSGS_100K:-1000}
MSGS_LATENCY=${MSGS_LATENCY:-2000}
IDLE=${IDLE:-2000}
LARGE_MB=${LARGE_MB:-1024}
PROFILE=${PROFILE:-1}
JMH=${JMH:-1}
# Both Java servers get the same heap, committed and touched at start, so that the resident
# memory of idle connections is not hidden by the heap growing or shrinking.
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
RESULTS=${RESULTS:-$ROOT/bench/results/latest.md}
README=${README-$ROOT/README.md}
SERVER_JAR=$ROOT/ear/target/smtp-server.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/smtp-bench.XXXXXX")
PIDS=()

say() { echo "[bench] $*"; }
fail() { echo "[bench] $*" >&2; exit 1; }

for file in "$SERVER_JAR" "$BENCH_JAR"; do
    [ -f "$file" ] || fail "$file is missing; build with: mvn -q package -DskipTests"
done
for tool in "$SOURCE" "$SINK"; do
    [ -x "$tool" ] || fail "$tool is missing; it comes with Postfix (apt-get install postfix)"
done
command -v jcmd >/dev/null || fail "jcmd (a JDK) needed"

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

now_ns() { date +%s%N; }

# A port nobody listens on, from a range away from the usual ones.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

wait_for() { # file, pattern, seconds
    local deadline=$((SECONDS + $3))
    until grep -q "$2" "$1" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || fail "no '$2' in $1 within $3 s; see $WORK"
        sleep 0.1
    done
}

# ---------------------------------------------------------------- machine

LOAD_BEFORE=$(uptime | sed 's/.*load average: //')
MACHINE="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), \
$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo), \
$(java -version 2>&1 | head -1), Linux $(uname -r), \
Postfix $(postconf -d mail_version 2>/dev/null | sed 's/.*= //')"
say "machine: $MACHINE; load average before: $LOAD_BEFORE"
say "work folder (logs): $WORK"

# ---------------------------------------------------------------- servers

PORT_A=$(free_port); PORT_B=$(free_port); PORT_C=$(free_port); PORT_D=$(free_port)
PORT_E=$(free_port); PORT_F=$(free_port)
mkdir -p "$WORK/a"
START_NS=$(now_ns)
# shellcheck disable=SC2086
(cd "$WORK/a" && exec java $SERVER_JVM_OPTS -Dsmtp.sample.discard=true \
    -Dsmtp.discard.port="$PORT_A" -Dsmtp.port="$PORT_F" -Dsmtp.submission.port="$(free_port)" \
    -Dsmtp.submissions.port="$(free_port)" \
    -Dsmtp.adapter.maxTransactions=1000000000 \
    -Dsmtp.adapter.maxMessageSize=4294967296 \
    '-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %2$s: %5$s%6$s%n' \
    -jar "$SERVER_JAR" >"$WORK/a/out.log" 2>"$WORK/a/err.log") &
PID_A=$!
PID_F=$PID_A
PIDS+=("$PID_A")
wait_for "$WORK/a/out.log" "SMTP server ready" 120
START_MS=$(( ($(now_ns) - START_NS) / 1000000 ))
say "A ours, discard service: ready on $PORT_A after $START_MS ms (pid $PID_A)"
say "F ours, the sample's mailbox: on $PORT_F (the same process)"

# shellcheck disable=SC2086
java $SERVER_JVM_OPTS -cp "$BENCH_JAR" org.smtpra.bench.SubethaServer "$PORT_B" \
    >"$WORK/b.log" 2>&1 &
PID_B=$!
PIDS+=("$PID_B")
wait_for "$WORK/b.log" "ready" 60
say "B SubEtha: ready on $PORT_B (pid $PID_B)"

SINK_USER=()
[ "$(id -u)" = 0 ] && SINK_USER=(-u nobody)   # smtp-sink refuses to run as root without it
"$SINK" "${SINK_USER[@]}" 127.0.0.1:"$PORT_C" 1024 >"$WORK/c.log" 2>&1 &
PID_C=$!
PIDS+=("$PID_C")
sleep 0.5
say "C smtp-sink: on $PORT_C (pid $PID_C)"

for mode in io pool; do
    port=$PORT_D
    [ "$mode" = pool ] && port=$PORT_E
    # shellcheck disable=SC2086
    java $SERVER_JVM_OPTS -cp "$BENCH_JAR" org.smtpra.bench.EngineServer "$port" "$mode" \
        >"$WORK/engine-$mode.log" 2>&1 &
    PIDS+=("$!")
    [ "$mode" = io ] && PID_D=$! || PID_E=$!
    wait_for "$WORK/engine-$mode.log" "ready" 60
done
say "D engine, decisions on the I/O thread: ready on $PORT_D (pid $PID_D)"
say "E engine, decisions on a pool: ready on $PORT_E (pid $PID_E)"

SERVERS="A F B C D E"
port_of() { eval echo "\$PORT_$1"; }
pid_of() { eval echo "\$PID_$1"; }

# What a server process has spent so far: CPU ticks (user + system) and thread switches.
spent() { # pid; prints "ticks switches"
    local ticks
    ticks=$(awk '{print $14 + $15}' "/proc/$1/stat")
    cat /proc/"$1"/task/*/status 2>/dev/null | awk -v t="$ticks" '
        /^voluntary_ctxt_switches|^nonvoluntary_ctxt_switches/ {n += $2} END {print t, n}'
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# The JIT's compile time so far in a Java server, in milliseconds.
jit_ms() {
    jcmd "$1" PerfCounter.print 2>/dev/null | awk -F= '
        $1 == "sun.os.hrt.frequency" {f = $2} $1 == "java.ci.totalTime" {t = $2}
        END {if (f > 0) printf "%.0f", t * 1000 / f; else print 0}'
}

# ---------------------------------------------------------------- workloads

# smtp-source, 20 sessions each sending messages one after the other; prints the seconds.
source_run() { # port, messages, size
    local begin end
    begin=$(now_ns)
    "$SOURCE" -d -s 20 -m "$2" -l "$3" -f bench@example.org -t someone@example.com \
        127.0.0.1:"$1" >>"$WORK/source.log" 2>&1 || { echo fail; return; }
    end=$(now_ns)
    awk -v ns=$((end - begin)) 'BEGIN {printf "%.3f", ns / 1e9}'
}

workload() { # name, server, round; appends "round workload server value [p99]" to results
    local port seconds line before after messages
    port=$(port_of "$2")
    before=$(spent "$(pid_of "$2")")
    case $1 in
        1k)
            seconds=$(source_run "$port" "$MSGS_1K" 1024)
            [ "$seconds" = fail ] && { say "round $3 1k $2: smtp-source failed"; return; }
            line=$(awk -v n="$MSGS_1K" -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')
            say "round $3  1 KB x20  $2: $line msg/s"
            ;;
        100k)
            seconds=$(source_run "$port" "$MSGS_100K" 102400)
            [ "$seconds" = fail ] && { say "round $3 100k $2: smtp-source failed"; return; }
            line=$(awk -v n="$MSGS_100K" -v s="$seconds" \
                'BEGIN {printf "%.1f", n * 102400 / s / 1e6}')
            say "round $3  100 KB x20  $2: $line MB/s ($(awk -v n="$MSGS_100K" -v s="$seconds" \
                'BEGIN {printf "%.0f", n / s}') msg/s)"
            ;;
        latency)
            line=$(java -cp "$BENCH_JAR" org.smtpra.bench.LatencyClient 127.0.0.1 "$port" \
                "$MSGS_LATENCY" 1024 200 2>>"$WORK/latency.log") \
                || { say "round $3 latency $2: failed"; return; }
            line=$(echo "$line" | sed -E 's/.*median_us=([0-9.]+) p99_us=([0-9.]+).*/\1 \2/')
            say "round $3  latency  $2: median ${line% *} us, p99 ${line#* } us"
            ;;
    esac
    [ "$3" = warm-up ] && return
    echo "$3 $1 $2 $line" >>"$WORK/results.txt"
    after=$(spent "$(pid_of "$2")")
    case $1 in
        1k) messages=$MSGS_1K ;;
        100k) messages=$MSGS_100K ;;
        *) messages=$MSGS_LATENCY ;;
    esac
    # "round workload server CPU-microseconds-per-message switches-per-message"
    echo "$before $after" | awk -v r="$3" -v w="$1" -v s="$2" -v n="$messages" -v us="$TICK_US" \
        '{printf "%s %s %s %.0f %.1f\n", r, w, s, ($3 - $1) * us / n, ($4 - $2) / n}' \
        >>"$WORK/costs.txt"
}

# Payara's paths are long: its JIT needs more than one round to settle (the first counted
# round was then still well below the later ones). Every server gets the same warm-up.
say "$WARMUP_ROUNDS warm-up rounds (not counted): the JIT compiles the servers' paths"
for _ in $(seq 1 "$WARMUP_ROUNDS"); do
    for w in 1k 100k latency; do
        for s in $SERVERS; do
            workload "$w" "$s" warm-up
        done
    done
done
JIT_A0=$(jit_ms "$PID_A"); JIT_B0=$(jit_ms "$PID_B"); COUNTED_NS=$(now_ns)
for round in $(seq 1 "$ROUNDS"); do
    for w in 1k 100k latency; do
        for s in $SERVERS; do
            workload "$w" "$s" "$round"
        done
    done
done

COUNTED_S=$(( ($(now_ns) - COUNTED_NS) / 1000000000 ))
JIT_A=$(( $(jit_ms "$PID_A") - JIT_A0 )); JIT_B=$(( $(jit_ms "$PID_B") - JIT_B0 ))
say "JIT compile time during the $COUNTED_S s of counted rounds: ours $JIT_A ms, SubEtha $JIT_B ms"

median() { # workload, server, field (4 or 5)[, file: results.txt]
    awk -v w="$1" -v s="$2" -v f="$3" '$2 == w && $3 == s {print $f}' \
        "$WORK/${4:-results.txt}" \
        | sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "n/a";
            else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
runs() { # workload, server: the values of each round
    awk -v w="$1" -v s="$2" '$2 == w && $3 == s {printf "%s%s", sep, $4; sep = ", "}' \
        "$WORK/results.txt"
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b}'
}

# ---------------------------------------------------------------- ours alone

heap_used_mb() { # after a full collection
    jcmd "$PID_A" GC.run >/dev/null
    jcmd "$PID_A" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++)
        if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); printf "%.1f", v / 1024; exit}}'
}
status_field() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$PID_A/status"; }

say "idle connections: $IDLE from 127.0.0.2 and up, 40 per address"
HEAP0=$(heap_used_mb); RSS0=$(status_field VmRSS); THREADS0=$(status_field Threads)
java -cp "$BENCH_JAR" org.smtpra.bench.IdleClients 127.0.0.1 "$PORT_A" "$IDLE" 40 120 \
    >"$WORK/idle.log" 2>&1 &
PID_IDLE=$!
PIDS+=("$PID_IDLE")
wait_for "$WORK/idle.log" "new client" 120
sleep 2
HEAP1=$(heap_used_mb); RSS1=$(status_field VmRSS); THREADS1=$(status_field Threads)
NEW_CLIENT=$(grep "new client" "$WORK/idle.log")
HELD=$(grep -o "^held [0-9]*" "$WORK/idle.log")
kill "$PID_IDLE" 2>/dev/null || true
wait "$PID_IDLE" 2>/dev/null || true
IDLE_HEAP_KB=$(awk -v a="$HEAP0" -v b="$HEAP1" -v n="$IDLE" \
    'BEGIN {printf "%.1f", (b - a) * 1024 / n}')
IDLE_RSS_KB=$(awk -v a="$RSS0" -v b="$RSS1" -v n="$IDLE" 'BEGIN {printf "%.1f", (b - a) / n}')
say "idle: $HELD; heap $HEAP0 -> $HEAP1 MB ($IDLE_HEAP_KB KB each), RSS $((RSS0 / 1024)) -> \
$((RSS1 / 1024)) MB ($IDLE_RSS_KB KB each), threads $THREADS0 -> $THREADS1; $NEW_CLIENT"

large() { # server; prints the client's line
    java -cp "$BENCH_JAR" org.smtpra.bench.LargeMessage 127.0.0.1 "$(port_of "$1")" \
        "$LARGE_MB" 2>>"$WORK/large.log"
}
say "large message: $LARGE_MB MiB to ours, the heap sampled while it comes"
LARGE_HEAP0=$(heap_used_mb)
# jcmd's heap figure is the heap's own count; jstat's eden figure under G1 moves only at
# collections. Each sample is a jcmd run, so a few a second, one after another.
(while :; do jcmd "$PID_A" GC.heap_info 2>/dev/null | grep -o "used [0-9]*K" | head -1; done) \
    >"$WORK/heap-samples.log" &
PID_SAMPLER=$!
PIDS+=("$PID_SAMPLER")
LARGE_A=$(large A)
kill "$PID_SAMPLER" 2>/dev/null || true
wait "$PID_SAMPLER" 2>/dev/null || true
LARGE_HEAP1=$(heap_used_mb)
read -r LARGE_PEAK LARGE_SAMPLES < <(awk '{v = $2; sub(/K/, "", v); if (v > max) max = v}
    END {printf "%.1f %d\n", max / 1024, NR}' "$WORK/heap-samples.log")
LARGE_C=$(large C)
rate() { echo "$1" | sed -E 's/.* ([0-9.]+) MB\/s.*/\1/'; }
say "ours: $LARGE_A; heap after GC $LARGE_HEAP0 -> $LARGE_HEAP1 MB, at most $LARGE_PEAK MB \
in use in $LARGE_SAMPLES samples while it came"
say "smtp-sink, same client: $LARGE_C"

# The adapter's own part of the start: its start() and each listener's activation, both
# logged with their durations; and the span from the start line to the last listener's open
# line, which also holds the server's deployment of the beans between the activations.
LISTENERS=4   # the sample's: mailbox, submission, submission with TLS, discard
ADAPTER_MS=$(grep -o "SMTP resource adapter started in [0-9]* ms" "$WORK/a/err.log" \
    | head -1 | grep -o "[0-9]* ms" | cut -d" " -f1 || true)
ACTIVATIONS=$(grep -o "activated in [0-9]* ms" "$WORK/a/err.log" | head -"$LISTENERS" \
    | grep -o "[0-9]*" | paste -sd+ - || true)
ACTIVATION_MS=$(( ${ACTIVATIONS:-0} ))
ADAPTER_TOTAL_MS=$(( ${ADAPTER_MS:-0} + ACTIVATION_MS ))
to_ms() { awk -F'[:.]' '{print (($1 * 60 + $2) * 60 + $3) * 1000 + $4}'; }
ADAPTER_START=$(grep -m1 "SMTP resource adapter started" "$WORK/a/err.log" | cut -d' ' -f1 \
    | to_ms)
LAST_OPEN=$(grep "SMTP listener .* open on" "$WORK/a/err.log" | head -"$LISTENERS" | tail -1 \
    | cut -d' ' -f1 | to_ms)
OPEN_SPAN=$((LAST_OPEN - ADAPTER_START))
say "start-up: $START_MS ms to the ready line; the adapter's own $ADAPTER_TOTAL_MS ms (start() \
$ADAPTER_MS ms, activations $ACTIVATIONS ms); $OPEN_SPAN ms from its start to the last \
listener open"

PROFILE_TEXT=""
if [ "$PROFILE" = 1 ]; then
    say "profile: JFR on ours during one more 1 KB run (not counted)"
    # The profile settings, with a sample of each running thread every millisecond.
    sed '/"jdk.ExecutionSample"/,/<\/event>/ s/>[0-9]* ms</>1 ms</' \
        "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" \
        >"$WORK/profile.jfc"
    jcmd "$PID_A" JFR.start name=bench settings="$WORK/profile.jfc" \
        filename="$WORK/ours.jfr" >/dev/null
    PROFILED=$(source_run "$PORT_A" "$MSGS_1K" 1024)
    jcmd "$PID_A" JFR.stop name=bench >/dev/null
    PROFILE_TEXT=$(java -cp "$BENCH_JAR" org.smtpra.bench.JfrTop "$WORK/ours.jfr" 12)
    echo "$PROFILE_TEXT" | sed 's/^/[bench]   /'
    say "profiled run: $(awk -v n="$MSGS_1K" -v s="$PROFILED" 'BEGIN {printf "%.0f", n / s}') msg/s"
fi

JMH_TABLE=""
if [ "$JMH" = 1 ]; then
    say "JMH: the engine's hot path without sockets or container (about 80 s)"
    java -jar "$BENCH_JAR" -rf csv -rff "$WORK/jmh.csv" >"$WORK/jmh.log" 2>&1 \
        || fail "JMH failed; see $WORK/jmh.log"
    JMH_TABLE=$(awk -F, 'NR > 1 {gsub(/["\r ]/, ""); n = split($1, part, ".");
        printf "| %s.%s%s | %.1f ± %.1f %s |\n", part[n - 1], part[n],
            ($8 == "" ? "" : " (size " $8 ")"), $5, $6, $7}' "$WORK/jmh.csv")
    echo "$JMH_TABLE" | sed 's/^/[bench]   /'
fi
LOAD_AFTER=$(uptime | sed 's/.*load average: //')

# ---------------------------------------------------------------- report

M1A=$(median 1k A 4); M1B=$(median 1k B 4); M1C=$(median 1k C 4)
M2A=$(median 100k A 4); M2B=$(median 100k B 4); M2C=$(median 100k C 4)
L5A=$(median latency A 4); L5B=$(median latency B 4); L5C=$(median latency C 4)
L9A=$(median latency A 5); L9B=$(median latency B 5); L9C=$(median latency C 5)
cost() { # workload, server: "CPU us / switches" per message, medians of the rounds
    echo "$(median "$1" "$2" 4 costs.txt) / $(median "$1" "$2" 5 costs.txt)"
}
figures() { # server: its row of the container table
    echo "$(median 1k "$1" 4) | $(median 100k "$1" 4) | $(median latency "$1" 4) \
| $(median latency "$1" 5)"
}

table() {
    cat <<EOF
Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/run.sh\` ($ROUNDS interleaved rounds after
$WARMUP_ROUNDS warm-up rounds; medians of the rounds). Machine: $MACHINE.
Java servers: $SERVER_JVM_OPTS. Load average (1, 5, 15 min) before: $LOAD_BEFORE;
after: $LOAD_AFTER. Client and servers share the machine.

| workload | ours (adapter on Payara, discard bean) | SubEtha 7.2.0 | smtp-sink | ours / SubEtha | ours / smtp-sink |
| --- | --- | --- | --- | --- | --- |
| 1 KB, 20 sessions (msg/s) | $M1A | $M1B | $M1C | $(ratio "$M1A" "$M1B") | $(ratio "$M1A" "$M1C") |
| 100 KB, 20 sessions (MB/s) | $M2A | $M2B | $M2C | $(ratio "$M2A" "$M2B") | $(ratio "$M2A" "$M2C") |
| 1 KB, one session: latency median (us) | $L5A | $L5B | $L5C | $(ratio "$L5A" "$L5B") | $(ratio "$L5A" "$L5C") |
| 1 KB, one session: latency p99 (us) | $L9A | $L9B | $L9C | $(ratio "$L9A" "$L9B") | $(ratio "$L9A" "$L9C") |

For latency a ratio under 1 means ours is faster. Ours is the sample's discard service, whose
bean decides on each message (one bean call a message, in a container transaction). Below,
the same workloads in the same rounds to the sample's mailbox listener, whose bean also
decides on each recipient (two bean calls a message), and, for what the container's path
adds, to the adapter's engine and transport without Payara, with a plain listener that
decides on the message as the discard bean does:

| server | 1 KB x 20 (msg/s) | 100 KB x 20 (MB/s) | latency median (us) | latency p99 (us) |
| --- | --- | --- | --- | --- |
| ours: the adapter on Payara, bean calls on the WorkManager | $(figures A) |
| ours, the sample's mailbox: a bean call for the recipient too | $(figures F) |
| the engine, decisions handed to a thread pool and back | $(figures E) |
| the engine, decisions on the I/O thread | $(figures D) |
| SubEtha 7.2.0 | $(figures B) |

What each server process spent per message (medians of the rounds; CPU time in
microseconds, user and system / thread switches, summed over its threads; the JIT's compile
time during the $COUNTED_S s of counted rounds: ours $JIT_A ms, SubEtha $JIT_B ms):

| workload | ours | ours, mailbox | engine, pool | engine, I/O thread | SubEtha 7.2.0 | smtp-sink |
| --- | --- | --- | --- | --- | --- | --- |
| 1 KB, 20 sessions | $(cost 1k A) | $(cost 1k F) | $(cost 1k E) | $(cost 1k D) | $(cost 1k B) \
| $(cost 1k C) |
| 100 KB, 20 sessions | $(cost 100k A) | $(cost 100k F) | $(cost 100k E) | $(cost 100k D) \
| $(cost 100k B) | $(cost 100k C) |
| 1 KB, one session | $(cost latency A) | $(cost latency F) | $(cost latency E) \
| $(cost latency D) | $(cost latency B) | $(cost latency C) |

Ours alone:

| measure | figure |
| --- | --- |
| $IDLE idle connections | $HELD; heap +$IDLE_HEAP_KB KB and resident memory +$IDLE_RSS_KB KB per connection; threads $THREADS0 before, $THREADS1 while held; then $(echo "$NEW_CLIENT" | sed 's/new client: /a new client: /') |
| one $LARGE_MB MiB message | $(rate "$LARGE_A") MB/s (the same client to smtp-sink: $(rate "$LARGE_C") MB/s); heap after GC $LARGE_HEAP0 MB before, $LARGE_HEAP1 MB after; at most $LARGE_PEAK MB in use while it came (garbage included; $LARGE_SAMPLES samples) |
| start-up to the ready line | $START_MS ms (java -jar to "SMTP server ready"), of which the adapter's own $ADAPTER_TOTAL_MS ms: its start() $ADAPTER_MS ms and the $LISTENERS listeners' activations $ACTIVATIONS ms; $OPEN_SPAN ms from its start to the last listener open, the server's deployment of the beans between the activations included |
EOF
    if [ -n "$JMH_TABLE" ]; then
        cat <<EOF

The engine alone (JMH, \`java -jar benchmarks/target/benchmarks.jar\`, one thread, no sockets,
no container):

| benchmark | score |
| --- | --- |
$JMH_TABLE
EOF
    fi
}

mkdir -p "$(dirname "$RESULTS")"
{
    echo "# Benchmark: latest run"
    echo
    table
    echo
    echo "Each round (in order):"
    echo
    for w in 1k 100k latency; do
        for s in $SERVERS; do
            echo "- $w $s: $(runs "$w" "$s")"
        done
    done
    if [ -n "$PROFILE_TEXT" ]; then
        echo
        echo "Profile of ours during one more 1 KB run (JFR execution samples):"
        echo
        echo '```'
        echo "$PROFILE_TEXT"
        echo '```'
    fi
} >"$RESULTS"
say "wrote $RESULTS"

if [ -n "$README" ] && grep -q '<!-- bench:begin -->' "$README"; then
    table >"$WORK/table.md"
    awk -v table="$WORK/table.md" '
        /<!-- bench:end -->/ {skip = 0}
        !skip {print}
        /<!-- bench:begin -->/ {while ((getline line < table) > 0) print line; skip = 1}
    ' "$README" >"$WORK/README.md"
    cat "$WORK/README.md" >"$README"
    say "updated the performance table in $README"
fi
table
