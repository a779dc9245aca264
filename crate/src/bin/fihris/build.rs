//! `fihris build`: corpus folder → index folder.
//!
//! The walk lists the corpus (any depth, sorted, symlinks handled so that it
//! ends and stays inside the corpus). Files are then read in order, in
//! batches: each batch is parsed and analysed on every core
//! ([`fihris::index::build::analyze_document`]), then added to the builder in
//! path order, so document numbers and the output do not depend on the
//! number of threads. The builder spills sorted runs to a scratch folder
//! inside the output folder when its postings outgrow `--memory`, and a
//! sharded index's shards are written into a folder named by the build's
//! hash; shard folders of earlier builds are removed at the end, but the
//! newest `--keep-builds`, which readers with an older page still use.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use fihris::corpus::site::{self, Page, SiteOptions};
use fihris::corpus::{document_id, parse_file_explained, Format, Parsed, Removed};
use fihris::index::build::{
    analyze_document, Analyzed, BuildOptions, Output, Scratch, ShardOptions,
};
use fihris::index::IndexBuilder;

use crate::{pages, INDEX_FILE};

/// When `--shards auto` splits the index: above this many bytes of corpus
/// files (the index is about as large as the text it holds).
pub const AUTO_SHARD_BYTES: u64 = 512 << 10;
/// Target size of a document shard: a page of hits fetches one per hit at
/// most, so a shard should cost about what its hit does when the hits are
/// scattered (one to a few long documents), while short ones (verses) are
/// grouped, since the hits of a query often sit together and every file is
/// a request and, at build time, a file to create. 2 KiB: long documents
/// two or three to a shard, half the bytes of 4 KiB for a page of
/// scattered hits, at most twice the files.
const DOC_SHARD_BYTES: u64 = 2 << 10;
/// Target size of a postings shard.
const POSTINGS_SHARD_BYTES: usize = 8 << 10;
/// Files read, parsed and analysed together.
const BATCH: usize = 256;
/// Memory kept for a batch of documents, the dictionaries being built and
/// the allocator's slack, out of `--memory`.
const RESERVE: usize = 128 << 20;
/// Postings memory below which runs would be too many and too small.
const MIN_POSTINGS: usize = 16 << 20;

/// How `fihris build` lays out the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShardMode {
    /// Shards when the corpus is over 512 KiB of files, else one file.
    Auto,
    /// Always an entry file plus shards.
    Always,
    /// Always one file.
    Never,
}

/// What `fihris build` was asked to do.
pub struct Request<'a> {
    pub corpus: &'a Path,
    pub out: &'a Path,
    pub pages: Option<&'a Path>,
    pub quiet: bool,
    /// Print each piece of boilerplate removed, with its file and rule.
    pub explain_removed: bool,
    pub shards: ShardMode,
    /// Bytes of postings kept in memory before a run is spilled.
    pub memory: usize,
    /// Shard folders of earlier builds kept beside the new one, newest
    /// first, for the readers whose page loaded an earlier `fihris.idx`.
    pub keep_builds: usize,
    /// Site mode: the corpus is a website's output folder.
    pub site: Option<SiteRequest>,
}

/// What site mode adds to a build.
pub struct SiteRequest {
    /// How pages are read; `marked_body` and `title_suffix` are filled in
    /// by the first pass over the pages.
    pub options: SiteOptions,
    /// The folder Fihris writes inside the site (`fihris`), not indexed.
    pub subdir: String,
}

pub fn build(req: &Request<'_>) -> Result<ExitCode> {
    let started = Instant::now();
    let Request {
        corpus,
        out,
        pages,
        quiet,
        ..
    } = *req;
    if !corpus.is_dir() {
        bail!(
            "corpus directory {} does not exist: pass a directory of .txt, .md or .html files",
            corpus.display()
        );
    }
    let mut walked = walk(corpus)?;
    let site = match &req.site {
        Some(site) => Some(prepare_site(&mut walked, site)?),
        None => None,
    };
    let found = walked.files.len() + walked.skipped.len() + walked.ignored.len();
    let mut left_out: Vec<(String, String)> = Vec::new();
    let mut skipped = 0usize;
    let skip = |skipped: &mut usize, rel: &str, reason: &str| {
        *skipped += 1;
        eprintln!("skipped {rel}: {reason}");
    };
    for (rel, reason) in &walked.skipped {
        skip(&mut skipped, rel, reason);
    }

    let corpus_bytes: u64 = walked
        .files
        .iter()
        .map(|f| std::fs::metadata(walked.root.join(&f.rel)).map_or(0, |m| m.len()))
        .sum();
    let sharded = match req.shards {
        ShardMode::Always => true,
        ShardMode::Never => false,
        ShardMode::Auto => corpus_bytes > AUTO_SHARD_BYTES,
    };
    let avg = corpus_bytes / (walked.files.len() as u64).max(1);
    // `--memory` bounds the whole build: the file list and the id table
    // (about their bytes plus 96 per file), a batch of documents and the
    // dictionaries being built (a fixed reserve) come first; postings get
    // the rest before sorted runs are spilled.
    let listed: usize = walked.files.iter().map(|f| f.rel.len() + 96).sum();
    let postings = req
        .memory
        .saturating_sub(listed + RESERVE)
        .max(MIN_POSTINGS);
    let options = BuildOptions {
        site: site.is_some(),
        shards: sharded.then(|| ShardOptions {
            docs_per_shard: (DOC_SHARD_BYTES / avg.max(1)).clamp(1, 256) as u32,
            postings_bytes: POSTINGS_SHARD_BYTES,
            ..ShardOptions::default()
        }),
        memory: postings,
    };
    if !quiet && listed + RESERVE + MIN_POSTINGS > req.memory {
        eprintln!(
            "warning: --memory {} MiB is less than this corpus needs ({} MiB for its file list, {} MiB reserve, {} MiB for postings): the build will use more",
            req.memory >> 20,
            listed >> 20,
            RESERVE >> 20,
            MIN_POSTINGS >> 20
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let scratch = out.join(".fihris-build");
    let _ = std::fs::remove_dir_all(&scratch);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let output = FileOutput {
        out: out.to_path_buf(),
        scratch: scratch.clone(),
        dirs: Vec::new(),
        pending: Vec::new(),
        pending_bytes: 0,
        threads,
        keep_builds: req.keep_builds,
    };
    let mut builder = IndexBuilder::with_output(options, output);
    let mut indexed = 0usize;
    // Ids as a case-insensitive, normalization-insensitive file system sees them.
    let mut ids: HashMap<u64, usize> = HashMap::new();
    let mut progress = Progress::new(walked.files.len(), !quiet);
    for (b, batch) in walked.files.chunks(BATCH).enumerate() {
        // Each worker reads its own files: opening thousands of small
        // files is much of a build's time, and it runs on every core too.
        let prepared = parallel(batch.iter().collect(), threads, |file| {
            let parsed = read_file(&walked.root.join(&file.rel)).and_then(|bytes| {
                let page = match &site {
                    Some(options) => {
                        site::parse_page(&file.rel, &bytes, options).map(|p| (p, Vec::new()))
                    }
                    None => parse_file_explained(&file.rel, &bytes)
                        .map(|(p, removed)| (Page::Indexed(Box::new(p)), removed)),
                };
                page.map_err(|e| match e {
                    fihris::Error::Document { reason, .. } => reason,
                    other => other.to_string(),
                })
            });
            parsed.map(|(page, removed)| match page {
                Page::Indexed(p) => {
                    let analyzed = analyze_document(&p.document);
                    Ok((p, analyzed, removed))
                }
                Page::LeftOut(why) => Err(why),
            })
        });
        for (k, (file, prepared)) in batch.iter().zip(prepared).enumerate() {
            let rel = file.rel.as_str();
            let index = b * BATCH + k;
            match prepared {
                Ok(Err(why)) => left_out.push((why, rel.to_string())),
                Ok(Ok((p, a, removed))) => match unique(&mut ids, &walked.files, index, *p) {
                    Ok(p) => {
                        let removed: &[Removed] = if req.explain_removed { &removed } else { &[] };
                        add(&mut builder, p, a, removed, pages, quiet, rel)?;
                        indexed += 1;
                    }
                    Err(reason) => skip(&mut skipped, rel, &reason),
                },
                Err(reason) => skip(&mut skipped, rel, &reason),
            }
            progress.tick();
        }
    }
    progress.done();
    if !quiet {
        note_left_out(&mut left_out);
    }
    let left_out = left_out.len();
    let (bytes, stats, mut output) = builder.finish_with_output().with_context(|| {
        format!(
            "{} ({found} files found, {skipped} skipped, {} ignored)",
            corpus.display(),
            walked.ignored.len()
        )
    })?;
    // Every shard is on disk before the entry file that names their folder.
    output.flush()?;
    let file = out.join(INDEX_FILE);
    let tmp = out.join(".fihris.idx.tmp");
    std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &file).with_context(|| format!("cannot write {}", file.display()))?;
    output.clean_up()?;
    if !quiet {
        println!(
            "indexed {} documents ({} tokens, {} words, {} stems) in {:.0} ms",
            stats.documents,
            stats.tokens,
            stats.words,
            stats.stems,
            started.elapsed().as_secs_f64() * 1000.0
        );
        if site.is_some() {
            println!(
                "files: {found} found = {indexed} indexed + {skipped} skipped + {left_out} left out (not content, see above) + {} ignored (not .html)",
                walked.ignored.len()
            );
        } else {
            println!(
                "files: {found} found = {indexed} indexed + {skipped} skipped + {} ignored (not .txt, .md or .html)",
                walked.ignored.len()
            );
        }
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
        if sharded {
            println!(
                "wrote {} dictionary chunks ({} bytes), {} postings shards ({} bytes) and {} document shards ({} bytes, {} documents each) into {}",
                stats.dictionary_shards.0,
                stats.dictionary_shards.1,
                stats.postings_shards.0,
                stats.postings_shards.1,
                stats.document_shards.0,
                stats.document_shards.1,
                options.shards.map_or(0, |s| s.docs_per_shard),
                out.display()
            );
        }
        if stats.runs > 0 {
            println!(
                "postings outgrew the {} MiB --memory {} MiB leaves them: merged {} sorted runs",
                postings >> 20,
                req.memory >> 20,
                stats.runs
            );
        }
        if let Some(dir) = pages {
            println!("rendered {} pages into {}", stats.documents, dir.display());
        }
        if !walked.ignored.is_empty() && site.is_none() {
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

/// Says which pages site mode left out and why: one line per page, or per
/// rule when a rule left out several (a site has a tag page per tag).
fn note_left_out(left_out: &mut [(String, String)]) {
    left_out.sort();
    for group in left_out.chunk_by(|a, b| a.0 == b.0) {
        let why = &group[0].0;
        if let [(_, rel)] = group {
            eprintln!("left out {rel}: {why}");
        } else {
            let names: Vec<String> = group.iter().map(|(_, rel)| rel.clone()).collect();
            eprintln!(
                "left out {} pages ({}): {why}",
                group.len(),
                first_few(&names)
            );
        }
    }
}

/// Site mode's part of the walk: only `.html` pages are documents, the
/// folder Fihris writes is not read, and a first pass over every page learns
/// what the site says as a whole (whether pages mark their content, the
/// suffix every title shares).
fn prepare_site(walked: &mut Walked, site: &SiteRequest) -> Result<SiteOptions> {
    let own = format!("{}/", site.subdir.trim_matches('/'));
    let files = std::mem::take(&mut walked.files);
    for file in files {
        if file.rel.starts_with(&own) {
            continue;
        }
        if Format::from_path(&file.rel) == Some(Format::Html) {
            walked.files.push(file);
        } else {
            walked.ignored.push(file.rel);
        }
    }
    walked.ignored.retain(|rel| !rel.starts_with(&own));
    walked.skipped.retain(|(rel, _)| !rel.starts_with(&own));
    if walked.files.is_empty() {
        bail!(
            "{} has no .html pages: pass the folder your site generator writes (Hugo: public/, Jekyll: _site/, Eleventy: _site/, Astro: dist/), after building the site",
            walked.root.display()
        );
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let surveys = parallel(walked.files.iter().collect(), threads, |file| {
        read_file(&walked.root.join(&file.rel))
            .map_or_else(|_| site::Survey::default(), |b| site::survey(&b))
    });
    let mut options = site.options.clone();
    options.marked_body = surveys.iter().any(|s| s.marked_body);
    options.title_suffix =
        site::common_title_suffix(surveys.iter().filter_map(|s| s.title.as_deref()));
    Ok(options)
}

/// Adds one parsed, analysed document: warnings, the boilerplate removed
/// from it (given only with `--explain-removed`, printed even with
/// `--quiet`), its page, the builder.
fn add(
    builder: &mut IndexBuilder<FileOutput>,
    p: Parsed,
    analyzed: Analyzed,
    removed: &[Removed],
    pages: Option<&Path>,
    quiet: bool,
    rel: &str,
) -> Result<()> {
    if !quiet {
        for w in &p.warnings {
            eprintln!("warning {rel}: {w}");
        }
    }
    for r in removed {
        eprintln!("removed {rel}: \"{}\" (rule {})", r.line, r.rule);
    }
    builder.add_analyzed(analyzed)?;
    if let Some(dir) = pages {
        pages::write(dir, &p.document)?;
    }
    Ok(())
}

/// The document, unless another file already has its id (also up to case
/// and Unicode normalization, which some file systems ignore). `ids` maps a
/// hash of each id's key to the index of its file, probing the next value
/// on a collision: 16 bytes per document, whatever the length of its path.
fn unique(
    ids: &mut HashMap<u64, usize>,
    files: &[CorpusFile],
    index: usize,
    p: Parsed,
) -> Result<Parsed, String> {
    use std::hash::{Hash, Hasher};
    let key = id_key(&p.document.id);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    let mut h = hasher.finish();
    loop {
        match ids.entry(h) {
            Entry::Occupied(other) => {
                let other_rel = &files[*other.get()].rel;
                let other_id = document_id(other_rel);
                if id_key(other_id) != key {
                    h = h.wrapping_add(1);
                    continue;
                }
                return Err(if other_id == p.document.id {
                    format!("{other_rel} has the same id {other_id:?}: rename one of them")
                } else {
                    format!(
                        "its id {:?} differs from the id {other_id:?} of {other_rel} only in letter case or Unicode normalization, so their pages would be one file on macOS and Windows: rename one of them",
                        p.document.id
                    )
                });
            }
            Entry::Vacant(slot) => {
                slot.insert(index);
                return Ok(p);
            }
        }
    }
}

/// `f` over `items` on up to `threads` threads, results in input order.
fn parallel<T: Send, R: Send>(items: Vec<T>, threads: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::new();
    let mut items = items.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(per).collect());
    }
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The build's files: scratch areas in a hidden folder of the output folder
/// (removed at the end), shards in the build's folder.
struct FileOutput {
    out: PathBuf,
    scratch: PathBuf,
    /// Shard folders created by this build.
    dirs: Vec<PathBuf>,
    /// Shard files not written yet, and their bytes in all.
    pending: Vec<(PathBuf, Vec<u8>)>,
    pending_bytes: usize,
    threads: usize,
    /// Shard folders of earlier builds to keep.
    keep_builds: usize,
}

/// Shard files written together, on every core: creating a file costs the
/// file system far more than its few KiB of bytes (most of a sharded build's
/// time on ext4 when it replaces an earlier build), and it runs in parallel.
const PENDING_FILES: usize = 256;
/// Bytes of shard files held before they are written (out of the reserve).
const PENDING_BYTES: usize = 16 << 20;

impl FileOutput {
    /// Writes the pending shard files, each core those of its own folders:
    /// a folder takes one new file at a time, so writers of one folder only
    /// wait for each other (spinning on its lock), while writers of
    /// different folders create files side by side.
    fn flush(&mut self) -> fihris::Result<()> {
        let mut pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        pending.sort_by(|a, b| a.0.parent().cmp(&b.0.parent()));
        let mut folders: Vec<Vec<(PathBuf, Vec<u8>)>> = Vec::new();
        for file in pending {
            match folders.last_mut() {
                Some(folder) if folder[0].0.parent() == file.0.parent() => folder.push(file),
                _ => folders.push(vec![file]),
            }
        }
        parallel(folders, self.threads, |folder| {
            folder.into_iter().try_for_each(|(path, bytes)| {
                std::fs::write(&path, bytes).map_err(|e| io_error("write", &path, e))
            })
        })
        .into_iter()
        .collect()
    }

    fn scratch_path(&self, scratch: Scratch) -> PathBuf {
        match scratch {
            Scratch::Run(n) => self.scratch.join(format!("run-{n}")),
            Scratch::Documents => self.scratch.join("documents"),
        }
    }

    /// Removes the scratch folder, and the shard folders of earlier builds
    /// (16 hexadecimal digits, not made by this one) but the `keep_builds`
    /// newest: a reader whose page loaded the previous `fihris.idx` (or a
    /// cache that still serves it) still finds its shards after a deploy.
    fn clean_up(&self) -> Result<()> {
        let _ = std::fs::remove_dir_all(&self.scratch);
        let mut earlier = Vec::new();
        for entry in std::fs::read_dir(&self.out)
            .with_context(|| format!("cannot list {}", self.out.display()))?
            .flatten()
        {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_shard_dir = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
            if is_shard_dir && !self.dirs.iter().any(|d| d.starts_with(entry.path())) {
                // A build's folder is made once, when that build first is:
                // its time says how recent the build is.
                let made = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::SystemTime::UNIX_EPOCH);
                earlier.push((made, entry.path()));
            }
        }
        earlier.sort_by(|a, b| b.cmp(a));
        for (_, path) in earlier.into_iter().skip(self.keep_builds) {
            std::fs::remove_dir_all(&path)
                .with_context(|| format!("cannot remove the old shards {}", path.display()))?;
        }
        Ok(())
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> fihris::Error {
    fihris::Error::Document {
        path: path.display().to_string(),
        reason: format!(
            "cannot {what} ({e}): check the disk space and permissions of the output folder"
        ),
    }
}

impl Output for FileOutput {
    fn append(&mut self, scratch: Scratch, bytes: &[u8]) -> fihris::Result<()> {
        use std::io::Write;
        std::fs::create_dir_all(&self.scratch).map_err(|e| io_error("create", &self.scratch, e))?;
        let path = self.scratch_path(scratch);
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| io_error("write", &path, e))
    }

    fn read(&mut self, scratch: Scratch) -> fihris::Result<Box<dyn std::io::Read>> {
        let path = self.scratch_path(scratch);
        match std::fs::File::open(&path) {
            Ok(f) => Ok(Box::new(f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Box::new(std::io::empty())),
            Err(e) => Err(io_error("read", &path, e)),
        }
    }

    fn write(&mut self, name: &str, bytes: &[u8]) -> fihris::Result<()> {
        let path = self.out.join(name);
        if let Some(dir) = path.parent() {
            if !self.dirs.iter().any(|d| d == dir) {
                std::fs::create_dir_all(dir).map_err(|e| io_error("create", dir, e))?;
                self.dirs.push(dir.to_path_buf());
            }
        }
        self.pending_bytes += bytes.len();
        self.pending.push((path, bytes.to_vec()));
        if self.pending.len() >= PENDING_FILES || self.pending_bytes >= PENDING_BYTES {
            self.flush()?;
        }
        Ok(())
    }
}

/// A progress line on a terminal: files done, share, rate and time left.
struct Progress {
    total: usize,
    done: usize,
    started: Instant,
    last: Instant,
    show: bool,
}

impl Progress {
    fn new(total: usize, wanted: bool) -> Progress {
        Progress {
            total,
            done: 0,
            started: Instant::now(),
            last: Instant::now(),
            show: wanted && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if !self.show || self.last.elapsed() < Duration::from_millis(250) {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64();
        let rate = self.done as f64 / secs.max(1e-3);
        let left = (self.total - self.done) as f64 / rate.max(1e-3);
        let width = 24;
        let filled = width * self.done / self.total.max(1);
        eprint!(
            "\r[{}{}] {}/{} files  {:.0}%  {:.0} files/s  {} left\x1b[K",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.done,
            self.total,
            100.0 * self.done as f64 / self.total.max(1) as f64,
            rate,
            clock(left)
        );
    }

    fn done(&self) {
        if self.show {
            eprint!("\r\x1b[K");
        }
    }
}

/// `1h02m`, `3m05s` or `12s`.
fn clock(secs: f64) -> String {
    let s = secs.round() as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
    }
}

/// Files larger than this are refused rather than read into memory.
const MAX_FILE_BYTES: u64 = 64 << 20;

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

/// A corpus file to read, at `root/rel` (a million of them are listed at
/// once, so each keeps only its relative path).
struct CorpusFile {
    /// `/`-separated path relative to the corpus root: the document's path.
    rel: String,
}

/// What the walk found, every entry in exactly one list, each list in path order.
#[derive(Default)]
struct Walked {
    /// The corpus folder, canonical.
    root: PathBuf,
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
    let mut walked = Walked {
        root: root.clone(),
        ..Walked::default()
    };
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
                walked.files.push(CorpusFile { rel });
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
    let mut targets: HashMap<PathBuf, String> = if links.is_empty() {
        HashMap::new()
    } else {
        walked
            .files
            .iter()
            .map(|f| (root.join(&f.rel), f.rel.clone()))
            .collect()
    };
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
            walked.files.push(CorpusFile { rel });
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
