//! A lenient query string: links get mangled when shared, and a mangled query
//! should only lose its extras, never turn a readable page into an error.

use axum::extract::{FromRequestParts, RawQuery};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// `?…` deserialised into `T`; anything unreadable gives `T::default()`.
#[derive(Debug, Clone, Default)]
pub struct LenientQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for LenientQuery<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let RawQuery(raw) = RawQuery::from_request_parts(parts, state).await?;
        Ok(Self(parse(raw.as_deref())))
    }
}

/// Parses a raw query string leniently.
pub fn parse<T: DeserializeOwned + Default>(raw: Option<&str>) -> T {
    serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize, PartialEq)]
    #[serde(default)]
    struct Q {
        pagina: String,
    }

    #[test]
    fn a_mangled_query_gives_the_defaults() {
        assert_eq!(parse::<Q>(Some("pagina=2")).pagina, "2");
        assert_eq!(parse::<Q>(Some("pagina=1&pagina=2")), Q::default());
        assert_eq!(parse::<Q>(None), Q::default());
    }
}
