#!/usr/bin/env bash
# Fihris: build the static search site, serve it, test everything.
#
#   ./build.sh [CORPUS_DIR]   set-up → index + pages → wasm → wasm-opt → dist/   (corpus: seeds/)
#   ./build.sh serve [DIR]    the same, then serve dist/ on http://127.0.0.1:${PORT:-8080}
#   ./build.sh install        the same, then copy the self-contained fihris CLI to ${PREFIX:-~/.local}/bin
#   ./build.sh test           set-up, fmt, clippy, cargo test, wasm-pack test, dist/, browser scenarios
#   ./build.sh bench [--smoke] dist/, then the benchmark against the peers → bench/RESULTS.md
#   ./build.sh fuzz [SECONDS]  each cargo-fuzz target for SECONDS (60) → crate/fuzz/RESULTS.md
#
# Set-up installs only what is missing (wasm target, wasm-bindgen-cli, wasm-pack, geckodriver,
# Chromium + ChromeDriver, Firefox ESR, WebKitGTK's WebKitWebDriver, Xvfb, openssl, Hugo for
# the fixture site, npm packages: playwright-core, binaryen's wasm-opt and esbuild)
# and says nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
DIST=$ROOT/dist
PKG=$ROOT/www/pkg
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

BOLD='' PLAIN=''
if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; fi
STEP=0
PARENT=''
step() {
  STEP=$((STEP + 1))
  printf '\n%s[%s%d] %s%s\n' "$BOLD" "${PARENT:+$PARENT.}" "$STEP" "$*" "$PLAIN"
}
note() { printf '    %s\n' "$*"; }
die() {
  printf 'build.sh: %s\n' "$*" >&2
  exit 1
}
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $* (install it yourself or run as root)"
  fi
}
# Size of a file in bytes, and of its gzip / brotli compression.
human() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.2f MiB", b/1048576; else if (b >= 1024) printf "%.1f KiB", b/1024; else printf "%d B", b }'; }
sizes() {
  local file=$1 raw gz br
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  if command -v brotli >/dev/null; then
    br=$(brotli -c -q 11 "$file" | wc -c)
  else
    br=$(node -e 'const z=require("zlib");process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$file")
  fi
  printf '    %-28s %10s raw  %10s gzip  %10s brotli\n' "${file#"$DIST"/}" "$(human "$raw")" "$(human "$gz")" "$(human "$br")"
}

# ---- set-up ---------------------------------------------------------------

setup() {
  step "set-up: toolchain, wasm tools, Chromium, Firefox, WebKit, npm packages"
  command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
  if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    note "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
  # wasm-pack needs the wasm-bindgen CLI of exactly the version in Cargo.lock;
  # installed here so that wasm-pack never downloads a binary of its own.
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
  if [ -n "$want" ] && [ "$want" != "$have" ]; then
    note "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install --quiet --locked wasm-bindgen-cli --version "$want" ||
      cargo install --quiet --force wasm-bindgen-cli --version "$want"
  fi
  if ! command -v wasm-pack >/dev/null; then
    note "installing wasm-pack (a few minutes, once)"
    cargo install --quiet --locked wasm-pack || cargo install --quiet wasm-pack
  fi
  # geckodriver drives Firefox for wasm-pack test --firefox and the
  # cross-browser scenarios (tests/webdriver.mjs); built from crates.io.
  if ! command -v geckodriver >/dev/null; then
    note "installing geckodriver (a few minutes, once)"
    cargo install --quiet --locked geckodriver --version 0.37.1
  fi
  local apt=()
  [ -x /usr/bin/chromium ] || apt+=(chromium)
  [ -x /usr/bin/chromedriver ] || apt+=(chromium-driver)
  # Firefox ESR (headless) and WebKitGTK: WebKitWebDriver starts its
  # MiniBrowser, which needs an X display (WebKitGTK has no headless mode): Xvfb.
  [ -x /usr/bin/firefox-esr ] || apt+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || apt+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || apt+=(xvfb)
  command -v node >/dev/null || apt+=(nodejs npm)
  # openssl makes the self-signed certificate of the benchmark's HTTP/2 server.
  command -v openssl >/dev/null || apt+=(openssl)
  # hugo builds the fixture site of tests/fixtures/hugo/ (Debian bookworm: 0.111.3).
  command -v hugo >/dev/null || apt+=(hugo)
  if [ ${#apt[@]} -gt 0 ]; then
    note "installing Debian packages: ${apt[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${apt[@]}" >/dev/null
  fi
  # playwright-core drives Chromium; binaryen brings a wasm-opt recent enough
  # for wasm-bindgen's externref table (Debian bookworm's wasm-opt 108 breaks
  # it); esbuild minifies the JavaScript that goes into dist/.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    note "installing npm packages (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# ---- build ----------------------------------------------------------------

build() {
  local corpus=${1:-seeds}
  [ -d "$corpus" ] || die "corpus folder not found: $corpus"

  rm -rf "$DIST"
  mkdir -p "$DIST"
  step "wasm module (wasm-pack, size profile, without the CLI feature)"
  rm -rf "$PKG"
  wasm-pack --quiet build crate --target web --profile wasm --mode no-install --no-typescript --no-pack \
    --no-opt --out-dir "$PKG" --out-name fihris -- --no-default-features
  local wasm=$PKG/fihris_bg.wasm
  note "before wasm-opt: $(human "$(wc -c <"$wasm")")"

  step "wasm-opt (-Oz, to a fixed point)"
  # The features the Rust wasm target emits by default. Flattening and
  # re-looping before -Oz, to a fixed point, saves ~1.4 KB gzip; Rust's data
  # starts at 1 MiB, so the low 1 KiB of memory is unused.
  node_modules/.bin/wasm-opt --flatten --rereloop -Oz -Oz --converge --low-memory-unused \
    --strip-debug --strip-producers \
    --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"

  step "static site in dist/"
  cp www/index.html www/demo.css www/demo.js www/fihris.css www/fihris.js www/fihris.d.ts \
    www/widget.js www/widget.d.ts www/render.js www/fihris-page.js "$DIST/"
  mkdir -p "$DIST/pkg"
  cp "$PKG/fihris.js" "$PKG/fihris_bg.wasm" "$DIST/pkg/"
  # Readers download the modules, not their JSDoc: each is minified on its
  # own (no bundling, so imports, exports and import.meta.url stay as they
  # are); the sources in www/ and the .d.ts files are what developers read.
  node_modules/.bin/esbuild "$DIST"/*.js "$DIST/pkg/fihris.js" --minify --format=esm \
    --outdir="$DIST" --outbase="$DIST" --allow-overwrite --log-level=warning
  # The CLI carries the widget's files (crate/build.rs embeds www/pkg/site/),
  # so it is built after them: `fihris build --site` writes them into a site.
  mkdir -p "$PKG/site/pkg"
  cp "$DIST"/widget.js "$DIST"/fihris.js "$DIST"/render.js "$DIST"/fihris-page.js "$DIST"/fihris.css "$PKG/site/"
  cp "$DIST/pkg/fihris.js" "$DIST/pkg/fihris_bg.wasm" "$PKG/site/pkg/"

  step "fihris CLI (cargo build --release), with the widget's files"
  cargo build --release --quiet --bin fihris
  local fihris=$ROOT/target/release/fihris

  step "index and document pages from $corpus/"
  # Exit status 2: some files were skipped (each named above, with the
  # reason); the rest is indexed, so the site is still built.
  local status=0
  "$fihris" build "$corpus" --out "$DIST/index" --pages "$DIST/doc" || status=$?
  if [ "$status" = 2 ]; then
    note "some files of $corpus/ were skipped (see above); the site is built from the rest"
  elif [ "$status" != 0 ]; then
    die "fihris build failed on $corpus/ (exit $status); see the message above"
  fi
  note "$(find "$DIST/doc" -name '*.html' | wc -l) document pages, index $(human "$(wc -c <"$DIST/index/fihris.idx")")"
  local f
  for f in "$DIST/pkg/fihris_bg.wasm" "$DIST/index/fihris.idx" "$DIST/pkg/fihris.js" "$DIST/fihris.js" \
    "$DIST/widget.js" "$DIST/render.js" "$DIST/fihris-page.js" "$DIST/fihris.css"; do
    sizes "$f"
  done
  note "open dist/index.html through a web server (./build.sh serve), not as a file"
}

serve() {
  step "serve dist/"
  exec node tests/serve.mjs "$DIST" --port "${PORT:-8080}"
}

# ---- test -----------------------------------------------------------------

RESULTS=()
check() {
  local name=$1
  shift
  step "$name"
  local rc=0
  # In a subshell of its own so that set -e still applies inside functions.
  set +e
  (
    set -e
    # Steps of a build inside a check are numbered under it: [5.1], [5.2]…
    PARENT=$STEP STEP=0
    "$@"
  )
  rc=$?
  set -e
  if [ "$rc" = 0 ]; then
    RESULTS+=("ok    $name")
    PASSED=$((PASSED + 1))
  else
    RESULTS+=("FAIL  $name (exit $rc)")
    FAILED=1
    summary
    exit 1
  fi
}
PASSED=0 FAILED=0
summary() {
  printf '\n%sSummary%s\n' "$BOLD" "$PLAIN"
  printf '  %s\n' "${RESULTS[@]}"
  printf 'checks: %d passed, %d failed\n' "$PASSED" "$FAILED"
}

run_tests() {
  check "cargo fmt --check" cargo fmt --all -- --check
  check "cargo clippy" cargo clippy --quiet --all-targets -- -D warnings
  # Before cargo test: the CLI's site-mode tests need the widget's files,
  # which the build makes and the CLI embeds.
  check "build dist/" build seeds
  check "cargo test (native)" cargo test --quiet
  # The analyzer as the wasm module has it (no compatibility decomposition):
  # typed text must fold the same as in the native build.
  check "cargo test --lib --no-default-features" cargo test --quiet --lib --no-default-features
  check "wasm-pack test --headless --chrome" \
    env CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    wasm-pack test --headless --chrome --mode no-install crate --no-default-features
  check "wasm-pack test --headless --firefox" \
    env GECKODRIVER="$(command -v geckodriver)" WASM_BINDGEN_TEST_TIMEOUT=120 \
    wasm-pack test --headless --firefox --mode no-install crate --no-default-features
  check "browser scenarios (node --test)" node --test --test-concurrency=1 tests/*.test.mjs
  # The main scenarios again in Firefox ESR and WebKitGTK, over WebDriver.
  check "browser scenarios in Firefox ESR (WebDriver)" env FIHRIS_BROWSER=firefox node --test tests/cross-browser.mjs
  check "browser scenarios in WebKitGTK (WebDriver)" env FIHRIS_BROWSER=webkit node --test tests/cross-browser.mjs
  check "bench smoke (./build.sh bench --smoke)" node bench/run.mjs --smoke
  summary
}

# ---- fuzz -----------------------------------------------------------------

FUZZ_TARGETS=(index_bytes index_sections shards query analyze)

# libFuzzer through cargo-fuzz, which needs a nightly compiler: the nightly
# toolchain if rustup has one, else the stable one told to allow nightly flags.
fuzz() {
  local seconds=${1:-60}
  [[ $seconds =~ ^[1-9][0-9]*$ ]] || die "usage: ./build.sh fuzz [SECONDS_PER_TARGET] (a whole number > 0)"
  local fz=$ROOT/crate/fuzz cargo=(cargo)
  if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then cargo=(cargo +nightly); else export RUSTC_BOOTSTRAP=1; fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    note "installing cargo-fuzz (a minute, once)"
    cargo install --quiet --locked cargo-fuzz
  fi
  step "fuzz targets (cargo fuzz build)"
  (cd crate && "${cargo[@]}" fuzz build -O --fuzz-dir fuzz)
  local bin=$fz/target/x86_64-unknown-linux-gnu/release
  local rows=() found=0
  for target in "${FUZZ_TARGETS[@]}"; do
    step "fuzz $target for ${seconds} s"
    local corpus=$fz/corpus/$target artifacts=$fz/artifacts/$target log
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    # Start from every saved regression input, and for the index targets the seeds index.
    find "$fz/regressions/$target" -type f ! -name README.md -exec cp {} "$corpus/" \;
    if [ "$target" = index_bytes ]; then
      cargo run --quiet --release --bin fihris -- build seeds --out "$fz/target/seeds-index" --quiet
      cp "$fz/target/seeds-index/fihris.idx" "$corpus/seeds.idx"
    fi
    log=$fz/target/$target.log
    set +e
    "$bin/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=131072 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
    set -e
    local runs cov crashes
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' \) | wc -l)
    for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
      [ -f "$f" ] && cp "$f" "$fz/regressions/$target/"
    done
    note "$target: ${runs:-?} executions, coverage ${cov:-?} edges, $crashes findings (log: ${log#"$ROOT"/})"
    rows+=("| \`$target\` | $seconds | ${runs:-?} | $(( ${runs:-0} / seconds )) | ${cov:-?} | $crashes |")
    found=$((found + crashes))
  done
  {
    echo "# Fuzzing results"
    echo
    echo "Written by \`./build.sh fuzz $seconds\` on $(date -u +%Y-%m-%d) ($(nproc) cores). Each target starts"
    echo "from its regression inputs (\`regressions/<target>/\`); findings are copied there, and"
    echo "\`cargo test --test fuzz_regressions\` replays them all."
    echo
    echo "| target | seconds | executions | per second | coverage (edges) | findings |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Findings kept in the regression corpus (all fixed; each is replayed by \`cargo test\`):"
    echo
    (cd "$fz/regressions" && find . -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort | sed 's|^\./|- `|; s|$|`|')
  } >"$fz/RESULTS.md"
  note "wrote crate/fuzz/RESULTS.md"
  [ "$found" = 0 ] || die "$found findings: see crate/fuzz/artifacts/ (copied into crate/fuzz/regressions/)"
}

case "${1:-}" in
  -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
  fuzz)
    fuzz "${2:-60}"
    ;;
  install)
    setup
    build seeds
    mkdir -p "${PREFIX:-$HOME/.local}/bin"
    install -m 755 target/release/fihris "${PREFIX:-$HOME/.local}/bin/fihris"
    printf '\ninstalled %s (it carries the widget: copy it to any machine of this OS)\n' "${PREFIX:-$HOME/.local}/bin/fihris"
    ;;
  serve)
    setup
    build "${2:-seeds}"
    printf '\nFihris: http://127.0.0.1:%s/\n' "${PORT:-8080}"
    serve
    ;;
  test)
    setup
    run_tests
    ;;
  bench)
    # bench/run.mjs: corpora, every engine's index, criterion, Chromium, bench/RESULTS.md.
    setup
    build seeds
    step "benchmark (bench/run.mjs ${*:2})"
    node bench/run.mjs "${@:2}"
    ;;
  *)
    setup
    build "${1:-seeds}"
    ;;
esac
