//! The words of the mails the site sends, and of the pages around them: the
//! fixed texts (the sentences with names and numbers are in `mail_sentences`).
//! The worker writes a mail in the site's interface language.

use super::catalogue::catalogue;

catalogue!(
    /// Fixed texts of the mails, and of the pages and errors around them.
    MailTexts {
        confirm_how: "Bevestig het met de link hieronder. Hij werkt 24 uur en één keer.", "Confirm it with the link below. It works for 24 hours, once.";
        confirm_button: "E-mailadres bevestigen", "Confirm e-mail address";
        confirm_not_you: "Was jij dit niet? Dan hoef je niets te doen: zonder bevestiging sturen we niets naar dit adres.", "Was this not you? Then you need not do anything: without confirmation we send nothing to this address.";
        changed_not_you: "Was jij dit niet? Kies dan een nieuw wachtwoord op je accountpagina, of neem contact op met de auteur van de site.", "Was this not you? Then choose a new password on your account page, or contact the author of the site.";
        reset_how: "Kies het met de link hieronder. Hij werkt 30 minuten en één keer; daarna ben je op alle apparaten uitgelogd.", "Choose it with the link below. It works for 30 minutes, once; afterwards you are logged out on all devices.";
        reset_button: "Nieuw wachtwoord kiezen", "Choose a new password";
        reset_not_you: "Vroeg jij dit niet? Dan hoef je niets te doen: je wachtwoord blijft zoals het is.", "Did you not ask for this? Then you need not do anything: your password stays as it is.";
        read_and_reply: "Lees en reageer", "Read and reply";
        see_reaction: "Bekijk de reactie", "See the reaction";
        to_queue: "Naar de wachtrij", "To the queue";
        alerts_footer: "Je krijgt deze mail als auteur van de site. Elke melding apart, een overzicht per uur of geen mail: dat kies je op je accountpagina.", "You receive this e-mail as the author of the site. Each notice separately, an hourly overview or no e-mail: you choose that on your account page.";
        link_fallback: "Werkt de link niet? Kopieer dan dit adres in je browser:", "Does the link not work? Then copy this address into your browser:";
        unsubscribe: "Afmelden", "Unsubscribe";
        kind_confirm: "bevestiging van een e-mailadres", "confirmation of an e-mail address";
        kind_changed: "melding van een gewijzigd adres", "notice of a changed address";
        kind_reply: "mail bij een antwoord", "e-mail on a reply";
        kind_alert: "melding aan de auteur", "notice to the author";
        kind_reset: "link voor een nieuw wachtwoord", "link for a new password";
        kind_other: "mail", "e-mail";
        account_heading: "E-mail", "E-mail";
        account_confirmed: "Je bevestigde e-mailadres:", "Your confirmed e-mail address:";
        account_nobody_sees: ". Niemand anders ziet het.", ". No one else sees it.";
        account_not_needed: "Een e-mailadres is niet nodig. Met een bevestigd adres kun je mail krijgen als iemand op je reageert, en een nieuw wachtwoord aanvragen als je het vergeten bent.", "An e-mail address is not needed. With a confirmed address you can get e-mail when someone replies to you, and ask for a new password if you have forgotten it.";
        account_pending: "Wacht op bevestiging:", "Awaiting confirmation:";
        account_pending_click: ". Klik op de link in de mail (24 uur geldig).", ". Click the link in the e-mail (valid for 24 hours).";
        account_other_address: "Ander e-mailadres", "Another e-mail address";
        account_link_help: "We sturen een link om het adres te bevestigen; pas daarna gebruiken we het.", "We send a link to confirm the address; only then do we use it.";
        account_old_told: " Je huidige adres krijgt bericht van de wijziging.", " Your current address is told of the change.";
        account_send_link: "Bevestigingslink sturen", "Send confirmation link";
        account_replies: "Mail me als iemand op mij reageert (hooguit één mail per gesprek per uur)", "E-mail me when someone replies to me (at most one e-mail per conversation per hour)";
        account_alerts_legend: "Mail over de wachtrij (vastgehouden en gemelde reacties)", "E-mail about the queue (held and reported reactions)";
        account_alerts_each: "Een mail per reactie of melding", "One e-mail per reaction or report";
        account_alerts_hourly: "Een overzicht per uur", "An hourly overview";
        account_alerts_off: "Geen mail", "No e-mail";
        account_save_choices: "Keuzes opslaan", "Save choices";
        account_remove: "E-mailadres verwijderen", "Remove e-mail address";
        failed_title: "Mail", "E-mail";
        failed_heading: "Mail die niet aankwam", "E-mail that did not arrive";
        failed_no_settings: "Deze server verstuurt geen mail: er zijn geen mailinstellingen (REACTIES_SMTP_URL en REACTIES_MAIL_FROM).", "This server sends no e-mail: there are no mail settings (REACTIES_SMTP_URL and REACTIES_MAIL_FROM).";
        failed_none: "Alle mail is aangekomen bij de mailserver, of wacht nog op een nieuwe poging.", "All e-mail has reached the mail server, or is waiting for another attempt.";
        failed_intro: "Deze mails heeft de mailserver geweigerd, of ze bleven na tien pogingen (verspreid over enkele uren) onbestelbaar. Ze worden niet opnieuw geprobeerd. Het adres staat hier niet: dat ziet alleen de lezer zelf.", "The mail server refused these e-mails, or they stayed undeliverable after ten attempts (spread over several hours). They are not tried again. The address is not shown here: only the reader sees it.";
        failed_when: "Wanneer", "When";
        failed_kind: "Soort mail", "Kind of e-mail";
        failed_attempts: "Pogingen", "Attempts";
        failed_answer: "Antwoord van de mailserver", "The mail server's answer";
        reset_forgot_title: "Wachtwoord vergeten", "Forgot your password";
        reset_new_password: "Nieuw wachtwoord", "New password";
        reset_new_help: "Minstens 10 tekens en niet makkelijk te raden. Daarna ben je op alle apparaten uitgelogd en log je in met het nieuwe wachtwoord.", "At least 10 characters and not easy to guess. Afterwards you are logged out on all devices and log in with the new password.";
        reset_save: "Wachtwoord opslaan", "Save password";
        reset_sent: "Als er een account is met dit bevestigde e-mailadres, is er nu een mail onderweg met een link om een nieuw wachtwoord te kiezen. De link werkt 30 minuten. Geen mail gekregen? Kijk ook bij de ongewenste mail.", "If there is an account with this confirmed e-mail address, an e-mail is now on its way with a link to choose a new password. The link works for 30 minutes. No e-mail? Look in your spam folder too.";
        reset_ask: "Heb je een bevestigd e-mailadres bij je account? Vul het in; we sturen je een link om een nieuw wachtwoord te kiezen.", "Do you have a confirmed e-mail address with your account? Enter it; we send you a link to choose a new password.";
        address_label: "E-mailadres", "E-mail address";
        reset_send: "Link sturen", "Send link";
        reset_no_address: "Geen e-mailadres bij je account? Vraag de auteur van de site om hulp.", "No e-mail address with your account? Ask the author of the site for help.";
        reset_back: "Terug naar inloggen", "Back to logging in";
        page_confirm_dead: "Deze link werkt niet (meer): hij is al gebruikt, verlopen (na 24 uur) of vervangen door een nieuwere. Vul je adres op je accountpagina opnieuw in voor een nieuwe link.", "This link does not work (any more): it has been used, has expired (after 24 hours) or was replaced by a newer one. Enter your address again on your account page for a new link.";
        page_to_account: "Naar je account", "To your account";
        page_confirm_title: "E-mailadres bevestigen", "Confirm e-mail address";
        page_confirm_click: "Klik op de knop om dit e-mailadres aan je account te koppelen.", "Click the button to link this e-mail address to your account.";
        page_confirm_button: "Bevestigen", "Confirm";
        page_confirmed_title: "E-mailadres bevestigd", "E-mail address confirmed";
        page_confirmed: "Je e-mailadres is bevestigd. Op je accountpagina kies je of je mail wilt krijgen als iemand op je reageert.", "Your e-mail address is confirmed. On your account page you choose whether you want e-mail when someone replies to you.";
        page_unsubscribe_title: "Afmelden", "Unsubscribe";
        page_unsubscribe_ask: "Wil je geen mail meer krijgen als iemand op je reageert? Dan is één klik genoeg; inloggen hoeft niet.", "No more e-mail when someone replies to you? One click is enough; no need to log in.";
        page_unsubscribed_title: "Afgemeld", "Unsubscribed";
        page_unsubscribed: "Je krijgt geen mail meer als iemand op je reageert. Op je accountpagina kun je het weer aanzetten.", "You will get no more e-mail when someone replies to you. You can switch it on again on your account page.";
        page_to_front: "Naar de voorpagina", "To the front page";
        page_reset_dead: "Deze link werkt niet (meer): hij is al gebruikt, verlopen (na 30 minuten) of vervangen door een nieuwere. Vraag hieronder een nieuwe aan.", "This link does not work (any more): it has been used, has expired (after 30 minutes) or was replaced by a newer one. Ask for a new one below.";
        page_reset_title: "Nieuw wachtwoord kiezen", "Choose a new password";
        page_reset_new_link: "Nieuwe link aanvragen", "Ask for a new link";
        page_reset_done_title: "Wachtwoord gewijzigd", "Password changed";
        page_reset_done: "Je nieuwe wachtwoord is opgeslagen en je bent op alle apparaten uitgelogd. Log in met je nieuwe wachtwoord.", "Your new password has been saved and you are logged out on all devices. Log in with your new password.";
        page_log_in: "Inloggen", "Log in";
        error_same_address: "Dit is al je bevestigde e-mailadres.", "This is already your confirmed e-mail address.";
        error_confirms_limit: "Je hebt vandaag al vaak een bevestigingslink gevraagd. Probeer het morgen opnieuw, of gebruik de link uit een eerdere mail.", "You have asked for a confirmation link many times today. Please try again tomorrow, or use the link from an earlier e-mail.";
        error_confirm_first: "Bevestig eerst een e-mailadres; daarna kun je kiezen wat we mailen.", "Confirm an e-mail address first; then you can choose what we e-mail.";
        error_address_empty: "Vul een e-mailadres in.", "Enter an e-mail address.";
        error_address_long: "Dit e-mailadres is te lang of bevat tekens die niet kunnen.", "This e-mail address is too long or contains characters that cannot be used.";
        error_address_bad: "Dit lijkt geen e-mailadres. Het ziet eruit als naam@voorbeeld.nl.", "This does not look like an e-mail address. It looks like name@example.com.";
    }
);
