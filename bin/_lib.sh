# shellcheck shell=bash
# Shared by bin/run and bin/test: find a Python >= 3.12, create .venv, install the pinned
# dependencies (skipped when nothing changed), compile the translations.
# Source it; it defines functions and variables prefixed vb_ / VB_ and changes nothing else.

VB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VB_VENV="$VB_ROOT/.venv"
VB_PY="$VB_VENV/bin/python"
VB_UV_VERSION="0.13.8"
VB_MIN_PYTHON="3.12"

# uv must never try to download an interpreter; copying avoids a hard-link warning when
# its cache lies on another file system than the checkout.
export UV_PYTHON_DOWNLOADS=never
export UV_LINK_MODE="${UV_LINK_MODE:-copy}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# Bytecode caches halve the start-up of every Python process here (pytest collects in ~2 s
# instead of ~5 s); they land in __pycache__ directories, which git ignores.
unset PYTHONDONTWRITEBYTECODE

# Colours only on a terminal (and not with NO_COLOR set); bin/test uses them too.
# shellcheck disable=SC2034
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
    VB_BOLD=$'\033[1m' VB_RED=$'\033[1;31m' VB_GREEN=$'\033[1;32m' VB_BLUE=$'\033[1;34m' VB_RESET=$'\033[0m'
else
    VB_BOLD="" VB_RED="" VB_GREEN="" VB_BLUE="" VB_RESET=""
fi

vb_log() { printf '%s==> %s%s\n' "$VB_BOLD" "$*" "$VB_RESET" >&2; }
vb_warn() { printf 'WARNING: %s\n' "$*" >&2; }
vb_die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

vb_is_root() { [ "$(id -u)" = "0" ]; }

# True when $1 runs and is Python >= 3.12 with a working venv module.
vb_python_ok() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

# Prints the path of a Python >= 3.12, or returns 1. Order: $VEREINBAR_PYTHON, python3.12,
# python3.13 … on PATH (pyenv shims exist for them but fail unless a version is selected, so
# every candidate is run), then the pyenv installations, newest first.
vb_find_python() (
    local candidate resolved pyenv_root
    local -a candidates=()
    # In the repository, so that pyenv's shims see its .python-version.
    cd "$VB_ROOT" || return 1
    if [ -n "${VEREINBAR_PYTHON:-}" ]; then
        if vb_python_ok "$VEREINBAR_PYTHON"; then
            command -v "$VEREINBAR_PYTHON" || printf '%s\n' "$VEREINBAR_PYTHON"
            return 0
        fi
        vb_warn "VEREINBAR_PYTHON=$VEREINBAR_PYTHON is not a working Python >= $VB_MIN_PYTHON; looking further"
    fi
    candidates=(python3.12 python3.13 python3.14 python3.15 python3 python)
    if command -v pyenv >/dev/null 2>&1; then
        pyenv_root="$(pyenv root 2>/dev/null || true)"
    else
        pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
    fi
    if [ -n "$pyenv_root" ] && [ -d "$pyenv_root/versions" ]; then
        while IFS= read -r candidate; do
            candidates+=("$candidate")
        done < <(find "$pyenv_root/versions" -mindepth 3 -maxdepth 3 -path '*/versions/3.1[2-9]*/bin/python3' 2>/dev/null | sort -rV)
    fi
    candidates+=(/usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12)
    for candidate in "${candidates[@]}"; do
        resolved="$(command -v "$candidate" 2>/dev/null)" || continue
        if vb_python_ok "$resolved"; then
            # Resolve a pyenv shim to the real interpreter so that .venv does not depend on
            # the shim's version selection later.
            "$resolved" -c 'import sys; print(sys.executable)'
            return 0
        fi
    done
    return 1
)

vb_python_missing_message() {
    cat >&2 <<EOF

ERROR: vereinbar needs Python $VB_MIN_PYTHON or newer (with its venv module), and none was found.
Tried: \$VEREINBAR_PYTHON, python3.12, python3.13, python3 on PATH, and \$(pyenv root)/versions/3.1[2-9]*.
Install one of these, then run this command again:
  - Debian 13 / Ubuntu 24.04 or newer:  sudo apt-get install python3 python3-venv
  - with pyenv:                         pyenv install 3.12
  - or set VEREINBAR_PYTHON=/path/to/python3.12
EOF
    exit 1
}

# Creates .venv with a Python >= 3.12, or reuses a working one.
vb_ensure_venv() {
    if [ -x "$VB_PY" ] && vb_python_ok "$VB_PY"; then
        return 0
    fi
    local python
    python="$(vb_find_python)" || vb_python_missing_message
    if [ -e "$VB_VENV" ]; then
        vb_warn "$VB_VENV is not a working Python >= $VB_MIN_PYTHON environment; recreating it"
        rm -rf "$VB_VENV"
    fi
    vb_log "Creating .venv with $python ($("$python" --version 2>&1))"
    "$python" -m venv "$VB_VENV" || vb_die "could not create $VB_VENV with $python (on Debian/Ubuntu: apt-get install python3-venv)"
}

# Hash of what decides an install: the requirements files and the interpreter.
vb_requirements_hash() {
    {
        cat "$VB_ROOT/requirements.txt" "$VB_ROOT/requirements-dev.txt" 2>/dev/null
        "$VB_PY" -c 'import sys; print(sys.version)'
        printf 'uv %s\n' "$VB_UV_VERSION"
    } | sha256sum | cut -d' ' -f1
}

# vb_install runtime|dev: installs requirements.txt or requirements-dev.txt into .venv,
# unless the stamp of a previous successful install of the same (or the larger) set matches.
vb_install() {
    local kind="${1:-dev}" requirements hash stamp_dir
    case "$kind" in
    runtime) requirements="$VB_ROOT/requirements.txt" ;;
    dev) requirements="$VB_ROOT/requirements-dev.txt" ;;
    *) vb_die "vb_install: unknown kind '$kind'" ;;
    esac
    [ -f "$requirements" ] || vb_die "missing $requirements"
    vb_ensure_venv
    hash="$(vb_requirements_hash)"
    stamp_dir="$VB_VENV/.vereinbar"
    if [ -f "$stamp_dir/$kind.stamp" ] && [ "$(cat "$stamp_dir/$kind.stamp")" = "$hash" ]; then
        vb_log "Dependencies up to date ($(basename "$requirements") unchanged since the last install)"
        vb_install_console_command
        return 0
    fi
    vb_log "Installing $(basename "$requirements") into .venv"
    rm -f "$stamp_dir/runtime.stamp" "$stamp_dir/dev.stamp"
    local installed=""
    if [ "$("$VB_VENV/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$VB_UV_VERSION" ]; then
        local pip_log
        pip_log="$(mktemp)"
        if ! "$VB_PY" -m pip install --quiet --disable-pip-version-check "uv==$VB_UV_VERSION" >"$pip_log" 2>&1; then
            grep -v "is ignored" "$pip_log" | tail -n 3 | cut -c1-300 >&2
            vb_warn "could not install uv $VB_UV_VERSION with pip; falling back to pip for everything"
        fi
        rm -f "$pip_log"
    fi
    if [ -x "$VB_VENV/bin/uv" ]; then
        if "$VB_VENV/bin/uv" pip install --quiet --python "$VB_PY" -r "$requirements"; then
            installed="uv"
        else
            vb_warn "uv pip install failed; trying again with plain pip (slower)"
        fi
    fi
    if [ -z "$installed" ]; then
        "$VB_PY" -m pip install --quiet --disable-pip-version-check -r "$requirements" 2> >(grep -v "is ignored" >&2) ||
            vb_die "installing $(basename "$requirements") failed (see the messages above)"
        installed="pip"
    fi
    # A short check that the interpreter got the Django the project pins (pip would silently
    # fall back to an older Django on an older Python).
    "$VB_PY" - "$VB_ROOT/requirements.txt" <<'EOF' || vb_die "the installed packages do not match requirements.txt"
import re, sys
from importlib.metadata import version
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^Django==(\S+)", line.strip())
    if m and version("django") != m.group(1):
        sys.exit(f"Django {version('django')} installed, {m.group(1)} pinned")
EOF
    mkdir -p "$stamp_dir"
    printf '%s\n' "$hash" >"$stamp_dir/runtime.stamp"
    if [ "$kind" = dev ]; then
        printf '%s\n' "$hash" >"$stamp_dir/dev.stamp"
    fi
    vb_install_console_command
    vb_log "Installed with $installed"
}

# The `vereinbar` console command in .venv/bin: src/ on the venv's path (a .pth file, so
# no build step) and a wrapper running vereinbar.cli (manage.py under one name).
vb_install_console_command() {
    local site
    site="$("$VB_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" || return 0
    printf '%s\n' "$VB_ROOT/src" >"$site/vereinbar-src.pth"
    printf '#!/bin/sh\n# vereinbar console command: Django management commands (vereinbar help lists them).\nexec "%s" -m vereinbar.cli "$@"\n' "$VB_PY" >"$VB_VENV/bin/vereinbar"
    chmod +x "$VB_VENV/bin/vereinbar"
}

# Runs manage.py with the venv's Python from the repository root.
vb_manage() {
    (cd "$VB_ROOT" && "$VB_PY" manage.py "$@")
}

# Compiles the project's .po files (only src/vereinbar, never .venv or other trees).
vb_compilemessages() {
    local src="$VB_ROOT/src/vereinbar" po stale=0 found=0
    while IFS= read -r po; do
        found=1
        if [ ! -f "${po%.po}.mo" ] || [ "$po" -nt "${po%.po}.mo" ]; then
            stale=1
        fi
    done < <(find "$src" -path '*/locale/*/LC_MESSAGES/*.po' 2>/dev/null)
    if [ "$found" = 0 ]; then
        vb_log "No .po files under src/vereinbar yet; nothing to compile"
        return 0
    fi
    if [ "$stale" = 0 ]; then
        vb_log "Translations up to date"
        return 0
    fi
    (cd "$src" && "$VB_PY" "$VB_ROOT/manage.py" compilemessages --verbosity 0 --ignore '.venv' --ignore 'node_modules')
}
