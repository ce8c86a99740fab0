# Shared by scripts/run and scripts/test (sourced, not executed).
# ensure_venv REQUIREMENTS_FILE: create .venv if missing and install the pinned requirements
# into it, skipping pip when the requirement files and the Python have not changed.

LIFEOS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LIFEOS_VENV:-$LIFEOS_ROOT/.venv}"

_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
_die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

_as_root() {
    if [ "$(id -u)" = "0" ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else _die "need root (or sudo) to run: $*"
    fi
}

_pick_python() {
    local candidate
    for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    _die "Python 3.11+ is required (set PYTHON=/path/to/python3.11 if it is not on PATH)"
}

_requirements_hash() {
    # The requirement files (and those they include with -r) plus the interpreter version.
    local files=("$@") f
    for f in "$LIFEOS_ROOT"/requirements*.txt; do files+=("$f"); done
    { for f in "${files[@]}"; do cat "$f"; done; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    local requirements="$LIFEOS_ROOT/$1"
    local stamp="$VENV/.lifeos-$(basename "$1" .txt).sha256"
    if [ ! -x "$VENV/bin/python" ]; then
        local python; python="$(_pick_python)"
        _say "Creating virtualenv $VENV with $($python -V)"
        if ! "$python" -m venv "$VENV" 2>/dev/null; then
            # Debian/Ubuntu ship venv/ensurepip separately.
            rm -rf "$VENV"
            _say "Installing python3-venv (apt-get)"
            _as_root apt-get update -qq
            _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv python3-pip >/dev/null
            "$python" -m venv "$VENV"
        fi
    fi
    local want; want="$(_requirements_hash "$requirements")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    _say "Installing $(basename "$requirements") into $VENV"
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip
    "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$requirements"
    echo "$want" > "$stamp"
}
