# Shared by scripts/run and scripts/test (sourced after scripts/_venv.sh, not executed).
# ensure_node_modules: install the front-end packages pinned in package.json/package-lock.json
# (htmx, uPlot; axe-core for the browser tests) with `npm ci`, when node_modules is missing or
# older than the lock file. The app serves them from node_modules/ itself (no CDN).

_npm_hash() {
    { cat "$LIFEOS_ROOT/package.json" "$LIFEOS_ROOT/package-lock.json"; node --version; } | sha256sum | cut -d' ' -f1
}

ensure_node_modules() {
    if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
        _say "Installing Node.js and npm (apt-get) for the front-end packages"
        _as_root apt-get update -qq
        _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    local stamp="$LIFEOS_ROOT/node_modules/.lifeos-npm.sha256"
    local want; want="$(_npm_hash)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    _say "Installing front-end packages (npm ci: $(cd "$LIFEOS_ROOT" && node -p \
        'Object.entries({...require("./package.json").dependencies, ...require("./package.json").devDependencies}).map(([n, v]) => n + "@" + v).join(", ")'))"
    (cd "$LIFEOS_ROOT" && npm ci --no-audit --no-fund --loglevel=error </dev/null)
    echo "$want" > "$stamp"
}
