//! The XML importers never panic, whatever the bytes: mutated fixtures either
//! read or give an error, and every comment read has what a comment needs.

use proptest::prelude::*;
use reacties::transfer::item::Item;
use reacties::transfer::{disqus, wordpress};

use crate::transfer_import::fixture;

/// One change to a file: a byte replaced, a piece of markup inserted, a range
/// deleted, or the end cut off.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, &'static str),
    Delete(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pieces = prop::sample::select(vec![
        "<",
        ">",
        "&",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "]]>",
        "<![CDATA[",
        "</wp:comment>",
        "<wp:comment>",
        "<post dsq:id=\"1\">",
        "</post>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>",
        "\u{0}",
        "\u{FEFF}",
        "é",
        "<parent dsq:id=\"9001\"/>",
        "<wp:comment_parent>1",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), pieces).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<usize>(), 0usize..200).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(at, b) => {
                if let Some(byte) = bytes.get_mut(at % len) {
                    *byte = b;
                }
            }
            Mutation::Insert(at, s) => {
                let at = (at % len).min(bytes.len());
                bytes.splice(at..at, s.bytes());
            }
            Mutation::Delete(at, n) => {
                let at = (at % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

type Emit<'a> = &'a mut dyn FnMut(Item) -> anyhow::Result<()>;
type Reader = fn(&[u8], Emit<'_>) -> anyhow::Result<()>;

fn read_all(read: Reader, bytes: &[u8]) {
    let mut items = Vec::new();
    let result = read(bytes, &mut |item| {
        items.push(item);
        Ok(())
    });
    if let Err(e) = result {
        let message = format!("{e:#}");
        assert!(!message.is_empty() && message.is_char_boundary(0));
    }
    for item in items {
        assert!(item.place.starts_with("regel "), "{item:?}");
    }
}

fn wp(input: &[u8], emit: Emit<'_>) -> anyhow::Result<()> {
    wordpress::read(input, emit)
}

fn dq(input: &[u8], emit: Emit<'_>) -> anyhow::Result<()> {
    disqus::read(input, emit)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_wordpress_reader_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let bytes = apply(std::fs::read(fixture("wordpress.xml")).expect("fixture"), &mutations);
        read_all(wp, &bytes);
    }

    #[test]
    fn the_disqus_reader_never_panics(mutations in prop::collection::vec(mutation(), 1..6)) {
        let bytes = apply(std::fs::read(fixture("disqus.xml")).expect("fixture"), &mutations);
        read_all(dq, &bytes);
    }

    #[test]
    fn random_bytes_are_refused_without_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        read_all(wp, &bytes);
        read_all(dq, &bytes);
    }
}
