# Sourced by the benchmark scripts: uses FIRESTORE_EMULATOR_HOST when set; otherwise starts the SDK's emulator jar on a
# free loopback port (EMULATOR_HEAP, default 4g; EMULATOR_JAVA_OPTS, default -XX:TieredStopAtLevel=1), exports
# FIRESTORE_EMULATOR_HOST and BENCH_EMULATOR_PID, and stops exactly that process when the script exits.
emulator_pid=""
emulator_log=""
cleanup() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [ -n "$emulator_log" ]; then rm -f "$emulator_log"; fi
}
trap cleanup EXIT

if [ -z "${FIRESTORE_EMULATOR_HOST:-}" ]; then
  sdk_root="$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)"
  jar="$sdk_root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"
  if [ -z "$sdk_root" ] || [ ! -f "$jar" ]; then
    jar=/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar
  fi
  if [ ! -f "$jar" ]; then
    echo "Firestore emulator jar not found (gcloud info / $jar); set FIRESTORE_EMULATOR_HOST" >&2
    exit 1
  fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  emulator_log="$(mktemp -t firestore-bench-XXXXXX.log)"
  # shellcheck disable=SC2086 # EMULATOR_JAVA_OPTS is a list of flags
  java ${EMULATOR_JAVA_OPTS:--XX:TieredStopAtLevel=1} "-Xmx${EMULATOR_HEAP:-4g}" -cp "$jar" \
    com.google.cloud.datastore.emulator.firestore.CloudFirestore --host=127.0.0.1 --port="$port" >"$emulator_log" 2>&1 &
  emulator_pid=$!
  export FIRESTORE_EMULATOR_HOST="127.0.0.1:$port"
  # Lets the benchmark report the emulator's CPU per document next to its own (Linux /proc).
  export BENCH_EMULATOR_PID="$emulator_pid"
  for _ in $(seq 1 600); do
    if curl -sf "http://$FIRESTORE_EMULATOR_HOST/" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$emulator_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if ! curl -sf "http://$FIRESTORE_EMULATOR_HOST/" >/dev/null 2>&1; then
    echo "the Firestore emulator did not start; last log lines:" >&2
    tail -n 20 "$emulator_log" >&2
    exit 1
  fi
  echo "Started the Firestore emulator at $FIRESTORE_EMULATOR_HOST (pid $emulator_pid, ${EMULATOR_JAVA_OPTS:--XX:TieredStopAtLevel=1} -Xmx${EMULATOR_HEAP:-4g})"
fi

