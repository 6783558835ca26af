#!/usr/bin/env bash
# Developer and CI entry point for Dossier.
#
#   ./run.sh serve [mkdocs serve args...]   live preview (DOSSIER_ADDR, default 127.0.0.1:8000)
#   ./run.sh build [mkdocs build args...]   strict build into site/
#   ./run.sh test  [pytest args...]         ruff check, ruff format --check, pytest
#
# Everything it needs is installed on first use: a virtual environment in .venv
# (from PyPI) and, for the tests, Debian's Chromium (apt, when run as root).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

VENV=.venv
PY="$VENV/bin/python"
CHROMIUM=/usr/bin/chromium

export NO_MKDOCS_2_WARNING=1

usage() {
    cat <<'EOF'
Usage: ./run.sh COMMAND [ARGS...]

Commands:
  serve [ARGS...]  install into .venv, then `mkdocs serve` on ${DOSSIER_ADDR:-127.0.0.1:8000}
                   (extra ARGS go to mkdocs serve)
  build [ARGS...]  install into .venv, then `mkdocs build --strict`
  test  [ARGS...]  install into .venv with the [test] extra and Debian's Chromium,
                   then ruff check, ruff format --check and pytest (extra ARGS go to pytest)
  help             show this text
EOF
}

step() {
    printf '==> %s\n' "$*"
}

is_root() {
    [ "$(id -u)" -eq 0 ]
}

apt_install() {
    step "apt-get install $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_venv() {
    if [ -x "$PY" ] && "$PY" -m pip --version >/dev/null 2>&1; then
        return
    fi
    step "create $VENV"
    if ! python3 -m venv "$VENV"; then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            apt_install python3-venv
            python3 -m venv "$VENV"
        else
            echo "run.sh: 'python3 -m venv' failed; install python3-venv (Debian) and retry." >&2
            exit 1
        fi
    fi
}

# ensure_install STAMP SPEC: pip install -e SPEC unless STAMP is newer than pyproject.toml.
ensure_install() {
    local stamp="$VENV/.stamp-$1" spec=$2
    ensure_venv
    if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then
        return
    fi
    step "pip install -e $spec"
    "$PY" -m pip install -q --disable-pip-version-check -e "$spec"
    touch "$stamp"
}

ensure_serve_install() {
    # The [test] install is a superset of the plain one.
    if [ -f "$VENV/.stamp-test" ] && [ "$VENV/.stamp-test" -nt pyproject.toml ] && [ -x "$PY" ]; then
        return
    fi
    ensure_install serve .
}

ensure_chromium() {
    if [ -x "$CHROMIUM" ]; then
        return
    fi
    if is_root && command -v apt-get >/dev/null 2>&1; then
        apt_install chromium fonts-dejavu-core
    else
        cat >&2 <<EOF
run.sh: $CHROMIUM is missing. The browser tests drive Debian's Chromium.
Install it as root, then rerun ./run.sh test:
    apt-get update && apt-get install -y chromium fonts-dejavu-core
EOF
        exit 1
    fi
    if [ ! -x "$CHROMIUM" ]; then
        echo "run.sh: installed the chromium package but $CHROMIUM is still missing." >&2
        exit 1
    fi
}

cmd=${1:-help}
if [ $# -gt 0 ]; then
    shift
fi

case "$cmd" in
    serve)
        ensure_serve_install
        # --dirty: each save rebuilds only the pages that changed (see incremental.py).
        exec "$VENV/bin/mkdocs" serve --dirty -a "${DOSSIER_ADDR:-127.0.0.1:8000}" "$@"
        ;;
    build)
        ensure_serve_install
        step "mkdocs build --strict"
        "$VENV/bin/mkdocs" build --strict "$@"
        ;;
    test)
        ensure_install test '.[test]'
        ensure_chromium
        step "ruff check"
        "$VENV/bin/ruff" check .
        step "ruff format --check"
        "$VENV/bin/ruff" format --check .
        step "pytest"
        "$PY" -m pytest "$@"
        ;;
    help | -h | --help)
        usage
        ;;
    *)
        echo "run.sh: unknown command '$cmd'" >&2
        usage >&2
        exit 2
        ;;
esac
