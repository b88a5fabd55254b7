#!/usr/bin/env bash
# `npm run pulumi:install`: builds the real Pulumi CLI from Pulumi's published Go modules (the CLI
# cannot be downloaded on these machines), once per version, into a cache outside the repository:
#   ${PULUMI_ALICLOUD_MEDIA_TOOLS:-~/.cache/pulumi-alicloud-media}/pulumi-<version>/bin
# Progress goes to stderr; the LAST line of stdout is the absolute bin directory.
#
# What lands in bin/:
#   pulumi                         github.com/pulumi/pulumi/pkg/v3 ./cmd/pulumi, built as releases are
#   pulumi-language-nodejs         only when the Go module proxy serves its module (see below)
#   pulumi-resource-pulumi-nodejs  the dynamic-provider plugin script from the @pulumi/pulumi npm package
#   pulumi-language-yaml           github.com/pulumi/pulumi-yaml ./cmd/pulumi-language-yaml (YAML programs
#                                  for the provider plugin's tests), built with its own go.mod as published
# and beside bin/, ../../python-<version>/venv: the `pulumi` Python package (the Automation API runs
# Python programs inline, so the Python language plugin, which cannot be built here, is not needed)
#
# pkg/go.mod replaces sdk/v3 with ../sdk (a path inside Pulumi's repository), so `go install …@v`
# refuses it: the module is downloaded, copied to a writable folder, the replace dropped and the same
# sdk/v3 version required instead. GOMODCACHE and GOCACHE are used as they are, so a rebuild is quick.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The pinned version lives once, in package.json ("config": {"pulumiCliVersion"}); tests read it too.
PULUMI_VERSION="$(node -p 'require(process.argv[1]).config.pulumiCliVersion' "$REPO_ROOT/package.json")"
TOOLS_ROOT="${PULUMI_ALICLOUD_MEDIA_TOOLS:-$HOME/.cache/pulumi-alicloud-media}"
BIN_DIR="$TOOLS_ROOT/pulumi-$PULUMI_VERSION/bin"
PKG_MODULE="github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE="github.com/pulumi/pulumi/sdk/v3"
NODEJS_HOST_MODULE="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
YAML_MODULE="github.com/pulumi/pulumi-yaml"
# The newest release the Go module proxy serves here; its go.mod has no replace directives.
YAML_VERSION="${PULUMI_ALICLOUD_MEDIA_YAML_VERSION:-1.25.0}"
# The newest `pulumi` on PyPI at or below the CLI's version (PyPI serves up to 3.272.0 here).
PYTHON_SDK_VERSION="${PULUMI_ALICLOUD_MEDIA_PYTHON_SDK_VERSION:-3.272.0}"
PYTHON_VENV="$TOOLS_ROOT/python-$PYTHON_SDK_VERSION/venv"
LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"

step=""
say() { printf 'pulumi:install: %s\n' "$*" >&2; }
fail() {
  say "FAILED at step \"$step\": $*"
  exit 1
}
trap 'rc=$?; [ $rc -eq 0 ] || say "FAILED at step \"$step\" (exit $rc)"' EXIT

# The dynamic-provider plugin is a shell script that resolves @pulumi/pulumi from the project the CLI
# runs in, so a copy beside the CLI serves every project (a link into this clone would dangle).
install_dynamic_provider_plugin() {
  step="copy the dynamic-provider plugin script"
  local script="$REPO_ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  [ -f "$script" ] || fail "$script is missing: run npm ci first"
  install -m 0755 "$script" "$BIN_DIR/pulumi-resource-pulumi-nodejs"
}

# The YAML language host: its go.mod requires older pkg/sdk versions than the CLI, and moving it to the
# CLI's breaks its build (plugin APIs changed), so it is built exactly as published, in a writable copy
# of the module (a module-cache folder is read-only). Skipped when already installed.
install_yaml_host() {
  [ -x "$BIN_DIR/pulumi-language-yaml" ] && return 0
  step="build pulumi-language-yaml v$YAML_VERSION"
  command -v go >/dev/null || fail "no 'go' on PATH"
  say "$step (a cold build takes several minutes)"
  local yaml_work yaml_dir
  yaml_work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-yaml.XXXXXX")"
  yaml_dir="$(cd "$yaml_work" && go mod download -json "$YAML_MODULE@v$YAML_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$yaml_dir" ] && [ -d "$yaml_dir" ] || fail "the Go module proxy did not serve $YAML_MODULE@v$YAML_VERSION"
  cp -r "$yaml_dir" "$yaml_work/src" && chmod -R u+w "$yaml_work/src"
  grep -q '^replace' "$yaml_work/src/go.mod" && fail "$YAML_MODULE@v$YAML_VERSION has replace directives"
  if ! env CGO_ENABLED=0 go -C "$yaml_work/src" build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X $YAML_MODULE/pkg/version.Version=v$YAML_VERSION" \
    -o "$yaml_work/pulumi-language-yaml" ./cmd/pulumi-language-yaml >"$yaml_work/build.log" 2>&1; then
    tail -n 30 "$yaml_work/build.log" >&2
    fail "go build of pulumi-language-yaml failed (last lines above)"
  fi
  install -m 0755 "$yaml_work/pulumi-language-yaml" "$BIN_DIR/pulumi-language-yaml"
  chmod -R u+w "$yaml_work" && rm -rf "$yaml_work"
}

# A virtual environment with the Python SDK, for the plugin's Python tests. Optional: without python3
# the step reports and goes on, and those tests skip saying so.
install_python_sdk() {
  [ -x "$PYTHON_VENV/bin/python" ] && "$PYTHON_VENV/bin/python" -c 'import pulumi.automation' 2>/dev/null && return 0
  step="install the pulumi Python package $PYTHON_SDK_VERSION"
  if ! command -v python3 >/dev/null; then
    say "no python3 on PATH: the plugin's Python tests will be skipped"
    return 0
  fi
  say "$step into $PYTHON_VENV"
  rm -rf "$PYTHON_VENV"
  python3 -m venv "$PYTHON_VENV" || fail "python3 -m venv failed"
  "$PYTHON_VENV/bin/pip" install --quiet "pulumi==$PYTHON_SDK_VERSION" || fail "pip install pulumi==$PYTHON_SDK_VERSION failed"
}

finished() {
  [ -x "$BIN_DIR/pulumi" ] && [ "$("$BIN_DIR/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]
}

if finished; then
  install_dynamic_provider_plugin
  install_yaml_host
  install_python_sdk
  say "reusing the finished build of Pulumi v$PULUMI_VERSION"
  echo "$BIN_DIR"
  exit 0
fi

step="check the Go toolchain"
command -v go >/dev/null || fail "no 'go' on PATH; the CLI is built from Pulumi's Go modules"
say "building Pulumi v$PULUMI_VERSION with $(go version | cut -d' ' -f3) (a cold build takes 5-30 minutes on 2 cores, depending on the Go caches)"

work="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-install.XXXXXX")"
cleanup_work() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap 'rc=$?; cleanup_work; [ $rc -eq 0 ] || say "FAILED at step \"$step\" (exit $rc)"' EXIT
staging="$work/bin"
mkdir -p "$staging"

# Runs `go build` with -v into a log and prints a heartbeat with the number of packages compiled.
build_with_progress() {
  local label="$1" log="$work/$2.log"
  shift 2
  ( "$@" ) >"$log" 2>&1 &
  local pid=$! last=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    local now=$SECONDS
    if [ $((now - last)) -ge 30 ]; then
      say "$label: $(grep -c '^[a-z].*/' "$log" || true) packages compiled so far"
      last=$now
    fi
  done
  if ! wait "$pid"; then
    tail -n 30 "$log" >&2
    fail "go build of $label failed (last lines above)"
  fi
}

step="download $PKG_MODULE@v$PULUMI_VERSION"
say "$step"
pkg_dir="$(cd "$work" && go mod download -json "$PKG_MODULE@v$PULUMI_VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[ -n "$pkg_dir" ] && [ -d "$pkg_dir" ] || fail "the Go module proxy did not serve $PKG_MODULE@v$PULUMI_VERSION"

step="prepare a writable copy of the module"
cp -r "$pkg_dir" "$work/pkg"
chmod -R u+w "$work/pkg"
(
  cd "$work/pkg"
  go mod edit -dropreplace="$SDK_MODULE"
  go mod edit -require="$SDK_MODULE@v$PULUMI_VERSION"
)

step="resolve $SDK_MODULE@v$PULUMI_VERSION"
say "$step"
(cd "$work/pkg" && go get "$SDK_MODULE@v$PULUMI_VERSION" >/dev/null 2>"$work/get.log") ||
  { tail -n 20 "$work/get.log" >&2; fail "go get of $SDK_MODULE failed"; }

step="build pulumi"
say "$step (CGO_ENABLED=0, -trimpath, tags osusergo,grpcnotrace)"
build_with_progress pulumi pulumi-build \
  env CGO_ENABLED=0 go -C "$work/pkg" build -v -trimpath -tags osusergo,grpcnotrace \
  -ldflags "$LDFLAGS" -o "$staging/pulumi" ./cmd/pulumi

step="verify the built CLI"
version="$("$staging/pulumi" version)"
[ "$version" = "v$PULUMI_VERSION" ] || fail "built pulumi reports '$version', expected v$PULUMI_VERSION"

# The Node.js language host has its own go.mod and no tags; the proxy must serve it by a
# pseudo-version. Where it does not (as on these machines: the proxy answers 403 for every version),
# the CLI layer runs programs through an inline language host instead (tests/cli/support), so this
# step reports and goes on.
step="build pulumi-language-nodejs"
if (cd "$work" && go mod download -json "$NODEJS_HOST_MODULE@${PULUMI_ALICLOUD_MEDIA_NODEJS_HOST_VERSION:-latest}" \
  >"$work/host.json" 2>"$work/host.err"); then
  host_dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' "$work/host.json")"
  cp -r "$host_dir" "$work/host" && chmod -R u+w "$work/host"
  (cd "$work/host" && go mod edit -dropreplace="$SDK_MODULE" -dropreplace="$PKG_MODULE" &&
    go get "$SDK_MODULE@v$PULUMI_VERSION" "$PKG_MODULE@v$PULUMI_VERSION" >/dev/null 2>&1) ||
    fail "could not prepare $NODEJS_HOST_MODULE"
  build_with_progress pulumi-language-nodejs host-build \
    env CGO_ENABLED=0 go -C "$work/host" build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "$LDFLAGS" -o "$staging/pulumi-language-nodejs" .
else
  say "pulumi-language-nodejs not built: the Go module proxy does not serve $NODEJS_HOST_MODULE" \
    "($(sed -n 's/.*"Error": ".*: \([^:]*\)\\n.*/\1/p' "$work/host.json")); the CLI layer runs programs" \
    "through scripts/inline-language-host.js instead"
fi

step="install into $BIN_DIR"
mkdir -p "$(dirname "$BIN_DIR")"
rm -rf "$BIN_DIR.partial"
mv "$staging" "$BIN_DIR.partial"
rm -rf "$BIN_DIR"
mv "$BIN_DIR.partial" "$BIN_DIR"
install_dynamic_provider_plugin
install_yaml_host
install_python_sdk
say "done: $("$BIN_DIR/pulumi" version)"
echo "$BIN_DIR"
