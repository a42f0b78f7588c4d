//! Where to send a visitor next: only local paths are followed, so no form or
//! link of ours can be used to send readers to another site.

/// `path` when it is a local path, otherwise the index.
pub fn safe_back(path: &str) -> &str {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    if local { path } else { "/" }
}

/// The login page, returning to `back_to` afterwards.
pub fn login_path(back_to: &str) -> String {
    with_back("/inloggen", back_to)
}

/// The registration page, returning to `back_to` afterwards.
pub fn register_path(back_to: &str) -> String {
    with_back("/registreren", back_to)
}

fn with_back(page: &str, back_to: &str) -> String {
    let query = serde_urlencoded::to_string([("terug", safe_back(back_to))]).unwrap_or_default();
    format!("{page}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(
            safe_back("/zeven-redenen-voor-nee"),
            "/zeven-redenen-voor-nee"
        );
        assert_eq!(safe_back("https://kwaad.example/"), "/");
        assert_eq!(safe_back("//kwaad.example/"), "/");
        assert_eq!(safe_back("/\\kwaad.example"), "/");
        assert_eq!(safe_back(""), "/");
        assert_eq!(login_path("/a b"), "/inloggen?terug=%2Fa+b");
    }
}
