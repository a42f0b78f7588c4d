//! Logging in, registering and the privacy page.

use super::catalogue::catalogue;

catalogue!(
    /// Texts of the login, registration and privacy pages.
    AccountTexts {
        join_heading: "Log in om je reactie te plaatsen", "Log in to post your reaction";
        join_intro: "Je tekst is bewaard. Log in, of maak in een paar seconden een account met alleen een gebruikersnaam en een wachtwoord; daarna staat je reactie klaar om te plaatsen.", "Your text has been kept. Log in, or create an account in a few seconds with just a username and a password; then your reaction is ready to post.";
        your_kept_text: "Jouw bewaarde tekst", "Your kept text";
        have_account: "Ik heb al een account", "I already have an account";
        username: "Gebruikersnaam", "Username";
        password: "Wachtwoord", "Password";
        no_account_yet: "Nog geen account?", "No account yet?";
        forgot_password: "Wachtwoord vergeten?", "Forgot your password?";
        new_here: "Ik ben nieuw hier", "I am new here";
        username_help: "3 tot 30 tekens: letters, cijfers, '-', '_' en '.'. Hiermee log je in.", "3 to 30 characters: letters, digits, '-', '_' and '.'. You log in with it.";
        shown_name: "Naam bij je reacties", "Name on your reactions";
        may_be_empty: "(mag leeg)", "(may be empty)";
        shown_name_help: "Zoals lezers je zien, bijvoorbeeld je voor- en achternaam (2 tot 40 tekens, spaties mogen). Leeg laten: je gebruikersnaam.", "As readers see you, for example your first and last name (2 to 40 characters, spaces allowed). Left empty: your username.";
        password_help: "Minstens 10 tekens en niet makkelijk te raden; een paar losse woorden werkt goed. Meer vragen we niet: geen e-mailadres, geen echte naam.", "At least 10 characters and not easy to guess; a few unrelated words work well. We ask nothing more: no e-mail address, no real name.";
        have_account_q: "Heb je al een account?", "Do you already have an account?";
        privacy_description: "Wat deze site over je bewaart, waarom en hoe lang.", "What this site keeps about you, why and for how long.";
        privacy_intro: "Deze site is van de auteur zelf en draait op een eigen server. Er zijn geen advertenties, geen trackers, geen statistiekdiensten en geen lettertypes of scripts van andere sites. Je browser praat alleen met deze server.", "This site belongs to the author and runs on a server of its own. There are no advertisements, no trackers, no analytics services and no fonts or scripts from other sites. Your browser talks only to this server.";
        only_reading: "Als je alleen leest", "If you only read";
        only_reading_text: "Dan bewaren we niets over je en zetten we geen cookie. Om misbruik tegen te gaan (te veel verzoeken achter elkaar) houdt de server het IP-adres van je verbinding kort bij in het werkgeheugen, en dan alleen als versleutelde code (een met een geheime sleutel gemaakte hash) die elke dag verandert. IP-adressen komen nooit in de database of in de logbestanden.", "Then we keep nothing about you and set no cookie. To counter abuse (too many requests in a row) the server briefly keeps the IP address of your connection in memory, and only as a coded value (a hash made with a secret key) that changes every day. IP addresses never go into the database or the log files.";
        language_cookie: "Kies je onderaan een pagina een taal, dan onthoudt een cookie", "If you choose a language at the bottom of a page, a cookie";
        language_cookie_rest: "die keuze een jaar lang; verder niets.", "remembers that choice for a year; nothing else.";
        with_account: "Als je een account hebt", "If you have an account";
        your_username: "Je gebruikersnaam", "Your username";
        your_username_text: ": om je reacties bij je naam te tonen. Zolang je account bestaat.", ": to show your reactions with your name. As long as your account exists.";
        your_password: "Je wachtwoord", "Your password";
        your_password_text: ": alleen als argon2id-hash, nooit leesbaar. Zolang je account bestaat.", ": only as an argon2id hash, never readable. As long as your account exists.";
        session_cookie: "Een sessiecookie", "A session cookie";
        session_cookie_text: ", pas als je inlogt: om je ingelogd te houden. De server bewaart alleen een hash ervan. Een sessie verloopt na 30 dagen zonder bezoek en wordt dan gewist; uitloggen wist hem meteen.", ", only once you log in: to keep you logged in. The server keeps only a hash of it. A session expires after 30 days without a visit and is then erased; logging out erases it at once.";
        failed_logins: "Mislukte inlogpogingen", "Failed login attempts";
        failed_logins_text: ": een versleutelde code van account en verbinding, om raden van wachtwoorden af te remmen. Na 15 minuten gewist.", ": a coded value of account and connection, to slow down password guessing. Erased after 15 minutes.";
        email_address: "Een e-mailadres", "An e-mail address";
        email_address_text: " vragen we niet. Verstuurt deze site mail en vul je zelf een adres in op je accountpagina, dan gebruiken we het pas als je het met de link in onze mail bevestigd hebt, en alleen voor wat je zelf kiest: mail als iemand op je reageert, een link voor een nieuw wachtwoord. We kijken niet of je een mail opent of op een link klikt. Niemand anders ziet je adres en het komt niet in logbestanden; het staat in je gegevens-download en verdwijnt met je account.", " is not asked for. If this site sends e-mail and you enter an address yourself on your account page, we use it only once you have confirmed it with the link in our e-mail, and only for what you choose: e-mail when someone answers you, a link for a new password. We do not check whether you open an e-mail or click a link. No one else sees your address and it is never logged; it is in your data download and goes with your account.";
        no_real_name: "We vragen geen echte naam en niets anders.", "We ask for no real name and nothing else.";
        reactions_and_reports: "Je reacties en meldingen", "Your reactions and reports";
        reactions_text: "Een reactie bewaren we met tekst, tijdstip en waarop ze antwoordt, tot jij of de auteur haar verwijdert. Bij een bewerking blijft de vorige tekst in de geschiedenis van de reactie, zodat de auteur kan zien wat er veranderd is. Meldingen (“melden”) bewaren we met je reden tot je account verdwijnt. Moderatie-acties van de auteur staan in een logboek dat alleen de auteur ziet.", "We keep a reaction with its text, time and what it answers, until you or the author deletes it. After an edit the previous text stays in the reaction's history, so the author can see what changed. Reports (“report”) are kept with your reason until your account is gone. The author's moderation actions are in a log only the author sees.";
        stances_text: "Zeg je JA of NEE op een reden, dan bewaren we je keuze en elke wijziging ervan (met tijdstip), zodat de auteur ziet hoe de tellingen in de loop van de tijd veranderen; anderen zien alleen de totalen. Waardeer je een reactie, dan bewaren we dat, en de schrijver ziet hoeveel lezers haar waardeerden (niet wie). Wat je onder “Voor jou” leest, bewaren we tot je account verdwijnt. Dit alles staat ook in de download van je gegevens en verdwijnt met je account.", "If you say YES or NO to a reason, we keep your choice and every change of it (with its time), so the author sees how the counts change over time; others see only the totals. If you appreciate a reaction, we keep that, and the writer sees how many readers appreciated it (not who). What you read under “For you” is kept until your account is gone. All of this is also in the download of your data and disappears with your account.";
        guest_text: "Reageer je als gast, dan bewaren we alleen de naam die je opgaf en je reactie.", "If you react as a guest, we keep only the name you gave and your reaction.";
        your_rights: "Je rechten", "Your rights";
        rights_logged_in: "Ingelogd kun je op", "Logged in, you can use";
        your_account_page: "je accountpagina", "your account page";
        rights_text: "al je gegevens downloaden, je wachtwoord wijzigen, overal uitloggen en je account verwijderen. Bij verwijderen kies je of je reacties verdwijnen of blijven staan als “[verwijderd account]”. Je naam en wachtwoord zijn dan meteen weg.", "to download all your data, change your password, log out everywhere and delete your account. When deleting, you choose whether your reactions disappear or stay as “[deleted account]”. Your name and password are then gone at once.";
        questions: "Vragen over je gegevens? Neem contact op met de auteur van deze site", "Questions about your data? Contact the author of this site";
    }
);
