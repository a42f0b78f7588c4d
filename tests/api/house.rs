//! The shape of the house, checked: no source file grows past 400 lines, and the
//! imports between source files never go round in a circle (plumbing at the
//! bottom, domains above it, the router and `main` on top).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `src/comments/store.rs` is `comments::store`.
fn module_of(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code without comments and string literals, so neither adds imports.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '"' && !escaped {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Expands a `use` tree (`a::{b, c::d as e}`) into full paths with their local names.
// Every index comes from finding an ASCII brace or comma, so slices stay on character boundaries.
#[allow(clippy::string_slice)]
fn expand(tree: &str, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let mut base = prefix.to_vec();
        base.extend(head);
        let inner = &tree[open + 1..tree.rfind('}').expect("closing brace")];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &base, out);
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path, Some(alias.trim().to_owned())),
        None => (tree, None),
    };
    let mut full = prefix.to_vec();
    full.extend(path.split("::").map(|s| s.trim().to_owned()));
    let name = alias.unwrap_or_else(|| full.last().cloned().unwrap_or_default());
    if name == "self" {
        full.pop();
        let name = full.last().cloned().unwrap_or_default();
        out.push((full, name));
    } else {
        out.push((full, name));
    }
}

/// Makes `crate::`, `super::` and `self::` paths absolute (module paths of the crate).
fn absolute(path: &[String], module: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = module.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &path[1..];
        }
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some("self") => rest = &path[1..],
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The deepest module (a file of ours) that a path points into.
fn target(path: &[String], modules: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains_key(prefix))
}

/// Every `a::b::c` path in the code, as its segments.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < bytes.len() {
        if ident(bytes[i]) && (i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == ':')) {
            let mut segments = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < bytes.len() && ident(bytes[j]) {
                    j += 1;
                }
                segments.push(bytes[start..j].iter().collect::<String>());
                if j + 2 < bytes.len()
                    && bytes[j] == ':'
                    && bytes[j + 1] == ':'
                    && ident(bytes[j + 2])
                {
                    j += 2;
                } else {
                    break;
                }
            }
            if segments.len() > 1 {
                found.push(segments);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

/// The edges from each source file's module to the modules it uses.
fn import_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.retain(|f| f.file_name().is_some_and(|n| n != "main.rs"));
    let modules: BTreeMap<Vec<String>, PathBuf> =
        files.iter().map(|f| (module_of(f), f.clone())).collect();
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).expect("read file");
        // Unit tests sit at the end of a file, in their own module; they are not
        // part of the house's structure (and their `super` means the file itself).
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let code = code_only(text);
        let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
        // Child modules are reachable by their bare name (`handlers::x` in mod.rs).
        for child in modules
            .keys()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
        {
            names.insert(child.last().cloned().unwrap_or_default(), child.clone());
        }
        let mut edges = BTreeSet::new();
        for statement in code.split(';') {
            let Some(tree) = statement
                .trim()
                .strip_prefix("use ")
                .or_else(|| statement.trim().strip_prefix("pub use "))
            else {
                continue;
            };
            let mut used = Vec::new();
            expand(tree, &[], &mut used);
            for (path, name) in used {
                if let Some(path) = absolute(&path, module) {
                    if let Some(to) = target(&path, &modules) {
                        edges.insert(to);
                    }
                    names.insert(name, path);
                }
            }
        }
        for path in paths_in(&code) {
            let full = match path[0].as_str() {
                "crate" | "super" | "self" => absolute(&path, module),
                first => names.get(first).map(|base| {
                    let mut full = base.clone();
                    full.extend(path[1..].iter().cloned());
                    full
                }),
            };
            if let Some(to) = full.and_then(|full| target(&full, &modules)) {
                edges.insert(to);
            }
        }
        edges.remove(module);
        graph.insert(module.clone(), edges);
    }
    graph
}

fn find_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<String>> {
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<String>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        stack[from..].iter().map(|m| m.join("::")).collect();
                    cycle.push(next.join("::"));
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node) {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, graph, &mut state, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn no_source_file_is_longer_than_400_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).expect("read").lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{} ({n} lines)", f.display()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

#[test]
fn the_imports_between_source_files_never_go_round_in_a_circle() {
    let graph = import_graph();
    assert!(graph.len() > 40, "the walk found the source files");
    // The walk sees real edges (so an empty graph cannot pass).
    let app = graph.get(&vec!["app".to_owned()]).expect("app.rs");
    assert!(
        app.contains(&vec!["comments".to_owned()]),
        "app uses comments: {app:?}"
    );
    let post = graph
        .get(&vec!["comments".to_owned(), "post".to_owned()])
        .expect("comments/post.rs");
    assert!(post.contains(&vec!["state".to_owned()]), "{post:?}");
    assert_eq!(find_cycle(&graph), None, "an import circle");
}

#[test]
fn the_cycle_finder_finds_a_planted_circle() {
    let a = vec!["a".to_owned()];
    let b = vec!["b".to_owned()];
    let mut graph = BTreeMap::new();
    graph.insert(a.clone(), BTreeSet::from([b.clone()]));
    graph.insert(b.clone(), BTreeSet::from([a.clone()]));
    assert!(find_cycle(&graph).is_some());
    graph.insert(b, BTreeSet::new());
    assert_eq!(find_cycle(&graph), None);
}
