//! Article pages for logged-in readers, rendered once per change and shared.
//!
//! A reader who has not written in an article (no reaction of any status, no
//! draft) sees exactly what every such reader sees, apart from their name in the
//! header. So the page is rendered once for "a reader" with a mark where the
//! name goes, and each request only puts its reader's name in. The author, and a
//! reader who took part (their edit links, their pending reactions, their
//! stances), get a page of their own, kept the same way until the next change: a
//! reader who reloads or pages through costs a lookup, not a rendering. Every
//! request that could change a page (any POST) retires all of them; they also
//! retire after a short time, for the relative dates.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Where the reader's name goes: a private-use character that HTML escaping
/// leaves alone, and that no reader can type into the page (display names are
/// checked; reaction bodies are sanitised Markdown, and pages with the mark more
/// or less than once are not shared).
pub const NAME_MARK: &str = "\u{F8FF}naam\u{F8FF}";

/// How long a shared page may be served.
const TTL: Duration = Duration::from_secs(30);
/// The most pages kept, and the most bytes they may hold together; when either
/// is reached, all go (they are cheap to make again). Pages of readers who took
/// part are one per reader, so the bytes bound the memory, not the count.
const MAX_PAGES: usize = 256;
const MAX_BYTES: usize = 16 * 1024 * 1024;

/// One page, split where the reader's name goes, plain and gzip-compressed.
#[derive(Debug)]
pub struct SharedPage {
    generation: u64,
    made: Instant,
    before: String,
    after: String,
    gzip: Gzipped,
}

impl SharedPage {
    fn bytes(&self) -> usize {
        self.before.len() + self.after.len() + self.gzip.before.len() + self.gzip.after.len()
    }

    /// The page with `name` (escaped) in the header.
    pub fn with_name(&self, name: &str) -> String {
        let mut html = String::with_capacity(self.before.len() + self.after.len() + 64);
        html.push_str(&self.before);
        escape_into(&mut html, name);
        html.push_str(&self.after);
        html
    }

    /// `with_name`, gzip-compressed without compressing the page again: the two
    /// parts were compressed once, and the name goes between them uncompressed.
    pub fn with_name_gzip(&self, name: &str) -> Vec<u8> {
        let mut escaped = String::with_capacity(name.len() + 16);
        escape_into(&mut escaped, name);
        self.gzip
            .join(&self.before, escaped.as_bytes(), &self.after)
    }
}

/// A page's two parts as raw deflate blocks that can take any text between
/// them: the first ends on a byte boundary without ending the stream (a sync
/// flush), the second is a stream of its own that ends it. Put together with a
/// stored block in between, a gzip header and trailer, they are one ordinary
/// gzip member that every browser reads.
#[derive(Debug)]
struct Gzipped {
    before: Vec<u8>,
    after: Vec<u8>,
}

const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

impl Gzipped {
    fn new(before: &str, after: &str) -> Option<Self> {
        Some(Self {
            before: deflate(before.as_bytes(), flate2::FlushCompress::Sync)?,
            after: deflate(after.as_bytes(), flate2::FlushCompress::Finish)?,
        })
    }

    fn join(&self, before: &str, middle: &[u8], after: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.before.len() + self.after.len() + middle.len() + 40);
        out.extend_from_slice(&GZIP_HEADER);
        out.extend_from_slice(&self.before);
        // Stored blocks of at most 65,535 bytes each (a name is far shorter).
        for chunk in middle.chunks(usize::from(u16::MAX)) {
            let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
            out.push(0);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(!len).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        out.extend_from_slice(&self.after);
        let mut crc = flate2::Crc::new();
        crc.update(before.as_bytes());
        crc.update(middle);
        crc.update(after.as_bytes());
        out.extend_from_slice(&crc.sum().to_le_bytes());
        out.extend_from_slice(&crc.amount().to_le_bytes());
        out
    }
}

fn deflate(input: &[u8], flush: flate2::FlushCompress) -> Option<Vec<u8>> {
    let mut compress = flate2::Compress::new(flate2::Compression::default(), false);
    let mut out = Vec::with_capacity(input.len() / 4 + 64);
    loop {
        let consumed = usize::try_from(compress.total_in()).ok()?;
        let status = compress
            .compress_vec(input.get(consumed..)?, &mut out, flush)
            .ok()?;
        let done = usize::try_from(compress.total_in()).ok()? == input.len();
        match status {
            flate2::Status::StreamEnd => return Some(out),
            _ if done && flush == flate2::FlushCompress::Sync && out.capacity() > out.len() => {
                return Some(out);
            }
            _ => out.reserve(out.capacity().max(1024)),
        }
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
}

/// The shared pages.
#[derive(Debug, Default)]
pub struct SharedPages {
    generation: AtomicU64,
    answers: AtomicU64,
    pages: RwLock<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    pages: HashMap<String, Arc<SharedPage>>,
    bytes: usize,
}

impl SharedPages {
    /// The generation a render starts under (see `put`).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Retires every page.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The current page for `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<Arc<SharedPage>> {
        let kept = self.pages.read().ok()?;
        let page = kept.pages.get(key)?;
        (page.generation == self.generation() && page.made.elapsed() < TTL)
            .then(|| Arc::clone(page))
    }

    /// Keeps `html`, rendered under `generation`, when nothing changed meanwhile
    /// and the name's mark is in it exactly once; `None` otherwise (serve the
    /// page rendered for the reader instead).
    pub fn put(&self, key: String, generation: u64, html: &str) -> Option<Arc<SharedPage>> {
        let mut parts = html.split(NAME_MARK);
        let (before, after) = (parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let page = Arc::new(SharedPage {
            generation,
            made: Instant::now(),
            gzip: Gzipped::new(before, after)?,
            before: before.to_owned(),
            after: after.to_owned(),
        });
        if generation == self.generation()
            && let Ok(mut kept) = self.pages.write()
        {
            if kept.pages.len() >= MAX_PAGES || kept.bytes + page.bytes() > MAX_BYTES {
                kept.pages.clear();
                kept.bytes = 0;
            }
            kept.bytes += page.bytes();
            if let Some(old) = kept.pages.insert(key, Arc::clone(&page)) {
                kept.bytes = kept.bytes.saturating_sub(old.bytes());
            }
        }
        Some(page)
    }

    /// Counts a page served from here.
    pub fn count_answer(&self) {
        self.answers.fetch_add(1, Ordering::Relaxed);
    }

    /// Pages served from here since start-up, for the operator and the tests.
    pub fn answers(&self) -> u64 {
        self.answers.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_escaped_into_its_place_and_a_change_retires_the_page() {
        let pages = SharedPages::default();
        let html = format!("<p>Ingelogd als {NAME_MARK}</p>");
        let generation = pages.generation();
        let page = pages
            .put("a/1/lezer".into(), generation, &html)
            .expect("one mark");
        assert_eq!(
            page.with_name("Anna & <Bo>"),
            "<p>Ingelogd als Anna &amp; &lt;Bo&gt;</p>"
        );
        assert!(pages.get("a/1/lezer").is_some());
        pages.bump();
        assert!(pages.get("a/1/lezer").is_none());
    }

    #[test]
    fn the_gzip_page_with_a_name_put_in_reads_back_as_the_plain_one() {
        use std::io::Read;
        let pages = SharedPages::default();
        let filler: String = (0..5000).map(|i| format!("<p>reactie {i}</p>")).collect();
        let html =
            format!("<h1>Kop</h1>{filler}Ingelogd als {NAME_MARK}. {filler}<footer>é</footer>");
        let page = pages.put("k".into(), 0, &html).expect("one mark");
        for name in ["Anna", "Zoë & <Bo>", ""] {
            let mut read = String::new();
            flate2::read::GzDecoder::new(page.with_name_gzip(name).as_slice())
                .read_to_string(&mut read)
                .expect("valid gzip");
            assert_eq!(read, page.with_name(name));
        }
        assert!(
            page.with_name_gzip("Anna").len() < html.len() / 3,
            "compressed"
        );
    }

    #[test]
    fn a_page_with_the_mark_twice_or_not_at_all_is_not_shared() {
        let pages = SharedPages::default();
        let twice = format!("{NAME_MARK} en {NAME_MARK}");
        assert!(pages.put("k".into(), 0, &twice).is_none());
        assert!(pages.put("k".into(), 0, "geen merkteken").is_none());
        assert!(pages.get("k").is_none());
    }

    #[test]
    fn a_render_that_raced_a_change_is_served_once_but_not_kept() {
        let pages = SharedPages::default();
        let generation = pages.generation();
        pages.bump();
        assert!(pages.put("k".into(), generation, NAME_MARK).is_some());
        assert!(pages.get("k").is_none());
    }
}
