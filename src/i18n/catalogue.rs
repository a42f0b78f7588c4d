//! The macro that writes one area of the catalogue: a struct with a field per
//! text, its Dutch and English values side by side (a text without its English
//! fails to parse, a template using a missing key fails to build), and the list
//! of its entries for the tests that compare the two languages.

/// `catalogue!(Name { key: "Nederlands", "English"; ... })`.
macro_rules! catalogue {
    ($(#[$doc:meta])* $name:ident { $($key:ident: $nl:expr, $en:expr;)* }) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            $(pub $key: &'static str,)*
        }

        impl $name {
            /// The Dutch texts (the original).
            pub const NL: Self = Self { $($key: $nl,)* };
            /// The English texts.
            pub const EN: Self = Self { $($key: $en,)* };

            /// Every key with its text, in the order written.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key)),*]
            }
        }
    };
}

pub(crate) use catalogue;
