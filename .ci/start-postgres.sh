#!/usr/bin/env bash
# Starts a real PostgreSQL server for the store tests (dev.culprit.store / dev.culprit.journal) and prints the
# line to export. Idempotent: installs the Debian package when missing, creates a cluster of its own named
# "culprit" (so a machine's default cluster is left alone), starts it on loopback only, and creates a user and a
# database that the tests own.
#
#   eval "$(.ci/start-postgres.sh)"     # sets CULPRIT_TEST_PG=postgresql://culprit:culprit@127.0.0.1:55432/culprit_test
#
# Tests read CULPRIT_TEST_PG; when it is set and the server cannot be reached they FAIL (they skip only when it is
# unset). Must run as root (apt-get, pg_createcluster).
set -euo pipefail

PORT="${CULPRIT_PG_PORT:-55432}"
CLUSTER=culprit
DB=culprit_test
USER_NAME=culprit
PASSWORD=culprit

log() { echo "start-postgres: $*" >&2; }

if ! command -v pg_createcluster >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  log "installing postgresql"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
fi
VERSION="$(ls /usr/lib/postgresql | sort -V | tail -1)"

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER on port $PORT"
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" -- --auth-local=peer --auth-host=scram-sha-256 >&2
  # Loopback only: the test server must not be reachable from the network.
  echo "listen_addresses = '127.0.0.1'" >>"/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
  # The tests open a few connections each; two concurrent bisections and parallel suites need headroom.
  echo "max_connections = 200" >>"/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster $VERSION/$CLUSTER"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

psql_admin() { runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
for _ in $(seq 1 60); do
  psql_admin -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.5
done
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$USER_NAME'")" != 1 ]; then
  psql_admin -c "create role $USER_NAME login password '$PASSWORD'" >&2
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = '$DB'")" != 1 ]; then
  psql_admin -c "create database $DB owner $USER_NAME" >&2
fi

echo "export CULPRIT_TEST_PG=postgresql://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/$DB"
