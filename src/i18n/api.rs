//! The JSON API's words: its error messages, and the descriptions in its
//! OpenAPI document. utoipa writes the document from the handlers' annotations
//! and doc comments; `reach::api::docs` then swaps every description for the
//! catalogue's text in the answer's language (a test checks that none is left
//! without one). Multi-line doc comments appear with their line breaks.

use super::catalogue::catalogue;

catalogue!(
    /// The API's error messages and document texts.
    ApiTexts {
        article_missing: "Dit artikel bestaat niet.", "This article does not exist.";
        not_found: "Niet gevonden.", "Not found.";
        internal: "Er ging iets mis aan onze kant. Probeer het later nog eens.", "Something went wrong on our side. Please try again later.";
        unknown_path: "Dit adres bestaat niet in de API. Zie /api/v1/openapi.json.", "This address does not exist in the API. See /api/v1/openapi.json.";
        read_only: "De API kan alleen lezen: gebruik GET.", "The API can only read: use GET.";
        bad_cursor: "Deze cursor kennen we niet. Gebruik next_cursor van de vorige pagina, of laat hem weg voor de eerste.", "We do not know this cursor. Use next_cursor of the previous page, or leave it out for the first.";
        doc_api: "Alleen-lezen: de artikelen en de reacties die iedereen op de site ziet.", "Read-only: the articles and the reactions everyone sees on the site.";
        doc_tag_articles: "De artikelen", "The articles";
        doc_tag_reactions: "De reacties, in draden", "The reactions, in threads";
        doc_tag_api: "Deze beschrijving", "This description";
        doc_list_articles: "Alle artikelen, nieuwste eerst.", "Every article, newest first.";
        doc_articles_newest: "De artikelen, nieuwste eerst", "The articles, newest first";
        doc_not_modified: "Niet gewijzigd sinds de ETag in If-None-Match", "Not modified since the ETag in If-None-Match";
        doc_get_article: "Eén artikel, met de stemmen op zijn redenen.", "One article, with the tallies of its reasons.";
        doc_slug: "Het adres van het artikel", "The address of the article";
        doc_the_article: "Het artikel", "The article";
        doc_no_article: "Geen artikel met dit adres", "No article with this address";
        doc_list_reactions: "Een pagina van de reacties bij een artikel, in draden, oudste draad eerst (vastgezette\nvoorop), zoals anonieme lezers ze op de pagina zien.", "A page of an article's reactions in threads, oldest thread first (pinned\nones before), as anonymous readers see them on the page.";
        doc_cursor: "Waar de pagina begint: `next_cursor` van de vorige pagina; geen voor de eerste pagina.", "Where the page starts: `next_cursor` of the previous page; none for the first page.";
        doc_limit: "Draden per pagina (standaard 20).", "Threads per page (default 20).";
        doc_page_of_threads: "Een pagina draden", "A page of threads";
        doc_bad_query: "Een onbekende cursor of een limit buiten 1–50", "An unknown cursor or a limit outside 1–50";
        doc_this_document: "Dit document.", "This document.";
        doc_openapi: "Het OpenAPI-3.1-document van deze API", "The OpenAPI 3.1 document of this API";
        doc_feed_url: "De Atom-feed van zijn reacties.", "The Atom feed of its reactions.";
        doc_html: "De HTML van het artikel.", "The article's HTML.";
        doc_reactions_url: "De eerste pagina reacties in deze API.", "The first page of reactions in this API.";
        doc_reasons: "De redenen waar lezers JA of NEE op zeggen; leeg bij een artikel zonder redenen.", "The reasons readers say JA or NEE to; empty for an article without reasons.";
        doc_article_detail: "Eén artikel met zijn tekst en de stemmen op zijn redenen.", "One article with its text and the tallies of its reasons.";
        doc_article_list: "De lijst van artikelen, nieuwste eerst.", "The list of articles, newest first.";
        doc_article_summary: "Een artikel in de lijst.", "An article in the list.";
        doc_language: "De taal van het artikel (`nl`).", "The language of the article (`nl`).";
        doc_published: "De dag waarop het verscheen (`JJJJ-MM-DD`).", "The day it was published (`YYYY-MM-DD`).";
        doc_reaction_count: "Goedgekeurde reacties.", "Approved reactions.";
        doc_article_slug: "Het adres van het artikel op de site is `/{slug}`.", "The article's address on the site is `/{slug}`.";
        doc_url: "De pagina van het artikel.", "The article page.";
        doc_error_body: "De inhoud van elk foutantwoord.", "The body of every error answer.";
        doc_error: "Wat er misging, in de taal van de site.", "What went wrong, in the site's language.";
        doc_reaction: "Eén reactie en haar antwoorden. Antwoorden dieper dan drie niveaus staan\nop het derde niveau, met `replying_to` voor wie ze antwoorden (zoals op de pagina).", "One reaction and its replies. Replies deeper than three levels are listed\nat the third level, with `replying_to` naming whom they answer (as on the page).";
        doc_author: "De getoonde naam van de schrijver; `null` tenzij geplaatst.", "The writer's shown name; `null` unless published.";
        doc_by_site_author: "Geschreven door de auteur van de site.", "Written by the site's author.";
        doc_guest: "Geschreven door een gast (zonder account).", "Written by a guest (without an account).";
        doc_reaction_html: "De opgeschoonde HTML van de tekst; `null` tenzij geplaatst.", "The sanitised HTML of the text; `null` unless published.";
        doc_parent: "De reactie waarop ze antwoordt.", "The reaction it answers.";
        doc_replying_to: "Bij een antwoord dat minder diep staat dan het is: op wie het antwoordt.", "For a reply listed shallower than it really is: whom it answers.";
        doc_reaction_url: "Haar plaats op de site.", "Its place on the site.";
        doc_reaction_page: "Een pagina draden van een artikel (reacties op het hoogste niveau met al hun antwoorden).", "A page of an article's threads (top-level reactions with all their replies).";
        doc_next_cursor: "Geef mee als `cursor` voor de volgende pagina; `null` op de laatste pagina.", "Pass as `cursor` for the next page; `null` on the last page.";
        doc_article_reactions: "Goedgekeurde reacties in het hele artikel.", "Approved reactions in the whole article.";
        doc_thread_count: "Draden in het hele artikel.", "Threads in the whole article.";
        doc_reaction_state: "Hoe een reactie in de lijst ervoor staat.", "How a reaction in the list stands.";
        doc_reason_tally: "JA en NEE op één reden van een artikel (verbannen en schaduwverbannen lezers niet meegeteld).", "JA and NEE on one reason of an article (banned and shadowbanned readers not counted).";
    }
);
