//! Request plumbing shared by every domain: forms, query strings and ids that
//! answer malformed input with a Dutch 4xx instead of axum's English text, and
//! who the client is.

pub mod client;
pub mod form;
pub mod id;
pub mod query;
pub mod redirect;
