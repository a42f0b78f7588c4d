//! What every mail says, in Dutch: the one place for the mails' words (the
//! templates in templates/mail/ only lay them out). Nothing here tracks: links
//! are plain links to the site, no images, no per-reader parameters.

/// A reaction quoted in a mail.
#[derive(Debug, Clone)]
pub struct Item {
    pub heading: String,
    pub text: String,
    pub link: String,
    pub link_label: &'static str,
}

/// A mail before it is laid out as text and HTML.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    pub subject: String,
    pub intro: Vec<String>,
    pub items: Vec<Item>,
    /// The one button: label and address.
    pub action: Option<(String, String)>,
    pub outro: Vec<String>,
    /// Why this mail came, at the bottom.
    pub footer: String,
    /// The one-click unsubscribe address (RFC 8058), for notification mails.
    pub unsubscribe: Option<String>,
}

/// The link that confirms `address` for `username`.
pub fn confirm(site: &str, username: &str, link: String) -> Letter {
    Letter {
        subject: format!("Bevestig je e-mailadres voor {site}"),
        intro: vec![format!(
            "Iemand (hopelijk jij) wil dit adres gebruiken voor het account {username} op {site}."
        ),
        "Bevestig het met de link hieronder. Hij werkt 24 uur en één keer.".to_owned()],
        action: Some(("E-mailadres bevestigen".to_owned(), link)),
        outro: vec!["Was jij dit niet? Dan hoef je niets te doen: zonder bevestiging sturen we niets naar dit adres.".to_owned()],
        footer: format!("Deze mail komt van {site}, omdat dit adres op de accountpagina werd ingevuld."),
        ..Letter::default()
    }
}

/// Told to the old address when a new one was confirmed.
pub fn changed(site: &str, username: &str) -> Letter {
    Letter {
        subject: format!("Je e-mailadres bij {site} is gewijzigd"),
        intro: vec![
            format!("Het account {username} op {site} gebruikt voortaan een ander e-mailadres. Naar dit adres sturen we niets meer."),
        ],
        outro: vec!["Was jij dit niet? Kies dan een nieuw wachtwoord op je accountpagina, of neem contact op met de auteur van de site.".to_owned()],
        footer: format!("Deze mail komt van {site}, omdat dit adres bij het account hoorde."),
        ..Letter::default()
    }
}

/// The link that resets the password of `username`.
pub fn reset(site: &str, username: &str, link: String) -> Letter {
    Letter {
        subject: format!("Nieuw wachtwoord voor {site}"),
        intro: vec![
            format!("Iemand (hopelijk jij) vroeg een nieuw wachtwoord voor het account {username} op {site}."),
            "Kies het met de link hieronder. Hij werkt 30 minuten en één keer; daarna ben je op alle apparaten uitgelogd.".to_owned(),
        ],
        action: Some(("Nieuw wachtwoord kiezen".to_owned(), link)),
        outro: vec!["Vroeg jij dit niet? Dan hoef je niets te doen: je wachtwoord blijft zoals het is.".to_owned()],
        footer: format!("Deze mail komt van {site}, omdat op de inlogpagina om een nieuw wachtwoord is gevraagd."),
        ..Letter::default()
    }
}

/// One reply, or a digest of several in one thread.
pub fn replies(site: &str, title: &str, items: Vec<Item>, unsubscribe: String) -> Letter {
    let (subject, intro) = match items.as_slice() {
        [one] => (
            format!("{} reageerde op je reactie bij “{title}”", one.heading),
            format!("{} reageerde op je reactie bij “{title}”:", one.heading),
        ),
        many => (
            format!(
                "{} nieuwe antwoorden op je reactie bij “{title}”",
                many.len()
            ),
            format!(
                "Er kwamen {} antwoorden op je reactie bij “{title}”:",
                many.len()
            ),
        ),
    };
    Letter {
        subject,
        intro: vec![intro],
        items,
        footer: format!(
            "Je krijgt deze mail omdat je op {site} koos voor mail bij antwoorden (hooguit één per gesprek per uur). Afmelden kan met één klik, zonder in te loggen:"
        ),
        unsubscribe: Some(unsubscribe),
        ..Letter::default()
    }
}

/// A reply in a mail.
pub fn reply_item(writer: &str, text: &str, link: String) -> Item {
    Item {
        heading: writer.to_owned(),
        text: text.to_owned(),
        link,
        link_label: "Lees en reageer",
    }
}

/// What an alert is about: `detail` is `held`, `edit` or `report`.
pub fn alert_item(detail: &str, writer: &str, title: &str, text: &str, link: String) -> Item {
    Item {
        heading: match detail {
            "held" => format!("Wacht op goedkeuring: {writer} bij “{title}”"),
            "edit" => format!("Wijziging wacht op goedkeuring: {writer} bij “{title}”"),
            _ => format!("Gemeld: {writer} bij “{title}”"),
        },
        text: text.to_owned(),
        link,
        link_label: "Bekijk de reactie",
    }
}

/// The author's alert: one item, or an hourly digest.
pub fn alerts(site: &str, items: Vec<Item>, queue: String) -> Letter {
    let subject = match items.as_slice() {
        [one] => one.heading.clone(),
        many => format!("{} meldingen uit de wachtrij van {site}", many.len()),
    };
    Letter {
        subject,
        intro: vec![format!("Nieuw in de wachtrij van {site}:")],
        items,
        action: Some(("Naar de wachtrij".to_owned(), queue)),
        footer: "Je krijgt deze mail als auteur van de site. Elke melding apart, een overzicht per uur of geen mail: dat kies je op je accountpagina.".to_owned(),
        ..Letter::default()
    }
}

/// The subject of an error shown to the author: which kind of mail failed.
pub fn kind_name(kind: &str) -> &'static str {
    match kind {
        "confirm" => "bevestiging van een e-mailadres",
        "changed" => "melding van een gewijzigd adres",
        "reply" => "mail bij een antwoord",
        "alert" => "melding aan de auteur",
        "reset" => "link voor een nieuw wachtwoord",
        _ => "mail",
    }
}
