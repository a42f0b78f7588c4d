//! A streaming XML reader for the export files of other systems: element starts
//! and ends with their text, one at a time, in bounded memory. It refuses what
//! could hurt: a DTD that declares entities (external entities, "billion
//! laughs"), entities other than XML's five, text that is not UTF-8, and single
//! elements or texts too large to be a comment.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// Longest text kept for one element. A comment is far shorter; an article body
/// in a WordPress export may be long, but not this long.
const MAX_TEXT: usize = 8 * 1024 * 1024;
/// Most bytes quick-xml may read for a single event (a tag, a text, a CDATA block).
const MAX_EVENT: u64 = 16 * 1024 * 1024;

/// One step through the document.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// An element opens: its local name (no prefix) and its `id` attribute
    /// (any prefix, e.g. Disqus' `dsq:id`).
    Start { name: String, id: Option<String> },
    /// An element closes, with the text directly inside it.
    End { name: String, text: String },
}

/// Counts lines and bytes as quick-xml consumes them, and stops a single event
/// from growing past `MAX_EVENT` (quick-xml would otherwise buffer it whole).
#[derive(Debug)]
struct Counting<R> {
    inner: R,
    line: u64,
    since_event: u64,
}

impl<R: BufRead> std::io::Read for Counting<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.since_event > MAX_EVENT {
            return Err(std::io::Error::other(
                crate::i18n::t().terminal.xml_element_too_big,
            ));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffer) = self.inner.fill_buf() {
            let taken = &buffer[..amount.min(buffer.len())];
            self.line += taken.iter().filter(|&&b| b == b'\n').count() as u64;
        }
        self.since_event += amount as u64;
        self.inner.consume(amount);
    }
}

/// Reads `Step`s from an XML stream.
#[derive(Debug)]
pub struct XmlSteps<R> {
    reader: Reader<Counting<R>>,
    buf: Vec<u8>,
    text: String,
    /// The end of an empty element (`<a/>`), given out after its start.
    pending_end: Option<String>,
    /// Elements open now (a file that ends inside one was cut off), the
    /// current step's own element included on a start.
    open: Vec<String>,
    /// Whether the current step is a start (its element is on `open`).
    at_start: bool,
    /// The root element the format has, and what to say when it is missing.
    root: &'static str,
    not_this_format: &'static str,
    seen_root: bool,
    done: bool,
}

impl<R: BufRead> XmlSteps<R> {
    /// Steps through `input`, which must have `root` as its root element.
    pub fn new(input: R, root: &'static str, not_this_format: &'static str) -> Self {
        let mut reader = Reader::from_reader(Counting {
            inner: input,
            line: 1,
            since_event: 0,
        });
        reader.config_mut().check_end_names = true;
        Self {
            reader,
            buf: Vec::new(),
            text: String::new(),
            pending_end: None,
            open: Vec::new(),
            at_start: false,
            root,
            not_this_format,
            seen_root: false,
            done: false,
        }
    }

    /// The line the reader has reached, for messages.
    pub fn line(&self) -> u64 {
        self.reader.get_ref().line
    }

    /// The element around the current step's element.
    pub fn parent(&self) -> Option<&str> {
        let skip = usize::from(self.at_start);
        self.open.iter().rev().nth(skip).map(String::as_str)
    }

    /// How deep the current step's element is (the root's children are 1).
    pub fn depth(&self) -> usize {
        self.open.len().saturating_sub(usize::from(self.at_start))
    }

    /// Records a start: checks the root, keeps the element open.
    fn opened(&mut self, step: &Step) -> anyhow::Result<()> {
        if let Step::Start { name, .. } = step {
            if self.open.is_empty() && name != self.root {
                return Err(self.fail(self.not_this_format));
            }
            self.open.push(name.clone());
            self.at_start = true;
            self.seen_root = true;
        }
        Ok(())
    }

    /// An error naming the line.
    pub fn fail(&self, message: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!("{}: {message}", crate::i18n::t().cli_line(self.line()))
    }

    /// The next step, or `None` at the end of the document.
    pub fn next_step(&mut self) -> anyhow::Result<Option<Step>> {
        if let Some(name) = self.pending_end.take() {
            self.open.pop();
            self.at_start = false;
            return Ok(Some(Step::End {
                name,
                text: String::new(),
            }));
        }
        loop {
            if self.done {
                return Ok(None);
            }
            self.buf.clear();
            self.reader.get_mut().since_event = 0;
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(event) => event,
                Err(e) => return Err(self.fail(explain(&e))),
            };
            match event {
                Event::Start(start) => {
                    let step = start_step(&start).map_err(|m| self.fail(m))?;
                    self.opened(&step)?;
                    self.text.clear();
                    return Ok(Some(step));
                }
                Event::Empty(start) => {
                    let step = start_step(&start).map_err(|m| self.fail(m))?;
                    self.opened(&step)?;
                    if let Step::Start { name, .. } = &step {
                        self.pending_end = Some(name.clone());
                    }
                    self.text.clear();
                    return Ok(Some(step));
                }
                Event::End(end) => {
                    self.open.pop();
                    self.at_start = false;
                    let name = end.local_name().into_inner().to_owned();
                    let text = std::mem::take(&mut self.text);
                    return Ok(Some(Step::End { name, text }));
                }
                Event::Text(text) => {
                    let piece = text.xml10_content().into_owned();
                    self.push_text(&piece)?;
                }
                Event::CData(data) => {
                    let piece = data.xml10_content().into_owned();
                    self.push_text(&piece)?;
                }
                Event::GeneralRef(reference) => {
                    let piece = resolve(&reference).map_err(|m| self.fail(m))?;
                    self.push_text(&piece)?;
                }
                Event::DocType(doctype) => {
                    check_doctype(&doctype.xml10_content()).map_err(|m| self.fail(m))?;
                }
                Event::Decl(decl) => {
                    if let Some(Ok(encoding)) = decl.encoding() {
                        check_encoding(&encoding).map_err(|m| self.fail(m))?;
                    }
                }
                Event::Eof => {
                    if !self.seen_root {
                        return Err(self.fail(self.not_this_format));
                    }
                    if !self.open.is_empty() {
                        return Err(self.fail(crate::i18n::t().terminal.xml_cut_off));
                    }
                    self.done = true;
                }
                Event::PI(_) | Event::Comment(_) => {}
            }
        }
    }

    fn push_text(&mut self, piece: &str) -> anyhow::Result<()> {
        if self.text.len() + piece.len() > MAX_TEXT {
            return Err(self.fail(crate::i18n::t().terminal.xml_text_too_long));
        }
        self.text.push_str(piece);
        Ok(())
    }
}

fn start_step(start: &BytesStart<'_>) -> Result<Step, String> {
    let name = start.local_name().into_inner().to_owned();
    let mut id = None;
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|_| crate::i18n::t().terminal.xml_bad_attribute.to_owned())?;
        if attribute.key.local_name().into_inner() == "id" {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|_| crate::i18n::t().terminal.xml_attribute_entity.to_owned())?;
            id = Some(value.into_owned());
        }
    }
    Ok(Step::Start { name, id })
}

/// The text of `&name;` or `&#n;`: only XML's five entities and character
/// codes; anything a DTD would have to define is refused.
fn resolve(reference: &BytesRef<'_>) -> Result<String, String> {
    match reference.resolve_char_ref() {
        Ok(Some(c)) => Ok(c.to_string()),
        Ok(None) => {
            let name: &str = reference;
            quick_xml::escape::resolve_predefined_entity(name)
                .map(str::to_owned)
                .ok_or_else(|| crate::i18n::t().cli_unknown_entity(name))
        }
        Err(_) => Err(crate::i18n::t().terminal.xml_bad_char_ref.to_owned()),
    }
}

/// A DOCTYPE may name the document type, not declare entities or point elsewhere.
fn check_doctype(raw: &str) -> Result<(), &'static str> {
    if raw.contains("ENTITY") || raw.contains("SYSTEM") || raw.contains("PUBLIC") {
        return Err(crate::i18n::t().terminal.xml_doctype);
    }
    Ok(())
}

fn check_encoding(encoding: &str) -> Result<(), String> {
    let encoding = encoding.to_ascii_lowercase();
    if encoding == "utf-8" || encoding == "utf8" {
        Ok(())
    } else {
        Err(crate::i18n::t().cli_encoding(&encoding))
    }
}

/// quick-xml's error, told in the terminal's language.
fn explain(error: &quick_xml::Error) -> String {
    use quick_xml::Error as E;
    let t = crate::i18n::t();
    match error {
        E::Io(e) => t.cli_read_failed(e),
        E::Syntax(_) => t.terminal.xml_invalid.to_owned(),
        E::IllFormed(_) => t.terminal.xml_ill_formed.to_owned(),
        E::Encoding(_) => t.terminal.xml_not_utf8.to_owned(),
        _ => t.terminal.xml_not_xml.to_owned(),
    }
}
