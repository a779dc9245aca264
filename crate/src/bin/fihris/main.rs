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
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use fihris::corpus::{parse_file, Format};
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

/// Files larger than this are refused rather than read into memory.
const MAX_FILE_BYTES: u64 = 64 << 20;

fn build(corpus: &Path, out: &Path, pages: Option<&Path>, quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    if !corpus.is_dir() {
        bail!(
            "corpus directory {} does not exist: pass a directory of .txt, .md or .html files",
            corpus.display()
        );
    }
    let walked = walk(corpus)?;
    let found = walked.files.len() + walked.skipped.len() + walked.ignored.len();
    let mut skipped = 0usize;
    let skip = |skipped: &mut usize, rel: &str, reason: &str| {
        *skipped += 1;
        eprintln!("skipped {rel}: {reason}");
    };
    for (rel, reason) in &walked.skipped {
        skip(&mut skipped, rel, reason);
    }

    let mut builder = IndexBuilder::new();
    let mut indexed = 0usize;
    // Ids as a case-insensitive, normalization-insensitive file system sees them.
    let mut ids: HashMap<String, (String, String)> = HashMap::new();
    let progress = !quiet && std::io::stderr().is_terminal();
    let mut last_progress = Instant::now();
    for (i, file) in walked.files.iter().enumerate() {
        let rel = file.rel.as_str();
        let parsed = read_file(&file.path).and_then(|bytes| {
            parse_file(rel, &bytes).map_err(|e| match e {
                fihris::Error::Document { reason, .. } => reason,
                other => other.to_string(),
            })
        });
        let parsed = parsed.and_then(|p| {
            match ids.entry(id_key(&p.document.id)) {
                Entry::Occupied(other) => {
                    let (other_rel, other_id) = other.get();
                    Err(if *other_id == p.document.id {
                        format!(
                            "{other_rel} has the same id {other_id:?}: rename one of them"
                        )
                    } else {
                        format!(
                            "its id {:?} differs from the id {other_id:?} of {other_rel} only in letter case or Unicode normalization, so their pages would be one file on macOS and Windows: rename one of them",
                            p.document.id
                        )
                    })
                }
                Entry::Vacant(slot) => {
                    slot.insert((rel.to_string(), p.document.id.clone()));
                    Ok(p)
                }
            }
        });
        match parsed {
            Ok(p) => {
                if !quiet {
                    for w in &p.warnings {
                        eprintln!("warning {rel}: {w}");
                    }
                }
                builder.add(&p.document)?;
                indexed += 1;
                if let Some(dir) = pages {
                    pages::write(dir, &p.document)?;
                }
            }
            Err(reason) => skip(&mut skipped, rel, &reason),
        }
        if progress && last_progress.elapsed() > Duration::from_millis(200) {
            eprint!("\rindexing {}/{} files", i + 1, walked.files.len());
            last_progress = Instant::now();
        }
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    let (bytes, stats) = builder.finish().with_context(|| {
        format!(
            "{} ({found} files found, {skipped} skipped, {} ignored)",
            corpus.display(),
            walked.ignored.len()
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
        println!(
            "files: {found} found = {indexed} indexed + {skipped} skipped + {} ignored (not .txt, .md or .html)",
            walked.ignored.len()
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
        if !walked.ignored.is_empty() {
            println!(
                "ignored {} files that are not .txt, .md or .html: {}",
                walked.ignored.len(),
                first_few(&walked.ignored)
            );
        }
        if !walked.hidden.is_empty() {
            println!(
                "not read: {} hidden entries (names starting with '.'): {}",
                walked.hidden.len(),
                first_few(&walked.hidden)
            );
        }
        for (link, target) in &walked.links {
            println!(
                "not followed: {link} links to the corpus directory {target}, indexed where it is"
            );
        }
    }
    if skipped > 0 {
        eprintln!(
            "{skipped} of {} files were skipped (reasons above)",
            found - walked.ignored.len()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn first_few(names: &[String]) -> String {
    let mut list = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        list.push_str(", …");
    }
    list
}

/// A file's bytes, or why they cannot be had. Checks the kind and size first,
/// so that a FIFO or a huge file does not block or exhaust the build.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot be read ({e}): check its permissions"))?;
    if !meta.is_file() {
        return Err(
            "not a regular file (a FIFO, socket or device): remove it from the corpus".into(),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes, more than the {} MiB a document may have: split it into several files",
            meta.len(),
            MAX_FILE_BYTES >> 20
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot be read ({e}): check its permissions"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "grew past {} MiB while being read: split it into several files",
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// The key under which two ids name the same page file on a case-insensitive,
/// normalization-insensitive file system (macOS, Windows).
fn id_key(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    id.nfc().collect::<String>().to_lowercase()
}

/// A corpus file to read.
struct CorpusFile {
    /// `/`-separated path relative to the corpus root: the document's path.
    rel: String,
    /// Where to read it.
    path: PathBuf,
}

/// What the walk found, every entry in exactly one list, each list in path order.
#[derive(Default)]
struct Walked {
    /// Files with a corpus extension.
    files: Vec<CorpusFile>,
    /// Entries that cannot be read, with the reason.
    skipped: Vec<(String, String)>,
    /// Files with another extension.
    ignored: Vec<String>,
    /// Names starting with `.`, not entered or read.
    hidden: Vec<String>,
    /// Symlinks to directories of the corpus, not followed, and their target.
    links: Vec<(String, String)>,
}

/// Lists the corpus without recursion (any depth), in sorted order. Symlinks
/// to files are read when their target is inside the corpus and is not
/// itself a corpus file; symlinks to directories are never followed; so the
/// walk ends even on symlink loops, and cannot leave the corpus.
fn walk(corpus: &Path) -> Result<Walked> {
    let root = corpus
        .canonicalize()
        .with_context(|| format!("cannot open {}", corpus.display()))?;
    let mut walked = Walked::default();
    let mut links: Vec<(String, PathBuf)> = Vec::new();
    let mut dirs = vec![(root.clone(), String::new())];
    while let Some((dir, prefix)) = dirs.pop() {
        let listing = std::fs::read_dir(&dir).and_then(|entries| {
            entries
                .map(|e| e.and_then(|e| Ok((e.file_name(), e.file_type()?))))
                .collect::<std::io::Result<Vec<_>>>()
        });
        let mut entries = match listing {
            Ok(entries) => entries,
            Err(e) if prefix.is_empty() => {
                bail!("cannot list {}: {e}", corpus.display())
            }
            Err(e) => {
                walked.skipped.push((
                    format!("{prefix}/"),
                    format!("directory cannot be listed ({e}): check its permissions; its files are not indexed"),
                ));
                continue;
            }
        };
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        // Subdirectories are pushed in reverse so that they pop in order.
        let mut subdirs = Vec::new();
        for (name, kind) in entries {
            let path = dir.join(&name);
            let Some(name) = name.to_str() else {
                let shown = name.to_string_lossy();
                walked.skipped.push((
                    join(&prefix, &shown),
                    "the name is not valid UTF-8, so it cannot be a document id or a web address: rename it".into(),
                ));
                continue;
            };
            let rel = join(&prefix, name);
            if name.starts_with('.') {
                walked.hidden.push(rel);
            } else if kind.is_dir() {
                subdirs.push((path, rel));
            } else if kind.is_symlink() {
                links.push((rel, path));
            } else if Format::from_path(name).is_none() {
                walked.ignored.push(rel);
            } else if kind.is_file() {
                walked.files.push(CorpusFile { rel, path });
            } else {
                walked.skipped.push((
                    rel,
                    "not a regular file (a FIFO, socket or device): remove it from the corpus"
                        .into(),
                ));
            }
        }
        dirs.extend(subdirs.into_iter().rev());
    }
    // Symlinks, once every real file is known: a link to a corpus file is a
    // second copy of it.
    let mut targets: HashMap<PathBuf, String> = walked
        .files
        .iter()
        .map(|f| (f.path.clone(), f.rel.clone()))
        .collect();
    links.sort();
    for (rel, path) in links {
        let corpus_name = Format::from_path(&rel).is_some();
        let target = match path.canonicalize() {
            Ok(t) => t,
            Err(e) if corpus_name => {
                let to = std::fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                walked.skipped.push((
                    rel,
                    format!("broken symlink to {to:?} ({e}): fix or remove the link"),
                ));
                continue;
            }
            Err(_) => {
                walked.ignored.push(rel);
                continue;
            }
        };
        let is_dir = target.is_dir();
        let Ok(inside) = target.strip_prefix(&root) else {
            if is_dir || corpus_name {
                walked.skipped.push((
                    rel,
                    format!(
                        "symlink to {}, outside the corpus: not followed, so that a corpus cannot publish files from elsewhere; copy the files into the corpus instead",
                        target.display()
                    ),
                ));
            } else {
                walked.ignored.push(rel);
            }
            continue;
        };
        let inside = inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if is_dir {
            let shown = if inside.is_empty() {
                ".".into()
            } else {
                format!("{inside}/")
            };
            walked.links.push((rel, shown));
        } else if !corpus_name {
            walked.ignored.push(rel);
        } else if let Some(first) = targets.get(&target) {
            walked.skipped.push((
                rel,
                format!("symlink to {first}, which is indexed under its own path: remove the link"),
            ));
        } else {
            targets.insert(target, rel.clone());
            walked.files.push(CorpusFile { rel, path });
        }
    }
    walked.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    walked.skipped.sort();
    walked.ignored.sort();
    Ok(walked)
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
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
