//! A small SMTP server for the tests, in-process on loopback: a real SMTP
//! conversation over TCP (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), the mails
//! kept in memory. It can be stopped and started again on the same port (an
//! outage), told to refuse recipients for good (a 550), and to take its time.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One mail as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Default)]
struct Shared {
    mails: Mutex<Vec<Received>>,
    refuse: AtomicBool,
    /// Milliseconds to wait before accepting a mail's data.
    slow_ms: std::sync::atomic::AtomicU64,
    connections: Mutex<Vec<JoinHandle<()>>>,
}

pub struct SmtpServer {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    listener: Option<JoinHandle<()>>,
}

impl SmtpServer {
    /// Starts on a free port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let addr = listener.local_addr().expect("addr");
        let shared = Arc::new(Shared::default());
        let task = tokio::spawn(accept(listener, Arc::clone(&shared)));
        Self {
            addr,
            shared,
            listener: Some(task),
        }
    }

    /// The `--smtp-url` for this server.
    pub fn url(&self) -> String {
        format!("smtp://{}?tls=none", self.addr)
    }

    /// Stops listening and drops every open connection.
    pub fn stop(&mut self) {
        if let Some(task) = self.listener.take() {
            task.abort();
        }
        for connection in self.shared.connections.lock().expect("lock").drain(..) {
            connection.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn resume(&mut self) {
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(listener) => break listener,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("rebinding the SMTP port: {e}"),
            }
        };
        self.listener = Some(tokio::spawn(accept(listener, Arc::clone(&self.shared))));
    }

    /// Refuses every recipient with 550 (a permanent failure) from now on.
    pub fn refuse_recipients(&self) {
        self.shared.refuse.store(true, Ordering::SeqCst);
    }

    /// Takes `pause` to accept each mail from now on (a slow server). For the
    /// tests that start the binary, which only the SQLite build of the suite has.
    #[cfg(not(postgres))]
    pub fn accept_slowly(&self, pause: Duration) {
        let ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX);
        self.shared.slow_ms.store(ms, Ordering::SeqCst);
    }

    /// Every mail received so far.
    pub fn mails(&self) -> Vec<Received> {
        self.shared.mails.lock().expect("lock").clone()
    }

    /// The mails to `address` so far.
    pub fn mails_to(&self, address: &str) -> Vec<Received> {
        self.mails()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    /// Waits (up to 10 s) until `address` has received `n` mails; returns them.
    pub async fn wait_for(&self, address: &str, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let mails = self.mails_to(address);
            if mails.len() >= n {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{address} received {} mails, expected {n}",
            self.mails_to(address).len()
        );
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        let task = tokio::spawn(converse(stream, Arc::clone(&shared)));
        shared.connections.lock().expect("lock").push(task);
    }
}

async fn reply(write: &mut tokio::net::tcp::OwnedWriteHalf, text: &str) -> bool {
    write.write_all(text.as_bytes()).await.is_ok()
}

/// One SMTP session, as RFC 5321 has it (enough of it for a client).
async fn converse(stream: TcpStream, shared: Arc<Shared>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if !reply(&mut write, "220 test.local ESMTP\r\n").await {
        return;
    }
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let refused: String;
        let answer = match verb.as_str() {
            "EHLO" => "250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" | "NOOP" => "250 OK\r\n",
            "MAIL" => {
                to.clear();
                "250 OK\r\n"
            }
            "RCPT" => {
                let address = command
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(a, _)| a.to_owned())
                    .unwrap_or_default();
                if shared.refuse.load(Ordering::SeqCst) {
                    // Like real servers, the refusal names the address.
                    refused = format!("550 5.1.1 <{address}>: No such user\r\n");
                    &refused
                } else {
                    to.push(address);
                    "250 OK\r\n"
                }
            }
            "DATA" => {
                if !reply(&mut write, "354 Go ahead\r\n").await {
                    return;
                }
                let mut data = String::new();
                loop {
                    line.clear();
                    match lines.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    // Undo dot-stuffing.
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                shared.mails.lock().expect("lock").push(Received {
                    to: std::mem::take(&mut to),
                    data,
                });
                let slow = shared.slow_ms.load(Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(slow)).await;
                "250 OK queued\r\n"
            }
            "RSET" => {
                to.clear();
                "250 OK\r\n"
            }
            "QUIT" => {
                let _ = reply(&mut write, "221 Bye\r\n").await;
                return;
            }
            _ => "502 Command not implemented\r\n",
        };
        if !reply(&mut write, answer).await {
            return;
        }
    }
}

impl Received {
    /// A top-level header (unfolded), e.g. "Subject".
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }

    /// The decoded subject (lettre encodes non-ASCII as RFC 2047 words).
    pub fn subject(&self) -> String {
        decode_words(&self.header("Subject").unwrap_or_default())
    }

    /// The text/plain part, decoded.
    pub fn text(&self) -> String {
        self.part("text/plain")
    }

    /// The text/html part, decoded.
    pub fn html(&self) -> String {
        self.part("text/html")
    }

    fn part(&self, content_type: &str) -> String {
        let boundary = self
            .header("Content-Type")
            .and_then(|v| {
                v.split("boundary=")
                    .nth(1)
                    .map(|b| b.trim_matches('"').to_owned())
            })
            .expect("a multipart mail");
        for chunk in self.data.split(&format!("--{boundary}")) {
            let Some((head, body)) = chunk.split_once("\r\n\r\n") else {
                continue;
            };
            let head = head.to_ascii_lowercase();
            if !head.contains(&format!("content-type: {content_type}")) {
                continue;
            }
            if head.contains("content-transfer-encoding: quoted-printable") {
                return decode_qp(body);
            }
            if head.contains("content-transfer-encoding: base64") {
                return String::from_utf8(decode_base64(body)).expect("utf-8");
            }
            return body.to_owned();
        }
        panic!("no {content_type} part in:\n{}", self.data);
    }

    /// The first link in the text part that starts with `prefix` (a path).
    pub fn link(&self, prefix: &str) -> String {
        let text = self.text();
        let start = text
            .find(&format!("http://127.0.0.1{prefix}"))
            .unwrap_or_else(|| panic!("no link {prefix} in:\n{text}"));
        let link = text
            .get(start + "http://127.0.0.1".len()..)
            .expect("ASCII prefix");
        link.split_whitespace().next().expect("link").to_owned()
    }
}

fn decode_qp(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

// Values are below 64 and the shifted buffer below 256: nothing is cut off.
#[allow(clippy::cast_possible_truncation)]
fn decode_base64(body: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in body.bytes() {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`).
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    for word in value.split_whitespace() {
        let parts: Vec<&str> = word.split('?').collect();
        if parts.len() == 5 && parts[0] == "=" && parts[4] == "=" {
            let bytes = match parts[2].to_ascii_lowercase().as_str() {
                "b" => decode_base64(parts[3]),
                _ => decode_qp(&parts[3].replace('_', " ")).into_bytes(),
            };
            out.push_str(&String::from_utf8_lossy(&bytes));
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// A server that sends mail through `smtp`.
pub async fn app_with_mail(smtp: &SmtpServer) -> crate::helpers::TestApp {
    app_with_mail_and(smtp, |_| {}).await
}

/// The same, with other settings adjusted too.
pub async fn app_with_mail_and(
    smtp: &SmtpServer,
    adjust: impl FnOnce(&mut reacties::config::Config),
) -> crate::helpers::TestApp {
    let url = smtp.url();
    crate::helpers::TestApp::spawn_with(move |config| {
        config.smtp_url = Some(url.into());
        config.mail_from = Some("reacties@blog.example.nl".into());
        adjust(config);
    })
    .await
}

/// Adds `address` on the account page, follows the link from the mail and
/// confirms it; returns the confirmation mail.
pub async fn confirm_address(
    smtp: &SmtpServer,
    browser: &crate::helpers::Browser,
    address: &str,
) -> Received {
    let before = smtp.mails_to(address).len();
    let response = browser.post("/account/e-mail", &[("adres", address)]).await;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::SEE_OTHER,
        "address added"
    );
    let mail = smtp
        .wait_for(address, before + 1)
        .await
        .pop()
        .expect("mail");
    let link = mail.link("/e-mail/bevestigen");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let response = browser
        .post("/e-mail/bevestigen", &[("token", token.as_str())])
        .await;
    assert_eq!(response.status(), reqwest::StatusCode::OK, "confirmed");
    mail
}
