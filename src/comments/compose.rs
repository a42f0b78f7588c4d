//! What is in a reaction form being written, kept when the form comes back.

/// What is in the reaction form being written (the main form or a reply form).
#[derive(Debug, Clone, Default)]
pub struct Compose {
    pub body: String,
    /// A guest's name, when guests may react.
    pub guest_name: String,
    /// The reason chosen in the form, as sent (kept when the form comes back).
    pub reason: String,
    pub error: Option<String>,
    /// The text came back from before a login.
    pub from_draft: bool,
    /// The text rendered, after the reader asked for a preview ("Voorbeeld").
    pub preview: Option<String>,
}
