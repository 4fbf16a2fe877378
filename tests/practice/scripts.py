"""Scripted practice conversations with Stine, used by the tests (and handy as examples)."""

GOOD_STINE = [
    "Hej Stine, velkommen. Du har booket en samtale om jobsøgningsstrategi. Hvad vil du gerne have med dig herfra i dag?",
    "Vi har 45 minutter. Jeg foreslår, at vi først taler om, hvad du har lyst til, og slutter af med nogle konkrete aftaler. Hvordan lyder det?",
    "Du vil gerne finde en retning, og det skal passe med dit liv med Alma.",
    "Fortæl mig lidt om, hvordan din hverdag ser ud med Alma.",
    "Det lyder som om, Alma betyder alt for dig, og at arbejdstiden skal passe med hende.",
    "Hvad var du glad for i vikarjobbene i børnehaven?",
    "Du blev glad af at være sammen med børnene.",
    "Hvordan var det for dig at arbejde i ældreplejen?",
    "Det tog hårdt på dig at arbejde med de gamle.",
    "På en skala fra 1 til 10, hvor vigtigt er det for dig at komme i fast arbejde?",
    "Okay, 5 siger du. Hvad gør, at det er en 5 og ikke en 1?",
    "Du vil gerne klare dig selv og være et godt eksempel for Alma.",
    "Og hvor meget tror du på, at det kan lykkes, på en skala fra 1 til 10?",
    "Hvad gør, at det er en 3 og ikke en 1?",
    "Du ved faktisk godt, at du kan klare en hel del.",
    "Så troen på dig selv er der, men afslagene har slidt på den.",
    "Må jeg fortælle dig lidt om, hvordan børnehaverne i kommunen ansætter medhjælpere?",
    "Mange børnehaver ansætter faste medhjælpere uden pædagoguddannelse, især hvis de kender én fra vikartimer.",
    "Hvad tænker du om det?",
    "Så der er en mulighed, du ikke havde regnet med.",
    "Skal vi lige stoppe op et øjeblik? Er vi på rette vej i forhold til det, du gerne ville have ud af i dag?",
    "Du ville gerne finde en retning, der passer med Alma. Hvis jeg skal samle op på det, vi har talt om i dag: Alma kommer først, ældreplejen er ikke dig, og børnehaven gav dig energi. Er det rigtigt forstået?",
    "Hvad er dit næste skridt, og hvornår vil du gøre det?",
    "Hvad synes du om samtalen i dag?",
]

POOR_STINE = [
    "Har du søgt nogen job siden sidst?",
    "Har du et CV på Jobnet?",
    "Du har jo en SOSU-uddannelse, så du burde søge i ældreplejen.",
    "Der er mange ledige stillinger i hjemmeplejen lige nu.",
    "Kan du tage aftenvagter?",
    "Du skal registrere dine ansøgninger i jobloggen hver uge.",
    "Er du motiveret for at komme i arbejde?",
    "Det vil også være godt for din datter, at du kommer ud.",
]
