//! What a reader is told when a form is refused or an action is done: form
//! and validation errors, limits, confirmations.

use super::catalogue::catalogue;

catalogue!(
    /// Refusals, validation errors and confirmations readers read.
    Messages {
        password_changed: "Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd.", "Your password has been changed. You have been logged out on other devices.";
        logged_out_elsewhere: "Je bent op alle andere apparaten uitgelogd.", "You have been logged out on all other devices.";
        name_changed: "De naam bij je reacties is gewijzigd.", "The name on your reactions has been changed.";
        mail_sent: "We hebben je een mail gestuurd met een link. Bevestig je adres daarmee binnen 24 uur; tot dan gebruiken we het niet.", "We have sent you an email with a link. Confirm your address with it within 24 hours; until then we do not use it.";
        mail_choices_saved: "Je keuzes voor mail zijn opgeslagen.", "Your email choices have been saved.";
        mail_removed: "Je e-mailadres is verwijderd. We sturen je geen mail meer.", "Your email address has been removed. We will not send you email any more.";
        username_taken: "Deze gebruikersnaam is al in gebruik (of lijkt te veel op een bestaande). Kies een andere.", "This username is already taken (or looks too much like an existing one). Choose another.";
        username_reserved: "Deze gebruikersnaam is voorbehouden aan de site en de auteur (of lijkt daar te veel op). Kies een andere.", "This username is reserved for the site and the author (or looks too much like it). Choose another.";
        register_too_fast: "Dat ging wat snel. Kijk je gegevens na en klik nog eens op Account aanmaken.", "That was rather quick. Check your details and click Create an account again.";
        author_only: "Deze pagina is alleen voor de auteur van deze site.", "This page is only for the author of this site.";
        unknown_login: "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet. Controleer ze en probeer het opnieuw.", "We do not know this combination of username and password. Check them and try again.";
        password_short: "Je wachtwoord moet minstens 10 tekens lang zijn.", "Your password must be at least 10 characters long.";
        password_long: "Je wachtwoord mag hoogstens 256 tekens lang zijn.", "Your password may be at most 256 characters long.";
        password_weak: "Dit wachtwoord is te makkelijk te raden. Kies bijvoorbeeld een paar woorden die niet bij elkaar horen.", "This password is too easy to guess. Choose, for example, a few words that do not belong together.";
        current_password_wrong: "Je huidige wachtwoord klopt niet.", "Your current password is not correct.";
        name_reserved: "Deze naam is voorbehouden aan de site en de auteur (of lijkt daar te veel op). Kies een andere naam.", "This name is reserved for the site and the author (or looks too much like it). Choose another name.";
        name_taken: "Deze naam is al in gebruik (of lijkt te veel op een bestaande). Kies een andere.", "This name is already taken (or looks too much like an existing one). Choose another.";
        username_empty: "Vul een gebruikersnaam in.", "Fill in a username.";
        username_short: "Je gebruikersnaam moet minstens 3 tekens lang zijn.", "Your username must be at least 3 characters long.";
        username_long: "Je gebruikersnaam mag hoogstens 30 tekens lang zijn.", "Your username may be at most 30 characters long.";
        username_invisible: "Een gebruikersnaam mag geen onzichtbare tekens bevatten (zoals tekens zonder breedte of lege Hangul-tekens). Kies een naam die iedereen kan lezen.", "A username may not contain invisible characters (such as zero-width characters or empty Hangul characters). Choose a name everyone can read.";
        name_empty: "Vul een naam in.", "Fill in a name.";
        name_length: "Een naam is 2 tot 40 tekens lang.", "A name is 2 to 40 characters long.";
        name_invisible: "Een naam mag geen onzichtbare tekens bevatten. Kies een naam die iedereen kan lezen.", "A name may not contain invisible characters. Choose a name everyone can read.";
        name_characters: "Een naam bestaat uit letters, cijfers, spaties en '-', '_', '.' of een apostrof.", "A name consists of letters, digits, spaces and '-', '_', '.' or an apostrophe.";
        edit_own_only: "Je kunt alleen je eigen reacties bewerken of verwijderen.", "You can only edit or delete your own reactions.";
        edit_not_public: "Deze reactie is door de auteur niet geplaatst of verborgen en kan niet meer bewerkt worden. Verwijderen kan wel.", "The author did not publish or has hidden this reaction, so it can no longer be edited. Deleting it is still possible.";
        edit_too_late: "Een reactie kun je tot 15 minuten na het plaatsen bewerken; die tijd is voorbij. Verwijderen kan nog wel.", "You can edit a reaction up to 15 minutes after posting it; that time has passed. Deleting it is still possible.";
        reaction_empty: "Je reactie is nog leeg. Schrijf eerst iets.", "Your reaction is still empty. Write something first.";
        blocked: "Deze reactie kunnen we zo niet plaatsen. Pas je tekst aan en probeer het opnieuw.", "We cannot post this reaction as it is. Change your text and try again.";
        not_saved: "Je reactie kon niet worden opgeslagen: de site kan op dit moment niets bewaren. Je tekst staat hieronder; probeer het over een paar minuten opnieuw.", "Your reaction could not be saved: the site cannot store anything right now. Your text is below; try again in a few minutes.";
        closed: "De reacties bij dit artikel zijn gesloten; er kan niet meer gereageerd worden.", "Reactions to this article are closed; no more reactions can be posted.";
        choose_reason: "Kies een van de redenen uit het artikel, of “het artikel als geheel”.", "Choose one of the article's reasons, or “the article as a whole”.";
        post_too_fast: "Dat ging wat snel. Kijk je reactie na en klik nog eens op Plaatsen.", "That was rather quick. Check your reaction and click Post again.";
        duplicate: "Deze tekst heb je net al geplaatst.", "You have just posted this text.";
        guest_name_account: "Deze naam hoort bij een account. Log in als dat jouw account is, of kies een andere naam.", "This name belongs to an account. Log in if it is your account, or choose another name.";
        parent_gone: "De reactie waarop je wilde reageren bestaat niet (meer). Je tekst staat hieronder; je kunt hem als gewone reactie plaatsen.", "The reaction you wanted to reply to does not exist (any more). Your text is below; you can post it as an ordinary reaction.";
        thread_locked: "Onder deze reactie kan niet meer gereageerd worden: de auteur heeft de draad gesloten. Je tekst staat hieronder.", "No more replies can be posted under this reaction: the author has closed the thread. Your text is below.";
        form_format: "Dit formulier werd in een onbekend formaat verstuurd. Gebruik het formulier op de site.", "This form was sent in an unknown format. Use the form on the site.";
        form_broken: "Het formulier was niet goed ingevuld of beschadigd. Ga terug en probeer het opnieuw.", "The form was not filled in correctly or was damaged. Go back and try again.";
        appreciate_own: "Je kunt je eigen reactie niet waarderen.", "You cannot appreciate your own reaction.";
        choose_stance: "Kies JA of NEE, of trek je keuze in.", "Choose YES or NO, or withdraw your choice.";
        choose_appreciation: "Kies of je deze reactie wilt waarderen of niet.", "Choose whether you want to appreciate this reaction or not.";
        choose_reason_notices: "Kies of je meldingen over redenen wilt krijgen: aan of uit.", "Choose whether you want notifications about reasons: on or off.";
        status_published: "geplaatst", "published";
        status_pending: "wacht op goedkeuring", "awaiting approval";
        status_not_published: "niet geplaatst", "not published";
        author_cannot_delete: "Het auteursaccount kan niet via de site worden verwijderd.", "The author's account cannot be deleted through the site.";
        choose_what_happens: "Kies wat er met je reacties moet gebeuren.", "Choose what should happen to your reactions.";
        delete_password_wrong: "Je wachtwoord klopt niet; je account is niet verwijderd.", "Your password is not correct; your account has not been deleted.";
        report_own: "Je kunt je eigen reactie niet melden.", "You cannot report your own reaction.";
        report_why: "Schrijf kort waarom je deze reactie meldt.", "Write briefly why you report this reaction.";
        report_long: "Je toelichting mag hoogstens 500 tekens lang zijn.", "Your explanation may be at most 500 characters long.";
        reported: "Bedankt. Je melding is doorgegeven aan de auteur.", "Thank you. Your report has been passed on to the author.";
        already_reported: "Je had deze reactie al gemeld.", "You had already reported this reaction.";
        username_characters: "Een gebruikersnaam bestaat alleen uit letters, cijfers, '-', '_' en '.' (geen spaties).", "A username consists only of letters, digits, '-', '_' and '.' (no spaces).";
        username_letter: "Een gebruikersnaam bevat minstens één letter of cijfer.", "A username contains at least one letter or digit.";
        name_letter: "Een naam bevat minstens één letter.", "A name contains at least one letter.";
        too_many_live: "Je hebt te veel pagina's tegelijk open die live bijgewerkt worden. Sluit er een paar en probeer het dan opnieuw.", "You have too many pages open at once that update live. Close a few and try again.";
        edit_waits: "Je wijziging wacht op goedkeuring door de auteur. Tot dan blijft je vorige tekst staan.", "Your change awaits the author's approval. Until then your previous text stays.";
    }
);
