#!/usr/bin/env bash
# Start the local PostgreSQL and MariaDB servers the tests expect, if they are not running.
# Servers elsewhere: set SHALE_TEST_PG_URL / SHALE_TEST_MYSQL_URL and this script only checks them.
set -uo pipefail

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
my_up() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1 || mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; }

if [ -z "${SHALE_TEST_PG_URL:-}" ] && ! pg_up; then
  echo "starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if [ -z "${SHALE_TEST_MYSQL_URL:-}" ] && ! my_up; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd 2>/dev/null || true
  for _ in $(seq 1 30); do my_up && break; sleep 1; done
fi
if [ -z "${SHALE_TEST_PG_URL:-}" ]; then pg_up && echo "PostgreSQL: up" || echo "PostgreSQL: NOT reachable (tests that need it will fail under CI=true)"; fi
if [ -z "${SHALE_TEST_MYSQL_URL:-}" ]; then my_up && echo "MariaDB: up" || echo "MariaDB: NOT reachable (tests that need it will fail under CI=true)"; fi
exit 0
