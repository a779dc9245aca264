//! `fihris`: compile a corpus into an index, and search it from the shell.
//!
//! A thin layer over the library: this is the only code that touches files.
//! `fihris build` walks a corpus directory, `fihris search` reads an index.

mod pages;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use fihris::corpus::{parse_document, Format};
use fihris::index::{Index, IndexBuilder};
use fihris::search::{SearchOptions, SearchResult};

/// The index file's name inside an index directory.
const INDEX_FILE: &str = "fihris.idx";

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
    /// Compile a directory of .txt, .md and .html files into an index.
    ///
    /// Exit status: 0 when every file was indexed, 2 when some were skipped
    /// (each is reported with its reason; the index is still written), 1 when
    /// no index could be written.
    Build {
        /// Corpus directory (searched recursively).
        #[arg(default_value = "seeds")]
        corpus: PathBuf,
        /// Directory to write `fihris.idx` into (created if missing).
        #[arg(long, default_value = "www/index")]
        out: PathBuf,
        /// Also render each document as a readable HTML page into this directory.
        #[arg(long)]
        pages: Option<PathBuf>,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Search an index and print the hits.
    ///
    /// Query syntax: words are ANDed; the last word also matches as a prefix;
    /// "quoted words" is a phrase; -word excludes. Exit status 0 for any valid
    /// query, with or without hits; 1 for an unreadable or damaged index.
    Search {
        /// Index directory (containing fihris.idx) or the index file itself.
        #[arg(long, default_value = "www/index")]
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
        /// The query; several arguments are joined with spaces.
        #[arg(required = true)]
        query: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            corpus,
            out,
            pages,
            quiet,
        } => build(&corpus, &out, pages.as_deref(), quiet),
        Command::Search {
            index,
            limit,
            offset,
            json,
            query,
        } => search(
            &index,
            &query.join(" "),
            SearchOptions {
                limit,
                offset,
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

fn build(corpus: &Path, out: &Path, pages: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    if !corpus.is_dir() {
        bail!(
            "corpus directory {} does not exist: pass a directory of .txt, .md or .html files",
            corpus.display()
        );
    }
    let mut files = Vec::new();
    let mut ignored = Vec::new();
    walk(corpus, corpus, &mut files, &mut ignored, &mut Vec::new())?;
    files.sort();

    let mut builder = IndexBuilder::new();
    let mut skipped = 0usize;
    let mut ids = std::collections::HashSet::new();
    let progress = !quiet && std::io::stderr().is_terminal();
    let mut last_progress = Instant::now();
    for (i, rel) in files.iter().enumerate() {
        let path = corpus.join(rel);
        let doc = std::fs::read(&path)
            .map_err(|e| fihris::Error::Document {
                path: rel.clone(),
                reason: format!("cannot be read ({e}): check its permissions"),
            })
            .and_then(|bytes| parse_document(rel, &bytes));
        let doc = match doc {
            Ok(doc) if !ids.insert(doc.id.clone()) => Err(fihris::Error::Document {
                path: rel.clone(),
                reason: format!(
                    "another file already has the id {:?}: rename one of them",
                    doc.id
                ),
            }),
            other => other,
        };
        match doc {
            Ok(doc) => {
                builder.add(&doc)?;
                if let Some(dir) = pages {
                    pages::write(dir, &doc)?;
                }
            }
            Err(e) => {
                skipped += 1;
                eprintln!("skipped {e}");
            }
        }
        if progress && last_progress.elapsed() > Duration::from_millis(200) {
            eprint!("\rindexing {}/{} files", i + 1, files.len());
            last_progress = Instant::now();
        }
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    let (bytes, stats) = builder.finish().with_context(|| {
        format!(
            "{} ({} files read, {} skipped)",
            corpus.display(),
            files.len(),
            skipped
        )
    })?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let file = out.join(INDEX_FILE);
    std::fs::write(&file, &bytes).with_context(|| format!("cannot write {}", file.display()))?;
    if !quiet {
        println!(
            "indexed {} documents ({} tokens, {} words, {} stems) in {:.0} ms",
            stats.documents,
            stats.tokens,
            stats.words,
            stats.stems,
            started.elapsed().as_secs_f64() * 1000.0
        );
        let sections: Vec<String> = stats
            .sections
            .iter()
            .map(|(name, len)| format!("{name} {len}"))
            .collect();
        println!(
            "wrote {} ({} bytes: {})",
            file.display(),
            stats.total_bytes,
            sections.join(", ")
        );
        if let Some(dir) = pages {
            println!("rendered {} pages into {}", stats.documents, dir.display());
        }
    }
    if !ignored.is_empty() && !quiet {
        println!(
            "ignored {} files that are not .txt, .md or .html: {}",
            ignored.len(),
            ignored
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
                + if ignored.len() > 5 { ", …" } else { "" }
        );
    }
    if skipped > 0 {
        eprintln!(
            "{skipped} of {} files were skipped (reasons above)",
            files.len()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// Collects corpus files as `/`-separated paths relative to `root`, following
/// symlinks but never entering a directory twice.
fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<String>,
    ignored: &mut Vec<String>,
    seen: &mut Vec<PathBuf>,
) -> Result<()> {
    let canonical = dir
        .canonicalize()
        .with_context(|| format!("cannot open {}", dir.display()))?;
    if seen.contains(&canonical) {
        return Ok(());
    }
    seen.push(canonical);
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, files, ignored, seen)?;
        } else if Format::from_path(&rel).is_some() {
            files.push(rel);
        } else {
            ignored.push(rel);
        }
    }
    Ok(())
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
    let index = Index::from_bytes(bytes).with_context(|| file.display().to_string())?;
    let result = index.search(query, &options)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", result.to_json())?;
    } else {
        print_human(
            &mut out,
            &result,
            options.offset,
            std::io::stdout().is_terminal(),
        )?;
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
