//! The texts the page's script (static/reacties.js) writes: the character
//! counter, the preview, the reply form, the dialog and the live updates. The
//! page carries them as JSON (`Texts::script_json`), so the script has no
//! catalogue of its own.

use super::catalogue::catalogue;

catalogue!(
    /// Texts of the page's script.
    Script {
        locale: "nl-NL", "en-GB";
        left_prefix: "nog ", "";
        left_one: " teken", " character left";
        left_many: " tekens", " characters left";
        over_one: " teken te veel", " character too many";
        over_many: " tekens te veel", " characters too many";
        too_long_1: "Je reactie is ", "Your reaction is ";
        too_long_2: " tekens lang; het maximum is ", " characters long; the maximum is ";
        too_long_3: ". Maak hem wat korter.", ". Please make it a little shorter.";
        preview_too_long_1: "Je tekst is te lang voor een voorbeeld. Een reactie mag hoogstens ", "Your text is too long for a preview. A reaction may be at most ";
        preview_too_long_2: " tekens lang zijn.", " characters long.";
        no_preview: "Geen voorbeeld:", "No preview:";
        are_you_sure: "Zeker weten?", "Are you sure?";
        new_one: "1 nieuwe reactie", "1 new reaction";
        new_many: " nieuwe reacties", " new reactions";
        show: " — toon", " — show";
        changed_reload: "De reacties zijn intussen veranderd — pagina vernieuwen", "The reactions have changed in the meantime — reload the page";
        queue_new: "Nieuwe reactie in de wachtrij — vernieuw", "New reaction in the queue — reload";
    }
);
