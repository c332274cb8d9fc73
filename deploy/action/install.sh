#!/usr/bin/env bash
# The GitHub Action's install step: put vmlint at "$RUNNER_TEMP/vmlint/bin/vmlint".
#
# 1. The release's checksums file, SHA256SUMS, is downloaded from
#    "$VMLINT_RELEASE_URL/v$version/" (GitHub's release downloads unless the action's
#    `release-url` input names a mirror; file:// works too).
# 2. The archive for the runner ($RUNNER_OS / $RUNNER_ARCH) is taken from the cache
#    ("$RUNNER_TEMP/vmlint-cache", restored by the action's cache step) or downloaded, and its
#    SHA-256 is checked against SHA256SUMS — every time, so a poisoned cache is refused like a
#    tampered download. A mismatch, or an archive the checksums file does not list, stops the
#    step: it never falls back to building what it could not verify.
# 3. Only when there is no release of that version, or it has no archive for this runner, is
#    vmlint built from source with `cargo install --locked` (this action's own checkout when it
#    is that version, not cached; else the version's tag, cached). $VMLINT_CARGO_INSTALL_ARGS adds
#    arguments to that build (the tests pass --debug).
set -euo pipefail

fail() {
  echo "::error title=vmlint install::$*"
  exit 1
}

action_version() {
  sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml" | head -n 1
}

version="${VMLINT_VERSION:-}"
version="${version#v}"
if [ -z "$version" ]; then
  version="$(action_version)"
fi
releases="${VMLINT_RELEASE_URL:-https://github.com/vmlint/vmlint/releases/download}"
releases="${releases%/}"
install_dir="$RUNNER_TEMP/vmlint"
cache="$RUNNER_TEMP/vmlint-cache"
mkdir -p "$install_dir/bin" "$cache"

target=""
archive_type="tar.gz"
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64)
    target=x86_64-pc-windows-msvc
    archive_type=zip
    ;;
esac
exe=""
if [ "${RUNNER_OS:-}" = Windows ]; then exe=".exe"; fi

build_from_source() {
  echo "$1: building vmlint $version from source with cargo install"
  # The action's own checkout is built but not cached: a branch such as `main` keeps the
  # version of Cargo.toml while its code moves, so a cached build would go stale.
  local root="$RUNNER_TEMP/vmlint-source"
  local source=(--path "$GITHUB_ACTION_PATH")
  if [ "$version" != "$(action_version)" ]; then
    # A released version, from its tag (not crates.io: the build needs the workspace's
    # [patch] of hcl-edit); a tag does not move, so the build is cached.
    root="$cache/source-$version"
    source=(--git https://github.com/vmlint/vmlint --tag "v$version" vmlint)
  fi
  if [ -x "$root/bin/vmlint$exe" ] && [ "$root" != "$RUNNER_TEMP/vmlint-source" ]; then
    echo "vmlint $version from the cache (an earlier build of its tag)"
  else
    # shellcheck disable=SC2086
    cargo install --locked --root "$root" "${source[@]}" ${VMLINT_CARGO_INSTALL_ARGS:-}
  fi
  cp "$root/bin/vmlint$exe" "$install_dir/bin/vmlint$exe"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# curl's exit code: 0, or "absent" for what is not there (HTTP 404, a missing file:// path),
# or the failure.
fetch() {
  local code=0
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" || code=$?
  case "$code" in
    0) return 0 ;;
    22 | 37) return 2 ;;
    *) fail "downloading $1 failed (curl exit code $code)" ;;
  esac
}

if [ -z "$target" ]; then
  build_from_source "no prebuilt vmlint for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"
  exit 0
fi
asset="vmlint-$target.$archive_type"
sums="$cache/SHA256SUMS-$version"
status=0
fetch "$releases/v$version/SHA256SUMS" "$sums.part" || status=$?
if [ "$status" -ne 0 ]; then
  rm -f "$sums.part"
  build_from_source "no release v$version at $releases"
  exit 0
fi
mv "$sums.part" "$sums"
expected="$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1 }' "$sums")"
if [ -z "$expected" ]; then
  if grep -q "vmlint-" "$sums"; then
    build_from_source "release v$version has no $asset"
    exit 0
  fi
  fail "$releases/v$version/SHA256SUMS lists no vmlint archive: refusing to go on"
fi

archive="$cache/$version-$asset"
if [ -f "$archive" ] && [ "$(sha256_of "$archive")" = "$expected" ]; then
  echo "vmlint $version for $target from the cache (SHA-256 checked)"
else
  rm -f "$archive"
  status=0
  fetch "$releases/v$version/$asset" "$archive.part" || status=$?
  if [ "$status" -ne 0 ]; then
    rm -f "$archive.part"
    fail "$releases/v$version/$asset is listed in SHA256SUMS but cannot be downloaded"
  fi
  actual="$(sha256_of "$archive.part")"
  if [ "$actual" != "$expected" ]; then
    rm -f "$archive.part"
    fail "$asset does not match SHA256SUMS of v$version (expected $expected, got $actual): refusing to install it"
  fi
  mv "$archive.part" "$archive"
  echo "vmlint $version for $target downloaded (SHA-256 $actual checked)"
fi

unpacked="$(mktemp -d "$RUNNER_TEMP/vmlint-unpack.XXXXXX")"
if [ "$archive_type" = zip ]; then
  # Git Bash on hosted Windows runners has unzip; 7-Zip and PowerShell are the fallbacks.
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$archive" -d "$unpacked"
  elif command -v 7z >/dev/null 2>&1; then
    7z x -y -o"$unpacked" "$archive" >/dev/null
  else
    powershell -NoProfile -Command "Expand-Archive -LiteralPath '$archive' -DestinationPath '$unpacked'"
  fi
else
  tar -xzf "$archive" -C "$unpacked"
fi
binary="$unpacked/vmlint-$target/vmlint$exe"
[ -f "$binary" ] || fail "$asset holds no vmlint-$target/vmlint$exe"
cp "$binary" "$install_dir/bin/vmlint$exe"
chmod +x "$install_dir/bin/vmlint$exe"
rm -rf "$unpacked"
"$install_dir/bin/vmlint$exe" --version
