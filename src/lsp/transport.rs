//! JSON-RPC framing (`Content-Length: N\r\n\r\n` and N bytes of body) with no I/O of its
//! own: bytes go in as they arrive, in pieces of any size, and come out as message bodies
//! or as framing errors. It never panics and never allocates by a declared length: a body
//! is kept only as its bytes arrive, and only up to [`MAX_MESSAGE`].
//!
//! Getting back in step. When a header gives no usable length (not a number, over the
//! limit, missing) or bytes arrive that are no header at all, nothing says where the next
//! message starts, so the bytes are skipped up to the next `Content-Length:` (in any case).
//! That text cannot occur raw inside a JSON body followed by a blank line, because a JSON
//! string holds no raw line break: a false match fails as a header and the search goes on
//! from just after it. An oversize message is therefore skipped as it streams past, at no
//! cost in memory, and a client that declared a length it never sent is served again from
//! its next message.

use std::collections::VecDeque;
use std::io::Write;

/// The largest body accepted: 64 MiB, six times the largest file checked by default.
pub const MAX_MESSAGE: usize = 64 << 20;

/// A header line longer than this is no header.
const MAX_HEADER_LINE: usize = 4096;

/// What starts a header block, compared without case.
const LENGTH_HEADER: &[u8] = b"content-length:";

/// One event of the incoming stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A whole body, not yet parsed.
    Body(Vec<u8>),
    /// A header block without a usable length: answered as a parse error.
    BadHeader(String),
    /// A declared length over [`MAX_MESSAGE`] (as written, digits only).
    TooLarge(String),
    /// This many bytes that belonged to no message were skipped to get back in step.
    Skipped(usize),
}

#[derive(Debug)]
enum State {
    /// Reading header lines; `lines` counts those of this block so far.
    Header { length: Option<usize>, lines: usize },
    /// Waiting for a body of this many bytes.
    Body(usize),
    /// Skipping to the next `Content-Length:`; so many bytes skipped so far.
    Resync(usize),
}

/// The framing state of one incoming stream.
#[derive(Debug)]
pub struct Framer {
    buf: Vec<u8>,
    /// Bytes of `buf` before this are consumed.
    pos: usize,
    state: State,
    ready: VecDeque<Frame>,
}

impl Default for Framer {
    fn default() -> Self {
        Framer {
            buf: Vec::new(),
            pos: 0,
            state: State::Header {
                length: None,
                lines: 0,
            },
            ready: VecDeque::new(),
        }
    }
}

impl Framer {
    /// Take in the next bytes of the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete event, if the bytes so far hold one.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if let Some(f) = self.ready.pop_front() {
                return Some(f);
            }
            if !self.step() {
                return None;
            }
        }
    }

    /// Bytes taken in but not yet framed (a partial header or body).
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Advance the state machine once; false when more bytes are needed.
    fn step(&mut self) -> bool {
        let rest = &self.buf[self.pos..];
        match self.state {
            State::Body(n) => {
                if rest.len() < n {
                    return false;
                }
                self.ready.push_back(Frame::Body(rest[..n].to_vec()));
                self.pos += n;
                self.state = State::Header {
                    length: None,
                    lines: 0,
                };
                true
            }
            State::Resync(skipped) => match find_length_header(rest) {
                Some(i) => {
                    self.pos += i;
                    let skipped = skipped + i;
                    if skipped > 0 {
                        self.ready.push_back(Frame::Skipped(skipped));
                    }
                    self.state = State::Header {
                        length: None,
                        lines: 0,
                    };
                    true
                }
                None => {
                    // Keep what could be the start of a header cut by the end of the bytes.
                    let keep = rest.len().min(LENGTH_HEADER.len() - 1);
                    let drop = rest.len() - keep;
                    self.pos += drop;
                    self.state = State::Resync(skipped + drop);
                    false
                }
            },
            State::Header { length, lines } => {
                let window = &rest[..rest.len().min(MAX_HEADER_LINE)];
                let Some(nl) = memchr::memchr(b'\n', window) else {
                    if rest.len() < MAX_HEADER_LINE {
                        return false;
                    }
                    self.bad_line(lines, "a header line longer than 4096 bytes".into());
                    return true;
                };
                let line = window[..nl].strip_suffix(b"\r").unwrap_or(&window[..nl]);
                if line.is_empty() {
                    self.pos += nl + 1;
                    match (length, lines) {
                        (Some(n), _) => self.state = State::Body(n),
                        // A blank line between messages.
                        (None, 0) => {}
                        (None, _) => {
                            self.ready.push_back(Frame::BadHeader(
                                "a header without Content-Length".into(),
                            ));
                            self.state = State::Resync(0);
                        }
                    }
                    return true;
                }
                let Some((name, value)) = split_header(line) else {
                    let why = format!(
                        "a malformed header line `{}`",
                        String::from_utf8_lossy(&line[..line.len().min(80)])
                    );
                    self.bad_line(lines, why);
                    return true;
                };
                if !name.eq_ignore_ascii_case(&LENGTH_HEADER[..LENGTH_HEADER.len() - 1]) {
                    // Content-Type, or a header of some extension: not needed.
                    self.pos += nl + 1;
                    self.state = State::Header {
                        length,
                        lines: lines + 1,
                    };
                    return true;
                }
                let value = value.trim_ascii();
                let shown = String::from_utf8_lossy(&value[..value.len().min(40)]).into_owned();
                let parsed = parse_length(value);
                match parsed {
                    Length::Ok(n) if length.is_none_or(|l| l == n) => {
                        self.pos += nl + 1;
                        self.state = State::Header {
                            length: Some(n),
                            lines: lines + 1,
                        };
                    }
                    Length::Ok(_) => self.fail(Frame::BadHeader(
                        "two different Content-Length headers".into(),
                    )),
                    Length::TooLarge => self.fail(Frame::TooLarge(shown)),
                    Length::NotANumber => self.fail(Frame::BadHeader(format!(
                        "Content-Length `{shown}` is not a number of bytes"
                    ))),
                }
                true
            }
        }
    }

    /// A line that is no header: garbage between messages, or a broken header block.
    fn bad_line(&mut self, lines: usize, why: String) {
        if lines == 0 {
            // Not inside a header block: just bytes to skip.
            self.pos += 1;
            self.state = State::Resync(1);
        } else {
            self.fail(Frame::BadHeader(why));
        }
    }

    /// Report `frame`, then skip to the header after the one that failed.
    fn fail(&mut self, frame: Frame) {
        self.ready.push_back(frame);
        // Past the start of this line, so that the search cannot find it again.
        self.pos += 1;
        self.state = State::Resync(1);
    }
}

/// `Name: value` with a name of letters, digits and dashes.
fn split_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = memchr::memchr(b':', line)?;
    let name = &line[..colon];
    let valid = !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    valid.then(|| (name, &line[colon + 1..]))
}

enum Length {
    Ok(usize),
    TooLarge,
    NotANumber,
}

/// A length of decimal digits only: no sign, no exponent, no overflow.
fn parse_length(value: &[u8]) -> Length {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Length::NotANumber;
    }
    let mut n: usize = 0;
    for d in value {
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(usize::from(d - b'0')))
        {
            Some(n) if n <= MAX_MESSAGE => n,
            _ => return Length::TooLarge,
        };
    }
    Length::Ok(n)
}

/// Where the next `Content-Length:` starts, in any case.
fn find_length_header(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(b'c', b'C', bytes).find(|&i| {
        bytes
            .get(i..i + LENGTH_HEADER.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(LENGTH_HEADER))
    })
}

/// Write one framed message.
pub fn write_frame(out: &mut impl Write, body: &[u8]) -> std::io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut f = Framer::default();
        f.push(input);
        std::iter::from_fn(|| f.next_frame()).collect()
    }

    fn body(s: &str) -> Frame {
        Frame::Body(s.as_bytes().to_vec())
    }

    #[test]
    fn messages_split_anywhere_come_out_whole() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length:3\nContent-Type: x\n\n[1]\r\n";
        assert_eq!(frames(input), [body("{}"), body("[1]")]);
        for split in 0..input.len() {
            let mut f = Framer::default();
            let mut out = Vec::new();
            for piece in [&input[..split], &input[split..]] {
                f.push(piece);
                out.extend(std::iter::from_fn(|| f.next_frame()));
            }
            assert_eq!(out, [body("{}"), body("[1]")], "split at {split}");
        }
    }

    #[test]
    fn bad_lengths_are_reported_and_skipped_to_the_next_header() {
        let next = b"Content-Length: 2\r\n\r\n{}";
        for (header, first) in [
            ("Content-Length: x\r\n\r\n{\"id\":1}", "not a number"),
            ("Content-Length: -1\r\n\r\n", "not a number"),
            (
                "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "two different",
            ),
            ("Content-Type: a\r\n\r\n{}", "without Content-Length"),
            ("Content-Length: 2\r\nno colon\r\n\r\n{}", "malformed"),
        ] {
            let got = frames(&[header.as_bytes(), next].concat());
            let Frame::BadHeader(why) = &got[0] else {
                panic!("{header:?}: {got:?}")
            };
            assert!(why.contains(first), "{header:?}: {why}");
            assert_eq!(got.last(), Some(&body("{}")), "{header:?}: {got:?}");
        }
    }

    #[test]
    fn oversize_and_overflowing_lengths_allocate_nothing() {
        for n in [
            "67108865",
            "18446744073709551615",
            "99999999999999999999999999",
        ] {
            let mut f = Framer::default();
            f.push(format!("Content-Length: {n}\r\n\r\n").as_bytes());
            assert_eq!(f.next_frame(), Some(Frame::TooLarge(n.to_string())));
            assert_eq!(f.next_frame(), None);
            // The body (real or not) is skipped as it streams past, not kept.
            for _ in 0..100 {
                f.push(&[b'x'; 10_000]);
                assert_eq!(f.next_frame(), None);
                assert!(f.buffered() < 100);
            }
            f.push(b"Content-Length: 2\r\n\r\n{}");
            let header = format!("Content-Length: {n}\r\n\r\n").len();
            assert_eq!(f.next_frame(), Some(Frame::Skipped(header + 1_000_000)));
            assert_eq!(f.next_frame(), Some(body("{}")));
        }
        let mut f = Framer::default();
        f.push(format!("Content-Length: {MAX_MESSAGE}\r\n\r\n").as_bytes());
        assert_eq!(f.next_frame(), None, "the limit itself is allowed");
    }

    #[test]
    fn garbage_and_long_lines_are_skipped() {
        let got = frames(b"\r\n\r\nhello\r\n\x00\xffContent-Length: 2\r\n\r\n{}");
        assert_eq!(got, [Frame::Skipped(9), body("{}")]);
        let mut long = vec![b'a'; 10_000];
        long.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(frames(&long), [Frame::Skipped(10_000), body("{}")]);
        // A false header inside a body being skipped, then the real one.
        let got = frames(
            b"Content-Length: ?\r\n\r\n{\"text\":\"Content-Length: 5\\r\\n\"}Content-Length: 2\r\n\r\n{}",
        );
        assert!(matches!(got[0], Frame::BadHeader(_)), "{got:?}");
        assert_eq!(got.last(), Some(&body("{}")), "{got:?}");
    }
}
