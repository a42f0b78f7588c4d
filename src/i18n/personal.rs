//! A logged-in reader's own pages: "Voor jou", "Mijn reacties", the reactions
//! about one reason, and the account page.

use super::catalogue::catalogue;

catalogue!(
    /// Texts of a reader's own pages.
    Personal {
        for_you_intro: "Wie op je reageerde, wat de auteur met je reacties deed en wie ze waardeerde. Je eigen reacties staan onder", "Who replied to you, what the author did with your reactions and who appreciated them. Your own reactions are under";
        my_reactions: "Mijn reacties", "My reactions";
        nothing_yet: "Nog niets. Als iemand op je reactie reageert of hem waardeert, lees je het hier.", "Nothing yet. When someone replies to your reaction or appreciates it, you read it here.";
        new_label: "nieuw", "new";
        authors_reason: "Reden van de auteur:", "The author's reason:";
        about_your_reasons: "Reacties over jouw redenen", "Reactions about your reasons";
        is: "Staat", "It is";
        on: "aan", "on";
        off: "uit", "off";
        on_text: ": je leest hier wanneer iemand reageert over een reden waar je JA of NEE op zei.", ": you read here when someone reacts about a reason you said YES or NO to.";
        off_text: ". Zet het aan om hier te lezen wanneer iemand reageert over een reden waar je JA of NEE op zei.", ". Switch it on to read here when someone reacts about a reason you said YES or NO to.";
        switch_off: "Uitzetten", "Switch off";
        switch_on: "Aanzetten", "Switch on";
        follow_feed: "Volgen in een feedlezer", "Follow in a feed reader";
        secret_feed: "Je eigen, geheime feedadres (geef het aan niemand):", "Your own, secret feed address (give it to no one):";
        new_address: "Nieuw adres maken", "Make a new address";
        old_stops: "Met een nieuw adres werkt het oude niet meer.", "With a new address the old one stops working.";
        feed_intro: "Volg deze meldingen in elke feedlezer, zonder e-mail. Het adres is geheim en alleen voor jou.", "Follow these notifications in any feed reader, without e-mail. The address is secret and for you alone.";
        make_feed: "Feedadres maken", "Make a feed address";
        my_reactions_intro: "Al je reacties, de nieuwste eerst, en hoe het ermee staat. Wat anderen je terugschreven staat onder", "All your reactions, newest first, and how they stand. What others wrote back to you is under";
        not_reacted: "Je hebt nog niet gereageerd.", "You have not reacted yet.";
        at: "Bij", "On";
        reactions_about_reason: "Reacties over reden", "Reactions about reason";
        nobody_yet: "Nog niemand reageerde over deze reden.", "Nobody has reacted about this reason yet.";
        react_to_article: "Reageer op het artikel", "React to the article";
        choose_reason: "en kies deze reden in het formulier.", "and choose this reason in the form.";
        mention_reason: "noemt deze reden, de oudste eerst. Elke reactie staat ook in het gesprek onder", "mention this reason, oldest first. Every reaction is also in the conversation under";
        the_article: "het artikel", "the article";
        in_conversation: "in het gesprek", "in the conversation";
        reaction_of: " (reactie van", " (reaction of";
        your_account: "Je account", "Your account";
        you_are: "Je bent", "You are";
        member_since: ", lid sinds", ", a member since";
        logged_in_on: ". Je bent nu op", ". You are now logged in on";
        device: "apparaat", "device";
        devices: "apparaten", "devices";
        logged_in_suffix: "ingelogd.", "";
        shown_name: "Naam bij je reacties", "Name on your reactions";
        shown_name_label: "Naam zoals lezers hem zien", "Name as readers see it";
        shown_name_help_1: "2 tot 40 tekens, spaties mogen. Je logt in met", "2 to 40 characters, spaces allowed. You log in with";
        shown_name_help_2: "; leeg laten toont die naam.", "; leaving it empty shows that name.";
        save_name: "Naam opslaan", "Save name";
        change_password: "Wachtwoord wijzigen", "Change password";
        current_password: "Huidig wachtwoord", "Current password";
        new_password: "Nieuw wachtwoord", "New password";
        new_password_help: "Minstens 10 tekens en niet makkelijk te raden. Daarna ben je op alle andere apparaten uitgelogd.", "At least 10 characters and not easy to guess. Afterwards you are logged out on all other devices.";
        log_out_everywhere: "Overal uitloggen", "Log out everywhere";
        log_out_everywhere_text: "Ben je ergens ingelogd gebleven, bijvoorbeeld op een computer van een ander? Log dan op alle andere apparaten uit.", "Did you stay logged in somewhere, on someone else's computer for example? Then log out on all other devices.";
        log_out_others: "Op alle andere apparaten uitloggen", "Log out on all other devices";
        your_data: "Je gegevens", "Your data";
        your_data_text: "Download alles wat we van je bewaren (je account, je reacties, je meldingen en je sessies) als JSON-bestand.", "Download everything we keep about you (your account, your reactions, your reports and your sessions) as a JSON file.";
        download: "Mijn gegevens downloaden", "Download my data";
        read_also: "Lees ook wat we bewaren en waarom in de", "Read also what we keep and why in the";
        privacy_statement: "privacyverklaring", "privacy statement";
        delete_account: "Account verwijderen", "Delete account";
        what_with_reactions: "Wat moet er met je reacties gebeuren?", "What should happen to your reactions?";
        delete_them: "Verwijderen (waar iemand op je reageerde, blijft “[verwijderd]” staan)", "Delete them (where someone replied to you, “[deleted]” stays)";
        keep_them: "Laten staan onder de naam “[verwijderd account]”", "Leave them under the name “[deleted account]”";
        confirm_password: "Je wachtwoord, ter bevestiging", "Your password, to confirm";
        delete_for_good: "Account definitief verwijderen", "Delete account for good";
    }
);
