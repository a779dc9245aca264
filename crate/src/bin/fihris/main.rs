//! `fihris`: compile a corpus into an index, and search it from the shell.
//!
//! A thin layer over the library: this is the only code that touches files.
//! `fihris build` walks a corpus directory, `fihris search` reads an index.

mod assets;
mod build;
mod pages;
mod site;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use fihris::index::Index;
use fihris::search::{SearchOptions, SearchResult};

/// The index file's name inside an index directory.
pub const INDEX_FILE: &str = "fihris.idx";

#[derive(Parser)]
#[command(
    name = "fihris",
    version,
    about = "Arabic-first search index compiler and search tool"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile a directory of .txt, .md and .html files into an index, or
    /// add search to a built website with --site.
    ///
    /// Exit status: 0 when every file was indexed, 2 when some were skipped
    /// (each is reported with its reason; the index is still written), 1 when
    /// no index could be written. Site pages left out by a rule of site mode
    /// (a redirect, no content) are noted, with exit status 0.
    Build {
        /// Corpus directory (searched recursively).
        #[arg(default_value = "seeds", conflicts_with = "site")]
        corpus: PathBuf,
        /// A website's output folder (Hugo's public/, Jekyll's _site/…): its
        /// .html pages are indexed, results open them, and the index and the
        /// widget's files are written into SITE/fihris/.
        #[arg(long, value_name = "SITE")]
        site: Option<PathBuf>,
        /// With --site: the URL path the site is served from (/blog/), or an
        /// absolute base (https://example.com/blog/).
        #[arg(long, default_value = "/", requires = "site")]
        base_url: String,
        /// With --site: the folder written inside SITE.
        #[arg(long, default_value = "fihris", requires = "site")]
        output_subdir: String,
        /// With --site: elements left out of every page, a comma-separated
        /// list of simple selectors (aside, .share, #comments, [data-ad]).
        #[arg(long, default_value = "", requires = "site")]
        exclude_selectors: String,
        /// Directory to write `fihris.idx` into (created if missing), and
        /// the shard folder of a sharded index. With --site: SITE/fihris/index.
        #[arg(long, default_value = "dist/index", conflicts_with = "site")]
        out: PathBuf,
        /// One file, or an entry file plus shards fetched on demand. `auto`
        /// shards when the corpus files total over 512 KiB.
        #[arg(long, value_enum, default_value = "auto")]
        shards: build::ShardMode,
        /// MiB the build may use, about: the file list (~100 bytes a file) and
        /// a 128 MiB reserve come first, the rest holds postings before sorted
        /// runs are spilled to disk (in the output folder) and merged.
        #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1 << 20))]
        memory: u64,
        /// Shard folders of earlier builds kept beside the new one (the
        /// newest first): a reader whose page loaded an earlier fihris.idx,
        /// or a cache that still serves one, keeps finding its shards. Only
        /// sharded indexes have them.
        #[arg(long, default_value_t = 2)]
        keep_builds: usize,
        /// Also render each document as a readable HTML page into this directory.
        #[arg(long, conflicts_with = "site")]
        pages: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
        /// List on stderr each piece of boilerplate left out of the
        /// documents, as `removed FILE: "TEXT" (rule NAME)` (folder mode;
        /// site mode removes no boilerplate).
        #[arg(long)]
        explain_removed: bool,
    },
    /// Search an index and print the hits.
    ///
    /// Query syntax: words are ANDed; the last word also matches as a prefix;
    /// "quoted words" is a phrase; -word excludes. Exit status 0 for any valid
    /// query, with or without hits; 1 for an unreadable or damaged index.
    Search {
        /// Index directory (containing fihris.idx) or the index file itself.
        #[arg(long, default_value = "dist/index")]
        index: PathBuf,
        /// Hits to print.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Hits to skip.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Print one JSON object: {"total", "hits": [...], "suggestion"?}.
        #[arg(long)]
        json: bool,
        /// Only documents in this language (a language tag: ar, en) and
        /// those that state none.
        #[arg(long)]
        lang: Option<String>,
        /// The query; several arguments are joined with spaces.
        #[arg(required = true)]
        query: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            site: Some(site),
            base_url,
            output_subdir,
            exclude_selectors,
            quiet,
            shards,
            memory,
            keep_builds,
            ..
        } => site::build(
            &site,
            &site::Options {
                base_url: &base_url,
                subdir: &output_subdir,
                exclude_selectors: &exclude_selectors,
            },
            quiet,
            shards,
            (memory as usize) << 20,
            keep_builds,
        ),
        Command::Build {
            corpus,
            out,
            pages,
            quiet,
            explain_removed,
            shards,
            memory,
            keep_builds,
            ..
        } => build::build(&build::Request {
            corpus: &corpus,
            out: &out,
            pages: pages.as_deref(),
            quiet,
            explain_removed,
            shards,
            memory: (memory as usize) << 20,
            keep_builds,
            site: None,
        }),
        Command::Search {
            index,
            limit,
            offset,
            json,
            lang,
            query,
        } => search(
            &index,
            &query.join(" "),
            SearchOptions {
                limit,
                offset,
                lang,
                ..SearchOptions::default()
            },
            json,
        ),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fihris: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn search(index: &Path, query: &str, options: SearchOptions, json: bool) -> Result<ExitCode> {
    let file = if index.is_dir() {
        index.join(INDEX_FILE)
    } else {
        index.to_path_buf()
    };
    let bytes = std::fs::read(&file).with_context(|| {
        format!(
            "cannot read the index {} (build one with `fihris build`)",
            file.display()
        )
    })?;
    let mut index = Index::from_bytes(bytes).with_context(|| file.display().to_string())?;
    let offset = options.offset;
    let dir = file.parent().unwrap_or(Path::new("."));
    let result = index.search_loading(query, &options, |name| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| fihris::Error::Shard {
            name: name.to_owned(),
            what: format!("cannot read {} ({e})", path.display()),
        })
    })?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", result.to_json())?;
    } else {
        print_human(&mut out, &result, offset, std::io::stdout().is_terminal())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_human(
    out: &mut impl Write,
    result: &SearchResult,
    offset: usize,
    color: bool,
) -> Result<()> {
    let (on, off) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    writeln!(out, "{} results", result.total)?;
    for (i, hit) in result.hits.iter().enumerate() {
        let meta: Vec<&str> = [hit.date.as_deref(), hit.source.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        writeln!(
            out,
            "\n{}. {}  ({}{}{}, score {:.3})",
            offset + i + 1,
            mark(&hit.title, &hit.title_highlights, on, off),
            hit.id,
            if meta.is_empty() { "" } else { ", " },
            meta.join(", "),
            hit.score
        )?;
        writeln!(out, "   {}", mark(&hit.excerpt, &hit.highlights, on, off))?;
    }
    if let Some(s) = &result.suggestion {
        writeln!(out, "\ndid you mean: {s}")?;
    }
    Ok(())
}

/// Wraps UTF-16 ranges of `text` in markers.
fn mark(text: &str, ranges: &[[u32; 2]], on: &str, off: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut unit = 0u32;
    let mut r = ranges.iter().peekable();
    for c in text.chars() {
        if let Some(&&[s, _]) = r.peek() {
            if s == unit {
                out.push_str(on);
            }
        }
        out.push(c);
        unit += c.len_utf16() as u32;
        if let Some(&&[_, e]) = r.peek() {
            if e == unit {
                out.push_str(off);
                r.next();
            }
        }
    }
    out
}
