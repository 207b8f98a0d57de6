#!/usr/bin/env bash
# Shows: two actor nodes in two processes; the second joins the first, asks it
# for its NodeInfo (a typed protobuf request over CAF's network layer) and
# notices when it is killed.
# Run from the repository root after building: bash examples/nodes/two_nodes.sh
set -euo pipefail
convoy=${CONVOY:-./build/runtime/convoy}

$convoy node --name alpha --listen 127.0.0.1:7101 2>alpha.log &
alpha=$!
until grep -q "listening on" alpha.log; do sleep 0.1; done
$convoy node --name beta --listen 127.0.0.1:7102 --join 127.0.0.1:7101 2>beta.log &
beta=$!
until grep -q "joined peer alpha" beta.log; do sleep 0.1; done

echo "== beta, as seen by ctl"
$convoy ctl --server 127.0.0.1:7102 node

echo "== kill -9 alpha; beta reports:"
kill -9 $alpha
until grep -q "is gone" beta.log; do sleep 0.1; done
grep "is gone" beta.log
$convoy ctl --server 127.0.0.1:7102 node -o json

kill -TERM $beta
wait $beta || true
rm -f alpha.log beta.log
