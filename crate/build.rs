//! Embeds the widget's files in the `fihris` CLI, so that `fihris build
//! --site` can write everything a site needs with nothing but the binary.
//!
//! In: `www/pkg/site/` when `./build.sh` has filled it (minified modules, the
//! optimised wasm), else the sources in `www/` and the wasm in `www/pkg/`.
//! Out: `$OUT_DIR/assets.rs`: `ASSETS` (path in the site's `fihris/` folder,
//! bytes) and `MISSING` (the files that were not there, so that the CLI can
//! say how to get them instead of writing a widget that cannot start).
//! Only the CLI includes it; the wasm module never does.

use std::path::Path;

/// The files of a site's `fihris/` folder besides the index.
const FILES: [&str; 7] = [
    "widget.js",
    "fihris.js",
    "render.js",
    "fihris-page.js",
    "fihris.css",
    "pkg/fihris.js",
    "pkg/fihris_bg.wasm",
];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let www = Path::new(&manifest).join("../www");
    // A directory is scanned whole: any file added, changed or removed
    // under www/ (pkg/ included) embeds the new files.
    println!("cargo:rerun-if-changed={}", www.display());
    let built = www.join("pkg/site");
    let mut code = String::from("pub const ASSETS: &[(&str, &[u8])] = &[\n");
    let mut missing = Vec::new();
    let cli = std::env::var_os("CARGO_FEATURE_CLI").is_some();
    for name in FILES {
        let from_build = built.join(name);
        let path = if from_build.is_file() {
            from_build
        } else if let Some(pkg) = name.strip_prefix("pkg/") {
            www.join("pkg").join(pkg)
        } else {
            www.join(name)
        };
        if cli && path.is_file() {
            let path = path
                .canonicalize()
                .expect("an existing file has a canonical path");
            code.push_str(&format!(
                "    ({name:?}, include_bytes!({:?})),\n",
                path.display().to_string()
            ));
        } else {
            missing.push(name);
        }
    }
    code.push_str("];\n");
    code.push_str(&format!("pub const MISSING: &[&str] = &{missing:?};\n"));
    std::fs::write(Path::new(&out).join("assets.rs"), code).expect("OUT_DIR is writable");
}
