//! `fihris build --site SITE`: a website's output folder → search for that
//! site, in `SITE/fihris/`.
//!
//! In: the folder a site generator wrote (Hugo's `public/`…). Out:
//! `SITE/<subdir>/index/` (the index of its pages, whose results open the
//! pages themselves) and, beside it, the widget's files this binary carries
//! ([`crate::assets`]): `widget.js`, `fihris.js`, `render.js`,
//! `fihris-page.js`, `fihris.css`, `pkg/`. The page reading rules are the
//! library's ([`fihris::corpus::site`]); this adds the folders and files.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use fihris::corpus::site::{self, SiteOptions};

use crate::assets;
use crate::build::{self, ShardMode, SiteRequest};

/// What `--site` was given besides the folder.
pub struct Options<'a> {
    pub base_url: &'a str,
    pub subdir: &'a str,
    pub exclude_selectors: &'a str,
}

pub fn build(
    dir: &Path,
    options: &Options<'_>,
    quiet: bool,
    shards: ShardMode,
    memory: usize,
    keep_builds: usize,
) -> Result<ExitCode> {
    if !dir.is_dir() {
        bail!(
            "site folder {} does not exist: build your site first (hugo, jekyll build, npx @11ty/eleventy…) and pass the folder it writes",
            dir.display()
        );
    }
    if !assets::MISSING.is_empty() {
        bail!(
            "this fihris binary was built without the widget's files ({} missing): build it with ./build.sh, which builds the wasm module and then the CLI that carries it",
            assets::MISSING.join(", ")
        );
    }
    let subdir = options.subdir.trim_matches('/');
    if subdir.is_empty()
        || subdir
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
    {
        bail!(
            "--output-subdir {:?} must be a folder name inside the site, e.g. fihris or assets/search",
            options.subdir
        );
    }
    let base_url = site::normalize_base_url(options.base_url).map_err(anyhow::Error::msg)?;
    let exclude = site::parse_selectors(options.exclude_selectors).map_err(anyhow::Error::msg)?;
    let target = dir.join(subdir);
    let out = target.join("index");
    let code = build::build(&build::Request {
        corpus: dir,
        out: &out,
        pages: None,
        quiet,
        explain_removed: false,
        shards,
        memory,
        keep_builds,
        site: Some(SiteRequest {
            options: SiteOptions {
                base_url: base_url.clone(),
                exclude,
                ..SiteOptions::default()
            },
            subdir: subdir.to_string(),
        }),
    })?;
    for (name, bytes) in assets::ASSETS {
        let path = target.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !quiet {
        let at = format!("{base_url}{subdir}/");
        println!("wrote the widget's files into {}", target.display());
        println!("add to your layout, where the search box goes:");
        println!("  <script type=\"module\" src=\"{at}widget.js\"></script>");
        println!("  <fihris-search></fihris-search>");
        println!("and, to highlight the words searched for on the page a result opens:");
        println!("  <script type=\"module\" src=\"{at}fihris-page.js\"></script>");
    }
    Ok(code)
}
