//! The page frame (header, footer, `<title>`), the index and the error pages.

use super::catalogue::catalogue;

catalogue!(
    /// Texts of the frame every page shares, the index and the error pages.
    Frame {
        skip: "Naar de inhoud", "Skip to content";
        feed_articles_title: "Artikelen (Atom)", "Articles (Atom)";
        feed_reactions_title: "Alle reacties (Atom)", "All reactions (Atom)";
        account_nav: "Account", "Account";
        moderation: "Moderatie", "Moderation";
        waiting: " wachtend", " waiting";
        for_you: "Voor jou", "For you";
        unread: " ongelezen", " unread";
        logged_in_as: "Ingelogd als", "Logged in as";
        log_out: "Uitloggen", "Log out";
        log_in: "Inloggen", "Log in";
        register: "Account aanmaken", "Create an account";
        no_tracking: "Deze site volgt je niet en zet alleen een cookie als je inlogt of een taal kiest.", "This site does not track you and sets a cookie only when you log in or choose a language.";
        privacy: "Privacy", "Privacy";
        contact: "Contact:", "Contact:";
        follow: "Volgen in een feedlezer:", "Follow in a feed reader:";
        feed_articles: "artikelen", "articles";
        feed_reactions: "alle reacties", "all reactions";
        switch_to: "English", "Nederlands";
        switch_hint: "Read this site in English", "Deze site in het Nederlands lezen";
        to_front_page: "Naar de voorpagina", "To the front page";
        error_prefix: "Fout: ", "Error: ";
        articles: "Artikelen", "Articles";
        articles_description: "Artikelen waarop je kunt reageren.", "Articles you can react to.";
        logged_out: "Je bent uitgelogd.", "You have logged out.";
        account_deleted: "Je account is verwijderd.", "Your account has been deleted.";
        not_found_title: "Pagina niet gevonden", "Page not found";
        not_found: "Deze pagina bestaat niet (meer). Misschien is de link verkeerd overgenomen.", "This page does not exist (any more). Perhaps the link was copied wrongly.";
        login_needed_title: "Inloggen nodig", "Login needed";
        login_needed: "Log in om verder te gaan.", "Log in to continue.";
        forbidden_title: "Dat mag niet", "Not allowed";
        bad_request_title: "Dat ging niet goed", "That did not work";
        method_title: "Dat kan hier niet", "Not possible here";
        method: "Deze pagina kan zo niet worden gebruikt. Ga terug en gebruik de knoppen op de site.", "This page cannot be used like that. Go back and use the buttons on the site.";
        too_large_title: "Te veel tekst", "Too much text";
        too_large: "Wat je stuurde is te groot. Een reactie mag hoogstens 5.000 tekens lang zijn.", "What you sent is too large. A reaction may be at most 5,000 characters long.";
        cross_site_title: "Verzoek geweigerd", "Request refused";
        cross_site: "Dit formulier kwam niet van deze site en is daarom niet verwerkt.", "This form did not come from this site and was therefore not processed.";
        too_many_title: "Even rustig aan", "Slow down a little";
        unavailable_title: "Even niet beschikbaar", "Briefly unavailable";
        unavailable: "De server kan nu niet in de database schrijven. Probeer het straks nog eens.", "The server cannot write to its database right now. Please try again shortly.";
        busy_title: "Even druk", "Busy";
        busy: "Het is op dit moment erg druk op de server. Probeer het over een paar seconden opnieuw.", "The server is very busy right now. Please try again in a few seconds.";
        internal_title: "Er ging iets mis", "Something went wrong";
        internal: "Er ging aan onze kant iets mis. Probeer het later nog eens.", "Something went wrong on our side. Please try again later.";
        form_internal: "Je reactie kon door een fout aan onze kant niet worden opgeslagen. Je tekst staat hieronder; probeer het straks nog eens.", "Your reaction could not be saved because of an error on our side. Your text is below; please try again shortly.";
        just_now: "zojuist", "just now";
    }
);
