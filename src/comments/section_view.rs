//! What the section template asks of a `Section`: its links and forms.

use super::section::{Compose, Section};
use crate::conversation::order::Order;

impl Section {
    /// Whether a form on the page was refused (the page title then says so).
    pub fn has_error(&self) -> bool {
        self.compose.error.is_some()
    }

    /// The compose state for the main form (empty when a reply form is open).
    pub fn main_compose(&self) -> Compose {
        if self.reply_to.is_none() {
            self.compose.clone()
        } else {
            Compose::default()
        }
    }

    fn page_path(&self, n: i64) -> String {
        let query = format!("{}{}", self.order_query(), self.page_param(n));
        let query = query.trim_end_matches('&');
        if query.is_empty() {
            format!("/{}", self.slug)
        } else {
            format!("/{}?{query}", self.slug)
        }
    }

    fn page_param(&self, n: i64) -> String {
        if n > 1 {
            format!("pagina={n}&")
        } else {
            String::new()
        }
    }

    /// The query prefix that keeps a chosen order in links ("volgorde=nieuwste&" or "").
    fn order_query(&self) -> String {
        match self.order {
            Order::Oldest => String::new(),
            order => format!("volgorde={}&", order.as_str()),
        }
    }

    /// The links that choose an order.
    pub fn order_links(&self) -> Vec<crate::conversation::order::OrderLink> {
        crate::conversation::order::links(&self.slug, self.order)
    }

    /// This page's path.
    pub fn current_path(&self) -> String {
        self.page_path(self.page)
    }

    /// The previous page's path.
    pub fn prev_path(&self) -> String {
        self.page_path(self.page - 1)
    }

    /// The next page's path.
    pub fn next_path(&self) -> String {
        self.page_path(self.page + 1)
    }

    /// The query prefix that keeps this page (and order) in links ("pagina=2&" or "").
    pub fn page_query(&self) -> String {
        format!("{}{}", self.order_query(), self.page_param(self.page))
    }

    /// Whether the forms are shown at all.
    pub fn can_write(&self) -> bool {
        !self.closed && self.ban_message.is_none()
    }
}
