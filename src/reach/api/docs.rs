//! The API's routes with their OpenAPI document, and the document in each
//! language. utoipa writes it from annotations and doc comments, in whichever
//! language they were written; every description, summary and example that the
//! catalogue (`i18n::api`) knows, in either language, is swapped for its text
//! in the answer's language. Made once per language, at first use.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{error, handlers};
use crate::i18n::Lang;
use crate::state::AppState;

/// Where the API lives.
pub const PREFIX: &str = "/api/v1";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Reacties",
        description = "Alleen-lezen: de artikelen en de reacties die iedereen op de site ziet.",
        version = "1"
    ),
    tags(
        (name = "artikelen", description = "De artikelen"),
        (name = "reacties", description = "De reacties, in draden"),
        (name = "api", description = "Deze beschrijving"),
    )
)]
struct ApiDoc;

/// The API's routes with their documentation.
pub(super) fn api_routes() -> OpenApiRouter<AppState> {
    let api = OpenApiRouter::new()
        .routes(routes!(handlers::list_articles))
        .routes(routes!(handlers::get_article))
        .routes(routes!(handlers::list_reactions))
        .routes(routes!(openapi_json));
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(PREFIX, api)
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().into_openapi()
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "api",
    responses((status = 200, description = "Het OpenAPI-3.1-document van deze API", content_type = "application/json", body = Object))
)]
pub(crate) async fn openapi_json(headers: HeaderMap) -> Result<Response, error::ApiError> {
    handlers::respond_json(document(crate::i18n::current()), &headers)
}

/// The fields of the document that people read.
const TEXT_FIELDS: [&str; 3] = ["description", "summary", "example"];

/// The document in `lang`.
pub fn document(lang: Lang) -> &'static Value {
    static NL: LazyLock<Value> = LazyLock::new(|| localise(Lang::Nl));
    static EN: LazyLock<Value> = LazyLock::new(|| localise(Lang::En));
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

fn localise(lang: Lang) -> Value {
    let mut doc = serde_json::to_value(openapi()).unwrap_or_default();
    let words = words(lang);
    swap(&mut doc, &words);
    doc
}

/// Every text of the API's catalogue, in either language, to its text in `lang`.
fn words(lang: Lang) -> HashMap<&'static str, &'static str> {
    let target = lang.texts().api.entries();
    let mut map = HashMap::new();
    for from in Lang::ALL {
        for ((_, source), (_, text)) in from.texts().api.entries().into_iter().zip(&target) {
            map.insert(source, *text);
        }
    }
    map
}

fn swap(value: &mut Value, words: &HashMap<&'static str, &'static str>) {
    match value {
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                match field {
                    Value::String(text) if TEXT_FIELDS.contains(&key.as_str()) => {
                        if let Some(found) = words.get(text.as_str()) {
                            *text = (*found).to_owned();
                        }
                    }
                    other => swap(other, words),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                swap(item, words);
            }
        }
        _ => {}
    }
}

/// Every description and summary of `doc` (the texts that must be translated).
pub fn texts_of(doc: &Value) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(fields) => {
                for (key, field) in fields {
                    match field {
                        Value::String(text) if key == "description" || key == "summary" => {
                            out.push(text.clone());
                        }
                        other => walk(other, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_of_the_document_is_in_the_catalogue_and_swapped() {
        for lang in Lang::ALL {
            let own: Vec<&str> = lang
                .texts()
                .api
                .entries()
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            let texts = texts_of(document(lang));
            assert!(texts.len() > 30, "{lang:?}: {texts:?}");
            let strange: Vec<&String> = texts
                .iter()
                .filter(|t| !own.contains(&t.as_str()))
                .collect();
            assert!(
                strange.is_empty(),
                "{lang:?}: not from the catalogue: {strange:?}"
            );
        }
        assert_eq!(
            document(Lang::En)["paths"]
                .as_object()
                .map(|p| p.keys().collect::<Vec<_>>()),
            document(Lang::Nl)["paths"]
                .as_object()
                .map(|p| p.keys().collect::<Vec<_>>()),
        );
    }
}
